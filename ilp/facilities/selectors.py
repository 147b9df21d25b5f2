"""Reads on facilities, inside the user's scope."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts import scope

from .models import Facility


def facility_list(*, user, kind: str = "") -> QuerySet[Facility]:
    """Facilities the user may see: their Puskesmas and its network, or their region's."""
    facilities = Facility.objects.filter(scope.facility_q(user)).select_related("region", "parent")
    if kind:
        facilities = facilities.filter(kind=kind)
    return facilities.annotate(desa_count=Count("wilayah")).order_by("kind", "name")


def facility_get(*, user, pk: int) -> Facility:
    return get_object_or_404(facility_list(user=user), pk=pk)
