"""What the issue's reliability list asks that is not about kills (test_kill.py) or faults (test_worker.py):
a bad code is a dead letter until corrected; a long outage is a backlog, never an error, delivered in order."""

import threading
import time

from django.urls import reverse

from ilp.clinical.models import Condition
from ilp.satusehat import outbox, worker
from ilp.satusehat.models import Delivery
from ilp.satusehat.services import resend_visit
from ilp.satusehat.standin import StandInServer

from .factories import finished_visit
from .test_worker import FAST


def test_a_diagnosis_with_a_bad_code_is_a_dead_letter_with_the_reason_then_delivered_once_corrected(db, satusehat, kapus):
    visit = finished_visit()
    dx = Condition.objects.create(patient=visit.patient, visit=visit, facility=visit.facility, code="I10.9",
                                  display="Hipertensi (kode lama salah ketik)", case="baru", recorded_date=visit.date,
                                  recorded_at=visit.finished_at, recorder=visit.created_by)
    outbox.enqueue_visit(visit)  # a record corrected in after the visit closed is queued the same way
    worker.run(until_idle=True, options=FAST)
    row = Delivery.objects.get(resource_type="Condition", local_id=dx.pk)
    assert row.status == Delivery.Status.REJECTED
    assert "Kode ICD-10 'I10.9' tidak dikenal." in row.reason

    Condition.objects.filter(pk=dx.pk).update(code="I10")
    assert resend_visit(actor=kapus, visit=visit) == 1
    worker.run(until_idle=True, options=FAST)
    row.refresh_from_db()
    assert row.status == Delivery.Status.ACCEPTED
    held = satusehat.state.resources["Condition"][row.server_id]
    assert held["code"]["coding"][0]["code"] == "I10"


def test_a_long_outage_is_a_backlog_on_the_status_page_then_delivered_in_order(db, satusehat, client, kapus):
    """The platform refusing connections costs no resource an attempt (the worker waits, probing with one row
    per pause), so a 4-hour outage is the same as this one: nothing becomes a dead letter, whatever its length."""
    port, state = satusehat.server_address[1], satusehat.state
    satusehat.shutdown()
    satusehat.server_close()  # the platform is gone: connections refused
    visits, doctor = [], None
    for _ in range(12):  # the clerks go on finishing visits: nothing they do waits for the platform
        visits.append(finished_visit(actor=doctor))
        doctor = visits[0].entries.last().served_by
    stats = worker.run(options=worker.Options(backoff_base=0.01, backoff_cap=0.1), deadline=time.monotonic() + 1.5)
    assert stats.accepted == stats.rejected == stats.retried == 0
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.WAITING, 0)}
    assert Delivery.objects.filter(reason=worker.PLATFORM_DOWN).exists()

    client.force_login(kapus)
    day = client.get(reverse("satusehat:status")).context["days"][0]
    assert day["waiting"] == day["total"] == Delivery.objects.count() == 12 * 7

    back = StandInServer(port, state)  # the platform returns, on the same address
    threading.Thread(target=back.serve_forever, daemon=True).start()
    try:
        worker.run(until_idle=True, options=FAST)
    finally:
        back.shutdown()
        back.server_close()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.ACCEPTED}
    assert state.stats()["duplicates"] == 0 and len(state.stats()["creates"]) == 12 * 7
    encounters = list(Delivery.objects.filter(resource_type="Encounter").order_by("id").values_list("accepted_at", flat=True))
    assert encounters == sorted(encounters)  # the visits left in the order they were finished
    assert all(row.accepted_at > row.depends_on.accepted_at  # and what refers to an Encounter after it
               for row in Delivery.objects.exclude(resource_type="Encounter").select_related("depends_on"))
