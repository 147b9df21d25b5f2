"""LB1 from a hand-made set of diagnoses: every number below was counted by hand.

Age bands (definitions/lb1.yaml): 0-7 days, 8-28 days, then 29 days to the day before the first
birthday, then completed years (DOMAIN.md §0).
"""

import datetime as dt

import pytest

from ilp.reports.builders import build_report
from ilp.reports.builders.lb1 import age_band
from ilp.reports.definitions import catalogue

from .conftest import JANUARY, ON, value
from .factories import aged, diagnosis

BANDS = catalogue()["lb1"].age_bands


def band_of(**age) -> str:
    birth = ON.replace(year=ON.year - age.get("years", 0)) - dt.timedelta(days=age.get("days", 0))
    return BANDS[age_band(BANDS, age_days=(ON - birth).days, on=ON)].label


@pytest.mark.parametrize(("age", "band"), [
    ({"days": 0}, "0-7 hr"), ({"days": 7}, "0-7 hr"), ({"days": 8}, "8-28 hr"), ({"days": 28}, "8-28 hr"),
    ({"days": 29}, "1-11 bl"), ({"days": 364}, "1-11 bl"), ({"years": 1}, "1-4 th"), ({"years": 4, "days": 364}, "1-4 th"),
    ({"years": 5}, "5-9 th"), ({"years": 19, "days": 364}, "15-19 th"), ({"years": 20}, "20-44 th"),
    ({"years": 59, "days": 364}, "55-59 th"), ({"years": 60}, "60-69 th"), ({"years": 69, "days": 364}, "60-69 th"),
    ({"years": 70}, "70+ th"), ({"years": 101}, "70+ th"),
])
def test_age_band_boundaries_use_days_then_completed_years(age, band):
    assert band_of(**age) == band


def test_a_leap_day_birthday_is_completed_on_1_march():
    born = dt.date(2024, 2, 29)
    on = dt.date(2025, 2, 28)
    assert BANDS[age_band(BANDS, age_days=(on - born).days, on=on)].label == "1-11 bl"
    on = dt.date(2025, 3, 1)
    assert BANDS[age_band(BANDS, age_days=(on - born).days, on=on)].label == "1-4 th"


@pytest.fixture
def pneumonia_cases(desa):
    """J18 in January: new cases in a boy of 7 days, a girl of 8 days and a boy of 28 days; an old case in a girl of 29 days."""
    for days, sex, case in [(7, "M", "baru"), (8, "F", "baru"), (28, "M", "baru"), (29, "F", "lama")]:
        diagnosis(aged(days=days, on=ON, sex=sex, desa=desa), "J18.9" if case == "baru" else "J18.0", on=ON, case=case)


def test_lb1_counts_each_diagnosis_in_its_age_band_case_and_sex(area, pneumonia_cases, some_diagnoses):
    table = build_report("lb1", area=area, month=JANUARY).tables[0]
    assert value(table, code="J18", path=("0-7 hr", "Baru", "L")) == 1
    assert value(table, code="J18", path=("8-28 hr", "Baru", "P")) == 1
    assert value(table, code="J18", path=("8-28 hr", "Baru", "L")) == 1
    assert value(table, code="J18", path=("1-11 bl", "Lama", "P")) == 1
    assert value(table, code="J18", path=("1-4 th", "Baru", "L")) == 1  # the boy of 3 from some_diagnoses
    assert value(table, code="J18", path=("Total", "", "")) == 5


def test_lb1_groups_categories_under_their_icd10_block_with_subtotals(area, pneumonia_cases, some_diagnoses):
    table = build_report("lb1", area=area, month=JANUARY).tables[0]
    assert value(table, code="J09-J18", path=("Jumlah", "Baru", "L")) == 3
    assert value(table, code="J09-J18", path=("Jumlah", "Lama", "P")) == 1
    assert value(table, code="A00-A09", path=("20-44 th", "Baru", "P")) == 1
    assert value(table, code="A00-A09", path=("20-44 th", "Lama", "P")) == 1
    assert value(table, code="A92-A99", path=("Total", "", "")) == 1
    assert [row.cells[1].value for row in table.rows if row.bold] == ["A00-A09", "A92-A99", "J09-J18", ""]


def test_lb1_counts_only_the_month_and_the_area(area, some_diagnoses, desa):
    diagnosis(aged(years=30, on=ON, sex="F", desa=desa), "A09.9", on=dt.date(2026, 2, 1))
    table = build_report("lb1", area=area, month=JANUARY).tables[0]
    assert value(table, code="JUMLAH", path=("Total", "", ""), key=2) == 4  # not February, not desa_lain


def test_lb1_without_diagnoses_is_an_empty_form_with_its_total_row(area):
    table = build_report("lb1", area=area, month=JANUARY).tables[0]
    assert len(table.rows) == 1
    assert value(table, code="JUMLAH", path=("Total", "", ""), key=2) == 0
