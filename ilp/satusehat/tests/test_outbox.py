"""close_visit writes the outbox rows in its own transaction: the Encounter, then what refers to it."""

import pytest
from django.db import transaction

from ilp.satusehat.models import Delivery
from ilp.satusehat.outbox import enqueue_visit
from ilp.visits import services
from ilp.visits.tests.factories import arrive, entry_at, measure, staff

from .factories import finished_visit


def test_finishing_a_registered_visit_queues_its_encounter_and_vitals(db):
    visit = finished_visit()
    rows = Delivery.objects.filter(visit=visit).order_by("id")
    assert [r.resource_type for r in rows] == ["Encounter"] + ["Observation"] * 6
    encounter = rows[0]
    assert all(r.depends_on_id == encounter.pk for r in rows[1:])
    assert {r.status for r in rows} == {Delivery.Status.WAITING}
    assert {r.local_id for r in rows[1:]} == set(visit.observations.values_list("pk", flat=True))


def test_queueing_twice_adds_nothing(db):
    visit = finished_visit()
    enqueue_visit(visit)
    assert Delivery.objects.filter(visit=visit).count() == 7


def test_a_visit_that_was_never_registered_is_not_queued(db):
    nurse = staff("perawat")
    visit = arrive(nurse)
    measure(nurse, visit)
    entry = services.start_service(actor=nurse, entry=services.call_entry(actor=nurse, entry=entry_at(visit, "pendaftaran")))
    services.close_visit(actor=nurse, visit=entry.visit)
    assert not Delivery.objects.filter(visit=visit).exists()


def test_nothing_is_queued_when_the_clinical_change_rolls_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        finished_visit()
        raise RuntimeError("listrik padam")
    assert not Delivery.objects.exists()
