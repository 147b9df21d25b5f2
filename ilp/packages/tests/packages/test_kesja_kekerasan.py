"""Kesehatan kerja (kesja.yaml) and skrining kekerasan (kekerasan.yaml): the flags each answer raises, and that
violence never becomes a task on the desa's Pustu list (DOMAIN.md §4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp


@pytest.fixture
def worker(db):
    return PatientFactory(sex="F", birth_date=dt.date(1988, 4, 4))


@pytest.mark.parametrize("values, flags", [
    ({"hazard_chemical": True, "ppe": "kadang"}, {"apd_tidak_konsisten"}),
    ({"hazard_chemical": True, "ppe": "selalu"}, set()),
    ({"work_complaint": True}, {"curiga_pak"}),
    ({"hours": 10, "accident": True}, {"jam_kerja_panjang", "kecelakaan_kerja"}),
    ({"hours": 8}, set()),
])
def test_occupational_health_flags(record, worker, values, flags):
    saved = record("kesja", worker, {"occupation": "Petani sawit", **values})
    assert flag_codes(saved) == flags


def test_the_occupation_is_required(record, worker):
    with pytest.raises(ValidationError) as raised:
        record("kesja", worker, {"hours": 8})
    assert raised.value.message_dict == {"occupation": [REQUIRED]}


NO = {"physical": False, "psychological": False, "sexual": False}


def test_no_violence_no_flag(record, worker):
    assert flag_codes(record("kekerasan", worker, NO)) == set()


def test_sexual_violence_within_72_hours_is_an_emergency(record, worker):
    saved = record("kekerasan", worker, {**NO, "sexual": True, "within_72h": True, "unsafe": True})
    assert {"korban_kekerasan", "kekerasan_seksual_72_jam", "tidak_aman"} <= flag_codes(saved)
    assert not FollowUp.objects.filter(patient=worker).exists()


def test_sexual_violence_needs_the_72_hour_answer(record, worker):
    with pytest.raises(ValidationError) as raised:
        record("kekerasan", worker, {**NO, "sexual": True})
    assert raised.value.message_dict == {"within_72h": [REQUIRED]}
