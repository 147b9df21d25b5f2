"""Reads on the audit log: the head of a Puskesmas sees its network's rows, Dinkes its region's."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ilp.accounts import scope
from ilp.facilities.models import Facility

from .models import AuditEntry


def entry_list(*, user, action: str = "", actor: str = "", patient_id: int | None = None) -> QuerySet[AuditEntry]:
    if not user.reads_audit:
        raise PermissionDenied("Log audit hanya untuk Kepala Puskesmas, Dinkes dan administrator.")
    facilities = Facility.objects.filter(scope.facility_q(user)).values("pk")
    entries = AuditEntry.objects.all()
    if user.role != "admin":
        own = Q(facility_id__in=facilities)
        if user.region_id:
            own |= Q(region_code__startswith=user.region.code)
        entries = entries.filter(own)
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if patient_id:
        entries = entries.filter(patient_id=patient_id)
    return entries.select_related("facility").order_by("-id")
