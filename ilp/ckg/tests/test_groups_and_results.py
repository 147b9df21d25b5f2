"""The juknis age groups and the five result classes, at each boundary, from the real package definitions."""

import datetime as dt

import pytest

from ilp.ckg import groups, results
from ilp.ckg.models import Group, ResultClass
from ilp.packages.engine import evaluate
from ilp.packages.engine.loader import registry

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(("birth", "group"), [
    (TODAY - dt.timedelta(days=28), Group.BBL),
    (TODAY - dt.timedelta(days=29), None),           # infants 1–11 months: not a CKG group
    (dt.date(2025, 6, 16), None),                     # 11 months 30 days
    (dt.date(2025, 6, 15), Group.BALITA),             # first birthday
    (dt.date(2019, 6, 16), Group.BALITA),             # 6 years 364 days
    (dt.date(2019, 6, 15), None),                     # 7: PKG Sekolah
    (dt.date(2008, 6, 16), None),                     # 17
    (dt.date(2008, 6, 15), Group.DEWASA_18),
    (dt.date(1996, 6, 16), Group.DEWASA_18),          # 29
    (dt.date(1996, 6, 15), Group.DEWASA_30),
    (dt.date(1986, 6, 16), Group.DEWASA_30),          # 39
    (dt.date(1986, 6, 15), Group.DEWASA_40),
    (dt.date(1966, 6, 16), Group.DEWASA_40),          # 59
    (dt.date(1966, 6, 15), Group.LANSIA),
])
def test_group_for_follows_the_juknis_age_bands(birth, group):
    assert groups.group_for(birth_date=birth, on=TODAY) == group


def test_school_age_is_sent_to_pkg_sekolah():
    assert groups.not_eligible_reason(birth_date=dt.date(2015, 1, 1), on=TODAY) == groups.SCHOOL_AGE


def _class(package_id: str, values: dict, *, sex="M", birth=dt.date(1980, 1, 1)) -> int:
    context = evaluate.context_facts(sex=sex, birth_date=birth, service_date=TODAY)
    outcome = evaluate.run(registry()[package_id], values, context, service_date=TODAY, birth_date=birth)
    assert not outcome.errors, outcome.errors
    return results.classify(outcome.flags)[0]


@pytest.mark.parametrize(("sbp", "dbp", "klass"), [
    (129, 84, ResultClass.NORMAL), (130, 80, ResultClass.PRE_DISEASE), (120, 85, ResultClass.PRE_DISEASE),
    (139, 89, ResultClass.PRE_DISEASE), (140, 80, ResultClass.DISEASE_FKTP), (130, 90, ResultClass.DISEASE_FKTP),
    (179, 109, ResultClass.DISEASE_FKTP), (180, 100, ResultClass.REFER_FKTL), (170, 110, ResultClass.REFER_FKTL),
])
def test_blood_pressure_classes_at_each_boundary(sbp, dbp, klass):
    assert _class("ptm_dewasa", {"sbp": sbp, "dbp": dbp}) == klass


@pytest.mark.parametrize(("cholesterol", "klass"), [
    (199, ResultClass.NORMAL), (200, ResultClass.PRE_DISEASE), (239, ResultClass.PRE_DISEASE), (240, ResultClass.DISEASE_FKTP)])
def test_cholesterol_classes_at_each_boundary(cholesterol, klass):
    assert _class("ptm_dewasa", {"sbp": 115, "dbp": 75, "cholesterol": cholesterol}) == klass


def test_a_smoker_with_normal_figures_is_normal_with_a_risk_factor():
    assert _class("ptm_dewasa", {"sbp": 115, "dbp": 75, "smoking": "ya"}) == ResultClass.RISK_FACTOR


@pytest.mark.parametrize(("egfr", "klass"), [
    (60, ResultClass.NORMAL), (59, ResultClass.DISEASE_FKTP), (30, ResultClass.DISEASE_FKTP), (29, ResultClass.REFER_FKTL)])
def test_kidney_function_classes_at_each_boundary(egfr, klass):
    assert _class("ckg_dewasa", {"egfr": egfr}) == klass


@pytest.mark.parametrize(("hand", "foot", "klass"), [
    (95, 95, ResultClass.NORMAL), (98, 95, ResultClass.NORMAL), (99, 95, ResultClass.PRE_DISEASE),   # difference > 3: repeat
    (94, 94, ResultClass.PRE_DISEASE), (94, 95, ResultClass.NORMAL), (90, 92, ResultClass.PRE_DISEASE),
    (89, 95, ResultClass.REFER_FKTL),
])
def test_newborn_pulse_oximetry_at_each_boundary(hand, foot, klass):
    birth = TODAY - dt.timedelta(days=2)
    assert _class("ckg_bbl", {"shk_sample": True, "spo2_hand": hand, "spo2_foot": foot}, birth=birth) == klass


@pytest.mark.parametrize(("colour", "klass"), [(3, ResultClass.REFER_FKTL), (4, ResultClass.NORMAL)])
def test_stool_colour_card_pale_is_1_to_3(colour, klass):
    birth = TODAY - dt.timedelta(days=2)
    assert _class("ckg_bbl", {"shk_sample": True, "spo2_hand": 98, "spo2_foot": 98, "stool_colour": colour},
                  birth=birth) == klass


def test_the_highest_class_wins_and_names_its_reasons():
    klass, reasons = results.classify([{"code": "merokok", "label": "Merokok"}, {"code": "hipertensi_3", "label": "HT3"},
                                       {"code": "prediabetes", "label": "Prediabetes"}])
    assert (klass, reasons) == (ResultClass.REFER_FKTL, ["HT3"])


def test_every_classified_flag_exists_in_some_package():
    """A typo in the class table would silently never fire."""
    known = {r.flag.code for p in registry().values() for r in p.rules if r.flag}
    assert set(results.CLASS_OF_FLAG) - known == set()


def test_ckg_codes_fit_the_observation_columns():
    """Observation.display is 120 characters: a longer LOINC display fails on PostgreSQL, not on SQLite."""
    for package in (p for p in registry().values() if p.id.startswith("ckg_")):
        assert all(len(f.code.display) <= 120 for f in package.fields if f.code), package.id
