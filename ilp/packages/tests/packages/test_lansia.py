"""Skrining lansia (lansia.yaml): SKILAS positive on any tick → ICOPE step 2, Barthel ADL 0–20 with its A/B/C
category and the home-care rule, AMT and GDS-15, and the completeness flag SPM 7 counts (DOMAIN.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.indicators.models import Fact
from ilp.packages.engine.evaluate import NOT_APPLICABLE
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp

SKILAS = ["sk_recall", "sk_orientation", "sk_chair", "sk_weight_loss", "sk_appetite", "sk_lila", "sk_eye", "sk_finger",
          "sk_whisper", "sk_sad", "sk_interest"]
ADL_MAX = {"adl_bowel": 2, "adl_bladder": 2, "adl_grooming": 1, "adl_toilet": 2, "adl_feeding": 2, "adl_transfer": 3,
           "adl_mobility": 3, "adl_dressing": 2, "adl_stairs": 2, "adl_bathing": 1}
ADL_FLAGS = {"adl_mandiri", "adl_ringan", "adl_sedang", "adl_berat", "adl_total"}


def elder(years: int = 68, sex: str = "F"):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex=sex, birth_date=birthday.replace(year=birthday.year - years))


def adl(score: int) -> dict:
    """Item answers adding up to `score`: full marks taken away item by item from the last."""
    answers, missing = dict(ADL_MAX), 20 - score
    for item in reversed(list(ADL_MAX)):
        taken = min(missing, answers[item])
        answers[item] -= taken
        missing -= taken
    return {item: str(value) for item, value in answers.items()}


def screening(ticked: set[str] = frozenset(), adl_score: int = 20, **values) -> dict:
    base = {**{item: item in ticked for item in SKILAS}, **adl(adl_score), "sbp": Decimal("128"), "dbp": Decimal("78"),
            "weight": Decimal("52.0"), "height": Decimal("152.0")}
    return {**base, **values}


def test_no_tick_is_skilas_negative_and_a_complete_screening(record, db):
    saved = record("lansia", elder(), screening())
    assert saved.computed["skilas"] == 0 and saved.computed["skilas_missing"] == 0
    assert "skilas_positif" not in flag_codes(saved)
    assert "skrining_lansia_lengkap" in flag_codes(saved)


@pytest.mark.parametrize("item, domain", [("sk_recall", "skilas_kognitif"), ("sk_chair", "skilas_mobilitas"),
                                          ("sk_lila", "skilas_nutrisi"), ("sk_finger", "skilas_penglihatan"),
                                          ("sk_whisper", "skilas_pendengaran"), ("sk_interest", "skilas_depresi")])
def test_any_single_tick_makes_skilas_positive_and_sends_to_icope_step_2(record, db, item, domain):
    patient = elder()
    saved = record("lansia", patient, screening({item}))
    assert {"skilas_positif", domain} <= flag_codes(saved)
    assert "ICOPE langkah 2" in FollowUp.objects.get(patient=patient).reason


def test_a_tick_counts_even_when_other_items_were_not_asked(record, db):
    values = {k: v for k, v in screening({"sk_sad"}).items() if k not in ("sk_eye", "sk_finger")}
    saved = record("lansia", elder(), values)
    assert "skilas_positif" in flag_codes(saved)
    assert saved.computed["skilas_missing"] == 2
    assert "skrining_lansia_lengkap" not in flag_codes(saved)


@pytest.mark.parametrize("score, category, flag, home_care", [
    (20, "A", "adl_mandiri", False), (19, "B", "adl_ringan", False), (12, "B", "adl_ringan", False),
    (11, "B", "adl_sedang", True), (9, "B", "adl_sedang", True), (8, "C", "adl_berat", True), (5, "C", "adl_berat", True),
    (4, "C", "adl_total", True), (0, "C", "adl_total", True),
])
def test_barthel_score_gives_the_dependency_category_and_home_care_from_moderate(record, db, score, category, flag, home_care):
    patient = elder()
    saved = record("lansia", patient, screening(adl_score=score))
    assert (saved.computed["adl"], saved.computed["adl_category"]) == (score, category)
    assert flag_codes(saved) & ADL_FLAGS == {flag}
    assert FollowUp.objects.filter(patient=patient, reason__contains="home care").exists() is home_care
    assert Fact.objects.get(source=f"packages.PackageRecord:{saved.pk}", kind="pkg.lansia").code == category


def test_adl_is_not_scored_from_a_partial_answer(record, db):
    values = {k: v for k, v in screening().items() if k != "adl_stairs"}
    saved = record("lansia", elder(), values)
    assert saved.computed["adl"] is None and not flag_codes(saved) & ADL_FLAGS
    assert "skrining_lansia_lengkap" not in flag_codes(saved)


def test_lila_and_calf_stand_in_for_bmi_when_the_person_cannot_stand(record, db):
    values = {k: v for k, v in screening().items() if k not in ("weight", "height")}
    assert "skrining_lansia_lengkap" not in flag_codes(record("lansia", elder(), values))
    saved = record("lansia", elder(), {**values, "lila": Decimal("22.0"), "calf": Decimal("30.0")})
    assert {"skrining_lansia_lengkap", "betis_rendah"} <= flag_codes(saved)


def test_without_blood_pressure_the_screening_is_not_complete(record, db):
    values = {k: v for k, v in screening().items() if k not in ("sbp", "dbp")}
    assert "skrining_lansia_lengkap" not in flag_codes(record("lansia", elder(), values))


@pytest.mark.parametrize("values, flags", [
    ({"amt": 7}, {"curiga_gangguan_kognitif"}), ({"amt": 8}, set()), ({"gds15": 5}, {"curiga_depresi"}), ({"gds15": 4}, set()),
])
def test_cognition_and_mood_cut_offs(record, db, values, flags):
    saved = record("lansia", elder(), screening(**values))
    assert flag_codes(saved) & {"curiga_gangguan_kognitif", "curiga_depresi"} == flags


def test_ptm_measures_of_the_elderly_use_the_adult_categories(record, db):
    saved = record("lansia", elder(sex="M"), screening(sbp=Decimal("150"), dbp=Decimal("80"), gds=Decimal("150"),
                                                       waist=Decimal("95.0")))
    assert {"hipertensi", "hipertensi_sistolik_terisolasi", "prediabetes", "obesitas_sentral"} <= flag_codes(saved)


def test_a_59_year_old_is_not_yet_lansia(record, db):
    with pytest.raises(ValidationError) as raised:
        record("lansia", elder(59), screening())
    assert raised.value.messages == [NOT_APPLICABLE % {"package": "Skrining lansia (SKILAS, ADL, PTM)"}]
