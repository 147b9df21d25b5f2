"""Finding patients as a clerk types (NIK, KK, BPJS, no. RM, date, name), audited reads, duplicates."""

import datetime as dt

import pytest
from django.http import Http404

from ilp.audit.models import AuditEntry
from ilp.people.selectors import duplicate_candidates, family_get, family_list, patient_get, patient_list
from ilp.people.services import merge_patients
from ilp.people.tests.factories import FamilyFactory, MedicalRecordFactory, PatientFactory

BIRTH = dt.date(1990, 4, 12)


def found(user, search: str) -> list:
    return list(patient_list(user=user, search=search))


# Search


def test_patient_list_finds_a_patient_by_nik(pendaftaran):
    patient, _ = PatientFactory(), PatientFactory()
    assert found(pendaftaran, patient.nik) == [patient]


def test_patient_list_finds_a_nik_typed_with_spaces_and_dots(pendaftaran):
    patient = PatientFactory()
    spaced = f"{patient.nik[:4]}.{patient.nik[4:8]} {patient.nik[8:]}"
    assert found(pendaftaran, spaced) == [patient]


def test_patient_list_finds_every_member_by_kk_number(pendaftaran):
    family = FamilyFactory(kk_number="1310040101200001")
    members = [PatientFactory(family=family), PatientFactory(family=family)]
    PatientFactory()
    assert set(found(pendaftaran, "1310040101200001")) == set(members)


def test_patient_list_finds_a_patient_by_bpjs_number(pendaftaran):
    patient = PatientFactory(bpjs_number="0001234567890")
    PatientFactory(bpjs_number="0001234567891")
    assert found(pendaftaran, "0001234567890") == [patient]


@pytest.mark.parametrize("typed", ["000042", "42"])
def test_patient_list_finds_a_patient_by_no_rm_with_or_without_leading_zeros(pendaftaran, puskesmas, typed):
    patient = MedicalRecordFactory(facility=puskesmas, number="000042").patient
    MedicalRecordFactory(facility=puskesmas, number="000043")
    assert found(pendaftaran, typed) == [patient]


@pytest.mark.parametrize("typed", ["12-04-1990", "12/04/1990", "12.04.1990", "1990-04-12"])
def test_patient_list_finds_patients_by_birth_date(pendaftaran, typed):
    patient = PatientFactory(birth_date=BIRTH)
    PatientFactory(birth_date=BIRTH + dt.timedelta(days=1))
    assert found(pendaftaran, typed) == [patient]


@pytest.mark.parametrize("typed", ["amin", "Aminah", "AMI", "siti amin", "Hj. Siti"])
def test_patient_list_finds_a_name_by_the_start_of_any_of_its_words(pendaftaran, typed):
    siti = PatientFactory(name="Siti Aminah", sex="F")
    PatientFactory(name="Rahmi Putri", sex="F")
    assert found(pendaftaran, typed) == [siti]


def test_patient_list_needs_every_typed_word_to_match(pendaftaran):
    PatientFactory(name="Siti Aminah", sex="F")
    assert found(pendaftaran, "siti rahmi") == []


def test_patient_list_does_not_match_the_middle_of_a_word(pendaftaran):
    PatientFactory(name="Siti Aminah", sex="F")
    assert found(pendaftaran, "minah") == []


def test_patient_list_combines_a_name_and_a_birth_date(pendaftaran):
    siti = PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Siti Rahmawati", sex="F", birth_date=dt.date(1991, 1, 1))
    PatientFactory(name="Budi Santoso", sex="M", birth_date=BIRTH)
    assert found(pendaftaran, "siti 12-04-1990") == [siti]


def test_patient_list_without_search_lists_everyone_in_scope_by_name(pendaftaran):
    names = ["Zainal Koto", "Ahmad Lubis", "Maulana Tanjung"]
    for name in names:
        PatientFactory(name=name, sex="M")
    assert [p.name for p in found(pendaftaran, "  ")] == sorted(names)


