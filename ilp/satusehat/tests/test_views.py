"""The status page as each persona sees it, and the resend button."""

import pytest
from django.urls import reverse

from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.satusehat import worker
from ilp.satusehat.models import Delivery

from .factories import finished_visit
from .test_worker import FAST

URL = reverse("satusehat:status")


@pytest.fixture
def refused_visit(db, satusehat):
    """A visit whose Encounter SATUSEHAT refused: the patient's NIK is unknown there."""
    visit = finished_visit()
    visit.patient.nik = "0000" + visit.patient.nik[4:]
    visit.patient.save(update_fields=["nik"])
    worker.run(until_idle=True, options=FAST)
    return visit


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"tanggal": params.get("day", "")})


def test_head_of_puskesmas_sees_the_day_and_the_refusal_in_words(client, kapus, refused_visit):
    response = page(client, kapus, day=refused_visit.date.isoformat())
    assert response.status_code == 200
    text = response.content.decode()
    assert refused_visit.patient.name in text
    assert "tidak ditemukan di SATUSEHAT; periksa NIK di data pasien lalu kirim ulang." in text
    assert "6 data menunggu kunjungannya diterima." in text
    assert reverse("satusehat:resend", args=[refused_visit.pk]) in text


def test_admin_sees_every_facility_but_no_patient_name(client, admin_user, refused_visit):
    # The administrator steers delivery; like every role above the facility, it never sees a name.
    text = page(client, admin_user, day=refused_visit.date.isoformat()).content.decode()
    assert refused_visit.number in text
    assert refused_visit.patient.name not in text


def test_head_of_another_puskesmas_sees_none_of_ours(client, puskesmas_lain, refused_visit, django_user_model):
    other = django_user_model.objects.create_user(username="kapus_lain", password="x" * 12, role=Role.KEPALA_PUSKESMAS,
                                                  facility=puskesmas_lain)
    assert refused_visit.patient.name not in page(client, other, day=refused_visit.date.isoformat()).content.decode()
    client.force_login(other)
    assert client.post(reverse("satusehat:resend", args=[refused_visit.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["bidan", "pendaftaran", "dinkes"])
def test_other_roles_may_not_open_the_page(client, persona, request, db):
    assert page(client, request.getfixturevalue(persona)).status_code == 403


def test_resend_puts_refused_resources_back_in_the_queue_with_an_audit_row(client, kapus, refused_visit):
    client.force_login(kapus)
    response = client.post(reverse("satusehat:resend", args=[refused_visit.pk]))
    assert response.status_code == 302
    row = Delivery.objects.get(visit=refused_visit, resource_type="Encounter")
    assert (row.status, row.attempts, row.reason) == (Delivery.Status.WAITING, 0, "")
    assert AuditEntry.objects.filter(action="satusehat.resend", target_id=str(refused_visit.pk)).exists()


def test_status_page_query_count_stays_flat(client, kapus, satusehat, django_assert_max_num_queries):
    first = finished_visit()
    for _ in range(3):
        finished_visit(actor=first.entries.last().served_by)
    client.force_login(kapus)
    with django_assert_max_num_queries(12):
        client.get(URL, {"tanggal": first.date.isoformat()})
