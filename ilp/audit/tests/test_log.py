"""Who reads the audit log: the head of a Puskesmas its network's rows, Dinkes its region's."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import UserFactory
from ilp.audit.selectors import entry_list
from ilp.audit.services import record_read
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region


@pytest.fixture
def rows(pendaftaran, kader, petugas_lain, dinkes) -> dict:
    """One read each by our clerk, our kader, the other Puskesmas, and Dinkes."""
    patient = PatientFactory()
    return {
        "ours": record_read(actor=pendaftaran, target=patient),
        "our_kader": record_read(actor=kader, target=patient),
        "other_puskesmas": record_read(actor=petugas_lain, target=petugas_lain),
        "dinkes": record_read(actor=dinkes, target=dinkes),
    }


def seen(rows, user) -> set[str]:
    ids = set(entry_list(user=user).values_list("pk", flat=True))
    return {key for key, entry in rows.items() if entry.pk in ids}


def test_kepala_puskesmas_reads_the_rows_of_his_puskesmas_and_its_network(rows, kapus):
    assert seen(rows, kapus) == {"ours", "our_kader"}


def test_dinkes_reads_the_rows_of_every_facility_in_its_kabupaten_and_its_own(rows, dinkes):
    assert seen(rows, dinkes) == {"ours", "our_kader", "other_puskesmas", "dinkes"}


def test_dinkes_of_another_kabupaten_reads_none_of_them(rows):
    other = UserFactory(role=Role.DINKES_KABKOTA, region=Region.objects.get(code="13.01"))
    assert seen(rows, other) == set()


def test_the_administrator_reads_every_row(rows, admin_user):
    assert seen(rows, admin_user) == set(rows)


@pytest.mark.parametrize("persona", ["bidan", "pendaftaran", "kader"])
def test_staff_without_audit_duty_may_not_read_the_log(db, request, persona):
    with pytest.raises(PermissionDenied):
        entry_list(user=request.getfixturevalue(persona))


def test_entry_list_filters_by_action_prefix_and_actor_name(rows, kapus):
    assert list(entry_list(user=kapus, action="patient", actor="kader")) == [rows["our_kader"]]


def test_entry_list_lists_the_newest_row_first(rows, admin_user):
    assert list(entry_list(user=admin_user))[0] == rows["dinkes"]


def test_audit_page_shows_the_rows_to_the_kepala_puskesmas(client, rows, kapus):
    client.force_login(kapus)
    response = client.get(reverse("audit:entry_list"), {"pengguna": "kader"})
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [rows["our_kader"].pk]


def test_audit_page_is_forbidden_to_a_bidan(client, bidan):
    client.force_login(bidan)
    assert client.get(reverse("audit:entry_list")).status_code == 403


def test_a_read_through_the_client_is_audited_with_the_address(client, bidan):
    patient = PatientFactory()
    client.force_login(bidan)
    client.get(reverse("people:patient_detail", args=[patient.pk]), REMOTE_ADDR="10.1.2.3")
    entry = entry_list(user=UserFactory(role=Role.ADMIN)).get(action="patient.read")
    assert (entry.actor, entry.facility, entry.patient_id, entry.ip_address) == (
        bidan, bidan.facility, patient.pk, "10.1.2.3")


def test_the_address_is_not_taken_from_x_forwarded_for_unless_trusted(client, bidan):
    patient = PatientFactory()
    client.force_login(bidan)
    client.get(reverse("people:patient_detail", args=[patient.pk]), REMOTE_ADDR="10.1.2.3",
               HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert entry_list(user=UserFactory(role=Role.ADMIN)).get(action="patient.read").ip_address == "10.1.2.3"


def test_the_address_comes_from_x_forwarded_for_behind_a_trusted_proxy(client, bidan, settings):
    settings.ILP_TRUST_X_FORWARDED_FOR = True
    patient = PatientFactory()
    client.force_login(bidan)
    client.get(reverse("people:patient_detail", args=[patient.pk]), REMOTE_ADDR="127.0.0.1",
               HTTP_X_FORWARDED_FOR="10.9.8.7, 127.0.0.1")
    assert entry_list(user=UserFactory(role=Role.ADMIN)).get(action="patient.read").ip_address == "10.9.8.7"


def test_audit_page_of_sixty_rows_takes_a_fixed_number_of_queries(client, kapus, pendaftaran,
                                                                 django_assert_max_num_queries):
    patient = PatientFactory()
    for _ in range(60):
        record_read(actor=pendaftaran, target=patient)
    client.force_login(kapus)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("audit:entry_list"))
    assert len(response.context["page"].object_list) == 50
