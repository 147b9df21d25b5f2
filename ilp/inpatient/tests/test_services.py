"""Admission, one patient per bed, daily notes, ward vitals and discharge: rules and nothing half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.inpatient import services
from ilp.inpatient.models import Admission, DailyNote


def admit(dokter, patient, bed, **kwargs):
    return services.admit_patient(actor=dokter, facility=bed.ward.facility, patient=patient, bed=bed,
                                  reason="Diare dengan dehidrasi sedang", source="ruang", **kwargs)


def test_admit_patient_puts_the_patient_in_the_bed_and_audits(dokter, patient, beds):
    admission = admit(dokter, patient, beds[0], diagnosis_code="a09")
    assert (admission.bed, admission.is_open, admission.diagnosis_code) == (beds[0], True, "A09")
    assert AuditEntry.objects.filter(action="admission.create", patient_id=patient.pk).exists()


def test_admit_patient_refuses_a_bed_that_holds_someone(dokter, patient, other_patient, beds):
    admit(dokter, patient, beds[0])
    with pytest.raises(ValidationError) as raised:
        admit(dokter, other_patient, beds[0])
    assert raised.value.message_dict["bed"] == [services.BED_TAKEN % {"bed": beds[0], "name": "Yusri Chaniago"}]
    assert not Admission.objects.filter(patient=other_patient).exists()
    assert not AuditEntry.objects.filter(action="admission.create", patient_id=other_patient.pk).exists()


def test_the_database_itself_refuses_two_open_stays_in_one_bed(dokter, patient, other_patient, beds):
    first = admit(dokter, patient, beds[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Admission.objects.create(facility=first.facility, patient=other_patient, source="ruang", bed=beds[0],
                                 reason="x", admitted_at=timezone.now())


def test_admit_patient_refuses_a_second_open_stay_of_the_same_patient(dokter, patient, beds):
    admit(dokter, patient, beds[0])
    with pytest.raises(ValidationError) as raised:
        admit(dokter, patient, beds[1])
    assert "masih dirawat" in raised.value.messages[0]


def test_admit_patient_refuses_a_puskesmas_without_wards(dokter, patient, puskesmas_lain, beds):
    with pytest.raises(ValidationError) as raised:
        services.admit_patient(actor=dokter, facility=puskesmas_lain, patient=patient, bed=beds[0], reason="x", source="ruang")
    assert raised.value.messages == [services.NO_WARDS % {"facility": puskesmas_lain.name}]


def test_admit_patient_refuses_an_unknown_icd10_code_and_a_clerk(dokter, pendaftaran, patient, beds):
    with pytest.raises(ValidationError) as raised:
        admit(dokter, patient, beds[0], diagnosis_code="ZZ9")
    assert "tidak dikenal" in raised.value.message_dict["diagnosis_code"][0]
    with pytest.raises(ValidationError):
        admit(pendaftaran, patient, beds[0])
    assert not Admission.objects.exists()


def test_discharge_frees_the_bed_for_the_next_patient(dokter, patient, other_patient, beds):
    admission = admit(dokter, patient, beds[0], admitted_at=timezone.now() - dt.timedelta(days=2))
    services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course="Membaik", final_diagnosis_code="A09")
    admission.refresh_from_db()
    assert (admission.outcome, admission.final_diagnosis_code, admission.is_open) == ("pulang", "A09", False)
    assert admit(dokter, other_patient, beds[0]).bed == beds[0]


def test_discharge_before_admission_is_refused_and_nothing_changes(dokter, patient, beds):
    admission = admit(dokter, patient, beds[0], admitted_at=timezone.now() - dt.timedelta(hours=3))
    with pytest.raises(ValidationError) as raised:
        services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course="Membaik",
                                   discharged_at=admission.admitted_at - dt.timedelta(hours=1))
    assert "tidak boleh sebelum waktu masuk" in raised.value.message_dict["discharged_at"][0]
    admission.refresh_from_db()
    assert admission.is_open and admission.outcome == ""
    assert not AuditEntry.objects.filter(action="admission.discharge").exists()


def test_discharge_needs_an_outcome_and_a_summary_and_happens_once(dokter, patient, beds):
    admission = admit(dokter, patient, beds[0])
    with pytest.raises(ValidationError) as raised:
        services.discharge_patient(actor=dokter, admission=admission, outcome="", course="")
    assert raised.value.message_dict == {"outcome": [services.OUTCOME_REQUIRED]}
    with pytest.raises(ValidationError) as raised:
        services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course=" ")
    assert raised.value.message_dict == {"course": [services.SUMMARY_REQUIRED]}
    services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course="Membaik")
    with pytest.raises(ValidationError) as raised:
        services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course="Membaik")
    assert "sudah pulang" in raised.value.messages[0]


def test_move_bed_refuses_an_occupied_bed(dokter, patient, other_patient, beds):
    first, second = admit(dokter, patient, beds[0]), admit(dokter, other_patient, beds[1])
    with pytest.raises(ValidationError):
        services.move_bed(actor=dokter, admission=second, bed=beds[0])
    services.move_bed(actor=dokter, admission=second, bed=beds[2])
    second.refresh_from_db()
    assert (first.bed, second.bed) == (beds[0], beds[2])


def test_daily_note_needs_all_four_soap_parts_and_an_open_stay(perawat, dokter, patient, beds):
    admission = admit(dokter, patient, beds[0], admitted_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        services.write_daily_note(actor=perawat, admission=admission, subjective="Mual", objective="", assessment="x", plan="y")
    assert raised.value.messages == [services.SOAP_REQUIRED]
    services.write_daily_note(actor=perawat, admission=admission, subjective="Mual", objective="TD 120/80", assessment="Membaik",
                              plan="Lanjut infus")
    with pytest.raises(ValidationError) as raised:
        services.write_daily_note(actor=perawat, admission=admission, subjective="a", objective="b", assessment="c", plan="d",
                                  written_at=admission.admitted_at - dt.timedelta(hours=1))
    assert raised.value.message_dict == {"written_at": [services.NOTE_BEFORE_ADMISSION]}
    assert DailyNote.objects.filter(admission=admission).count() == 1


def test_ward_vitals_refuse_implausible_values_and_store_nothing(perawat, dokter, patient, beds):
    admission = admit(dokter, patient, beds[0])
    with pytest.raises(ValidationError) as raised:
        services.record_ward_vitals(actor=perawat, admission=admission,
                                    values={"temperature": Decimal("52"), "heart_rate": Decimal("88")})
    assert "Suhu tubuh 52" in raised.value.message_dict["temperature"][0]
    assert not Observation.objects.filter(source=admission.vitals_source).exists()
    services.record_ward_vitals(actor=perawat, admission=admission, values={"temperature": Decimal("38.2"), "sbp": Decimal(110),
                                                                           "dbp": Decimal(70)})
    assert Observation.objects.filter(source=admission.vitals_source, patient=patient).count() == 3


def test_inpatient_beds_command_declares_and_retires_beds(puskesmas):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("inpatient_beds", facility=puskesmas.code, ward="Ruang Anak", kind="anak", beds=3, stdout=out)
    call_command("inpatient_beds", facility=puskesmas.code, ward="Ruang Anak", kind="anak", beds=2, stdout=out)
    assert out.getvalue().splitlines()[-1] == "Ruang Anak (rawat inap anak): 2 tempat tidur"
    assert puskesmas.wards.get().beds.count() == 3  # the third is retired, not deleted
