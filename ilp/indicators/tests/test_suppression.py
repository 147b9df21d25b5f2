"""Small cells (1–4) are hidden from aggregate-only roles, and cannot be recovered from a total by subtraction."""

import itertools
from decimal import Decimal

import pytest

from ilp.indicators import pws, suppression


def row(code: str, n: int, month: int = 0, previous: int = 0) -> pws.Row:
    return pws.Row(code, code, n, Decimal(100), "estimasi", Decimal(n), Decimal(month), Decimal(previous), Decimal(50),
                   pws.CUKUP, month, previous)


def total_of(rows) -> pws.Row:
    return row("", sum(r.numerator for r in rows), sum(r.count_month for r in rows), sum(r.count_previous for r in rows))


class Regional:
    sees_patients = False


class Staff:
    sees_patients = True


def test_counts_of_one_to_four_are_shown_as_less_than_five_with_their_percentages():
    rows = [row("a", 3), row("b", 0), row("c", 5), row("d", 4)]
    shown, total = suppression.protect(rows, total_of(rows), user=Regional())
    assert [s.numerator for s in shown] == ["<5", "0", "5", "<5"]
    assert [s.value for s in shown] == [None, Decimal(0), Decimal(5), None]
    assert total.numerator == "12"


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    rows = [row("a", 2), row("b", 9), row("c", 7), row("d", 0)]
    shown, _total = suppression.protect(rows, total_of(rows), user=Regional())
    assert [s.numerator for s in shown] == ["<5", "9", "<5", "0"]  # 7 hidden too: 18 − 9 − 0 = 9 is two cells


def test_a_small_total_is_hidden():
    rows = [row("a", 2), row("b", 0)]
    _shown, total = suppression.protect(rows, total_of(rows), user=Regional())
    assert total.numerator == "<5" and total.value is None


def test_month_columns_are_protected_on_their_own():
    rows = [row("a", 20, month=1), row("b", 30, month=6), row("c", 25, month=8)]
    shown, _total = suppression.protect(rows, total_of(rows), user=Regional())
    assert [s.monthly for s in shown] == [None, None, Decimal(8)]  # 1 hidden, and 6 with it
    assert [s.numerator for s in shown] == ["20", "30", "25"]


def test_facility_staff_see_every_number():
    rows = [row("a", 2), row("b", 9)]
    shown, total = suppression.protect(rows, total_of(rows), user=Staff())
    assert [s.numerator for s in shown] == ["2", "9"] and total.numerator == "11"


@pytest.mark.parametrize("counts", list(itertools.product([0, 1, 3, 4, 5, 8], repeat=3)))
def test_no_hidden_cell_is_the_total_minus_the_shown_ones(counts):
    rows = [row(str(i), n) for i, n in enumerate(counts)]
    shown, total = suppression.protect(rows, total_of(rows), user=Regional())
    hidden = [r.numerator for r, s in zip(rows, shown, strict=True) if s.numerator == "<5" or "numerator" in s.hidden]
    if total.numerator == "<5" or not hidden:
        return
    remainder = int(total.numerator) - sum(int(s.numerator) for s in shown if "numerator" not in s.hidden)
    assert len(hidden) >= 2  # one hidden cell alone would equal the remainder
    assert sum(hidden) == remainder


def test_a_small_counted_denominator_is_hidden_with_everything_made_from_it():
    kek = pws.Row("", "Kab", 1, Decimal(4), "register", Decimal(25), Decimal(0), Decimal(0), None, None, 0, 0)
    _rows, shown = suppression.protect([], kek, user=Regional())
    assert (shown.numerator, shown.denominator, shown.value) == ("<5", "<5", None)
    bigger = pws.Row("", "Kab", 1, Decimal(15), "register", Decimal("6.7"), Decimal(0), Decimal(0), None, None, 0, 0)
    assert suppression.protect([], bigger, user=Regional())[1].denominator == Decimal(15)
    sasaran = pws.Row("", "Kab", 0, Decimal(3), "estimasi", Decimal(0), Decimal(0), Decimal(0), None, None, 0, 0)
    assert suppression.protect([], sasaran, user=Regional())[1].denominator == Decimal(3)
