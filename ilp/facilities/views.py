"""Facility pages: the Puskesmas network in the user's scope."""

from ilp.core.views import paginate, render_page

from . import selectors
from .models import Facility


def facility_list(request):
    kind = request.GET.get("jenis", "")
    kind = kind if kind in Facility.Kind.values else ""
    page = paginate(request, selectors.facility_list(user=request.user, kind=kind), per_page=50)
    context = {"page": page, "kind": kind, "kinds": Facility.Kind.choices, "query": f"jenis={kind}" if kind else "",
               "active_nav": "facilities"}
    return render_page(request, "facilities/facility_list.html", context)


def facility_detail(request, pk: int):
    facility = selectors.facility_get(user=request.user, pk=pk)
    context = {"facility": facility, "wilayah": facility.wilayah.select_related("parent").order_by("parent__name", "name"),
               "children": facility.children.order_by("kind", "name"), "locations": facility.locations.all(),
               "active_nav": "facilities"}
    return render_page(request, "facilities/facility_detail.html", context)
