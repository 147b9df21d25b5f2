"""Reads in UGD, inside the user's Puskesmas: the 24-hour board, a case, its observation rounds."""

import datetime as dt

from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.audit import services as audit
from ilp.clinical.models import Observation
from ilp.clinical.vitals import VITALS_BY_ID
from ilp.visits.models import QueueEntry
from ilp.visits.selectors import flow_facility

from .models import TARGET_MINUTES, EmergencyCase
from .services import UGD_VITALS

RECENT = dt.timedelta(hours=24)


def _minutes(since: dt.datetime, now: dt.datetime) -> int:
    return int((now - since).total_seconds() // 60)


def board(*, user) -> dict:
    """UGD around the clock: tickets not yet received, patients in UGD by triage level then waiting time,
    and who left UGD in the last 24 hours."""
    facility = flow_facility(user=user)
    now = timezone.now()
    cases = EmergencyCase.objects.filter(facility=facility).select_related("visit__patient")
    present = list(cases.filter(disposition="").order_by(F("triage_level").asc(nulls_first=True), "arrived_at", "id"))
    for case in present:
        case.waiting_minutes = _minutes(case.arrived_at, now)
        # Overdue: triaged, not yet examined, and longer than the level's target time (ATS).
        case.overdue = bool(case.triaged_at and not case.examined_at
                            and _minutes(case.triaged_at, now) > TARGET_MINUTES[case.triage_level])
    tickets = list(QueueEntry.objects.filter(station__facility=facility, station__code="ugd",
                                             status=QueueEntry.Status.WAITING, visit__emergency_case__isnull=True)
                   .select_related("visit").order_by("queued_at"))
    left = cases.filter(~Q(disposition=""), disposition_at__gte=now - RECENT).order_by("-disposition_at")
    return {"present": present, "tickets": tickets, "left": list(left), "now": now}


def case_get(*, user, pk: int) -> EmergencyCase:
    """One UGD case of the user's Puskesmas; reading an identified patient's record is audited."""
    case = get_object_or_404(
        EmergencyCase.objects.filter(facility=flow_facility(user=user)).select_related(
            "visit__patient__desa", "triaged_by", "examined_by", "disposition_by", "referral__to_facility",
            "admission__bed__ward", "condition"),
        pk=pk)
    if case.visit.patient_id:
        audit.record_read(actor=user, target=case.visit)
    return case


def waiting_ticket(*, user, visit_pk: int) -> QueueEntry:
    """A kiosk emergency ticket still waiting at UGD (to be received)."""
    facility = flow_facility(user=user)
    return get_object_or_404(QueueEntry.objects.select_related("visit"), visit_id=visit_pk, station__facility=facility,
                             station__code="ugd", status=QueueEntry.Status.WAITING)


def observation_rounds(*, case: EmergencyCase) -> list[dict]:
    """Every time vitals or a note were taken in UGD (triage included), oldest first."""
    by_code = {VITALS_BY_ID[k].code: k for k in UGD_VITALS}
    rounds: dict[dt.datetime, dict] = {}
    for obs in Observation.objects.filter(visit=case.visit, source="ugd").order_by("effective_at", "id"):
        rounds.setdefault(obs.effective_at, {"at": obs.effective_at, "note": "", "by": obs.performer_id, "values": {}})
        rounds[obs.effective_at]["values"][by_code.get(obs.code, obs.code)] = obs.value_quantity
    for entry in case.observation_entries.select_related("recorded_by"):
        rounds.setdefault(entry.at, {"at": entry.at, "values": {}})
        rounds[entry.at]["note"] = entry.note
    return [rounds[at] for at in sorted(rounds)]
