"""Reads on kesehatan lingkungan through ilp.accounts.scope: inspections and counselling for facility staff,
the monthly recap per desa (counts only) for everyone in their area, the Dinkes included."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.indicators.selectors import desa_in_scope
from ilp.people.models import Patient
from ilp.regions.models import Region

from .checklists import Checklist, checklists
from .models import Counselling, Inspection

AGGREGATES_ONLY = "Peran Anda hanya melihat rekap agregat kesehatan lingkungan."
KESLING_ROOM = "kesling"  # the station code in ilp/visits/routing.yaml


def _require_facility(user) -> None:
    if not user.sees_patients:
        raise PermissionDenied(AGGREGATES_ONLY)


def inspection_list(*, user, kind: str = "", desa_id: int | None = None) -> QuerySet[Inspection]:
    """Inspections in the desa of the user's wilayah, newest first."""
    _require_facility(user)
    inspections = Inspection.objects.filter(scope.region_q(user, "desa")).select_related("desa", "inspector")
    if kind:
        inspections = inspections.filter(kind=kind)
    if desa_id:
        inspections = inspections.filter(desa_id=desa_id)
    return inspections


def inspection_get(*, user, pk: int) -> Inspection:
    return get_object_or_404(inspection_list(user=user), pk=pk)


def wilayah_desa(*, user) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=scope.wilayah_desa_ids(user)).order_by("name")


@dataclass(frozen=True)
class RecapRow:
    desa: Region
    cells: list[list[int]]  # per checklist: [inspected, count per category...]


def recap(*, user, start: dt.date, end: dt.date) -> list[RecapRow]:
    """Per desa of the user's area and per checklist: inspections between two dates and how many fell in each
    result category. Counts only, so the Dinkes reads it too."""
    desa = desa_in_scope(user=user)
    counts = {(r["desa_id"], r["kind"], r["category"]): r["n"] for r in
              Inspection.objects.filter(scope.region_q(user, "desa"), inspected_on__gte=start, inspected_on__lte=end)
              .values("desa_id", "kind", "category").annotate(n=Count("id")).order_by()}
    seen = {key[0] for key in counts}
    rows = []
    for region in desa:
        if region.pk not in seen:
            continue
        cells = []
        for checklist in checklists().values():
            per_category = [counts.get((region.pk, checklist.kind, code), 0) for code, _ in checklist.categories]
            cells.append([sum(per_category), *per_category])
        rows.append(RecapRow(region, cells))
    return rows


def recap_columns() -> list[Checklist]:
    return list(checklists().values())


def counselling_list(*, user) -> QuerySet[Counselling]:
    """Counselling of patients the user may see by name."""
    _require_facility(user)
    patients = Patient.objects.filter(scope.patient_q(user)).values("pk")
    return Counselling.objects.filter(patient__in=patients).select_related("patient__desa", "counsellor")


def counselling_get(*, user, pk: int) -> Counselling:
    counselling = get_object_or_404(counselling_list(user=user).select_related("visit"), pk=pk)
    audit.record_read(actor=user, target=counselling)
    return counselling


def kesling_room(*, user):
    """Patients waiting at or being served in the kesling room today (Puskesmas staff), or None elsewhere."""
    from ilp.visits import selectors as visits

    if user.facility.kind != user.facility.Kind.PUSKESMAS:
        return None
    return visits.worklist(station=visits.station_get(user=user, code=KESLING_ROOM))
