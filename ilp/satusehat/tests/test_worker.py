"""The worker against the stand-in over HTTP: exactly once under faults, order, dead letters and resends."""

import collections

import pytest

from ilp.satusehat import worker
from ilp.satusehat.client import Client, Refused
from ilp.satusehat.conf import config
from ilp.satusehat.identity import PATIENT_UNKNOWN
from ilp.satusehat.models import Delivery
from ilp.satusehat.services import resend_visit

from .factories import finished_visit

FAST = worker.Options(backoff_base=0.01, backoff_cap=0.2, idle_sleep=0.02, max_attempts=40)


def deliver(**kwargs) -> worker.Stats:
    return worker.run(until_idle=True, options=FAST, **kwargs)


def created(standin) -> collections.Counter:
    return collections.Counter({key: n for key, n in standin.state.stats()["creates"].items()})


def test_worker_delivers_every_resource_of_a_finished_visit(db, satusehat):
    visit = finished_visit()
    stats = deliver()
    rows = Delivery.objects.filter(visit=visit)
    assert stats.accepted == rows.count() == 7
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.ACCEPTED}
    held = satusehat.state.resources
    assert all(row.server_id in held[row.resource_type] for row in rows)


def test_with_a_fifth_of_requests_failing_every_resource_is_created_exactly_once(db, satusehat):
    first = finished_visit()
    for _ in range(3):
        finished_visit(actor=first.entries.last().served_by)
    satusehat.state.fault_rate = 0.2
    stats = deliver()
    counts = created(satusehat)
    assert Delivery.objects.filter(status=Delivery.Status.ACCEPTED).count() == Delivery.objects.count() == 28
    assert len(counts) == 28 and set(counts.values()) == {1}
    assert sum(satusehat.state.stats()["faults"].values()) > 0 and stats.retried > 0


def test_observations_wait_for_their_encounter(db, satusehat):
    finished_visit()
    claimed = worker.claim(worker_id="uji", options=worker.Options(batch=50))
    assert [row.resource_type for row in claimed] == ["Encounter"]


def test_token_is_asked_once_and_reused(db, satusehat):
    finished_visit()
    deliver()
    assert satusehat.state.stats()["token_requests"] == 1


def test_unknown_nik_is_a_dead_letter_with_the_reason_then_delivered_after_correction(db, satusehat, kapus):
    visit = finished_visit()
    patient, right_nik = visit.patient, visit.patient.nik
    patient.nik = "0000" + right_nik[4:]  # a typing error: SATUSEHAT knows no such NIK
    patient.save(update_fields=["nik"])
    deliver()
    encounter = Delivery.objects.get(visit=visit, resource_type="Encounter")
    assert encounter.status == Delivery.Status.REJECTED
    assert encounter.reason == PATIENT_UNKNOWN % {"nik": patient.nik, "name": patient.name}
    assert set(Delivery.objects.filter(depends_on=encounter).values_list("status", flat=True)) == {Delivery.Status.WAITING}
    assert satusehat.state.stats()["creates"] == {}

    patient.nik = right_nik
    patient.save(update_fields=["nik"])
    assert resend_visit(actor=kapus, visit=visit) == 1
    deliver()
    assert set(Delivery.objects.filter(visit=visit).values_list("status", flat=True)) == {Delivery.Status.ACCEPTED}
    assert set(created(satusehat).values()) == {1} and len(created(satusehat)) == 7


def test_a_resent_accepted_resource_is_put_to_its_stored_id_not_created_again(db, satusehat):
    visit = finished_visit()
    deliver()
    row = Delivery.objects.get(visit=visit, resource_type="Encounter")
    Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.WAITING)
    deliver()
    row.refresh_from_db()
    key = next(k for k in created(satusehat) if k.startswith("Encounter|"))
    assert created(satusehat)[key] == 1 and satusehat.state.stats()["updates"][key] == 1
    assert row.status == Delivery.Status.ACCEPTED


def test_transient_failures_past_the_limit_become_a_dead_letter(db, satusehat):
    visit = finished_visit()
    satusehat.state.fault_rate = 1.0
    worker.run(until_idle=True, options=worker.Options(backoff_base=0.001, backoff_cap=0.01, idle_sleep=0.01, max_attempts=3,
                                                             give_up_after=0))
    row = Delivery.objects.get(visit=visit, resource_type="Encounter")
    assert row.status == Delivery.Status.REJECTED and row.attempts == 3
    assert row.reason == worker.GAVE_UP % {"n": 3}


def test_a_platform_refusal_is_explained_in_words_a_nurse_understands(db, satusehat):
    resource = {"resourceType": "Observation", "status": "final", "code": {"text": "suhu"},
                "subject": {"reference": "Patient/P1"}, "encounter": {"reference": "Encounter/hilang"}}
    with pytest.raises(Refused) as refused:
        Client(config()).create(resource)
    assert worker.explain(refused.value) == "Data yang dirujuk belum ada di SATUSEHAT: Encounter/hilang tidak ditemukan."


def test_backoff_grows_with_jitter_and_honours_retry_after():
    options = worker.Options(backoff_base=1, backoff_cap=60)
    assert 4 <= worker.backoff(4, options) <= 8
    assert worker.backoff(1, options, retry_after=30) == 30
    assert worker.backoff(20, options) <= 60


def test_worker_without_credentials_says_what_to_set(db, settings):
    settings.ILP_SATUSEHAT_CLIENT_ID = ""
    assert worker.run(once=True).errors == [worker.NO_CONFIG]
