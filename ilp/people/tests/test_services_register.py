"""register_patient: one complete registration (patient, name index, no. RM, audit) or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import UserFactory
from ilp.audit.models import AuditEntry
from ilp.people.models import MedicalRecord, NameToken, Patient
from ilp.people.nik import NOT_16_DIGITS, build_nik
from ilp.people.services import (
    BIRTH_IN_FUTURE,
    BIRTH_TOO_OLD,
    BPJS_TAKEN,
    NIK_TAKEN,
    NOT_A_DESA,
    NOT_ALLOWED,
    register_patient,
)
from ilp.people.tests.factories import PatientFactory

BIRTH = dt.date(1990, 4, 12)


def siti_aminah(home, **overrides) -> dict:
    nik = build_nik(kecamatan_code=home.parent.code, birth_date=BIRTH, sex="F", serial=7)
    return {"name": "Siti Aminah", "birth_date": BIRTH, "sex": "F", "desa": home, "nik": nik} | overrides


def written() -> tuple[int, int, int, int]:
    return Patient.objects.count(), NameToken.objects.count(), MedicalRecord.objects.count(), AuditEntry.objects.count()


def test_register_patient_saves_the_identity_as_entered(pendaftaran, desa):
    patient = register_patient(actor=pendaftaran, **siti_aminah(desa), address="Jl. Sudirman 5", phone="081234567890")
    saved = Patient.objects.get(pk=patient.pk)
    assert (saved.name, saved.sex, saved.birth_date, saved.desa, saved.nik[6:12], saved.address) == (
        "Siti Aminah", "F", BIRTH, desa, "520490", "Jl. Sudirman 5")
    assert (saved.registered_at, saved.created_by, saved.version) == (pendaftaran.facility, pendaftaran, 1)


def test_register_patient_indexes_each_word_of_the_name_for_search(pendaftaran, desa):
    patient = register_patient(actor=pendaftaran, **siti_aminah(desa, name="Hj. Siti  Aminah"))
    assert sorted(patient.name_tokens.values_list("token", flat=True)) == ["aminah", "siti"]


def test_register_patient_gives_the_first_patient_of_a_puskesmas_no_rm_000001(pendaftaran, desa):
    patient = register_patient(actor=pendaftaran, **siti_aminah(desa))
    record = patient.medical_records.get()
    assert (record.facility, record.number) == (pendaftaran.facility, "000001")


def test_register_patient_counts_no_rm_up_at_the_same_puskesmas(pendaftaran, desa):
    register_patient(actor=pendaftaran, **siti_aminah(desa))
    second = register_patient(actor=pendaftaran, **siti_aminah(desa, name="Budi Santoso", sex="M", nik=None))
    assert second.medical_records.get().number == "000002"


def test_register_patient_counts_no_rm_separately_per_puskesmas(pendaftaran, petugas_lain, desa, desa_lain):
    register_patient(actor=pendaftaran, **siti_aminah(desa))
    there = register_patient(actor=petugas_lain, **siti_aminah(desa_lain, nik=None, name="Budi Santoso", sex="M"))
    assert (there.medical_records.get().facility, there.medical_records.get().number) == (petugas_lain.facility, "000001")


def test_register_patient_by_a_kader_gives_the_no_rm_of_her_puskesmas(kader, puskesmas, desa):
    patient = register_patient(actor=kader, **siti_aminah(desa))
    assert patient.medical_records.get().facility == puskesmas


def test_register_patient_writes_the_audit_rows_of_the_patient_and_the_record(pendaftaran, desa):
    patient = register_patient(actor=pendaftaran, **siti_aminah(desa))
    rows = AuditEntry.objects.order_by("id")
    assert [(r.action, r.actor, r.facility, r.patient_id) for r in rows] == [
        ("patient.create", pendaftaran, pendaftaran.facility, patient.pk),
        ("medicalrecord.create", pendaftaran, pendaftaran.facility, patient.pk),
    ]


def test_register_patient_without_nik_is_allowed_for_a_newborn(bidan, desa):
    mother = PatientFactory(sex="F")
    baby = register_patient(actor=bidan, name="Bayi Ny. Siti", birth_date=dt.date(2025, 6, 1), sex="F", desa=desa,
                            nik="", mother=mother)
    assert (baby.nik, baby.mother) == (None, mother)


def test_register_patient_rejects_a_taken_nik_and_names_its_owner(pendaftaran, desa):
    owner = PatientFactory(name="Rosmaini Chaniago")
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, nik=owner.nik))
    assert raised.value.message_dict == {"nik": [NIK_TAKEN % {"nik": owner.nik, "name": "Rosmaini Chaniago"}]}


def test_register_patient_rejects_an_invalid_nik(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, nik="12345"))
    assert raised.value.message_dict == {"nik": [NOT_16_DIGITS]}


@pytest.mark.time_machine(dt.datetime(2025, 6, 15, 9, 0, tzinfo=dt.UTC))
def test_register_patient_rejects_a_birth_date_in_the_future(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, nik=None, birth_date=dt.date(2025, 6, 16)))
    assert raised.value.message_dict == {"birth_date": [BIRTH_IN_FUTURE]}


@pytest.mark.time_machine(dt.datetime(2025, 6, 15, 9, 0, tzinfo=dt.UTC))
def test_register_patient_accepts_a_baby_born_today(pendaftaran, desa):
    baby = register_patient(actor=pendaftaran, **siti_aminah(desa, nik=None, birth_date=dt.date(2025, 6, 15)))
    assert baby.birth_date == dt.date(2025, 6, 15)


def test_register_patient_rejects_a_birth_date_more_than_120_years_ago(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, nik=None, birth_date=dt.date(1880, 1, 1)))
    assert raised.value.message_dict == {"birth_date": [BIRTH_TOO_OLD]}


def test_register_patient_rejects_a_kecamatan_in_place_of_a_desa(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, desa=desa.parent))
    assert raised.value.message_dict == {"desa": [NOT_A_DESA]}


def test_register_patient_rejects_a_taken_bpjs_number(pendaftaran, desa):
    owner = PatientFactory(name="Ratna Koto", bpjs_number="0001234567890")
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, bpjs_number=owner.bpjs_number))
    assert raised.value.message_dict == {"bpjs_number": [BPJS_TAKEN % {"bpjs": "0001234567890", "name": "Ratna Koto"}]}


def test_register_patient_reports_every_problem_at_once(pendaftaran, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=pendaftaran, **siti_aminah(desa, nik="1", desa=desa.parent, birth_date=dt.date(3000, 1, 1)))
    assert sorted(raised.value.message_dict) == ["birth_date", "desa", "nik"]


@pytest.mark.parametrize("role", [Role.KASIR, Role.APOTEKER, Role.ANALIS_LAB])
def test_register_patient_refuses_facility_roles_without_registration_duty(puskesmas, desa, role):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=UserFactory(role=role, facility=puskesmas), **siti_aminah(desa))
    assert raised.value.messages == [NOT_ALLOWED]


def test_register_patient_refuses_dinkes(dinkes, desa):
    with pytest.raises(ValidationError) as raised:
        register_patient(actor=dinkes, **siti_aminah(desa))
    assert raised.value.messages == [NOT_ALLOWED]


@pytest.mark.parametrize("bad", [
    pytest.param(lambda desa, owner: {"nik": "1310041708850000"}, id="serial-0000"),
    pytest.param(lambda desa, owner: {"desa": desa.parent}, id="kecamatan"),
    pytest.param(lambda desa, owner: {"birth_date": dt.date(3000, 1, 1)}, id="future"),
    pytest.param(lambda desa, owner: {"nik": owner.nik}, id="taken-nik"),
    pytest.param(lambda desa, owner: {"bpjs_number": owner.bpjs_number}, id="taken-bpjs"),
])
def test_register_patient_writes_nothing_when_it_fails(pendaftaran, desa, bad):
    owner = PatientFactory(bpjs_number="0001234567890")
    before = written()
    with pytest.raises(ValidationError):
        register_patient(actor=pendaftaran, **siti_aminah(desa, **bad(desa, owner)))
    assert written() == before
    assert not AuditEntry.objects.filter(action="patient.create").exists()


def test_register_patient_by_a_refused_role_writes_nothing(dinkes, desa):
    before = written()
    with pytest.raises(ValidationError):
        register_patient(actor=dinkes, **siti_aminah(desa))
    assert written() == before