def test_patient_list_leaves_out_merged_duplicates_unless_asked(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    assert (list(patient_list(user=pendaftaran)), set(patient_list(user=pendaftaran, include_merged=True))) == (
        [keep], {keep, duplicate})


# Reading one record


def test_patient_get_audits_the_read_with_actor_and_facility(bidan):
    patient = PatientFactory()
    patient_get(user=bidan, pk=patient.pk)
    entry = AuditEntry.objects.get(action="patient.read")
    assert (entry.actor, entry.role, entry.facility, entry.patient_id, entry.target_id) == (
        bidan, "bidan", bidan.facility, patient.pk, str(patient.pk))


def test_patient_get_outside_the_scope_is_not_found_and_not_audited(petugas_lain):
    patient = PatientFactory()
    with pytest.raises(Http404):
        patient_get(user=petugas_lain, pk=patient.pk)
    assert not AuditEntry.objects.exists()


def test_patient_get_of_a_missing_id_is_the_same_not_found(bidan):
    with pytest.raises(Http404):
        patient_get(user=bidan, pk=999_999)


def test_family_list_counts_the_members_of_each_household(pendaftaran):
    family = FamilyFactory()
    PatientFactory(family=family), PatientFactory(family=family)
    assert [(f, f.member_count) for f in family_list(user=pendaftaran)] == [(family, 2)]


def test_family_list_finds_a_household_by_the_start_of_its_kk_number(pendaftaran):
    family = FamilyFactory(kk_number="1310040101200001")
    FamilyFactory(kk_number="1310049999000001")
    assert list(family_list(user=pendaftaran, search="131004010")) == [family]


def test_family_list_finds_a_household_by_a_member_s_name(pendaftaran):
    family = FamilyFactory()
    PatientFactory(family=family, name="Siti Aminah", sex="F"), PatientFactory(family=family, name="Budi Santoso", sex="M")
    FamilyFactory()
    assert list(family_list(user=pendaftaran, search="amin")) == [family]


def test_family_list_found_by_one_member_s_name_still_counts_the_whole_household(pendaftaran):
    family = FamilyFactory()
    PatientFactory(family=family, name="Siti Aminah", sex="F"), PatientFactory(family=family, name="Budi Santoso", sex="M")
    assert [(f, f.member_count) for f in family_list(user=pendaftaran, search="amin")] == [(family, 2)]


def test_family_list_shows_no_household_of_another_wilayah(petugas_lain):
    FamilyFactory()
    assert list(family_list(user=petugas_lain)) == []


def test_family_get_audits_the_read(kader):
    family = FamilyFactory()
    family_get(user=kader, pk=family.pk)
    assert AuditEntry.objects.filter(action="family.read", actor=kader, target_id=str(family.pk)).exists()


# Duplicates


def test_duplicate_candidates_pairs_similar_names_born_the_same_day_in_the_same_desa(pendaftaran):
    first = PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    second = PatientFactory(name="Siti Aminnah", sex="F", birth_date=BIRTH, nik=None)
    [pair] = duplicate_candidates(user=pendaftaran)
    assert {pair.first, pair.second} == {first, second} and pair.similarity >= 0.85


def test_duplicate_candidates_ignores_two_patients_with_different_niks(pendaftaran):
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)  # twins share a name more often than one thinks
    assert duplicate_candidates(user=pendaftaran) == []


def test_duplicate_candidates_ignores_different_names(pendaftaran):
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Budi Santoso", sex="M", birth_date=BIRTH, nik=None)
    assert duplicate_candidates(user=pendaftaran) == []


def test_duplicate_candidates_ignores_the_same_name_in_another_desa(pendaftaran, puskesmas):
    other_desa = puskesmas.wilayah.order_by("code")[1]
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH, nik=None, desa=other_desa)
    assert duplicate_candidates(user=pendaftaran) == []


def test_duplicate_candidates_shows_nothing_outside_the_scope(petugas_lain):
    PatientFactory(name="Siti Aminah", sex="F", birth_date=BIRTH)
    PatientFactory(name="Siti Aminnah", sex="F", birth_date=BIRTH, nik=None)
    assert duplicate_candidates(user=petugas_lain) == []
