"""Skrining disabilitas (disabilitas.yaml, Washington Group Short Set): the WG cut-off is 'banyak kesulitan'
or worse in at least one domain; 'sedikit kesulitan' is below it, on both sides of the boundary per domain."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import flag_codes
from ilp.people.tests.factories import PatientFactory

NONE = {d: "tidak" for d in ("seeing", "hearing", "walking", "remembering", "selfcare", "communicating")}


@pytest.fixture
def adult(db):
    return PatientFactory(sex="M", birth_date=dt.date(1970, 2, 2))


@pytest.mark.parametrize("domain, flag", [
    ("seeing", "disabilitas_sensorik"), ("hearing", "disabilitas_sensorik"), ("communicating", "disabilitas_sensorik"),
    ("walking", "disabilitas_fisik"), ("selfcare", "disabilitas_fisik"), ("remembering", "disabilitas_intelektual_mental"),
])
@pytest.mark.parametrize("answer, counted", [("sedikit", False), ("banyak", True), ("tidak_bisa", True)])
def test_each_domain_counts_from_a_lot_of_difficulty(record, adult, domain, flag, answer, counted):
    saved = record("disabilitas", adult, {**NONE, domain: answer, "assistive_device": True})
    assert (flag in flag_codes(saved)) is counted


def test_no_difficulty_raises_no_flag(record, adult):
    assert flag_codes(record("disabilitas", adult, {**NONE, "assistive_device": False})) == set()


def test_walking_difficulty_without_a_device_is_referred_for_one(record, adult):
    saved = record("disabilitas", adult, {**NONE, "walking": "banyak", "assistive_device": False})
    assert flag_codes(saved) == {"disabilitas_fisik", "perlu_alat_bantu"}


def test_an_unanswered_device_question_is_not_taken_for_a_no(record, adult):
    saved = record("disabilitas", adult, {**NONE, "walking": "tidak_bisa"})
    assert flag_codes(saved) == {"disabilitas_fisik"}


def test_every_domain_must_be_answered(record, adult):
    with pytest.raises(ValidationError) as raised:
        record("disabilitas", adult, {**NONE, "hearing": None})
    assert raised.value.message_dict == {"hearing": [REQUIRED]}
