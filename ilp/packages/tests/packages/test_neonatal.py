"""Neonatal (neonatal.yaml): KN1 6 h–day 2, KN2 3–7, KN3 8–28 by the baby's age; BBLR, HB0, SHK, MTBM (DOMAIN.md §2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.tests.factories import TODAY, child, flag_codes

SLOTS = {"KN1", "KN2", "KN3"}


def baby(age_days: int):
    return child(born=TODAY - dt.timedelta(days=age_days))


def kn(**values) -> dict:
    return {"weight": Decimal("3000"), **values}


@pytest.mark.parametrize("age_days, slot", [(1, "KN1"), (2, "KN1"), (3, "KN2"), (7, "KN2"), (8, "KN3"), (28, "KN3")])
def test_the_age_in_days_fills_its_kn_slot(record, db, age_days, slot):
    saved = record("neonatal", baby(age_days), kn())
    assert (saved.computed["kn"], saved.computed["kn_day"]) == (slot, age_days)
    assert flag_codes(saved) & SLOTS == {slot}


@pytest.mark.parametrize("visit_time, hours, slot", [(dt.time(5, 59), 5, ""), (dt.time(6, 0), 6, "KN1")])
def test_on_the_day_of_birth_kn1_starts_at_six_hours(record, db, visit_time, hours, slot):
    saved = record("neonatal", baby(0), kn(birth_time=dt.time(0, 0), visit_time=visit_time))
    assert (saved.computed["kn"], saved.computed["kn_hours"]) == (slot, hours)
    assert ("kn_sebelum_6_jam" in flag_codes(saved)) is (slot == "")


def test_the_package_ends_at_28_days(record, db):
    with pytest.raises(ValidationError) as raised:
        record("neonatal", baby(29), kn())
    assert "tidak berlaku" in raised.value.messages[0]


@pytest.mark.parametrize("grams, bblr", [("2499", True), ("2500", False)])
def test_birth_weight_below_2500_g_is_bblr(record, db, grams, bblr):
    saved = record("neonatal", baby(3), kn(birth_weight=Decimal(grams)))
    assert ("bblr" in flag_codes(saved)) is bblr


@pytest.mark.parametrize("grams, refer", [("1999", True), ("2000", False)])
def test_a_baby_under_2000_g_is_referred(record, db, grams, refer):
    saved = record("neonatal", baby(3), kn(weight=Decimal(grams)))
    assert ("bb_kurang_2000" in flag_codes(saved)) is refer


def test_missing_hb0_vitamin_k1_and_shk_sample_are_flagged(record, db):
    saved = record("neonatal", baby(3), kn(hb0="belum", vitamin_k1=False, shk_sample=False))
    assert {"hb0_belum", "vitamin_k1_belum", "shk_belum"} <= flag_codes(saved)


def test_the_shk_sample_is_not_yet_due_before_day_3(record, db):
    saved = record("neonatal", baby(2), kn(shk_sample=False))
    assert "shk_belum" not in flag_codes(saved)


def test_danger_signs_and_mtbm_classification_are_flagged(record, db):
    saved = record("neonatal", baby(5), kn(temperature=Decimal("37.6"), respiratory_rate=Decimal("64"), mtbm="infeksi_berat",
                                          shk_result="tinggi", jaundice="berat", referred=True))
    assert {"suhu_bahaya", "napas_cepat", "mtbm_infeksi_berat", "shk_positif", "ikterus_berat", "dirujuk"} <= flag_codes(saved)


@pytest.mark.parametrize("celsius, flags", [("35.4", {"suhu_bahaya"}), ("35.5", {"hipotermia"}), ("36.4", {"hipotermia"}),
                                            ("36.5", set()), ("37.4", set()), ("37.5", {"suhu_bahaya"})])
def test_temperature_bands(record, db, celsius, flags):
    saved = record("neonatal", baby(4), kn(temperature=Decimal(celsius)), confirmed=True)
    assert flag_codes(saved) & {"suhu_bahaya", "hipotermia"} == flags
