"""Reads on laboratory orders, always inside the user's Puskesmas and patient scope."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.people.models import Patient

from .models import LabOrder, LabResult

LAB_DENIED = "Laboratorium hanya untuk petugas Puskesmas."
WORKLIST = (LabOrder.Status.ORDERED, LabOrder.Status.COLLECTED, LabOrder.Status.RESULTED)


def lab_facility(*, user):
    """The Puskesmas whose laboratory the user works with; kader and regional roles have none."""
    if not user.sees_patients or user.role == "kader":
        raise PermissionDenied(LAB_DENIED)
    return user.facility.puskesmas


def _with_results(orders: QuerySet[LabOrder]) -> QuerySet[LabOrder]:
    return orders.select_related("patient", "from_station", "ordered_by", "visit").prefetch_related(
        Prefetch("results", queryset=LabResult.objects.order_by("position", "id")))


def order_list(*, user, status: str = "") -> QuerySet[LabOrder]:
    """Orders of the user's Puskesmas for patients the user may see, newest first."""
    orders = LabOrder.objects.filter(facility=lab_facility(user=user), patient__in=Patient.objects.filter(scope.patient_q(user)))
    if status:
        orders = orders.filter(status=status)
    return _with_results(orders)


def worklist(*, user) -> dict[str, list[LabOrder]]:
    """The lab room's worklist: orders waiting for a specimen, for results, for validation (oldest first)."""
    waiting = {status: [] for status in WORKLIST}
    for order in order_list(user=user).filter(status__in=WORKLIST).order_by("ordered_at", "id"):
        waiting[order.status].append(order)
    return waiting


def order_get(*, user, pk: int) -> LabOrder:
    """One order with its results, audited as a read of the patient's record."""
    order = get_object_or_404(order_list(user=user).select_related("validated_by", "specimen_by", "facility"), pk=pk)
    audit.record_read(actor=user, target=order)
    return order


def orders_for_visit(*, visit) -> list[LabOrder]:
    """The lab orders of a visit, for the ordering room's panel and the visit record (the visit is already scoped)."""
    return list(_with_results(LabOrder.objects.filter(visit=visit)).order_by("ordered_at", "id"))


def lab_status_by_visit(*, visit_ids) -> dict[int, str]:
    """Per visit, the least advanced status of its orders (a worklist shows 'hasil lab siap' when all are validated)."""
    ranking = {s: i for i, s in enumerate([*WORKLIST, LabOrder.Status.VALIDATED])}
    statuses: dict[int, str] = {}
    for visit_id, status in LabOrder.objects.filter(visit_id__in=list(visit_ids)).values_list("visit_id", "status"):
        if visit_id not in statuses or ranking[status] < ranking[statuses[visit_id]]:
            statuses[visit_id] = status
    return statuses


def patient_results(*, user, patient) -> QuerySet[LabOrder]:
    """A patient's validated results over time (the patient was read through people's selector)."""
    return order_list(user=user, status=LabOrder.Status.VALIDATED).filter(patient=patient).order_by("-specimen_at", "-id")


def with_lab_status(entries) -> list:
    """A room's worklist entries, each with `lab_status`: how far its visit's lab orders are ('' without any)."""
    entries = list(entries)
    statuses = lab_status_by_visit(visit_ids={e.visit_id for e in entries})
    for entry in entries:
        entry.lab_status = statuses.get(entry.visit_id, "")
    return entries
