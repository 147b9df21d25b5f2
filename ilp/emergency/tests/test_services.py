"""UGD: arrival before registration, triage, record, observation, identification afterwards, disposition."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Condition, Observation
from ilp.emergency import services
from ilp.emergency.models import EmergencyCase, ObservationEntry
from ilp.facilities.models import Facility
from ilp.inpatient.models import Admission
from ilp.visits.models import QueueEntry, Referral, Visit
from ilp.visits.services import open_visit

VITALS = {"sbp": Decimal(90), "dbp": Decimal(60), "heart_rate": Decimal(120), "resp_rate": Decimal(26), "temperature": None}


def test_arrival_label_names_the_unknown_as_staff_do():
    assert services.arrival_label(sex="M", age=40) == "Tn. X, ±40 th"
    assert services.arrival_label(sex="F", age=None) == "Ny. X"
    assert services.arrival_label(sex="F", age=8) == "An. X, ±8 th"


def test_start_arrival_takes_the_patient_into_care_without_registration(case):
    visit = case.visit
    assert (case.label, visit.patient, visit.emergency, visit.status) == ("Tn. X, ±40 th", None, True, Visit.Status.OPEN)
    assert visit.entries.get().station.code == "ugd"
    assert visit.entries.get().status == QueueEntry.Status.IN_SERVICE
    assert AuditEntry.objects.filter(action="emergency.arrive").count() == 1


def test_start_arrival_receives_a_kiosk_emergency_ticket_once(perawat, puskesmas):
    visit = open_visit(actor=perawat, facility=puskesmas, emergency=True)
    case = services.start_arrival(actor=perawat, facility=puskesmas, complaint="Sesak napas", visit=visit)
    assert case.visit == visit and visit.number.startswith("U")
    with pytest.raises(ValidationError):
        services.start_arrival(actor=perawat, facility=puskesmas, complaint="Sesak napas", visit=visit)


def test_start_arrival_needs_a_complaint_and_leaves_no_ticket(perawat, puskesmas):
    with pytest.raises(ValidationError) as raised:
        services.start_arrival(actor=perawat, facility=puskesmas, complaint="  ")
    assert raised.value.message_dict == {"complaint": [services.COMPLAINT_REQUIRED]}
    assert not Visit.objects.exists()


def test_triage_without_level_is_refused_and_stores_no_vitals(perawat, case):
    with pytest.raises(ValidationError) as raised:
        services.triage_case(actor=perawat, case=case, level=None, values=VITALS)
    assert raised.value.message_dict == {"level": [services.LEVEL_REQUIRED]}
    assert not Observation.objects.filter(visit=case.visit).exists()


def test_triage_refuses_implausible_vitals_and_keeps_the_case_untriaged(perawat, case):
    with pytest.raises(ValidationError) as raised:
        services.triage_case(actor=perawat, case=case, level=1, values={**VITALS, "heart_rate": Decimal(400)})
    assert "Nadi 400" in raised.value.message_dict["heart_rate"][0]
    case.refresh_from_db()
    assert case.triage_level is None and not Observation.objects.filter(visit=case.visit).exists()


def test_triage_stores_the_level_and_vitals_and_a_retriage_keeps_the_old_level_in_the_audit(perawat, case):
    services.triage_case(actor=perawat, case=case, level=2, values=VITALS)
    services.triage_case(actor=perawat, case=case, level=1, values={})
    case.refresh_from_db()
    assert (case.triage_level, case.colour) == (1, "merah")
    assert Observation.objects.filter(visit=case.visit, source="ugd", patient=None).count() == 4
    assert AuditEntry.objects.filter(action="emergency.triage").order_by("id").last().detail == {"level": 1, "previous": 2}


def test_a_clerk_cannot_triage(pendaftaran, case):
    with pytest.raises(ValidationError):
        services.triage_case(actor=pendaftaran, case=case, level=3, values={})


def test_record_examination_keeps_the_diagnosis_until_the_patient_is_known(dokter, perawat, case, patient):
    services.record_examination(actor=dokter, case=case, anamnesis="Jatuh dari motor", diagnosis_code="s06.0")
    case.refresh_from_db()
    assert (case.diagnosis_code, case.examined_by, case.condition) == ("S06.0", dokter, None)
    services.identify_patient(actor=dokter, case=case, patient=patient, payer="umum")
    case.refresh_from_db()
    assert case.condition.code == "S06.0" and case.condition.patient == patient
    assert Condition.objects.filter(patient=patient).count() == 1


def test_record_examination_refuses_an_unknown_code_and_an_empty_record(dokter, case):
    with pytest.raises(ValidationError) as raised:
        services.record_examination(actor=dokter, case=case, diagnosis_code="QQ1")
    assert "QQ1" in raised.value.message_dict["diagnosis_code"][0]
    with pytest.raises(ValidationError):
        services.record_examination(actor=dokter, case=case)
    case.refresh_from_db()
    assert case.examined_at is None


def test_observation_rounds_store_notes_and_vitals(perawat, case):
    services.add_observation(actor=perawat, case=case, note="GCS 13", values={"sbp": Decimal(100), "dbp": Decimal(70)})
    with pytest.raises(ValidationError):
        services.add_observation(actor=perawat, case=case, note="", values={"sbp": None})
    with pytest.raises(ValidationError):
        services.add_observation(actor=perawat, case=case, note="x", values={"sbp": Decimal(60), "dbp": Decimal(70)})
    assert ObservationEntry.objects.filter(case=case).count() == 1
    assert Observation.objects.filter(visit=case.visit).count() == 2


def test_identify_patient_registers_the_same_visit_and_gives_it_the_vitals(perawat, case, patient):
    services.triage_case(actor=perawat, case=case, level=2, values=VITALS)
    services.identify_patient(actor=perawat, case=case, patient=patient, payer="umum")
    visit = Visit.objects.get(pk=case.visit_id)
    assert (visit.patient, visit.registered_at is not None, visit.status) == (patient, True, Visit.Status.OPEN)
    assert Observation.objects.filter(visit=visit, patient=patient).count() == 4
    assert visit.entries.get().status == QueueEntry.Status.IN_SERVICE  # stays in UGD
    with pytest.raises(ValidationError):
        services.identify_patient(actor=perawat, case=case, patient=patient, payer="umum")


def test_disposition_needs_triage_and_identity_except_for_a_death(dokter, case):
    with pytest.raises(ValidationError) as raised:
        services.dispose_case(actor=dokter, case=case, disposition="pulang")
    assert raised.value.messages == [services.TRIAGE_FIRST]
    services.triage_case(actor=dokter, case=case, level=1, values={})
    with pytest.raises(ValidationError) as raised:
        services.dispose_case(actor=dokter, case=case, disposition="rujuk")
    assert "Identitas pasien belum diketahui" in raised.value.messages[0]
    services.dispose_case(actor=dokter, case=case, disposition="meninggal", note="Henti jantung 14.20")
    case.refresh_from_db()
    assert case.disposition == "meninggal" and case.visit.status == Visit.Status.FINISHED


def test_an_unknown_who_died_is_identified_afterwards_and_the_visit_kept(dokter, case, patient):
    services.triage_case(actor=dokter, case=case, level=1, values={})
    services.dispose_case(actor=dokter, case=case, disposition="meninggal")
    services.identify_patient(actor=dokter, case=case, patient=patient, payer="umum")
    assert Visit.objects.get(pk=case.visit_id).patient == patient


def triaged_and_known(dokter, case, patient):
    services.triage_case(actor=dokter, case=case, level=3, values={})
    services.identify_patient(actor=dokter, case=case, patient=patient, payer="umum")
    services.record_examination(actor=dokter, case=case, diagnosis_code="A09")
    return case


def test_disposition_rawat_inap_admits_to_the_bed_and_ends_the_ugd_visit(dokter, case, patient, beds):
    case = triaged_and_known(dokter, case, patient)
    services.dispose_case(actor=dokter, case=case, disposition="rawat_inap", note="Dehidrasi berat", bed=beds[0])
    case.refresh_from_db()
    admission = case.admission
    assert (admission.patient, admission.bed, admission.source, admission.visit) == (patient, beds[0], "ugd", case.visit)
    assert (admission.diagnosis_code, admission.reason) == ("A09", "Dehidrasi berat")
    assert case.visit.status == Visit.Status.FINISHED


def test_disposition_rawat_inap_into_an_occupied_bed_saves_nothing(dokter, case, patient, beds, desa):
    from ilp.people.tests.factories import PatientFactory

    Admission.objects.create(facility=case.facility, patient=PatientFactory(desa=desa), source="ruang", bed=beds[0],
                             reason="x", admitted_at=case.arrived_at)
    case = triaged_and_known(dokter, case, patient)
    with pytest.raises(ValidationError) as raised:
        services.dispose_case(actor=dokter, case=case, disposition="rawat_inap", bed=beds[0])
    assert "sedang dipakai" in raised.value.message_dict["bed"][0]
    case.refresh_from_db()
    assert (case.disposition, case.admission, case.visit.status) == ("", None, Visit.Status.OPEN)
    assert not AuditEntry.objects.filter(action="emergency.dispose").exists()


def test_disposition_rujuk_writes_the_referral_letter(dokter, case, patient):
    case = triaged_and_known(dokter, case, patient)
    hospital = Facility.objects.get(kind=Facility.Kind.FKRTL)
    with pytest.raises(ValidationError) as raised:
        services.dispose_case(actor=dokter, case=case, disposition="rujuk", note="Perlu CT scan")
    assert raised.value.message_dict == {"hospital": [services.HOSPITAL_REQUIRED]}
    services.dispose_case(actor=dokter, case=case, disposition="rujuk", note="Perlu CT scan", hospital=hospital)
    case.refresh_from_db()
    referral = case.referral
    assert (referral.kind, referral.to_facility, referral.reason) == (Referral.Kind.EXTERNAL, hospital, "Perlu CT scan")
    assert referral.diagnosis.startswith("A09") and referral.letter_number


def test_disposition_rujuk_reuses_a_letter_already_written(dokter, case, patient):
    from ilp.visits.services import refer_externally

    case = triaged_and_known(dokter, case, patient)
    hospital = Facility.objects.get(kind=Facility.Kind.FKRTL)
    letter = refer_externally(actor=dokter, entry=services.ugd_entry(case), hospital=hospital, reason="Fraktur")
    services.dispose_case(actor=dokter, case=case, disposition="rujuk")
    case.refresh_from_db()
    assert case.referral == letter and case.visit.referrals.count() == 1


def test_disposition_home_via_the_pharmacy_keeps_the_visit_open_there(dokter, case, patient):
    case = triaged_and_known(dokter, case, patient)
    services.dispose_case(actor=dokter, case=case, disposition="pulang", to_pharmacy=True)
    case.refresh_from_db()
    assert case.visit.status == Visit.Status.OPEN
    assert case.visit.entries.filter(station__code="farmasi", status=QueueEntry.Status.WAITING).exists()
    with pytest.raises(ValidationError):
        services.add_observation(actor=dokter, case=case, note="x", values={})
    assert EmergencyCase.objects.get(pk=case.pk).disposition == "pulang"


def test_an_observation_before_the_arrival_or_in_the_future_is_refused(perawat, case):
    import datetime as dt

    for at in (case.arrived_at - dt.timedelta(hours=2), case.arrived_at + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as raised:
            services.add_observation(actor=perawat, case=case, note="GCS 14", values={}, at=at)
        assert list(raised.value.message_dict) == ["at"]
    assert not ObservationEntry.objects.exists()
