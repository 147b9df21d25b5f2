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
