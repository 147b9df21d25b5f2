"""Reads on visits: worklists, the display board, a visit's record, compliance and waiting times."""

import datetime as dt
import statistics
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.facilities.models import Facility

from . import tilik
from .models import FollowUp, QueueEntry, Station, Visit
from .services import ensure_stations

ACTIVE = (QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE)
FLOW_DENIED = "Antrean dan kunjungan hanya untuk petugas Puskesmas."


def flow_facility(*, user) -> Facility:
    """The Puskesmas whose flow the user works in."""
    if not user.sees_patients or user.facility.kind != Facility.Kind.PUSKESMAS:
        raise PermissionDenied(FLOW_DENIED)
    return user.facility


def station_list(*, user) -> list[Station]:
    return list(ensure_stations(facility=flow_facility(user=user)).values())


def station_get(*, user, code: str) -> Station:
    stations = ensure_stations(facility=flow_facility(user=user))
    if code not in stations:
        from django.http import Http404

        raise Http404(code)
    return stations[code]


def worklist(*, station: Station) -> QuerySet[QueueEntry]:
    """Who waits, is called or is being served at a station, in calling order."""
    return (QueueEntry.objects.filter(station=station, status__in=ACTIVE)
            .select_related("visit__patient", "referral__from_station").order_by("priority", "queued_at", "id"))


def entry_get(*, user, pk: int) -> QueueEntry:
    facility = flow_facility(user=user)
    # The visit's facility comes along: the services queue at its stations and write its facts.
    return get_object_or_404(QueueEntry.objects.select_related("visit__patient", "visit__facility", "station",
                                                               "referral__from_station"),
                             pk=pk, station__facility=facility)


def board(*, facility: Facility) -> dict:
    """What the waiting-room screen shows: numbers called now, and how many wait per station. No names."""
    stations = ensure_stations(facility=facility)
    today = timezone.localdate()
    called = (QueueEntry.objects.filter(station__facility=facility, visit__date=today,
                                        status__in=[QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE])
              .select_related("station", "visit").order_by("-called_at")[:8])
    waiting = defaultdict(int)
    for code in QueueEntry.objects.filter(station__facility=facility, status=QueueEntry.Status.WAITING,
                                          visit__date=today).values_list("station__code", flat=True):
        waiting[code] += 1
    return {"called": list(called), "waiting": [(s, waiting[s.code]) for s in stations.values() if waiting[s.code]]}


def visit_list(*, user, date: dt.date | None = None) -> QuerySet[Visit]:
    facility = flow_facility(user=user)
    return (Visit.objects.filter(facility=facility, date=date or timezone.localdate())
            .select_related("patient").order_by("-arrived_at"))


def ticket_get(*, user, pk: int) -> Visit:
    """A queue ticket: number and first station only, so no patient data is read."""
    return get_object_or_404(Visit.objects.only("id", "number", "date", "arrived_at", "facility"), pk=pk,
                             facility=flow_facility(user=user))


def visit_get(*, user, pk: int) -> Visit:
    """One visit of the user's Puskesmas with its whole record, audited as a read."""
    facility = flow_facility(user=user)
    visit = get_object_or_404(
        Visit.objects.select_related("patient__desa", "facility").prefetch_related(
            Prefetch("entries", queryset=QueueEntry.objects.select_related("station").order_by("queued_at", "id")),
            "referrals__to_station", "referrals__to_facility", "referrals__from_station", "events__actor",
            "observations", "payments", "follow_ups__pustu", "conditions"),
        pk=pk, facility=facility)
    if visit.patient_id:
        audit.record_read(actor=user, target=visit)
    return visit


def visit_tilik(visit: Visit) -> list[tilik.TilikResult]:
    return tilik.evaluate(visit, list(visit.entries.all()), list(visit.referrals.all()),
                          {o.code for o in visit.observations.all()}, bool(visit.follow_ups.all()))


def compliance(*, user, year: int, month: int) -> dict:
    """Daftar Tilik compliance per item for a month: yes / (yes + no), from every visit's record."""
    facility = flow_facility(user=user)
    visits = (Visit.objects.filter(facility=facility, date__year=year, date__month=month)
              .prefetch_related(Prefetch("entries", queryset=QueueEntry.objects.select_related("station").order_by("queued_at", "id")),
                                "referrals", "observations", "payments", "follow_ups"))
    counts = {n: {"ya": 0, "tidak": 0, "tb": 0} for n, _, _ in tilik.ITEMS}
    total = 0
    for visit in visits.iterator(chunk_size=500):
        total += 1
        for result in visit_tilik(visit):
            counts[result.number][result.answer] += 1
    rows = []
    for number, text, area in tilik.ITEMS:
        c = counts[number]
        applicable = c["ya"] + c["tidak"]
        rows.append({"number": number, "text": text, "area": area, **c,
                     "rate": round(100 * c["ya"] / applicable, 1) if applicable else None})
    return {"visits": total, "rows": rows}


def station_times(*, user, year: int, month: int) -> list[dict]:
    """Waiting (queued → called) and service (started → finished) minutes per station: median and p90."""
    facility = flow_facility(user=user)
    waits, services = defaultdict(list), defaultdict(list)
    entries = QueueEntry.objects.filter(station__facility=facility, visit__date__year=year, visit__date__month=month,
                                        status=QueueEntry.Status.DONE).values_list(
        "station__code", "queued_at", "called_at", "started_at", "finished_at")
    for code, queued, called, started, finished in entries.iterator(chunk_size=2000):
        if called:
            waits[code].append((called - queued).total_seconds() / 60)
        if started and finished:
            services[code].append((finished - started).total_seconds() / 60)
    rows = []
    for station in ensure_stations(facility=facility).values():
        w, s = waits.get(station.code, []), services.get(station.code, [])
        if w or s:
            rows.append({"station": station, "n": len(s) or len(w), "wait_median": _median(w), "wait_p90": _p90(w),
                         "service_median": _median(s), "service_p90": _p90(s)})
    return rows


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))], 1)


def follow_up_list(*, user, status: str = FollowUp.Status.OPEN) -> QuerySet[FollowUp]:
    """Tindak lanjut for the user's Pustu (or all Pustu of their Puskesmas), in scope; a kader gets those of
    the people of her Posyandu area, whichever Pustu they are addressed to (she does the home visits)."""
    if not user.sees_patients:
        raise PermissionDenied(FLOW_DENIED)
    follow_ups = FollowUp.objects.filter(patient__in=_patients(user))
    if user.role != Role.KADER:
        follow_ups = follow_ups.filter(pustu__in=Facility.objects.filter(scope.facility_q(user)))
    if status:
        follow_ups = follow_ups.filter(status=status)
    return follow_ups.select_related("patient__desa", "pustu", "created_by", "visit")


def _patients(user):
    from ilp.people.models import Patient

    return Patient.objects.filter(scope.patient_q(user)).values("pk")


def follow_up_get(*, user, pk: int) -> FollowUp:
    return get_object_or_404(follow_up_list(user=user, status=""), pk=pk)
