"""Corrections, households and merges: nothing is overwritten blind, every change is audited."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.core.versioning import RecordVersion
from ilp.people.models import Family, FamilyRelation, Patient
from ilp.people.selectors import patient_list
from ilp.people.services import (
    KK_TAKEN,
    MERGE_ALREADY,
    MERGE_SAME,
    NIK_TAKEN,
    NOT_A_DESA,
    NOT_ALLOWED,
    REASON_REQUIRED,
    add_family_member,
    correct_patient,
    merge_patients,
    register_family,
)
from ilp.people.tests.factories import FamilyFactory, PatientFactory


def versions_of(patient) -> list[RecordVersion]:
    return list(RecordVersion.objects.filter(content_type=ContentType.objects.get_for_model(Patient),
                                             object_id=patient.pk).order_by("version"))


# Corrections


def test_correct_patient_keeps_the_previous_version_with_who_and_why(pendaftaran):
    patient = PatientFactory(name="Siti Aminah")
    correct_patient(actor=pendaftaran, patient=patient, reason="Sesuai KK terbaru", name="Siti Aminah Koto")
    [version] = versions_of(patient)
    assert (version.version, version.data["name"], version.changed_by, version.reason) == (
        1, "Siti Aminah", pendaftaran, "Sesuai KK terbaru")


def test_correct_patient_saves_the_change_and_bumps_the_version(pendaftaran):
    patient = PatientFactory(name="Siti Aminah")
    correct_patient(actor=pendaftaran, patient=patient, reason="Salah ketik", name="Siti Aminah Koto")
    patient.refresh_from_db()
    assert (patient.name, patient.version) == ("Siti Aminah Koto", 2)


def test_correct_patient_reindexes_the_name_for_search(pendaftaran):
    patient = PatientFactory(name="Siti Aminah")
    correct_patient(actor=pendaftaran, patient=patient, reason="Salah ketik", name="Sitti Aminah")
    assert sorted(patient.name_tokens.values_list("token", flat=True)) == ["aminah", "sitti"]


def test_correct_patient_audits_the_fields_and_the_reason(pendaftaran):
    patient = PatientFactory()
    correct_patient(actor=pendaftaran, patient=patient, reason="Nomor HP baru", phone="081299998888")
    entry = AuditEntry.objects.get(action="patient.update")
    assert (entry.patient_id, entry.actor, entry.detail) == (patient.pk, pendaftaran,
                                                             {"fields": ["phone"], "reason": "Nomor HP baru"})


@pytest.mark.parametrize("reason", ["", "   "])
def test_correct_patient_requires_a_reason_and_changes_nothing(pendaftaran, reason):
    patient = PatientFactory(name="Siti Aminah")
    with pytest.raises(ValidationError) as raised:
        correct_patient(actor=pendaftaran, patient=patient, reason=reason, name="Siti")
    assert raised.value.message_dict == {"reason": [REASON_REQUIRED]}
    assert (Patient.objects.get(pk=patient.pk).name, versions_of(patient)) == ("Siti Aminah", [])


def test_correct_patient_keeps_its_own_nik_without_calling_it_taken(pendaftaran):
    patient = PatientFactory()
    correct_patient(actor=pendaftaran, patient=patient, reason="Alamat baru", nik=patient.nik, address="Jl. Baru")
    assert Patient.objects.get(pk=patient.pk).address == "Jl. Baru"


def test_correct_patient_rejects_the_nik_of_another_patient_and_keeps_no_version(pendaftaran):
    other, patient = PatientFactory(name="Ratna Koto"), PatientFactory()
    with pytest.raises(ValidationError) as raised:
        correct_patient(actor=pendaftaran, patient=patient, reason="Salah ketik", nik=other.nik)
    assert raised.value.message_dict == {"nik": [NIK_TAKEN % {"nik": other.nik, "name": "Ratna Koto"}]}
    assert versions_of(patient) == []


def test_correct_patient_stores_an_emptied_nik_as_none(pendaftaran):
    patient = PatientFactory()
    correct_patient(actor=pendaftaran, patient=patient, reason="NIK ternyata milik kakaknya", nik="")
    assert Patient.objects.get(pk=patient.pk).nik is None


def test_correct_patient_refuses_dinkes(dinkes):
    patient = PatientFactory()
    with pytest.raises(ValidationError) as raised:
        correct_patient(actor=dinkes, patient=patient, reason="x", name="y")
    assert raised.value.messages == [NOT_ALLOWED]


# Families


def test_register_family_saves_the_household_and_audits_it(pendaftaran, desa):
    family = register_family(actor=pendaftaran, desa=desa, kk_number="1310040101200001", rt="001", rw="002")
    entry = AuditEntry.objects.get(action="family.create")
    assert (family.kk_number, family.desa, family.created_by, entry.target_id) == (
        "1310040101200001", desa, pendaftaran, str(family.pk))


def test_register_family_makes_the_head_its_kepala_keluarga(pendaftaran, desa):
    head = PatientFactory()
    family = register_family(actor=pendaftaran, desa=desa, head=head)
    head.refresh_from_db()
    assert (head.family, head.family_relation) == (family, FamilyRelation.KEPALA)


def test_register_family_without_kk_number_stores_none(pendaftaran, desa):
    assert register_family(actor=pendaftaran, desa=desa, kk_number="").kk_number is None


def test_register_family_rejects_a_taken_kk_number(pendaftaran, desa):
    FamilyFactory(kk_number="1310040101200001")
    with pytest.raises(ValidationError) as raised:
        register_family(actor=pendaftaran, desa=desa, kk_number="1310040101200001")
    assert raised.value.message_dict == {"kk_number": [KK_TAKEN % {"kk": "1310040101200001"}]}


def test_register_family_rejects_a_kecamatan(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_family(actor=pendaftaran, desa=desa.parent)
    assert raised.value.message_dict == {"desa": [NOT_A_DESA]}
    assert not Family.objects.exists()


def test_add_family_member_records_the_relation_and_audits_it(bidan):
    family, child = FamilyFactory(), PatientFactory()
    add_family_member(actor=bidan, family=family, patient=child, relation=FamilyRelation.ANAK)
    child.refresh_from_db()
    entry = AuditEntry.objects.get(action="family.add_member")
    assert (child.family, child.family_relation) == (family, FamilyRelation.ANAK)
    assert (entry.patient_id, entry.detail) == (child.pk, {"family": family.pk, "relation": "anak"})


# Merges


def test_merge_patients_keeps_both_rows_and_points_the_duplicate_at_the_kept_one(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    duplicate.refresh_from_db()
    assert (Patient.objects.filter(pk__in=[keep.pk, duplicate.pk]).count(), duplicate.merged_into) == (2, keep)


def test_merge_patients_hides_the_duplicate_from_the_patient_list(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    assert list(patient_list(user=pendaftaran)) == [keep]


def test_merge_patients_moves_the_nik_to_a_kept_record_without_one(pendaftaran):
    keep, duplicate = PatientFactory(nik=None), PatientFactory()
    nik = duplicate.nik
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (keep.nik, duplicate.nik, versions_of(duplicate)[0].data["nik"]) == (nik, None, nik)


def test_merge_patients_keeps_the_kept_nik_when_both_have_one(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory()
    kept_nik = keep.nik
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    assert Patient.objects.get(pk=keep.pk).nik == kept_nik


def test_merge_patients_fills_a_missing_phone_from_the_duplicate(pendaftaran):
    keep, duplicate = PatientFactory(phone=""), PatientFactory(nik=None, phone="081233334444")
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    assert Patient.objects.get(pk=keep.pk).phone == "081233334444"


def test_merge_patients_keeps_a_version_of_both_and_audits_the_merge(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason="Terdaftar dua kali")
    entry = AuditEntry.objects.get(action="patient.merge")
    assert (len(versions_of(keep)), len(versions_of(duplicate))) == (1, 1)
    assert (entry.patient_id, entry.detail) == (keep.pk, {"duplicate": duplicate.pk, "reason": "Terdaftar dua kali"})


def test_merge_patients_refuses_to_merge_a_patient_into_itself(pendaftaran):
    patient = PatientFactory()
    with pytest.raises(ValidationError) as raised:
        merge_patients(actor=pendaftaran, keep=patient, duplicate=patient, reason="x")
    assert raised.value.messages == [MERGE_SAME]


@pytest.mark.parametrize("side", ["duplicate", "keep"])
def test_merge_patients_refuses_a_record_that_was_already_merged(pendaftaran, side):
    first, second, third = PatientFactory(), PatientFactory(nik=None), PatientFactory(nik=None)
    merge_patients(actor=pendaftaran, keep=first, duplicate=second, reason="Terdaftar dua kali")
    pair = {"keep": third, "duplicate": second} if side == "duplicate" else {"keep": second, "duplicate": third}
    with pytest.raises(ValidationError) as raised:
        merge_patients(actor=pendaftaran, reason="lagi", **pair)
    assert raised.value.messages == [MERGE_ALREADY]
    assert Patient.objects.get(pk=third.pk).merged_into is None


def test_merge_patients_requires_a_reason(pendaftaran):
    keep, duplicate = PatientFactory(), PatientFactory(nik=None)
    with pytest.raises(ValidationError) as raised:
        merge_patients(actor=pendaftaran, keep=keep, duplicate=duplicate, reason=" ")
    assert raised.value.message_dict == {"reason": [REASON_REQUIRED]}
    assert Patient.objects.get(pk=duplicate.pk).merged_into is None
