"""The audit log page."""

from ilp.core.views import paginate, render_page

from . import selectors


def entry_list(request):
    action, actor = request.GET.get("aksi", ""), request.GET.get("pengguna", "")
    entries = selectors.entry_list(user=request.user, action=action, actor=actor)
    page = paginate(request, entries, per_page=50)
    context = {"page": page, "action": action, "actor": actor, "query": f"aksi={action}&pengguna={actor}",
               "active_nav": "audit"}
    return render_page(request, "audit/entry_list.html", context, fragment="rows")
