"""Contact investigation of an index case: contacts listed (found or registered), screened (symptomatic →
terduga), tested, the doctor's decision and TPT; the rules that keep it consistent (DOMAIN.md §5)."""

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.indicators.models import Fact
from ilp.people.models import Patient
from ilp.tb import services
from ilp.tb.models import TbCase, TbContact, TbTest
from ilp.tb.services import contacts as contact_services

from .factories import D, adult, contact, index_case, presumptive, with_result


def test_only_a_bacteriologically_confirmed_pulmonary_case_is_an_index(dokter):
    case = presumptive(dokter)
    with_result(dokter, case, result=TbTest.Result.MTB_NEGATIF)
    services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.KLINIS, diagnosed_on=D(2026, 3, 5),
                              site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    with pytest.raises(ValidationError) as raised:
        contact(dokter, case)
    assert raised.value.messages == [contact_services.NOT_AN_INDEX]


def test_a_new_person_is_registered_with_a_no_rm_and_listed(kader, dokter, desa):
    case = index_case(dokter)
    listed = services.add_contact(actor=kader, index_case=case, relation=TbContact.Relation.SERUMAH, listed_on=D(2026, 3, 5),
                                  new_person={"name": "Rahmat Hidayat", "sex": "M", "birth_date": D(2015, 2, 2), "desa": desa})
    assert listed.patient.name == "Rahmat Hidayat" and listed.patient.medical_records.exists()
    assert set(Fact.objects.filter(source=f"tb.TbContact:{listed.pk}").values_list("code", flat=True)) == {"didaftar"}


def test_a_failed_listing_registers_nobody(kader, dokter, desa):
    case = index_case(dokter)
    before = Patient.objects.count()
    with pytest.raises(ValidationError):
        services.add_contact(actor=kader, index_case=case, relation=TbContact.Relation.SERUMAH, listed_on=D(2099, 1, 1),
                             new_person={"name": "Rahmat Hidayat", "sex": "M", "birth_date": D(2015, 2, 2), "desa": desa})
    assert Patient.objects.count() == before and not TbContact.objects.exists()


def test_the_same_person_is_listed_once_and_never_as_their_own_contact(dokter):
    case = index_case(dokter)
    person = adult()
    contact(dokter, case, person)
    with pytest.raises(ValidationError) as raised:
        contact(dokter, case, person)
    assert raised.value.messages == [contact_services.ALREADY_LISTED % {"name": person.name}]
    with pytest.raises(ValidationError) as raised:
        contact(dokter, case, case.patient)
    assert raised.value.messages == [contact_services.SELF_CONTACT]


def test_the_first_screened_contact_marks_the_index_case_with_ik(dokter, kader):
    case = index_case(dokter)
    listed = contact(dokter, case)
    services.screen_contact(actor=kader, contact=listed, screened_on=D(2026, 3, 9), symptomatic=False)
    ik = Fact.objects.get(source=f"tb.TbCase:{case.pk}", kind="tb_indeks", code="ik")
    assert ik.date == D(2026, 3, 9) and ik.person == case.patient_id


def test_a_symptomatic_contact_becomes_a_terduga_from_contact_investigation(dokter, kader):
    listed = contact(dokter, index_case(dokter))
    screened = services.screen_contact(actor=kader, contact=listed, screened_on=D(2026, 3, 9), symptomatic=True)
    assert screened.presumptive_case.source == TbCase.Source.KONTAK
    assert screened.presumptive_case.presumptive_on == D(2026, 3, 9)


