"""A TB case along the cascade: terduga, tests, the doctor's diagnosis, OAT and outcome; each step audited,
counted in the facts, and refused with a clear message when out of order (DOMAIN.md §5, §6.4)."""


import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.indicators.models import Fact
from ilp.packages.services import record_package
from ilp.tb import services
from ilp.tb.models import TbCase, TbTest
from ilp.tb.services import cases

from .factories import PRESUMPTIVE_ON, D, adult, index_case, presumptive, with_result


def codes(case) -> set[tuple[str, str]]:
    return set(Fact.objects.filter(source=f"tb.TbCase:{case.pk}").values_list("kind", "code"))


def test_registering_a_terduga_audits_it_and_counts_it(perawat):
    case = presumptive(perawat)
    assert case.stage == TbCase.Stage.TERDUGA and case.facility == perawat.facility
    assert codes(case) == {("tb", "terduga")}
    assert AuditEntry.objects.filter(action="tb.presumptive", target_id=str(case.pk)).exists()


def test_a_patient_has_one_open_case(perawat):
    case = presumptive(perawat)
    with pytest.raises(ValidationError) as raised:
        presumptive(perawat, case.patient)
    assert raised.value.messages == [cases.OPEN_CASE % {"stage": "Terduga TBC", "date": "02-03-2026"}]
    assert TbCase.objects.count() == 1


@pytest.mark.parametrize("on, message", [(D(2099, 1, 1), cases.IN_FUTURE), (D(1979, 1, 1), cases.BEFORE_BIRTH)])
def test_impossible_dates_are_refused_on_their_field(perawat, on, message):
    with pytest.raises(ValidationError) as raised:
        presumptive(perawat, on=on)
    assert raised.value.message_dict == {"presumptive_on": [message]}
    assert not TbCase.objects.exists()


def test_a_screening_record_links_only_when_it_flagged_terduga(perawat):
    patient = adult()
    negative = record_package(actor=perawat, patient=patient, package_id="tbc_skrining", service_date=PRESUMPTIVE_ON,
                              values={"cough": False, "weight_loss": False, "fever": False, "night_sweats": False})
    with pytest.raises(ValidationError) as raised:
        services.register_presumptive(actor=perawat, patient=patient, presumptive_on=PRESUMPTIVE_ON,
                                      source=TbCase.Source.SKRINING, screening=negative)
    assert raised.value.message_dict == {"screening": [cases.NOT_A_PRESUMPTIVE_SCREENING]}


def test_ordering_a_test_and_its_result_make_the_terduga_examined(perawat, analis):
    case = presumptive(perawat)
    test = services.order_test(actor=perawat, case=case, kind=TbTest.Kind.TCM, ordered_on=D(2026, 3, 3),
                               sample_place=TbTest.Place.PUSTU)
    case.refresh_from_db()
    assert case.stage == TbCase.Stage.DIPERIKSA and codes(case) == {("tb", "terduga")}
    services.record_test_result(actor=analis, test=test, result=TbTest.Result.MTB_NEGATIF, result_on=D(2026, 3, 4))
    assert Fact.objects.get(source=f"tb.TbCase:{case.pk}", code="diperiksa").date == D(2026, 3, 4)


def test_a_chest_x_ray_alone_does_not_count_as_examined(perawat):
    case = presumptive(perawat)
    with_result(perawat, case, kind=TbTest.Kind.CXR, result=TbTest.Result.CXR_SUGESTIF)
    assert ("tb", "diperiksa") not in codes(case)


def test_a_result_must_belong_to_the_kind_of_test(perawat):
    case = presumptive(perawat)
    test = services.order_test(actor=perawat, case=case, kind=TbTest.Kind.BTA, ordered_on=PRESUMPTIVE_ON)
    with pytest.raises(ValidationError) as raised:
        services.record_test_result(actor=perawat, test=test, result=TbTest.Result.MTB_NEGATIF, result_on=PRESUMPTIVE_ON)
    assert list(raised.value.message_dict) == ["result"]


def test_a_result_cannot_precede_the_request(perawat):
    case = presumptive(perawat)
    test = services.order_test(actor=perawat, case=case, kind=TbTest.Kind.TCM, ordered_on=D(2026, 3, 5))
    with pytest.raises(ValidationError) as raised:
        services.record_test_result(actor=perawat, test=test, result=TbTest.Result.MTB_NEGATIF, result_on=D(2026, 3, 4))
    assert raised.value.message_dict == {"result_on": [cases.BEFORE_STEP % {"step": "tanggal permintaan", "date": "05-03-2026"}]}


