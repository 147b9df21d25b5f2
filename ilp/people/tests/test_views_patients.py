"""Patient pages through the client, posted as a clerk would: register, search, look up, correct."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import UserFactory
from ilp.audit.models import AuditEntry
from ilp.people.forms import CONFIRM_WARNINGS
from ilp.people.models import Patient
from ilp.people.nik import WARN_SEX, ZERO_SERIAL, build_nik
from ilp.people.services import NIK_TAKEN, merge_patients
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region

REGISTER = reverse("people:patient_register")
BIRTH = dt.date(1990, 4, 12)


def typed(home, **overrides) -> dict:
    """The registration form as a clerk fills it for Siti Aminah."""
    nik = build_nik(kecamatan_code=home.parent.code, birth_date=BIRTH, sex="F", serial=7)
    return {"nik": nik, "name": "Siti Aminah", "sex": "F", "birth_date": "1990-04-12", "desa": home.pk,
            "address": "Jl. Sudirman 5", "phone": "0812 3456 7890"} | overrides


@pytest.fixture
def clerk(client, pendaftaran):
    client.force_login(pendaftaran)
    return client


# Registration


def test_register_page_shows_the_form_to_the_clerk(clerk):
    response = clerk.get(REGISTER)
    assertContains(response, 'data-testid="patient-form"')


def test_register_redirects_to_the_new_patient_with_a_success_message(clerk, desa):
    response = clerk.post(REGISTER, typed(desa), follow=True)
    patient = Patient.objects.get(name="Siti Aminah")
    assertRedirects(response, patient.get_absolute_url())
    assertContains(response, "Pasien Siti Aminah terdaftar.")


def test_register_stores_the_phone_number_without_spaces(clerk, desa):
    clerk.post(REGISTER, typed(desa))
    assert Patient.objects.get(name="Siti Aminah").phone == "081234567890"


def test_register_with_an_invalid_nik_keeps_what_was_typed(clerk, desa):
    response = clerk.post(REGISTER, typed(desa, nik="1310045204900000"))
    assertContains(response, ZERO_SERIAL, status_code=400)
    assertContains(response, 'value="Siti Aminah"', status_code=400)
    assertContains(response, 'value="Jl. Sudirman 5"', status_code=400)
    assert not Patient.objects.exists()


def test_register_with_a_taken_nik_names_the_owner_next_to_the_field(clerk, desa):
    owner = PatientFactory(name="Rosmaini Chaniago", sex="F", birth_date=BIRTH)
    response = clerk.post(REGISTER, typed(desa, nik=owner.nik))
    message = NIK_TAKEN % {"nik": owner.nik, "name": "Rosmaini Chaniago"}
    assertContains(response, f'data-field-error="nik">{message}', status_code=400)
    assert Patient.objects.count() == 1


def test_register_rejects_a_desa_outside_the_kabupaten(clerk, desa):
    elsewhere = Region.objects.filter(level=Region.Level.DESA, code__startswith="13.01.").first()
    response = clerk.post(REGISTER, typed(desa, desa=elsewhere.pk))
    assert response.status_code == 400 and "desa" in response.context["form"].errors


def test_register_with_a_sex_that_disagrees_with_the_nik_asks_for_confirmation(clerk, desa):
    response = clerk.post(REGISTER, typed(desa, sex="M"))
    assertContains(response, escape(CONFIRM_WARNINGS), status_code=400)
    assert not Patient.objects.exists()


def test_register_shows_the_warning_that_needs_confirmation(clerk, desa):
    response = clerk.post(REGISTER, typed(desa, sex="M"))
    assertContains(response, WARN_SEX % {"sex": "perempuan"}, status_code=400)


def test_register_with_warnings_confirmed_saves_the_patient(clerk, desa):
    response = clerk.post(REGISTER, typed(desa, sex="M", confirm_warnings="on"))
    patient = Patient.objects.get(name="Siti Aminah")
    assertRedirects(response, patient.get_absolute_url())
    assert patient.sex == "M"


def test_register_without_nik_needs_no_confirmation(clerk, desa):
    clerk.post(REGISTER, typed(desa, nik=""))
    assert Patient.objects.get(name="Siti Aminah").nik is None


def test_register_over_htmx_answers_with_hx_redirect(clerk, desa):
    response = clerk.post(REGISTER, typed(desa), HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"] == Patient.objects.get(name="Siti Aminah").get_absolute_url()


@pytest.mark.parametrize("role", [Role.KASIR, Role.APOTEKER])
def test_register_page_is_forbidden_to_roles_without_registration_duty(client, puskesmas, role):
    client.force_login(UserFactory(role=role, facility=puskesmas))
    assert client.get(REGISTER).status_code == 403


def test_register_page_is_forbidden_to_dinkes(client, dinkes):
    client.force_login(dinkes)
    assert client.get(REGISTER).status_code == 403


# List and detail


def test_patient_list_finds_by_name_as_typed_in_the_search_box(clerk):
    PatientFactory(name="Siti Aminah", sex="F"), PatientFactory(name="Budi Santoso", sex="M")
    response = clerk.get(reverse("people:patient_list"), {"q": "amin"})
    assertContains(response, "Siti Aminah")
    assertNotContains(response, "Budi Santoso")


def test_patient_list_over_htmx_returns_only_the_rows(clerk):
    PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.get(reverse("people:patient_list"), {"q": "siti"}, HTTP_HX_REQUEST="true")
    assertContains(response, "Siti Aminah")
    assertNotContains(response, "<html")


def test_patient_list_says_so_when_nothing_matches(clerk):
    assertContains(clerk.get(reverse("people:patient_list"), {"q": "tidakada"}), "Tidak ada pasien yang cocok.")


def test_patient_list_of_thirty_patients_takes_a_fixed_number_of_queries(clerk, puskesmas, django_assert_max_num_queries):
    for _ in range(30):
        PatientFactory(record_at=puskesmas)
    with django_assert_max_num_queries(6):
        response = clerk.get(reverse("people:patient_list"))
    assert len(response.context["page"].object_list) == 25


def test_patient_detail_shows_identity_and_no_rm(clerk, puskesmas):
    patient = PatientFactory(name="Siti Aminah", sex="F", record_at=puskesmas)
    response = clerk.get(patient.get_absolute_url())
    assertContains(response, patient.nik)
    assertContains(response, patient.medical_records.get().number)


def test_patient_detail_is_not_found_for_another_puskesmas(client, petugas_lain):
    patient = PatientFactory()
    client.force_login(petugas_lain)
    assert client.get(patient.get_absolute_url()).status_code == 404


def test_patient_detail_is_forbidden_to_dinkes_and_not_audited(client, dinkes):
    patient = PatientFactory()
    client.force_login(dinkes)
    assert client.get(patient.get_absolute_url()).status_code == 403
    assert not AuditEntry.objects.exists()


def test_patient_detail_of_a_merged_duplicate_points_to_the_kept_record(clerk, pendaftaran):
    keep, duplicate = PatientFactory(name="Siti Aminah", sex="F"), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    assertContains(clerk.get(duplicate.get_absolute_url()), keep.get_absolute_url())


# Correction


def test_correct_page_is_filled_with_the_current_identity(clerk):
    patient = PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.get(reverse("people:patient_correct", args=[patient.pk]))
    assertContains(response, 'value="Siti Aminah"')
    assertContains(response, f'value="{patient.nik}"')


def correction(patient, **overrides) -> dict:
    return {"nik": patient.nik, "name": patient.name, "sex": patient.sex, "birth_date": patient.birth_date.isoformat(),
            "desa": patient.desa_id, "address": patient.address, "reason": "Sesuai KK terbaru"} | overrides


def test_correct_saves_the_change_and_shows_the_history_with_the_reason(clerk):
    patient = PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.post(reverse("people:patient_correct", args=[patient.pk]),
                          correction(patient, name="Siti Aminah Koto"), follow=True)
    assertRedirects(response, patient.get_absolute_url())
    assertContains(response, "Data pasien diperbarui; versi sebelumnya tetap tersimpan.")
    assertContains(response, "Sesuai KK terbaru")
    assert Patient.objects.get(pk=patient.pk).name == "Siti Aminah Koto"


def test_correct_without_a_reason_keeps_what_was_typed(clerk):
    patient = PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.post(reverse("people:patient_correct", args=[patient.pk]),
                          correction(patient, name="Siti Aminah Koto", reason=""))
    assertContains(response, 'value="Siti Aminah Koto"', status_code=400)
    assert Patient.objects.get(pk=patient.pk).name == "Siti Aminah"


def test_correct_with_a_blank_reason_is_refused(clerk):
    patient = PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.post(reverse("people:patient_correct", args=[patient.pk]), correction(patient, reason="   "))
    assert (response.status_code, list(response.context["form"].errors)) == (400, ["reason"])


def test_correct_is_not_found_for_another_puskesmas(client, petugas_lain):
    patient = PatientFactory()
    client.force_login(petugas_lain)
    response = client.post(reverse("people:patient_correct", args=[patient.pk]), correction(patient, name="X"))
    assert response.status_code == 404
