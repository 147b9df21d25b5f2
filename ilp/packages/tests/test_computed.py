"""Computed kinds on their own: visit windows by day since an event (KF/KN), pregnancy dates, BMI."""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.packages.engine.computed import compute, outputs
from ilp.packages.engine.schema import ComputedDef, Window

ON = dt.date(2026, 6, 15)
KF = ComputedDef(id="kf", label="KF", kind="days_since",
                 inputs={"date": "delivery_date", "time": "delivery_time", "at_time": "visit_time"},
                 windows=(Window("KF1", 0, 2, min_hours=6), Window("KF2", 3, 7), Window("KF3", 8, 28), Window("KF4", 29, 42)))
BY_AGE = ComputedDef(id="kn", label="KN", kind="days_since", inputs={"time": "birth_time", "at_time": "visit_time"},
                     windows=(Window("KN1", 0, 2, min_hours=6), Window("KN2", 3, 7)))


def kf(days_ago: int, **times) -> dict:
    return compute(KF, {"delivery_date": ON - dt.timedelta(days=days_ago), **times}, service_date=ON)


def test_days_since_names_its_three_outputs():
    assert outputs(KF) == ("kf", "kf_day", "kf_hours")


@pytest.mark.parametrize("days_ago, slot", [(1, "KF1"), (2, "KF1"), (3, "KF2"), (7, "KF2"), (8, "KF3"), (28, "KF3"),
                                            (29, "KF4"), (42, "KF4"), (43, "")])
def test_the_day_since_delivery_picks_the_slot(days_ago, slot):
    assert kf(days_ago) == {"kf": slot, "kf_day": days_ago, "kf_hours": None}


@pytest.mark.parametrize("visit_time, hours, slot", [(dt.time(7, 59), 5, ""), (dt.time(8, 0), 6, "KF1")])
def test_on_the_delivery_day_kf1_starts_at_six_hours(visit_time, hours, slot):
    result = kf(0, delivery_time=dt.time(2, 0), visit_time=visit_time)
    assert (result["kf"], result["kf_hours"]) == (slot, hours)


def test_on_the_delivery_day_without_times_no_slot_is_filled():
    assert kf(0)["kf"] == ""


def test_the_times_count_across_midnight():
    result = kf(1, delivery_time=dt.time(22, 30), visit_time=dt.time(4, 0))
    assert (result["kf"], result["kf_day"], result["kf_hours"]) == ("", 1, 5)


def test_without_a_date_the_event_is_the_birth_of_the_patient():
    result = compute(BY_AGE, {"age_days": 4}, service_date=ON)
    assert result == {"kn": "KN2", "kn_day": 4, "kn_hours": None}


def test_a_missing_date_computes_nothing():
    assert compute(KF, {"delivery_date": None}, service_date=ON) == {"kf": None, "kf_day": None, "kf_hours": None}


@pytest.mark.parametrize("ga_days, trimester", [(0, 1), (90, 1), (91, 2), (174, 2), (175, 3), (280, 3)])
def test_pregnancy_dates_follow_the_completed_day_trimesters(ga_days, trimester):
    item = ComputedDef(id="pregnancy", label="UK", kind="pregnancy_dates", inputs={"hpht": "hpht"})
    hpht = ON - dt.timedelta(days=ga_days)
    result = compute(item, {"hpht": hpht}, service_date=ON)
    assert result == {"ga_days": ga_days, "ga_weeks": ga_days // 7, "hpl": hpht + dt.timedelta(days=280), "trimester": trimester}


def test_bmi_is_rounded_to_one_decimal():
    item = ComputedDef(id="bmi", label="IMT", kind="bmi", inputs={"weight": "weight", "height": "height"})
    assert compute(item, {"weight": Decimal("50"), "height": Decimal("160")}, service_date=ON) == {"bmi": Decimal("19.5")}
