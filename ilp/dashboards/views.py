"""The home dashboard."""

from ilp.core.views import render_page

from . import selectors


def home(request):
    user = request.user
    context = {
        "summary": selectors.home_summary(user=user),
        "pyramid": selectors.population_pyramid(user=user),
        "by_desa": selectors.residents_by_desa(user=user, limit=15),
        "active_nav": "home",
    }
    return render_page(request, "dashboards/home.html", context)


def program(request, slug: str):
    """Dashboard Utama / Klaster N: indicator cards for the user's area, linked to their PWS tables."""
    from django.http import Http404

    from ilp.indicators import selectors as indicator_selectors
    from ilp.indicators.views import _month

    from . import programs

    if slug not in programs.dashboards():
        raise Http404(slug)
    year, month = _month(request.GET.get("bulan", ""))
    desa = indicator_selectors.desa_in_scope(user=request.user)
    area = str(request.user.facility or request.user.region or "Seluruh wilayah")
    context = {"title": programs.dashboards()[slug]["title"], "slug": slug, "month": f"{year:04d}-{month:02d}",
               "sections": programs.cards(slug=slug, desa=desa, year=year, month=month, area=area),
               "boards": [(k, v["title"]) for k, v in programs.dashboards().items()], "active_nav": "dashboards"}
    return render_page(request, "dashboards/program.html", context)
