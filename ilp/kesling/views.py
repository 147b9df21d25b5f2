"""Kesling pages: inspections (list, new, detail), the monthly recap per desa, and counselling in the kesling room."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ilp.core.forms import add_service_errors
from ilp.core.views import paginate, redirect_after_post, render_page
from ilp.people import selectors as people_selectors
from ilp.visits import selectors as visit_selectors

from . import forms, selectors, services
from .checklists import checklists


@require_GET
def inspection_list(request):
    kind = request.GET.get("jenis", "")
    inspections = selectors.inspection_list(user=request.user, kind=kind if kind in checklists() else "")
    context = {"page": paginate(request, inspections), "kind": kind, "checklists": checklists().values(),
               "query": f"jenis={kind}" if kind else "", "active_nav": "kesling"}
    return render_page(request, "kesling/inspection_list.html", context)


@require_http_methods(["GET", "POST"])
def inspection_create(request, kind: str):
    selectors.inspection_list(user=request.user)  # facility staff only
    checklist = checklists().get(kind)
    if checklist is None:
        raise Http404(kind)
    form = forms.InspectionForm(request.POST or None, checklist=checklist, desa=selectors.wilayah_desa(user=request.user))
    if form.is_valid():
        try:
            inspection = services.record_inspection(actor=request.user, kind=kind, **form.kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspeksi tercatat: %(result)s.") % {"result": inspection.category_label})
            return redirect_after_post(request, inspection)
    context = {"form": form, "checklist": checklist, "active_nav": "kesling"}
    return render_page(request, "kesling/inspection_form.html", context, status=400 if form.errors else 200)


@require_GET
def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    checklist = checklists()[inspection.kind]
    items = [(item, inspection.answers.get(item.id)) for item in checklist.items]
    context = {"inspection": inspection, "checklist": checklist, "items": items, "active_nav": "kesling"}
    return render_page(request, "kesling/inspection_detail.html", context)


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


@require_GET
def recap(request):
    """Inspections per desa and checklist in a month, and per month of that year, by result category; printable."""
    start = _month(request.GET.get("bulan", ""))
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    context = {"rows": selectors.recap(user=request.user, start=start, end=end), "columns": selectors.recap_columns(),
               "months": selectors.recap_by_month(user=request.user, year=start.year),
               "month": f"{start:%Y-%m}", "start": start, "active_nav": "kesling"}
    return render_page(request, "kesling/recap.html", context)


@require_GET
def counselling_list(request):
    context = {"page": paginate(request, selectors.counselling_list(user=request.user)),
               "room": selectors.kesling_room(user=request.user), "active_nav": "kesling"}
    return render_page(request, "kesling/counselling_list.html", context)


@require_http_methods(["GET", "POST"])
def counselling_create(request, patient_pk: int):
    selectors.counselling_list(user=request.user)  # facility staff only
    patient = people_selectors.patient_get(user=request.user, pk=patient_pk)
    visit_pk = request.GET.get("kunjungan", "")
    visit = visit_selectors.visit_get(user=request.user, pk=int(visit_pk)) if visit_pk.isdigit() else None
    form = forms.CounsellingForm(request.POST or None)
    if form.is_valid():
        try:
            counselling = services.record_counselling(actor=request.user, patient=patient, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Konseling kesehatan lingkungan tercatat."))
            return redirect_after_post(request, counselling)
    context = {"form": form, "patient": patient, "visit": visit, "active_nav": "kesling"}
    return render_page(request, "kesling/counselling_form.html", context, status=400 if form.errors else 200)


@require_GET
def counselling_detail(request, pk: int):
    context = {"counselling": selectors.counselling_get(user=request.user, pk=pk), "active_nav": "kesling"}
    return render_page(request, "kesling/counselling_detail.html", context)


