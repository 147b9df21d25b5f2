"""Nifas (nifas.yaml): KF1 6 h–day 2, KF2 3–7, KF3 8–28, KF4 29–42 from the delivery date; KBPP ≤ 42 d (DOMAIN.md §1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.engine.evaluate import IN_FUTURE
from ilp.packages.tests.factories import TODAY, flag_codes, mother

SLOTS = {"KF1", "KF2", "KF3", "KF4"}


def visit(days_after: int, **values) -> dict:
    return {"delivery_date": TODAY - dt.timedelta(days=days_after), **values}


@pytest.fixture
def ibu(db):
    return mother()


@pytest.mark.parametrize("days_after, slot", [(1, "KF1"), (2, "KF1"), (3, "KF2"), (7, "KF2"), (8, "KF3"), (28, "KF3"),
                                              (29, "KF4"), (42, "KF4")])
def test_the_day_since_delivery_fills_its_kf_slot(record, ibu, days_after, slot):
    saved = record("nifas", ibu, visit(days_after))
    assert (saved.computed["kf"], saved.computed["kf_day"]) == (slot, days_after)
    assert flag_codes(saved) & SLOTS == {slot}


def test_a_visit_after_day_42_is_recorded_but_fills_no_slot(record, ibu):
    saved = record("nifas", ibu, visit(43))
    assert saved.computed["kf"] == ""
    assert "kf_luar_jadwal" in flag_codes(saved)
    assert not flag_codes(saved) & SLOTS


@pytest.mark.parametrize("visit_time, slot", [(dt.time(7, 59), ""), (dt.time(8, 0), "KF1")])
def test_on_the_delivery_day_kf1_starts_six_hours_after_birth(record, ibu, visit_time, slot):
    saved = record("nifas", ibu, visit(0, delivery_time=dt.time(2, 0), visit_time=visit_time))
    assert saved.computed["kf"] == slot
    assert ("kf_sebelum_6_jam" in flag_codes(saved)) is (slot == "")


def test_a_visit_the_next_morning_under_six_hours_fills_no_slot(record, ibu):
    saved = record("nifas", ibu, visit(1, delivery_time=dt.time(22, 30), visit_time=dt.time(4, 0)))
    assert (saved.computed["kf"], saved.computed["kf_hours"]) == ("", 5)
    assert "kf_sebelum_6_jam" in flag_codes(saved) and "kf_luar_jadwal" not in flag_codes(saved)


def test_on_the_delivery_day_without_times_the_visit_fills_no_slot(record, ibu):
    saved = record("nifas", ibu, visit(0))
    assert saved.computed["kf"] == ""
    assert "kf_sebelum_6_jam" in flag_codes(saved)


@pytest.mark.parametrize("days_after, method, kbpp", [(40, "implan", True), (42, "iud", True), (43, "implan", False),
                                                      (20, "belum", False)])
def test_kb_pasca_persalinan_is_a_modern_method_within_42_days(record, ibu, days_after, method, kbpp):
    saved = record("nifas", ibu, visit(days_after, kb_method=method))
    assert ("kbpp" in flag_codes(saved)) is kbpp


def test_danger_signs_are_flagged(record, ibu):
    saved = record("nifas", ibu, visit(5, sbp=Decimal("150"), dbp=Decimal("95"), temperature=Decimal("38.2"),
                                       lochia="berbau", bleeding="banyak"))
    assert {"hipertensi", "demam", "lokia_berbau", "perdarahan_nifas"} <= flag_codes(saved)


def test_a_delivery_date_in_the_future_is_rejected(record, ibu):
    with pytest.raises(ValidationError) as raised:
        record("nifas", ibu, visit(-1))
    assert raised.value.message_dict == {"delivery_date": [IN_FUTURE]}


def test_the_visit_times_are_stored_with_the_record(record, ibu):
    saved = record("nifas", ibu, visit(0, delivery_time=dt.time(2, 0), visit_time=dt.time(9, 30)))
    saved.refresh_from_db()
    assert (saved.values["delivery_time"], saved.values["visit_time"]) == ("02:00:00", "09:30:00")
    assert saved.computed["kf_hours"] == 7
