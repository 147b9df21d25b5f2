"""Skrining PTM usia dewasa (ptm_dewasa.yaml): adult BP categories, Asia-Pacific BMI bands, central obesity,
glucose classes, when a glucose test is due, the SPM 6 completeness flag, facts and bad input (DOMAIN.md §4, §6.4).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.indicators.models import Fact
from ilp.packages.engine.evaluate import NOT_APPLICABLE, OUT_OF_HARD
from ilp.packages.models import PackageRecord
from ilp.packages.services import FUTURE_SERVICE, NeedsConfirmation
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp

BP_FLAGS = {"td_normal_tinggi", "hipertensi_1", "hipertensi_2", "hipertensi_3"}
GLUCOSE_FLAGS = {"gula_dm", "suspek_dm", "prediabetes", "gula_belum_pasti"}


def adult(years: int = 35, sex: str = "M"):
    """Someone who turned `years` 100 days ago, living in our wilayah (their desa has a Pustu)."""
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex=sex, birth_date=birthday.replace(year=birthday.year - years))


def screening(**values) -> dict:
    return {"sbp": Decimal("115"), "dbp": Decimal("75"), **values}


@pytest.mark.parametrize("sbp, dbp, category", [
    (119, 79, "optimal"), (120, 79, "normal"), (110, 80, "normal"), (129, 84, "normal"), (130, 70, "normal_tinggi"),
    (120, 85, "normal_tinggi"), (139, 89, "normal_tinggi"), (140, 70, "ht1"), (125, 95, "ht1"), (159, 99, "ht1"),
    (160, 80, "ht2"), (130, 100, "ht2"), (179, 109, "ht2"), (145, 105, "ht2"),
])
def test_the_higher_of_the_systolic_and_diastolic_categories_wins(record, db, sbp, dbp, category):
    saved = record("ptm_dewasa", adult(), screening(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert saved.computed["td"] == category


def test_180_110_needs_confirmation_then_is_hypertension_grade_3_for_urgent_review(record, db):
    person = adult()
    with pytest.raises(NeedsConfirmation):
        record("ptm_dewasa", person, screening(sbp=Decimal("185"), dbp=Decimal("112")))
    saved = record("ptm_dewasa", person, screening(sbp=Decimal("185"), dbp=Decimal("112")), confirmed=True)
    assert saved.computed["td"] == "ht3"
    assert flag_codes(saved) & BP_FLAGS == {"hipertensi_3"}
    assert next(f for f in saved.flags if f["code"] == "hipertensi_3")["severity"] == "danger"


@pytest.mark.parametrize("sbp, dbp, isolated", [(140, 89, True), (165, 70, True), (140, 90, False), (139, 60, False)])
def test_isolated_systolic_hypertension_is_an_extra_flag(record, db, sbp, dbp, isolated):
    saved = record("ptm_dewasa", adult(), screening(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert ("hipertensi_sistolik_terisolasi" in flag_codes(saved)) is isolated
    assert saved.computed["td_isolated"] is isolated


def test_two_readings_are_classified_by_their_mean(record, db):
    saved = record("ptm_dewasa", adult(), screening(sbp=Decimal("138"), dbp=Decimal("88"), sbp2=Decimal("143"), dbp2=Decimal("89")))
    assert (saved.computed["td_sbp"], saved.computed["td_dbp"]) == ("140.5", "88.5")
    assert saved.computed["td"] == "ht1"


def test_a_second_reading_needs_both_values(record, db):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(), screening(sbp2=Decimal("130")))
    assert set(raised.value.message_dict) == {"dbp2"}


def test_screen_positive_blood_pressure_asks_for_monthly_checks_at_the_pustu(record, db):
    person = adult()
    record("ptm_dewasa", person, screening(sbp=Decimal("150"), dbp=Decimal("95")))
    assert "tiap bulan" in FollowUp.objects.get(patient=person).reason


@pytest.mark.parametrize("weight, band", [
    ("47.3", "kurang"), ("47.4", "normal"), ("58.8", "normal"), ("58.9", "lebih"), ("63.9", "lebih"), ("64.0", "obesitas_1"),
    ("76.7", "obesitas_1"), ("76.8", "obesitas_2"),
])
def test_bmi_bands_are_half_open_on_the_unrounded_bmi(record, db, weight, band):
    saved = record("ptm_dewasa", adult(), screening(weight=Decimal(weight), height=Decimal("160.0")))
    assert saved.computed["imt_kategori"] == band


def test_a_bmi_shown_as_23_0_can_still_be_normal(record, db):
    saved = record("ptm_dewasa", adult(), screening(weight=Decimal("58.8"), height=Decimal("160.0")))  # 22.97
    assert saved.computed["bmi"] == "23.0"
    assert saved.computed["imt_kategori"] == "normal"
    assert not flag_codes(saved) & {"imt_lebih", "obesitas_1"}


@pytest.mark.parametrize("sex, waist, central", [("M", "90.0", False), ("M", "90.1", True), ("F", "80.0", False), ("F", "80.1", True)])
def test_central_obesity_by_sex(record, db, sex, waist, central):
    saved = record("ptm_dewasa", adult(sex=sex), screening(waist=Decimal(waist)))
    assert ("obesitas_sentral" in flag_codes(saved)) is central


@pytest.mark.parametrize("values, glucose_class", [
    ({"gds": 99}, "normal"), ({"gds": 100}, "belum_pasti"), ({"gds": 139}, "belum_pasti"), ({"gds": 140}, "prediabetes"),
    ({"gds": 199}, "prediabetes"), ({"gds": 200}, "suspek_dm"), ({"gds": 200, "dm_symptoms": True}, "dm"),
    ({"gdp": 99}, "normal"), ({"gdp": 100}, "prediabetes"), ({"gdp": 125}, "prediabetes"), ({"gdp": 126}, "dm"),
    ({"ttgo": 139}, "normal"), ({"ttgo": 140}, "prediabetes"), ({"ttgo": 200}, "dm"),
    ({"hba1c": "5.6"}, "normal"), ({"hba1c": "5.7"}, "prediabetes"), ({"hba1c": "6.4"}, "prediabetes"), ({"hba1c": "6.5"}, "dm"),
    ({"gdp": 90, "gds": 150}, "prediabetes"), ({"gdp": 126, "gds": 120}, "dm"),
])
def test_glucose_class_is_the_worst_over_the_tests_done(record, db, values, glucose_class):
    typed = {k: (Decimal(str(v)) if not isinstance(v, bool) else v) for k, v in values.items()}
    saved = record("ptm_dewasa", adult(), screening(**typed))
    assert saved.computed["glukosa"] == glucose_class
    expected = {"dm": "gula_dm", "suspek_dm": "suspek_dm", "prediabetes": "prediabetes", "belum_pasti": "gula_belum_pasti"}
    assert flag_codes(saved) & GLUCOSE_FLAGS == ({expected[glucose_class]} if glucose_class in expected else set())



@pytest.mark.parametrize("years, values, due", [
    (40, {}, True), (39, {}, False), (30, {"waist": Decimal("95.0")}, True), (30, {"sbp": Decimal("150")}, True),
    (30, {"weight": Decimal("80.0"), "height": Decimal("160.0")}, True), (45, {"gds": Decimal("90")}, False),
])
def test_a_glucose_test_is_due_from_40_or_with_obesity_or_high_blood_pressure(record, db, years, values, due):
    saved = record("ptm_dewasa", adult(years), screening(**values))
    assert ("perlu_periksa_gula" in flag_codes(saved)) is due


COMPLETE = {"weight": Decimal("60.0"), "height": Decimal("165.0"), "waist": Decimal("80.0"), "smoking": "tidak", "alcohol": False,
            "physical_activity": "cukup", "fruit_veg": True}


@pytest.mark.parametrize("years, values, complete", [
    (30, COMPLETE, True), (45, COMPLETE, False), (45, {**COMPLETE, "gds": Decimal("110")}, True),
    (30, {**COMPLETE, "waist": None}, False), (30, {**COMPLETE, "smoking": None}, False),
    (30, {**COMPLETE, "sbp": Decimal("150"), "dbp": Decimal("95")}, False),
])
def test_spm_completeness_needs_bmi_waist_bp_behaviour_and_glucose_where_due(record, db, years, values, complete):
    saved = record("ptm_dewasa", adult(years), screening(**{k: v for k, v in values.items() if v is not None}))
    assert ("skrining_ptm_lengkap" in flag_codes(saved)) is complete


def test_puma_of_6_refers_for_copd_from_40_years(record, db):
    saved = record("ptm_dewasa", adult(45), screening(puma=6))
    assert "puma_tinggi" in flag_codes(saved)


def test_the_puma_score_of_a_30_year_old_is_not_asked(record, db):
    saved = record("ptm_dewasa", adult(30), screening(puma=7))
    assert saved.values["puma"] is None and "puma_tinggi" not in flag_codes(saved)


def test_the_record_counts_by_its_blood_pressure_category_and_its_flags(record, db):
    saved = record("ptm_dewasa", adult(), screening(sbp=Decimal("150"), dbp=Decimal("85"), gds=Decimal("210")))
    facts = Fact.objects.filter(source=f"packages.PackageRecord:{saved.pk}")
    assert facts.get(kind="pkg.ptm_dewasa").code == "ht1"
    assert {"hipertensi_1", "suspek_dm"} <= set(facts.filter(kind="flag").values_list("code", flat=True))


def test_observations_carry_loinc_codes(record, db):
    saved = record("ptm_dewasa", adult(), screening(cholesterol=Decimal("250"), smoking="ya"))
    codes = set(Observation.objects.filter(record=saved).values_list("code", flat=True))
    assert {"8480-6", "8462-4", "2093-3", "72166-2"} <= codes
    assert {"kolesterol_tinggi", "merokok"} <= flag_codes(saved)


@pytest.mark.parametrize("values, field", [
    ({"sbp": Decimal("400"), "dbp": Decimal("20")}, "sbp"), ({"dbp": Decimal("10")}, "dbp"), ({"gds": Decimal("-5")}, "gds"),
    ({"hba1c": Decimal("25")}, "hba1c"),
])
def test_impossible_values_are_rejected_and_nothing_is_stored(record, db, values, field):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(), screening(**values))
    assert field in raised.value.message_dict
    assert "tidak mungkin" in raised.value.message_dict[field][0]
    assert not PackageRecord.objects.exists() and not Observation.objects.exists() and not Fact.objects.exists()
    assert not AuditEntry.objects.filter(action="package.record").exists()


def test_bp_400_says_what_the_limits_are(record, db):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(), screening(sbp=Decimal("400"), dbp=Decimal("20")))
    assert raised.value.message_dict == {"sbp": [OUT_OF_HARD % {"value": Decimal("400"), "unit": "mmHg", "low": 50, "high": 300}]}


def test_a_future_service_date_is_rejected(record, db):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(), screening(), on=TODAY + dt.timedelta(days=1))
    assert raised.value.message_dict == {"service_date": [FUTURE_SERVICE]}


def test_blood_pressure_is_required(record, db):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(), {"weight": Decimal("60.0"), "height": Decimal("160.0")})
    assert set(raised.value.message_dict) == {"sbp", "dbp"}


def test_a_14_year_old_is_screened_in_klaster_2_instead(record, db):
    with pytest.raises(ValidationError) as raised:
        record("ptm_dewasa", adult(14), screening())
    assert raised.value.messages == [NOT_APPLICABLE % {"package": "Skrining PTM usia dewasa"}]