def test_tpt_needs_tb_excluded_in_a_symptomatic_contact(dokter, kader):
    listed = contact(dokter, index_case(dokter))
    screened = services.screen_contact(actor=kader, contact=listed, screened_on=D(2026, 3, 9), symptomatic=True)
    with pytest.raises(ValidationError) as raised:
        services.decide_contact(actor=dokter, contact=screened, decision=TbContact.Decision.TPT, decided_on=D(2026, 3, 12))
    assert raised.value.message_dict == {"decision": [contact_services.TB_NOT_EXCLUDED]}
    with_result(dokter, screened.presumptive_case, result=TbTest.Result.MTB_NEGATIF, on=D(2026, 3, 10))
    services.record_diagnosis(actor=dokter, case=screened.presumptive_case, diagnosis=TbCase.Diagnosis.BUKAN_TBC,
                              diagnosed_on=D(2026, 3, 12))
    decided = services.decide_contact(actor=dokter, contact=screened, decision=TbContact.Decision.TPT, decided_on=D(2026, 3, 12))
    assert decided.decision == TbContact.Decision.TPT


def test_oat_for_a_contact_needs_its_tb_diagnosis(dokter, kader):
    screened = services.screen_contact(actor=kader, contact=contact(dokter, index_case(dokter)), screened_on=D(2026, 3, 9),
                                       symptomatic=False)
    with pytest.raises(ValidationError) as raised:
        services.decide_contact(actor=dokter, contact=screened, decision=TbContact.Decision.OAT, decided_on=D(2026, 3, 12))
    assert raised.value.message_dict == {"decision": [contact_services.NO_TB_DIAGNOSIS]}


def test_only_the_doctor_decides_and_only_after_screening(dokter, perawat):
    listed = contact(dokter, index_case(dokter))
    with pytest.raises(ValidationError) as raised:
        services.decide_contact(actor=dokter, contact=listed, decision=TbContact.Decision.TPT, decided_on=D(2026, 3, 12))
    assert raised.value.messages == [contact_services.NOT_SCREENED]
    services.screen_contact(actor=perawat, contact=listed, screened_on=D(2026, 3, 9), symptomatic=False)
    with pytest.raises(ValidationError) as raised:
        services.decide_contact(actor=perawat, contact=listed, decision=TbContact.Decision.TPT, decided_on=D(2026, 3, 12))
    assert raised.value.messages == [contact_services.ONLY_DOCTOR]


def test_tpt_starts_only_for_a_contact_judged_eligible_and_counts(dokter, perawat):
    listed = contact(dokter, index_case(dokter))
    services.screen_contact(actor=perawat, contact=listed, screened_on=D(2026, 3, 9), symptomatic=False)
    services.record_contact_tests(actor=perawat, contact=listed, tested_on=D(2026, 3, 10), cxr="normal", infection_test="abnormal")
    with pytest.raises(ValidationError) as raised:
        services.start_tpt(actor=perawat, contact=listed, started_on=D(2026, 3, 13), regimen=TbContact.TptRegimen.THREE_HP)
    assert raised.value.messages == [contact_services.NOT_ELIGIBLE]
    services.decide_contact(actor=dokter, contact=listed, decision=TbContact.Decision.TPT, decided_on=D(2026, 3, 12),
                            note="TST positif, foto toraks normal")
    started = services.start_tpt(actor=perawat, contact=listed, started_on=D(2026, 3, 13), regimen=TbContact.TptRegimen.THREE_HP)
    assert started.tpt_started_on == D(2026, 3, 13)
    assert set(Fact.objects.filter(source=f"tb.TbContact:{listed.pk}").values_list("code", "date")) == {
        ("didaftar", D(2026, 3, 4)), ("diskrining", D(2026, 3, 9)), ("layak_tpt", D(2026, 3, 12)), ("tpt", D(2026, 3, 13))}
    assert AuditEntry.objects.filter(action="tb.tpt_start", target_id=str(listed.pk)).exists()


def test_a_decision_cannot_precede_the_screening(dokter, perawat):
    listed = contact(dokter, index_case(dokter))
    services.screen_contact(actor=perawat, contact=listed, screened_on=D(2026, 3, 9), symptomatic=False)
    with pytest.raises(ValidationError) as raised:
        services.decide_contact(actor=dokter, contact=listed, decision=TbContact.Decision.TIDAK, decided_on=D(2026, 3, 8))
    assert list(raised.value.message_dict) == ["decided_on"]
    listed.refresh_from_db()
    assert not listed.decision
