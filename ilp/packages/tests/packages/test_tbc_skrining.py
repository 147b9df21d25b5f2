"""Skrining gejala TBC (tbc_skrining.yaml): adult and child symptom sets, terduga TBC on ≥ 1 symptom or an
abnormal chest X-ray, risk groups re-screened monthly (DOMAIN.md §5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.indicators.models import Fact
from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory

ADULT = {"cough": False, "weight_loss": False, "fever": False, "night_sweats": False}
CHILD = {"child_cough": False, "child_fever": False, "child_weight": False, "child_lethargy": False}


def person(years: int):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex="M", birth_date=birthday.replace(year=birthday.year - years), nik=None)


@pytest.mark.parametrize("symptom", list(ADULT))
def test_any_adult_symptom_makes_a_terduga_tbc(record, db, symptom):
    saved = record("tbc_skrining", person(40), {**ADULT, symptom: True})
    assert "terduga_tbc" in flag_codes(saved)
    assert saved.computed["gejala"] == 1


@pytest.mark.parametrize("symptom", list(CHILD))
def test_children_have_their_own_symptoms(record, db, symptom):
    saved = record("tbc_skrining", person(6), {**CHILD, symptom: True})
    assert "terduga_tbc" in flag_codes(saved)


def test_a_child_is_not_asked_the_adult_questions(record, db):
    saved = record("tbc_skrining", person(6), {**CHILD, "cough": True})
    assert saved.values["cough"] is None and "terduga_tbc" not in flag_codes(saved)


def test_every_symptom_question_must_be_answered(record, db):
    with pytest.raises(ValidationError) as raised:
        record("tbc_skrining", person(40), {"cough": False})
    assert raised.value.message_dict == {"weight_loss": [REQUIRED], "fever": [REQUIRED], "night_sweats": [REQUIRED]}


def test_an_abnormal_chest_x_ray_alone_makes_a_terduga(record, db):
    saved = record("tbc_skrining", person(40), {**ADULT, "cxr": "abnormal"})
    assert "terduga_tbc" in flag_codes(saved)


def test_a_contact_without_symptoms_is_a_risk_group_for_tpt_assessment(record, db):
    saved = record("tbc_skrining", person(40), {**ADULT, "contact": True})
    assert flag_codes(saved) == {"risiko_tbc", "kontak_tanpa_gejala"}


def test_a_screening_counts_as_screened_and_a_terduga_as_its_flag(record, db):
    saved = record("tbc_skrining", person(40), {**ADULT, "cough": True, "night_sweats": True})
    facts = Fact.objects.filter(source=f"packages.PackageRecord:{saved.pk}")
    assert set(facts.values_list("kind", "code")) == {("pkg.tbc_skrining", ""), ("flag", "terduga_tbc")}
