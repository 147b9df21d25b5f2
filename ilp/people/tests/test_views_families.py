"""Household and duplicate pages through the client: create a KK, add members, merge duplicates."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ilp.people.forms import KK_FORMAT
from ilp.people.models import Family, FamilyRelation, Patient
from ilp.people.services import MERGE_SAME
from ilp.people.tests.factories import FamilyFactory, PatientFactory

BIRTH = dt.date(1990, 4, 12)


@pytest.fixture
def clerk(client, pendaftaran):
    client.force_login(pendaftaran)
    return client


# Families


def test_family_register_redirects_to_the_new_household(clerk, desa):
    response = clerk.post(reverse("people:family_register"),
                          {"kk_number": "1310 0401 0120 0001", "desa": desa.pk, "address": "Jl. Kenanga 3", "rt": "001"},
                          follow=True)
    family = Family.objects.get(kk_number="1310040101200001")
    assertRedirects(response, family.get_absolute_url())
    assertContains(response, "Keluarga tersimpan.")


def test_family_register_with_a_short_kk_number_keeps_the_address(clerk, desa):
    response = clerk.post(reverse("people:family_register"), {"kk_number": "131004", "desa": desa.pk,
                                                              "address": "Jl. Kenanga 3"})
    assertContains(response, KK_FORMAT, status_code=400)
    assertContains(response, 'value="Jl. Kenanga 3"', status_code=400)
    assert not Family.objects.exists()


def test_family_register_with_a_taken_kk_number_is_refused(clerk, desa):
    FamilyFactory(kk_number="1310040101200001")
    response = clerk.post(reverse("people:family_register"), {"kk_number": "1310040101200001", "desa": desa.pk})
    assertContains(response, "Nomor KK 1310040101200001 sudah terdaftar.", status_code=400)


def test_family_add_member_puts_the_patient_in_the_household(clerk):
    family, child = FamilyFactory(), PatientFactory()
    response = clerk.post(reverse("people:family_add_member", args=[family.pk]),
                          {"patient_id": child.pk, "relation": FamilyRelation.ANAK}, follow=True)
    assertRedirects(response, family.get_absolute_url())
    assertContains(response, f"{child.name} ditambahkan ke keluarga.")
    child.refresh_from_db()
    assert (child.family, child.family_relation) == (family, FamilyRelation.ANAK)


def test_family_add_member_without_a_relation_changes_nothing(clerk):
    family, child = FamilyFactory(), PatientFactory()
    response = clerk.post(reverse("people:family_add_member", args=[family.pk]), {"patient_id": child.pk}, follow=True)
    assertContains(response, "Pilih pasien dan hubungan keluarganya.")
    assert Patient.objects.get(pk=child.pk).family is None


def test_family_add_member_cannot_take_a_patient_of_another_puskesmas(clerk, desa_lain):
    family, stranger = FamilyFactory(), PatientFactory(desa=desa_lain)
    response = clerk.post(reverse("people:family_add_member", args=[family.pk]),
                          {"patient_id": stranger.pk, "relation": FamilyRelation.ANAK})
    assert response.status_code == 404
    assert Patient.objects.get(pk=stranger.pk).family is None


def test_family_add_member_only_accepts_a_post(clerk):
    assert clerk.get(reverse("people:family_add_member", args=[FamilyFactory().pk])).status_code == 405


def test_family_detail_lists_members_and_finds_candidates_to_add(clerk):
    family = FamilyFactory()
    PatientFactory(family=family, name="Budi Santoso", sex="M")
    PatientFactory(name="Siti Aminah", sex="F")
    response = clerk.get(family.get_absolute_url(), {"q": "amin"})
    assertContains(response, "Budi Santoso")
    assertContains(response, f'name="patient_id" value="{Patient.objects.get(name="Siti Aminah").pk}"')


def test_family_list_finds_a_household_by_kk_number(clerk):
    FamilyFactory(kk_number="1310040101200001"), FamilyFactory(kk_number="1310049999000001")
    response = clerk.get(reverse("people:family_list"), {"q": "1310040101"})
    assertContains(response, "1310040101200001")
    assertNotContains(response, "1310049999000001")


def test_family_detail_is_not_found_for_another_puskesmas(client, petugas_lain):
    client.force_login(petugas_lain)
    assert client.get(FamilyFactory().get_absolute_url()).status_code == 404


# Duplicates and merge


def test_duplicate_list_shows_a_likely_pair(clerk):
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Siti Aminnah", sex="F", birth_date=BIRTH, nik=None)
    response = clerk.get(reverse("people:duplicate_list"))
    assertContains(response, "Siti Aminnah")
    assert len(response.context["pairs"]) == 1


def test_merge_redirects_to_the_kept_record_and_marks_the_duplicate(clerk):
    keep = PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    duplicate = PatientFactory(name="Siti Aminnah", sex="F", birth_date=BIRTH, nik=None)
    response = clerk.post(reverse("people:patient_merge"),
                          {"keep": keep.pk, "duplicate": duplicate.pk, "reason": "Orang yang sama"}, follow=True)
    assertRedirects(response, keep.get_absolute_url())
    assertContains(response, "Data ganda digabung; kedua riwayat tetap tersimpan.")
    assert Patient.objects.get(pk=duplicate.pk).merged_into == keep


def test_merge_without_a_reason_goes_back_to_the_list_and_changes_nothing(clerk):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    response = clerk.post(reverse("people:patient_merge"), {"keep": keep.pk, "duplicate": duplicate.pk}, follow=True)
    assertRedirects(response, reverse("people:duplicate_list"))
    assertContains(response, "Tuliskan alasan penggabungan.")
    assert Patient.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_of_a_patient_with_itself_says_why_it_was_refused(clerk):
    patient = PatientFactory()
    response = clerk.post(reverse("people:patient_merge"),
                          {"keep": patient.pk, "duplicate": patient.pk, "reason": "x"}, follow=True)
    assertContains(response, MERGE_SAME)


def test_merge_cannot_reach_a_patient_of_another_puskesmas(clerk, desa_lain):
    keep, stranger = PatientFactory(), PatientFactory(desa=desa_lain, nik=None)
    response = clerk.post(reverse("people:patient_merge"), {"keep": keep.pk, "duplicate": stranger.pk, "reason": "x"})
    assert response.status_code == 404
    assert Patient.objects.get(pk=stranger.pk).merged_into is None


def test_merge_is_forbidden_to_dinkes(client, dinkes):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    client.force_login(dinkes)
    response = client.post(reverse("people:patient_merge"), {"keep": keep.pk, "duplicate": duplicate.pk, "reason": "x"})
    assert response.status_code == 403


def test_family_list_of_thirty_households_takes_a_fixed_number_of_queries(clerk, django_assert_max_num_queries):
    for _ in range(30):
        family = FamilyFactory()
        PatientFactory(family=family, family_relation=FamilyRelation.KEPALA)
    with django_assert_max_num_queries(6):
        response = clerk.get(reverse("people:family_list"))
    assert len(response.context["page"].object_list) == 25
