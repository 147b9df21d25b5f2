"""Queue moves (SOP steps a–c and every station after): take a number, call, start, finish, skip."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.visits import services
from ilp.visits.models import Priority, QueueEntry, Visit
from ilp.visits.services.queue import (
    ALREADY_CALLED,
    BAD_NEXT,
    NO_ONE_WAITING,
    NOT_CALLED,
    NOT_IN_SERVICE,
    NOT_WAITING,
    SKIP_REASON,
    VISIT_CLOSED,
)

from .factories import arrive, entry_at, events, serve, staff, trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def perawat(puskesmas):
    return staff(Role.PERAWAT, username="perawat")


# Taking a number (kiosk)


def test_a_regular_patient_gets_a001_and_waits_at_pandu_ptm(pendaftaran, puskesmas):
    visit = services.open_visit(actor=pendaftaran, facility=puskesmas)
    assert (visit.number, visit.date, visit.status, visit.emergency) == ("A001", timezone.localdate(), Visit.Status.OPEN, False)
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.WAITING)]
    assert events(visit) == ["arrived", "queued"]


def test_numbers_count_up_per_day(pendaftaran, puskesmas):
    numbers = [services.open_visit(actor=pendaftaran, facility=puskesmas).number for _ in range(3)]
    assert numbers == ["A001", "A002", "A003"]


def test_an_emergency_goes_straight_to_ugd_with_prefix_u_and_first_priority(pendaftaran, puskesmas):
    visit = services.open_visit(actor=pendaftaran, facility=puskesmas, emergency=True)
    assert (visit.number, visit.emergency, visit.priority) == ("U001", True, Priority.EMERGENCY)
    assert trail(visit) == [("ugd", QueueEntry.Status.WAITING)]
    assert visit.entries.get().priority == Priority.EMERGENCY


def test_emergency_numbers_do_not_use_up_regular_ones(pendaftaran, puskesmas):
    first = arrive(pendaftaran)
    emergency = arrive(pendaftaran, emergency=True)
    second = arrive(pendaftaran)
    assert [first.number, emergency.number, second.number] == ["A001", "U001", "A002"]


def test_another_puskesmas_counts_its_own_numbers(pendaftaran, puskesmas, puskesmas_lain):
    arrive(pendaftaran)
    arrive(pendaftaran)
    assert services.open_visit(actor=pendaftaran, facility=puskesmas_lain).number == "A001"


def test_numbers_start_again_at_a001_the_next_day(pendaftaran, time_machine):
    time_machine.move_to(dt.datetime(2024, 8, 19, 8, 0, tzinfo=timezone.get_current_timezone()), tick=False)
    arrive(pendaftaran)
    arrive(pendaftaran)
    time_machine.move_to(dt.datetime(2024, 8, 20, 7, 45, tzinfo=timezone.get_current_timezone()), tick=False)
    visit = arrive(pendaftaran)
    assert (visit.number, visit.date) == ("A001", dt.date(2024, 8, 20))


# Calling


def test_call_shows_the_number_as_called_by_this_clerk(pendaftaran):
    visit = arrive(pendaftaran)
    entry = services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    assert (entry.status, entry.called_by, entry.called_at is not None) == (QueueEntry.Status.CALLED, pendaftaran, True)
    assert events(visit)[-1] == "called"


def test_calling_an_already_called_patient_says_so_and_keeps_the_first_clerk(pendaftaran, perawat):
    visit = arrive(pendaftaran)
    services.call_entry(actor=perawat, entry=entry_at(visit, "pandu_ptm"))
    with pytest.raises(ValidationError) as raised:
        services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    assert raised.value.messages == [ALREADY_CALLED % {"number": "A001"}]
    assert entry_at(visit, "pandu_ptm").called_by == perawat
    assert events(visit).count("called") == 1


def test_two_clerks_calling_the_same_number_from_stale_lists_one_wins(pendaftaran, perawat):
    visit = arrive(pendaftaran)
    seen_by_one, seen_by_other = entry_at(visit, "pandu_ptm"), entry_at(visit, "pandu_ptm")
    services.call_entry(actor=perawat, entry=seen_by_one)
    with pytest.raises(ValidationError) as raised:
        services.call_entry(actor=pendaftaran, entry=seen_by_other)
    assert raised.value.messages == [NOT_WAITING % {"number": "A001", "status": "dipanggil"}]
    assert entry_at(visit, "pandu_ptm").called_by == perawat


def test_call_next_takes_priority_patients_first_then_by_arrival(pendaftaran, puskesmas):
    arrive(pendaftaran)
    elder = arrive(pendaftaran, priority=Priority.PRIORITY)
    arrive(pendaftaran)
    station = puskesmas.stations.get(code="pandu_ptm")
    assert services.call_next(actor=pendaftaran, station=station).visit == elder
    assert services.call_next(actor=pendaftaran, station=station).visit.number == "A001"


def test_two_clerks_calling_next_with_one_patient_waiting_never_call_the_same_one(pendaftaran, perawat, puskesmas):
    visit = arrive(pendaftaran)
    station = puskesmas.stations.get(code="pandu_ptm")
    called = services.call_next(actor=perawat, station=station)
    with pytest.raises(ValidationError) as raised:
        services.call_next(actor=pendaftaran, station=station)
    assert raised.value.messages == [NO_ONE_WAITING % {"station": "Pandu PTM"}]
    assert (called.visit, called.called_by) == (visit, perawat)
    assert events(visit).count("called") == 1


# Starting


def test_start_before_calling_is_refused(pendaftaran):
    visit = arrive(pendaftaran)
    with pytest.raises(ValidationError) as raised:
        services.start_service(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    assert raised.value.messages == [NOT_CALLED % {"number": "A001"}]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.WAITING)]


def test_start_puts_the_called_patient_in_service(pendaftaran, perawat):
    visit = arrive(pendaftaran)
    services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    entry = services.start_service(actor=perawat, entry=entry_at(visit, "pandu_ptm"))
    assert (entry.status, entry.served_by, entry.started_at is not None) == (QueueEntry.Status.IN_SERVICE, perawat, True)


# Finishing and sending on


def test_finish_sends_the_patient_to_the_next_station(pendaftaran):
    visit = arrive(pendaftaran)
    entry = serve(pendaftaran, visit, "pandu_ptm")
    new = services.finish_entry(actor=pendaftaran, entry=entry, send_to="pendaftaran")
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.DONE), ("pendaftaran", QueueEntry.Status.WAITING)]
    assert new == entry_at(visit, "pendaftaran")
    assert visit.events.get(kind="finished").detail == {"send_to": "pendaftaran"}
    assert AuditEntry.objects.get(action="visit.step").detail == {"station": "pandu_ptm", "send_to": "pendaftaran"}


@pytest.mark.parametrize("step", ["waiting", "called"])
def test_finishing_out_of_order_is_refused_and_changes_nothing(pendaftaran, step):
    visit = arrive(pendaftaran)
    if step == "called":
        services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    before = events(visit)
    with pytest.raises(ValidationError) as raised:
        services.finish_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"), send_to="pendaftaran")
    assert raised.value.messages == [NOT_IN_SERVICE % {"number": "A001"}]
    assert trail(visit) == [("pandu_ptm", step)]
    assert events(visit) == before
    assert not AuditEntry.objects.filter(action="visit.step").exists()


def test_finishing_twice_from_two_tabs_is_rejected_and_queues_one_next_entry(pendaftaran):
    visit = arrive(pendaftaran)
    serve(pendaftaran, visit, "pandu_ptm")
    tab_one, tab_two = entry_at(visit, "pandu_ptm"), entry_at(visit, "pandu_ptm")
    services.finish_entry(actor=pendaftaran, entry=tab_one, send_to="pendaftaran")
    with pytest.raises(ValidationError) as raised:
        services.finish_entry(actor=pendaftaran, entry=tab_two, send_to="pendaftaran")
    assert raised.value.messages == [NOT_IN_SERVICE % {"number": "A001"}]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.DONE), ("pendaftaran", QueueEntry.Status.WAITING)]
    assert AuditEntry.objects.filter(action="visit.step").count() == 1


@pytest.mark.parametrize("target", ["farmasi", "klaster3", "pulang", "kembali", "radiologi"])
def test_sending_to_a_station_not_allowed_from_here_is_refused(pendaftaran, target):
    visit = arrive(pendaftaran)
    entry = serve(pendaftaran, visit, "pandu_ptm")
    with pytest.raises(ValidationError) as raised:
        services.finish_entry(actor=pendaftaran, entry=entry, send_to=target)
    assert raised.value.messages == [BAD_NEXT % {"station": "Pandu PTM", "target": target}]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.IN_SERVICE)]


def test_going_home_closes_the_visit_and_leaves_no_entry_waiting(pendaftaran):
    visit = arrive(pendaftaran, emergency=True)
    entry = serve(pendaftaran, visit, "ugd")
    services.queue_at(visit=visit, code="lab", actor=pendaftaran)  # a lab order the patient will not wait for
    services.finish_entry(actor=pendaftaran, entry=entry, send_to="pulang")
    visit.refresh_from_db()
    assert (visit.status, visit.finished_at is not None) == (Visit.Status.FINISHED, True)
    assert trail(visit) == [("ugd", QueueEntry.Status.DONE), ("lab", QueueEntry.Status.SKIPPED)]
    assert not visit.entries.filter(status__in=[QueueEntry.Status.WAITING, QueueEntry.Status.CALLED]).exists()
    assert events(visit)[-1] == "went_home"


def test_a_finished_visit_cannot_be_moved_again(pendaftaran):
    visit = arrive(pendaftaran, emergency=True)
    services.queue_at(visit=visit, code="farmasi", actor=pendaftaran)
    farmasi = serve(pendaftaran, visit, "farmasi")
    services.finish_entry(actor=pendaftaran, entry=serve(pendaftaran, visit, "ugd"), send_to="pulang")
    farmasi.refresh_from_db()
    farmasi.visit.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.finish_entry(actor=pendaftaran, entry=farmasi, send_to="pulang")
    assert raised.value.messages == [VISIT_CLOSED % {"number": "U001"}]


# Skipping a patient who does not answer


def test_skip_closes_the_entry_with_the_reason(pendaftaran):
    visit = arrive(pendaftaran)
    services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
    entry = services.skip_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"), reason="Dipanggil 3 kali, tidak hadir")
    assert (entry.status, entry.note) == (QueueEntry.Status.SKIPPED, "Dipanggil 3 kali, tidak hadir")
    assert visit.events.get(kind="skipped").detail == {"reason": "Dipanggil 3 kali, tidak hadir"}


def test_skip_needs_a_reason(pendaftaran):
    visit = arrive(pendaftaran)
    with pytest.raises(ValidationError) as raised:
        services.skip_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"), reason="  ")
    assert raised.value.messages == [SKIP_REASON]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.WAITING)]


def test_a_patient_in_service_cannot_be_skipped(pendaftaran):
    visit = arrive(pendaftaran)
    entry = serve(pendaftaran, visit, "pandu_ptm")
    with pytest.raises(ValidationError) as raised:
        services.skip_entry(actor=pendaftaran, entry=entry, reason="Tidak hadir")
    assert raised.value.messages == [NOT_WAITING % {"number": "A001", "status": "dilayani"}]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.IN_SERVICE)]
