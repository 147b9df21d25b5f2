"""`ilp flow simulate`: simulated days through the real services leave a consistent, computable record."""

import datetime as dt
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ilp.clinical.models import Condition
from ilp.demo.population import generate_population
from ilp.demo.users import create_demo_users
from ilp.people.age import completed_years
from ilp.regions.models import Region
from ilp.visits.models import BpjsStatus, Payment, QueueEntry, Referral, Visit
from ilp.visits.selectors import visit_tilik
from ilp.visits.services import open_visit
from ilp.visits.simulate import simulate_flow

# Tuesday and Wednesday 14-15 May 2024, stopped at 10:30 WIB: some visits are still in the flow.
NOW = dt.datetime(2024, 5, 15, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
VISITS = 30
ACTIVE = (QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE)


@pytest.fixture
def demo(puskesmas, settings):
    """Puskesmas Sitiung I with the demo staff and a small population (about 120 in its wilayah)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # eleven demo logins, not a second each
    kabkota = Region.objects.get(code="13.10")
    create_demo_users(puskesmas=puskesmas, kabkota=kabkota)
    generate_population(kabkota=kabkota, population=1500, seed=5, today=NOW.date())
    return puskesmas


@pytest.fixture
def simulated(demo):
    return simulate_flow(facility=demo, visits=VISITS, seed=3, days=2, now=NOW)


def _visits(facility):
    return Visit.objects.filter(facility=facility).prefetch_related("entries__station", "referrals", "observations",
                                                                    "payments", "follow_ups")


def test_simulate_finishes_each_visit_or_leaves_it_consistently_open(demo, simulated):
    visits = list(_visits(demo))
    assert len(visits) == VISITS
    states = Counter()
    for visit in visits:
        entries = sorted(visit.entries.all(), key=lambda e: (e.queued_at, e.id))
        active = [e for e in entries if e.status in ACTIVE]
        if visit.status == Visit.Status.FINISHED:
            states["finished"] += 1
            assert not active and visit.finished_at
        elif active:
            states["in_flow"] += 1
            assert len(active) == 1 and active[0] == entries[-1]
        else:
            states["left"] += 1  # did not answer the call and went away: the last entry is the skipped one
            assert entries[-1].status == QueueEntry.Status.SKIPPED
    assert states["finished"] and states["in_flow"]
    assert states["finished"] == simulated.counts["finished"]


def test_simulate_leaves_no_entry_waiting_on_a_finished_visit(demo, simulated):
    assert not QueueEntry.objects.filter(visit__facility=demo, visit__status=Visit.Status.FINISHED, status__in=ACTIVE).exists()


def test_simulate_refers_internally_and_brings_the_patient_back(demo, simulated):
    returned = [r for r in Referral.objects.filter(visit__facility=demo, kind=Referral.Kind.INTERNAL, return_requested=True,
                                                   answered_at__isnull=False)
                if r.visit.entries.filter(station=r.from_station, queued_at__gte=r.answered_at).exists()]
    assert returned


def test_simulate_takes_the_retribution_at_the_kasir(demo, simulated):
    payment = Payment.objects.filter(visit__facility=demo).select_related("visit").first()
    assert payment and payment.visit.payer == "umum"
    assert payment.visit.entries.filter(station__code="kasir", status=QueueEntry.Status.DONE).exists()


def test_simulate_leaves_a_daftar_tilik_for_every_visit(demo, simulated):
    for visit in _visits(demo):
        answers = [result.answer for result in visit_tilik(visit)]
        assert len(answers) == 15 and set(answers) <= {"ya", "tidak", "tb"}


def test_simulate_spreads_arrivals_over_opening_hours_up_to_now(demo, simulated):
    arrivals = [timezone.localtime(a) for a in Visit.objects.filter(facility=demo).values_list("arrived_at", flat=True)]
    assert {a.date() for a in arrivals} == {dt.date(2024, 5, 14), dt.date(2024, 5, 15)}
    assert all(dt.time(7, 30) <= a.time() <= dt.time(12, 30) and a <= NOW for a in arrivals)


def test_simulate_routes_children_to_klaster_2(demo, simulated):
    registered = Visit.objects.filter(facility=demo, patient__isnull=False).select_related("patient")
    children = [v for v in registered if completed_years(v.patient.birth_date, v.date) < 18]
    assert children and all(v.klaster == "k2" for v in children)


def test_simulate_writes_a_diagnosis_in_klaster_rooms_including_klaster_3_and_4(demo, simulated):
    rooms = Counter()
    for visit in Visit.objects.filter(facility=demo, patient__isnull=False).prefetch_related("entries__station", "conditions"):
        if visit.conditions.exists():
            rooms.update({e.station.code for e in visit.entries.all()} & {"klaster2", "klaster3", "klaster4", "ugd"})
    assert rooms["klaster3"] and rooms["klaster2"]
    assert Condition.objects.filter(facility=demo).count() == simulated.counts["diagnosis"]


def _fingerprint(facility) -> Counter:
    rows = Counter(f"visit:{s}" for s in Visit.objects.filter(facility=facility).values_list("status", flat=True))
    rows.update(f"entry:{c}:{s}" for c, s in QueueEntry.objects.filter(visit__facility=facility).values_list("station__code", "status"))
    rows.update(f"referral:{k}" for k in Referral.objects.filter(visit__facility=facility).values_list("kind", flat=True))
    return rows


def test_simulate_is_deterministic_for_a_seed(demo):
    runs = []
    for _ in range(2):
        with transaction.atomic():
            result = simulate_flow(facility=demo, visits=VISITS, seed=3, days=2, now=NOW)
            runs.append((result.counts, _fingerprint(demo)))
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert runs[0][1]["visit:finished"] > 0


def test_flow_simulate_command_runs_once_unless_forced(demo):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("flow", "simulate", "--visits", "4", "--seed", "2", stdout=out)
        call_command("flow", "simulate", "--visits", "4", "--seed", "2", stdout=out)
    assert Visit.objects.filter(facility=demo).count() == 4
    assert "simulasi dilewati" in out.getvalue()


def test_flow_simulate_command_runs_although_other_demo_data_opened_visits(demo):
    """CKG, UGD and lab demo data open visits before `make demo` simulates the month: that is no reason to skip."""
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        open_visit(actor=get_user_model().objects.get(username="pendaftaran"), facility=demo)
        call_command("flow", "simulate", "--visits", "4", "--seed", "2", stdout=out)
    assert Visit.objects.filter(facility=demo).count() == 5
    assert "simulasi dilewati" not in out.getvalue()


def test_flow_simulate_command_starts_the_bpjs_stand_in_when_bpjs_does_not_answer(demo, settings):
    settings.ILP_BPJS_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("flow", "simulate", "--visits", "6", "--seed", "2", stdout=out)
    assert "pengganti lokal" in out.getvalue()
    assert settings.ILP_BPJS_URL == "http://127.0.0.1:9"
    checked = Visit.objects.filter(facility=demo, payer__in=["bpjs", "umum"]).exclude(bpjs_status="")
    assert checked.exists() and not checked.filter(bpjs_status=BpjsStatus.UNAVAILABLE).exists()
