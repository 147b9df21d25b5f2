"""Persalinan (persalinan.yaml): facility delivery by 3 nakes, BBLR, haemorrhage, coded birth weight (DOMAIN.md §1–§2)."""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.packages.tests.factories import TODAY, flag_codes, mother
from ilp.visits.models import FollowUp


def delivery(**values) -> dict:
    base = {"delivery_date": TODAY - dt.timedelta(days=1), "delivery_time": dt.time(3, 40), "place": "puskesmas",
            "method": "spontan", "outcome": "lahir_hidup", "attendant_dokter": 1, "attendant_bidan": 1, "attendant_perawat": 1}
    return {**base, **values}


@pytest.fixture
def ibu(db):
    return mother()


@pytest.mark.parametrize("doctors, midwives, nurses, standard", [
    (1, 1, 1, True), (1, 2, 0, True), (1, 0, 2, False), (0, 2, 1, False), (1, 1, 0, False),
])
def test_a_facility_delivery_meets_the_standard_with_a_doctor_and_two_more_nakes(record, ibu, doctors, midwives, nurses,
                                                                                 standard):
    saved = record("persalinan", ibu, delivery(attendant_dokter=doctors, attendant_bidan=midwives, attendant_perawat=nurses))
    codes = flag_codes(saved)
    assert ("persalinan_standar" in codes) is standard
    assert ("penolong_kurang" in codes) is not standard


def test_a_home_delivery_is_flagged_and_asks_the_pustu_for_a_home_visit(record, ibu):
    saved = record("persalinan", ibu, delivery(place="rumah", attendant_dokter=0, attendant_perawat=0))
    assert "persalinan_non_fasyankes" in flag_codes(saved)
    assert {"persalinan_standar", "penolong_kurang"}.isdisjoint(flag_codes(saved))
    assert FollowUp.objects.filter(patient=ibu, reason__contains="KF1/KN1").exists()


@pytest.mark.parametrize("grams, flags", [("2499", {"bblr"}), ("2500", set()), ("1999", {"bblr", "bb_lahir_kurang_2000"})])
def test_birth_weight_below_2500_g_is_bblr(record, ibu, grams, flags):
    saved = record("persalinan", ibu, delivery(birth_weight=Decimal(grams)))
    assert flag_codes(saved) & {"bblr", "bb_lahir_kurang_2000"} == flags


@pytest.mark.parametrize("blood_loss, flagged", [("499", False), ("500", True)])
def test_blood_loss_of_500_ml_is_postpartum_haemorrhage(record, ibu, blood_loss, flagged):
    saved = record("persalinan", ibu, delivery(blood_loss=Decimal(blood_loss)))
    assert ("perdarahan_pascapersalinan" in flag_codes(saved)) is flagged


def test_stillbirth_and_missing_vitamin_k1_are_flagged(record, ibu):
    saved = record("persalinan", ibu, delivery(outcome="lahir_mati", vitamin_k1=False, imd=False))
    assert {"lahir_mati", "tanpa_vitamin_k1", "tanpa_imd"} <= flag_codes(saved)


def test_birth_weight_is_stored_with_its_loinc_code(record, ibu):
    saved = record("persalinan", ibu, delivery(birth_weight=Decimal("3100"), birth_length=Decimal("49.5")))
    weight = saved.observations.get(code="8339-4")
    assert (weight.system, weight.value_quantity, weight.unit) == ("http://loinc.org", Decimal("3100"), "g")
    assert saved.observations.get(code="89269-5").value_quantity == Decimal("49.5")
    assert saved.observations.get(code="persalinan.place").value_text == "puskesmas"
