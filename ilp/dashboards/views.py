"""The home dashboard."""

from ilp.core.views import render_page
from ilp.surveillance import selectors as surveillance

from . import selectors


def home(request):
    user = request.user
    context = {
        "summary": selectors.home_summary(user=user),
        "pyramid": selectors.population_pyramid(user=user),
        "by_desa": selectors.residents_by_desa(user=user, limit=15),
        "alerts": surveillance.alert_list(user=user, open_only=True)[:5],  # SKDR signals: Puskesmas and Dinkes
        "active_nav": "home",
    }
    return render_page(request, "dashboards/home.html", context)


def program(request, slug: str):
    """Dashboard Utama / Klaster N: indicator cards for the user's area, linked to their PWS tables."""
    from django.http import Http404

    from ilp.indicators import areas
    from ilp.indicators.views import _month

    from . import programs

    if slug not in programs.dashboards():
        raise Http404(slug)
    year, month = _month(request.GET.get("bulan", ""))
    area = areas.resolve(user=request.user, code=request.GET.get("wilayah", ""))
    context = {"title": programs.dashboards()[slug]["title"], "slug": slug, "month": f"{year:04d}-{month:02d}",
               "sections": programs.cards(slug=slug, desa=areas.desa_of(area), year=year, month=month, area=area.name,
                                          user=request.user),
               "area": area, "trail": areas.path(user=request.user, area=area),
               "children": [child for child, _desa in areas.children(area)],
               "boards": [(k, v["title"]) for k, v in programs.dashboards().items()], "active_nav": "dashboards"}
    return render_page(request, "dashboards/program.html", context)
