"""Anak sekolah dan remaja (remaja.yaml): IMT/U (WHO 2007), AAP 2017 blood pressure, WHO 2011 Hb bands for girls,
TTD and the grade that makes "girls in grades 7 and 10" countable (DOMAIN.md §3, §6.1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.growth import zscores
from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.models import PackageRecord
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory

BP_FLAGS = {"td_meningkat", "hipertensi_1", "hipertensi_2", "td_tinggi_anak"}
ANAEMIA = {"anemia_berat", "anemia_sedang", "anemia_ringan"}


def pupil(years: int, sex: str = "F"):
    """A child who turned `years` 100 days ago."""
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex=sex, birth_date=birthday.replace(year=birthday.year - years), nik=None)


def screening(**values) -> dict:
    return {"weight": Decimal("40.0"), "height": Decimal("150.0"), **values}


@pytest.mark.parametrize("weight, status", [("25.0", "gizi_kurang"), ("23.0", "gizi_buruk"), ("30.0", None),
                                            ("42.0", "gizi_lebih"), ("48.0", "obesitas")])
def test_imt_u_is_the_who_2007_bmi_for_age_z(record, db, weight, status):
    girl = pupil(10)
    saved = record("remaja", girl, screening(weight=Decimal(weight), height=Decimal("140.0")))
    expected = zscores(sex="F", age_days=(TODAY - girl.birth_date).days, weight_kg=float(weight), length_cm=Decimal("140.0"))
    assert expected.reference == "WHO 2007"
    assert saved.computed["baz"] == expected.baz
    assert saved.computed["imt_u"] == (status or "gizi_baik")
    assert flag_codes(saved) & {"gizi_buruk", "gizi_kurang", "gizi_lebih", "obesitas"} == ({status} if status else set())


@pytest.mark.parametrize("sbp, dbp, flag", [
    (119, 79, None), (120, 79, "td_meningkat"), (129, 79, "td_meningkat"), (125, 80, "hipertensi_1"), (130, 70, "hipertensi_1"),
    (139, 89, "hipertensi_1"), (140, 70, "hipertensi_2"), (120, 90, "hipertensi_2"),
])
def test_blood_pressure_from_13_years_follows_aap_2017(record, db, sbp, dbp, flag):
    saved = record("remaja", pupil(13), screening(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert flag_codes(saved) & BP_FLAGS == ({flag} if flag else set())


@pytest.mark.parametrize("sbp, dbp, flagged", [(125, 79, False), (129, 79, False), (130, 60, True), (110, 80, True)])
def test_under_13_only_130_80_is_flagged(record, db, sbp, dbp, flagged):
    saved = record("remaja", pupil(12, sex="M"), screening(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert flag_codes(saved) & BP_FLAGS == ({"td_tinggi_anak"} if flagged else set())


def test_one_blood_pressure_reading_needs_the_other(record, db):
    with pytest.raises(ValidationError) as raised:
        record("remaja", pupil(13), screening(sbp=Decimal("120")))
    assert raised.value.message_dict == {"dbp": [REQUIRED]}


@pytest.mark.parametrize("years, hb, flag", [
    (9, "7.9", "anemia_berat"), (9, "8.0", "anemia_sedang"), (9, "10.9", "anemia_sedang"), (9, "11.0", "anemia_ringan"),
    (9, "11.4", "anemia_ringan"), (9, "11.5", None),
    (13, "11.9", "anemia_ringan"), (13, "12.0", None), (16, "11.9", "anemia_ringan"), (16, "12.0", None),
])
def test_hb_of_girls_follows_the_who_2011_bands_of_their_age(record, db, years, hb, flag):
    saved = record("remaja", pupil(years), screening(hb=Decimal(hb)))
    assert flag_codes(saved) & ANAEMIA == ({flag} if flag else set())


def test_hb_is_a_girls_field_a_boys_value_is_ignored(record, db):
    saved = record("remaja", pupil(13, sex="M"), screening(hb=Decimal("9.0"), school_grade=7))
    assert saved.values["hb"] is None
    assert not saved.observations.filter(code="718-7").exists()
    assert not flag_codes(saved) & ANAEMIA


@pytest.mark.parametrize("grade, required", [(7, True), (10, True), (8, False)])
def test_hb_is_required_for_girls_in_grades_7_and_10(record, db, grade, required):
    girl = pupil(13)
    if required:
        with pytest.raises(ValidationError) as raised:
            record("remaja", girl, screening(school_grade=grade))
        assert raised.value.message_dict == {"hb": [REQUIRED]}
    else:
        assert record("remaja", girl, screening(school_grade=grade))


def test_girls_screened_in_grades_7_and_10_can_be_counted(record, db):
    record("remaja", pupil(12), screening(school_grade=7, hb=Decimal("12.5")))
    record("remaja", pupil(15), screening(school_grade=10, hb=Decimal("11.2")))
    record("remaja", pupil(13), screening(school_grade=8))
    record("remaja", pupil(12, sex="M"), screening(school_grade=7))
    girls = PackageRecord.objects.filter(package_id="remaja", patient__sex="F", values__school_grade__in=[7, 10])
    assert girls.count() == 2
    assert girls.filter(values__hb__isnull=False).count() == 2


@pytest.mark.parametrize("taken, low", [(51, True), (52, False)])
def test_ttd_taken_below_52_tablets_a_year_is_shown(record, db, taken, low):
    saved = record("remaja", pupil(14), screening(ttd_given=4, ttd_taken_12m=taken))
    assert ("ttd_kurang" in flag_codes(saved)) is low


def test_vision_hearing_teeth_and_sdq_findings_are_flagged(record, db):
    saved = record("remaja", pupil(11, sex="M"), screening(vision="refraksi", hearing="gangguan", caries=True,
                                                           sdq_score=21, sdq_result="abnormal"))
    assert {"gangguan_penglihatan", "gangguan_pendengaran", "karies", "sdq_abnormal"} <= flag_codes(saved)
