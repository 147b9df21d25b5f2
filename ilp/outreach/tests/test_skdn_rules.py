"""SKDN rules (ilp.outreach.skdn) on hand-computed weighings at their boundaries (DOMAIN.md §2).

KBM (PMK 155/2010, Buku KIA 2023) by completed months at this month's last weighing: 1 mo 800 g,
2 mo 900, 3 mo 800, 4 mo 600, 5 mo 500, 6 mo 400, 7–11 mo 300, 12–59 mo 200; 0 mo uses 800 (our decision).
"""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.outreach import skdn
from ilp.outreach.skdn import B, N, O, T, Weighing


def w(day: str, kg: str, order: int = 1, at_birth: bool = False) -> Weighing:
    return Weighing(dt.date.fromisoformat(day), order, Decimal(kg), at_birth)


@pytest.mark.parametrize(("months", "grams"), [(0, 800), (1, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400),
                                               (7, 300), (11, 300), (12, 200), (59, 200)])
def test_kbm_by_completed_months(months, grams):
    assert skdn.kbm_grams(months) == grams


BORN_2025 = dt.date(2025, 1, 10)  # 17 months in June 2026: KBM 200 g


@pytest.mark.parametrize(("june", "expected"), [("10.2", N), ("10.3", N), ("10.1", T), ("10.0", T), ("9.8", T)])
def test_gain_equal_to_kbm_is_n_below_is_t_no_gain_and_loss_are_t(june, expected):
    weighings = [w("2026-05-12", "10.0"), w("2026-06-12", june, 2)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=6) == expected


def test_gain_is_last_weight_this_month_minus_last_weight_last_month():
    # May: 10.0 then 10.5; June: 10.6 then 10.8. Gain = 10.8 − 10.5 = 300 g ≥ 200 → N (10.6 − 10.0 would not decide it).
    weighings = [w("2026-05-02", "10.0", 1), w("2026-05-28", "10.5", 2), w("2026-06-03", "10.6", 3), w("2026-06-20", "10.8", 4)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=6) == N
    # June's last weight 10.6 (a later, lower weighing): 10.6 − 10.5 = 100 g < 200 → T.
    weighings = [w("2026-05-28", "10.5", 1), w("2026-06-03", "10.8", 2), w("2026-06-20", "10.6", 3)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=6) == T


def test_two_weighings_on_one_day_the_later_recording_counts():
    weighings = [w("2026-05-12", "10.0", 1), w("2026-06-12", "10.5", 2), w("2026-06-12", "10.1", 3)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=6) == T


def test_kbm_is_read_at_the_age_of_this_months_weighing():
    born = dt.date(2025, 11, 15)  # 6 completed months on 14 June (KBM 400 g), 7 on 15 June (300 g)
    may = w("2026-05-10", "7.0")
    assert skdn.category([may, w("2026-06-14", "7.3", 2)], birth_date=born, year=2026, month=6) == T
    assert skdn.category([may, w("2026-06-14", "7.4", 2)], birth_date=born, year=2026, month=6) == N
    assert skdn.category([may, w("2026-06-15", "7.3", 2)], birth_date=born, year=2026, month=6) == N


def test_weighed_this_month_not_last_but_before_is_o():
    weighings = [w("2026-04-10", "10.0"), w("2026-06-10", "10.9", 2)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=6) == O


def test_first_weighing_ever_is_b():
    assert skdn.category([w("2026-06-10", "10.9")], birth_date=BORN_2025, year=2026, month=6) == B


def test_not_weighed_this_month_is_not_in_d():
    assert skdn.category([w("2026-05-10", "10.9")], birth_date=BORN_2025, year=2026, month=6) is None


def test_birth_weight_counts_as_last_months_weight_in_month_one():
    born = dt.date(2026, 5, 10)  # 1 completed month on 12 June: KBM 800 g from the birth weight 3.0 kg
    birth = w("2026-05-10", "3.0", 0, at_birth=True)
    assert skdn.category([birth, w("2026-06-12", "3.8", 1)], birth_date=born, year=2026, month=6) == N
    assert skdn.category([birth, w("2026-06-12", "3.7", 1)], birth_date=born, year=2026, month=6) == T


def test_birth_weight_is_not_a_weighing_this_month_nor_a_weighing_before():
    born = dt.date(2026, 6, 2)
    birth = w("2026-06-02", "3.1", 0, at_birth=True)
    assert skdn.category([birth], birth_date=born, year=2026, month=6) is None
    assert skdn.category([birth, w("2026-06-20", "3.6", 1)], birth_date=born, year=2026, month=6) == B
    # Born in April, first weighed in June: the birth weight is two months back, so B (not N/T, not O).
    april = dt.date(2026, 4, 20)
    assert skdn.category([w("2026-04-20", "3.1", 0, True), w("2026-06-20", "5.0", 1)], birth_date=april,
                         year=2026, month=6) == B


def test_a_later_weighing_in_the_birth_month_replaces_the_birth_weight():
    born = dt.date(2026, 5, 3)  # May: birth 3.0, weighed 3.5 on 31 May; June 4.2 at 1 month: 700 g < 800 → T
    weighings = [w("2026-05-03", "3.0", 0, True), w("2026-05-31", "3.5", 1), w("2026-06-12", "4.2", 2)]
    assert skdn.category(weighings, birth_date=born, year=2026, month=6) == T


def test_january_compares_with_december():
    weighings = [w("2025-12-20", "10.0"), w("2026-01-15", "10.2", 2)]
    assert skdn.category(weighings, birth_date=BORN_2025, year=2026, month=1) == N


def test_2t_is_t_two_months_running():
    t_t = [w("2026-04-10", "10.0", 1), w("2026-05-10", "10.1", 2), w("2026-06-10", "10.2", 3)]
    assert skdn.two_t(t_t, birth_date=BORN_2025, year=2026, month=6)
    n_t = [w("2026-04-10", "10.0", 1), w("2026-05-10", "10.3", 2), w("2026-06-10", "10.4", 3)]
    assert not skdn.two_t(n_t, birth_date=BORN_2025, year=2026, month=6)
    o_t = [w("2026-05-10", "10.3", 2), w("2026-06-10", "10.4", 3)]  # May was B, June T
    assert not skdn.two_t(o_t, birth_date=BORN_2025, year=2026, month=6)


@pytest.mark.parametrize(("born", "in_s"), [
    ("2026-06-30", True),   # born on the month's last day
    ("2026-07-01", False),  # not born yet
    ("2021-06-01", False),  # 60 completed months on 1 June
    ("2021-06-02", True),   # 59 completed months on 1 June, turns 60 during June: still counted in June
])
def test_s_is_balita_under_60_completed_months_on_the_first_day(born, in_s):
    assert skdn.is_balita(dt.date.fromisoformat(born), 2026, 6) is in_s
