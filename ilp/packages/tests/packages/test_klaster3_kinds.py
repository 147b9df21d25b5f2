"""The Klaster 3 computed kinds on their own, for the groups the packages do not reach: WHO 2011 anaemia of
children and pregnant women, the glucose class without any test, a count with nothing answered (DOMAIN.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.packages.engine.computed import compute, outputs
from ilp.packages.engine.schema import ComputedDef

ON = dt.date(2026, 6, 15)
ANAEMIA = ComputedDef(id="anemia", label="anemia", kind="anemia_who2011", inputs={"hb": "hb"})


@pytest.mark.parametrize("months, sex, pregnant, hb, category", [
    (5, "F", False, "9.0", None), (6, "M", False, "10.9", "ringan"), (30, "F", False, "6.9", "berat"), (30, "F", False, "11.0", "normal"),
    (84, "M", False, "11.4", "ringan"), (84, "M", False, "11.5", "normal"), (156, "M", False, "11.9", "ringan"),
    (300, "F", True, "10.9", "ringan"), (300, "F", True, "9.9", "sedang"), (300, "F", True, "6.9", "berat"), (300, "F", True, "11.0", "normal"),
    (300, "M", False, "12.9", "ringan"), (300, "F", False, "12.0", "normal"),
])
def test_who_2011_anaemia_by_group(months, sex, pregnant, hb, category):
    facts = {"hb": Decimal(hb), "age_months": months, "sex": sex, "pregnant": pregnant}
    assert compute(ANAEMIA, facts, service_date=ON) == {"anemia": category}


def test_no_glucose_test_no_class():
    glucose = ComputedDef(id="g", label="g", kind="glucose_class", inputs={"gds": "gds", "gdp": "gdp"})
    assert compute(glucose, {"gds": None, "gdp": None}, service_date=ON) == {"g": None}


def test_a_count_with_nothing_answered_is_unknown_not_zero():
    count = ComputedDef(id="n", label="n", kind="count_true", inputs={"a": "a", "b": "b"})
    assert outputs(count) == ("n", "n_missing")
    assert compute(count, {"a": None, "b": None}, service_date=ON) == {"n": None, "n_missing": 2}
    assert compute(count, {"a": False, "b": None}, service_date=ON) == {"n": 0, "n_missing": 1}


def test_adult_bp_names_its_outputs_and_needs_both_values():
    bp = ComputedDef(id="td", label="td", kind="adult_bp", inputs={"sbp": "sbp", "dbp": "dbp"})
    assert outputs(bp) == ("td", "td_sbp", "td_dbp", "td_isolated")
    assert compute(bp, {"sbp": Decimal("150"), "dbp": None}, service_date=ON)["td"] is None
