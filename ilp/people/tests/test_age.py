"""Age as program rules count it: completed days, months and years (DOMAIN.md §0)."""

import datetime as dt

import pytest

from ilp.people.age import age_text, completed_months, completed_years


@pytest.mark.parametrize(("birth", "on", "months"), [
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 0),
    (dt.date(2024, 1, 15), dt.date(2024, 2, 15), 1),
    (dt.date(2024, 1, 15), dt.date(2025, 1, 14), 11),
])
def test_completed_months_counts_only_full_months(birth, on, months):
    assert completed_months(birth, on) == months


def test_completed_years_turns_on_the_birthday():
    assert (completed_years(dt.date(2000, 6, 15), dt.date(2025, 6, 14)),
            completed_years(dt.date(2000, 6, 15), dt.date(2025, 6, 15))) == (24, 25)


@pytest.mark.parametrize(("birth", "text"), [
    (dt.date(2025, 6, 1), "14 hari"),
    (dt.date(2025, 1, 10), "5 bulan"),
    (dt.date(2023, 7, 1), "23 bulan"),
    (dt.date(2023, 6, 15), "2 tahun"),
    (dt.date(1950, 1, 1), "75 tahun"),
])
def test_age_text_says_days_then_months_then_years(birth, text):
    assert age_text(birth, dt.date(2025, 6, 15)) == text


def test_age_text_shows_a_dash_for_a_birth_date_in_the_future():
    assert age_text(dt.date(2025, 6, 16), dt.date(2025, 6, 15)) == "-"
