"""Reads on kesehatan lingkungan through ilp.accounts.scope: inspections and counselling for facility staff,
the monthly recap per desa (counts only) for everyone in their area, the Dinkes included."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
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


def _counts(*, user, start: dt.date, end: dt.date, by: str) -> dict[tuple, int]:
    """Inspections in the user's area between two dates, counted per (`by`, checklist, category)."""
    inspections = Inspection.objects.filter(scope.region_q(user, "desa"), inspected_on__gte=start, inspected_on__lte=end)
    if by == "month":
        inspections = inspections.annotate(month=TruncMonth("inspected_on"))
    rows = inspections.values(by, "kind", "category").annotate(n=Count("id")).order_by()
    return {(r[by], r["kind"], r["category"]): r["n"] for r in rows}


def _cells(counts: dict[tuple, int], key) -> list[list[int]]:
    """Per checklist: [inspected, count per result category...]."""
    cells = []
    for checklist in checklists().values():
        per_category = [counts.get((key, checklist.kind, code), 0) for code, _ in checklist.categories]
        cells.append([sum(per_category), *per_category])
    return cells


def recap(*, user, start: dt.date, end: dt.date) -> list[RecapRow]:
    """Per desa of the user's area (those with inspections) and per checklist: inspections between two dates
    and how many fell in each result category. Counts only, so the Dinkes reads it too."""
    counts = _counts(user=user, start=start, end=end, by="desa_id")
    seen = {key[0] for key in counts}
    return [RecapRow(region, _cells(counts, region.pk)) for region in desa_in_scope(user=user) if region.pk in seen]


def recap_by_month(*, user, year: int) -> list[tuple[dt.date, list[list[int]]]]:
    """The same counts per month of the year, for the user's whole area."""
    counts = _counts(user=user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), by="month")
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    # TruncMonth gives a date on PostgreSQL and SQLite alike for a DateField.
    return [(month, _cells(counts, month)) for month in months]


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
