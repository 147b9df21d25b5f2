"""W2/SKDR: new cases of the early-warning diseases per ISO week; a week belongs to the month of its Thursday."""

import datetime as dt

from ilp.reports.builders import build_report
from ilp.reports.builders.w2 import iso_weeks
from ilp.reports.tables import Month

from .conftest import JANUARY, value
from .factories import aged, diagnosis


def test_january_2026_has_iso_weeks_1_to_5_starting_on_29_december():
    weeks = iso_weeks(JANUARY)
    assert [(year, week) for year, week, _ in weeks] == [(2026, w) for w in range(1, 6)]
    assert weeks[0][2] == dt.date(2025, 12, 29)


def test_a_week_whose_thursday_is_in_the_next_month_belongs_to_it():
    # 30 Nov 2026 is a Monday; its Thursday is 3 December: week 49 is December's first week.
    assert [week for _, week, _ in iso_weeks(Month(2026, 11))] == [45, 46, 47, 48]
    assert iso_weeks(Month(2026, 12))[0][1:] == (49, dt.date(2026, 11, 30))


def test_december_2026_ends_with_week_53():
    assert iso_weeks(Month(2026, 12))[-1][:2] == (2026, 53)


def test_w2_counts_new_cases_per_week_by_icd10_code(area, some_diagnoses, desa):
    diagnosis(aged(years=5, on=dt.date(2026, 1, 2), sex="F", desa=desa), "A09.0", on=dt.date(2025, 12, 30))  # week 1
    table = build_report("w2", area=area, month=JANUARY).tables[0]
    assert value(table, code="A", path=("Minggu 1", "29/12-04/01")) == 1
    assert value(table, code="A", path=("Minggu 3", "12/01-18/01")) == 1  # the old case on 20 January is not counted
    assert value(table, code="A", path=("Jumlah", "")) == 2
    assert value(table, code="C", path=("Minggu 2", "05/01-11/01")) == 1  # dengue A97.0
    assert value(table, code="D", path=("Minggu 3", "12/01-18/01")) == 1  # pneumonia J18.9
    assert value(table, code="JUMLAH", path=("Jumlah", ""), key=2) == 4