def test_only_the_doctor_diagnoses(perawat):
    case = presumptive(perawat)
    with_result(perawat, case)
    with pytest.raises(ValidationError) as raised:
        services.record_diagnosis(actor=perawat, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=D(2026, 3, 5),
                                  site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    assert raised.value.messages == [cases.ONLY_DOCTOR]


def test_no_diagnosis_before_a_result(dokter):
    case = presumptive(dokter)
    with pytest.raises(ValidationError) as raised:
        services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.KLINIS, diagnosed_on=D(2026, 3, 5),
                                  site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    assert raised.value.messages == [cases.NO_RESULT_YET]


def test_bacteriological_confirmation_needs_a_positive_tcm_or_smear(dokter):
    case = presumptive(dokter)
    with_result(dokter, case, result=TbTest.Result.MTB_NEGATIF)
    with pytest.raises(ValidationError) as raised:
        services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=D(2026, 3, 5),
                                  site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    assert raised.value.message_dict == {"diagnosis": [cases.NO_POSITIVE_RESULT]}
    clinical = services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.KLINIS, diagnosed_on=D(2026, 3, 5),
                                         site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    assert clinical.stage == TbCase.Stage.TBC and not clinical.is_index
    assert ("tb", "tbc_klinis") in codes(case)


def test_rifampicin_resistance_on_tcm_makes_it_drug_resistant_tb(dokter):
    case = presumptive(dokter)
    with_result(dokter, case, result=TbTest.Result.MTB_RIF_RESISTAN)
    with pytest.raises(ValidationError) as raised:
        services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=D(2026, 3, 5),
                                  site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    assert raised.value.message_dict == {"resistance": [cases.RIF_RESISTANT]}


def test_not_tb_closes_the_case_and_a_new_episode_may_start(dokter):
    case = presumptive(dokter)
    with_result(dokter, case, result=TbTest.Result.MTB_NEGATIF)
    closed = services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BUKAN_TBC, diagnosed_on=D(2026, 3, 5))
    assert closed.stage == TbCase.Stage.BUKAN_TBC and ("tb", "bukan_tbc") in codes(case)
    assert presumptive(dokter, case.patient, on=D(2026, 6, 1)).stage == TbCase.Stage.TERDUGA


def test_treatment_and_outcome_complete_the_cascade(dokter, perawat):
    case = index_case(dokter)
    case = services.start_treatment(actor=perawat, case=case, started_on=D(2026, 3, 6), regimen=TbCase.Regimen.KATEGORI_1,
                                    hiv_status="nonreaktif", dm_status="bukan_dm")
    case = services.record_outcome(actor=perawat, case=case, outcome=TbCase.Outcome.SEMBUH, outcome_on=D(2026, 9, 7))
    assert case.stage == TbCase.Stage.SELESAI
    assert codes(case) == {("tb", "terduga"), ("tb", "diperiksa"), ("tb", "tbc_bakteriologis"), ("tb", "diobati"),
                           ("tb", "sembuh"), ("tb_indeks", "indeks")}
    assert [e.action for e in AuditEntry.objects.filter(target_id=str(case.pk), target_type="tb.TbCase").order_by("id")] == [
        "tb.presumptive", "tb.test_order", "tb.test_result", "tb.diagnosis", "tb.treatment_start", "tb.outcome"]


def test_treatment_needs_a_tb_diagnosis_and_a_matching_regimen(dokter, perawat):
    case = presumptive(dokter)
    with pytest.raises(ValidationError) as raised:
        services.start_treatment(actor=perawat, case=case, started_on=D(2026, 3, 6), regimen=TbCase.Regimen.KATEGORI_1)
    assert raised.value.messages == [cases.NOT_DIAGNOSED_TB]
    confirmed = index_case(dokter)
    with pytest.raises(ValidationError) as raised:
        services.start_treatment(actor=perawat, case=confirmed, started_on=D(2026, 3, 6), regimen=TbCase.Regimen.RO)
    assert list(raised.value.message_dict) == ["regimen"]


def test_treatment_cannot_start_before_the_diagnosis(dokter, perawat):
    case = index_case(dokter)
    with pytest.raises(ValidationError) as raised:
        services.start_treatment(actor=perawat, case=case, started_on=D(2026, 3, 3), regimen=TbCase.Regimen.KATEGORI_1)
    assert raised.value.message_dict == {"started_on": [cases.BEFORE_STEP % {"step": "tanggal diagnosis", "date": "04-03-2026"}]}
    case.refresh_from_db()
    assert case.stage == TbCase.Stage.TBC and not case.treatment_started_on


def test_a_cashier_may_not_record_a_test_result(bidan, kasir_user):
    case = presumptive(bidan)
    test = services.order_test(actor=bidan, case=case, kind=TbTest.Kind.TCM, ordered_on=PRESUMPTIVE_ON)
    with pytest.raises(ValidationError) as raised:
        services.record_test_result(actor=kasir_user, test=test, result=TbTest.Result.MTB_NEGATIF, result_on=PRESUMPTIVE_ON)
    assert raised.value.messages == [cases.NOT_ALLOWED]


@pytest.fixture
def kasir_user(puskesmas):
    from conftest import make_user
    from ilp.accounts.models import Role

    return make_user("kasir", Role.KASIR, facility=puskesmas)


def test_regional_roles_cannot_write(dinkes):
    with pytest.raises(ValidationError):
        presumptive(dinkes)


def test_a_case_registered_through_a_pustu_belongs_to_its_puskesmas(puskesmas):
    from conftest import make_user
    from ilp.accounts.models import Role

    pustu = puskesmas.children.filter(kind="pustu").first()
    bidan_desa = make_user("bidan_desa", Role.BIDAN, facility=pustu)
    patient = adult(desa=pustu.wilayah.first() or pustu.region)
    assert presumptive(bidan_desa, patient).facility == puskesmas

