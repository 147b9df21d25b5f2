"""The "KMK-2023" schedule as data: due dates hand-computed for one child, interval and window checks.

The child is born on 10 March 2025. Ages are calendar months from the birth date; minimum intervals
count a month as 28 days (DOMAIN.md §2), so 8 weeks = 56 d, 6 months = 168 d, 12 months = 336 d.
"""

import datetime as dt

import pytest

from ilp.immunization.schedule import add_months, current_schedule, schedules
from ilp.people.age import completed_months

BORN = dt.date(2025, 3, 10)
KMK = current_schedule(dt.date(2026, 1, 1))


def due(code: str, previous_given: dt.date | None = None) -> dt.date:
    return KMK.due_on(KMK.by_code(code), birth_date=BORN, previous_given=previous_given)


def test_the_schedule_loads_as_version_kmk_2023():
    assert set(schedules()) == {"KMK-2023"}
    assert KMK.id == "KMK-2023" and KMK.month_days == 28
    assert len(KMK.set_doses("idl")) == 17
    assert [d.code for d in KMK.set_doses("ibl")] == ["PCV3", "DPT-HB-Hib4", "MR2"]
    assert "JE" in [d.code for d in KMK.set_doses("idl", endemic_je=True)]


@pytest.mark.parametrize("code, expected", [
    ("HB0", dt.date(2025, 3, 10)), ("BCG", dt.date(2025, 3, 10)), ("OPV1", dt.date(2025, 3, 10)),
    ("DPT-HB-Hib1", dt.date(2025, 5, 10)), ("MR1", dt.date(2025, 12, 10)), ("PCV3", dt.date(2026, 3, 10)),
    ("DPT-HB-Hib4", dt.date(2026, 9, 10)), ("MR2", dt.date(2026, 9, 10)),
])
def test_due_dates_by_age(code, expected):
    assert due(code) == expected


@pytest.mark.parametrize("code, previous_given, expected", [
    # PCV3 at 12 months, ≥ 8 weeks after PCV2: on time PCV2 leaves 12 months; a late one pushes it.
    ("PCV3", dt.date(2025, 6, 10), dt.date(2026, 3, 10)),
    ("PCV3", dt.date(2026, 2, 1), dt.date(2026, 3, 29)),
    # DPT-HB-Hib4 at 18 months, ≥ 12 months (336 d) after DPT-HB-Hib3.
    ("DPT-HB-Hib4", dt.date(2025, 7, 10), dt.date(2026, 9, 10)),
    ("DPT-HB-Hib4", dt.date(2026, 1, 5), dt.date(2026, 12, 7)),
    # MR2 at 18 months, ≥ 6 months (168 d) after MR1.
    ("MR2", dt.date(2025, 12, 10), dt.date(2026, 9, 10)),
    ("MR2", dt.date(2026, 4, 1), dt.date(2026, 9, 16)),
    # DPT-HB-Hib2 at 3 months, ≥ 1 month (28 d) after DPT-HB-Hib1.
    ("DPT-HB-Hib2", dt.date(2025, 6, 1), dt.date(2025, 6, 29)),
])
def test_due_dates_respect_the_minimum_interval_after_the_previous_dose(code, previous_given, expected):
    assert due(code, previous_given) == expected


def test_overdue_starts_at_the_end_of_the_window_or_on_the_due_date_when_pushed_past_it():
    dpt1 = KMK.by_code("DPT-HB-Hib1")
    assert KMK.overdue_from(dpt1, birth_date=BORN, due=due("DPT-HB-Hib1")) == dt.date(2025, 6, 10)
    dpt2 = KMK.by_code("DPT-HB-Hib2")
    pushed = due("DPT-HB-Hib2", dt.date(2025, 8, 1))
    assert KMK.overdue_from(dpt2, birth_date=BORN, due=pushed) == pushed == dt.date(2025, 8, 29)


def kinds(code: str, given_on: dt.date, previous_given: dt.date | None) -> set[str]:
    return {w.kind for w in KMK.check(KMK.by_code(code), birth_date=BORN, given_on=given_on, previous_given=previous_given)}


@pytest.mark.parametrize("days_after, flagged", [(27, True), (28, False)])
def test_a_dose_within_28_days_of_the_previous_one_is_flagged(days_after, flagged):
    dpt1 = dt.date(2025, 5, 12)
    assert ("interval" in kinds("DPT-HB-Hib2", dpt1 + dt.timedelta(days=days_after), dpt1)) is flagged


@pytest.mark.parametrize("given_on, expected", [
    (dt.date(2025, 12, 9), {"min_age"}), (dt.date(2025, 12, 10), set()), (dt.date(2026, 1, 9), set()),
    (dt.date(2026, 1, 10), {"late"}),
])
def test_mr1_before_9_months_or_from_10_months_is_outside_its_window(given_on, expected):
    assert kinds("MR1", given_on, None) == expected


def test_a_dose_without_its_previous_one_says_so():
    assert kinds("OPV2", dt.date(2025, 5, 12), None) == {"previous_missing"}


@pytest.mark.parametrize("birth", [dt.date(2025, 1, 31), dt.date(2024, 2, 29), dt.date(2025, 3, 10), dt.date(2025, 12, 31)])
@pytest.mark.parametrize("months", [1, 2, 9, 12, 18])
def test_add_months_is_the_first_day_with_that_many_completed_months(birth, months):
    day = add_months(birth, months)
    assert completed_months(birth, day) == months
    assert completed_months(birth, day - dt.timedelta(days=1)) == months - 1
