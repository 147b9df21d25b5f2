"""Helpers every view uses: one page or its htmx fragment, and the redirect after a POST."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

PAGE_SIZE = 25


def render_page(request: HttpRequest, template: str, context: dict, *, fragment: str | None = None,
                status: int = 200) -> HttpResponse:
    """The whole page, or only `template#fragment` when htmx asks for a part of it."""
    if fragment and getattr(request, "htmx", False) and not request.htmx.boosted:
        template = f"{template}#{fragment}"
    return render(request, template, context, status=status)


def redirect_after_post(request: HttpRequest, target) -> HttpResponse:
    """Redirect after a successful POST; htmx requests get HX-Redirect so the page URL changes."""
    url = target if isinstance(target, str) else target.get_absolute_url()
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE):
    """The requested page of a list; an invalid page number gives the last page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
