"""SKDN growth monitoring rules (DOMAIN.md §2): pure functions over a child's weighings.

S balita in the area · K with a Buku KIA/KMS · D weighed this calendar month · N weighed this and
last month with gain ≥ KBM · T weighed both months with gain < KBM (none or loss included) · O
weighed this month, not last · B first weighing ever. D = N + T + O + B. 2T = T two months running.

Project decisions (docs/decisions/0005-outreach.md): gain = last weight this month − last weight
last month; the birth weight is a weight on the birth date, so it is "last month's weight" for a
child born last month (and never makes a child "weighed before" for B); KBM by completed months at
this month's last weighing, the first month of life (0 completed months) using the 1-month value.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ilp.people.age import completed_months

N, T, O, B = "N", "T", "O", "B"  # noqa: E741 (the SKDN letters, as the KMS names them)

# Kenaikan berat badan minimum (KBM), grams, by completed months (PMK 155/2010; Buku KIA 2023).
_KBM_BY_MONTH = {0: 800, 1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400}


def kbm_grams(age_months: int) -> int:
    """Minimum monthly weight gain for a child of `age_months` completed months at the weighing."""
    if age_months in _KBM_BY_MONTH:
        return _KBM_BY_MONTH[age_months]
    return 300 if age_months <= 11 else 200


@dataclass(frozen=True, order=True)
class Weighing:
    """One weight of a child: a Posyandu/clinic weighing, or the birth weight (dated the birth day)."""

    date: dt.date
    order: int  # breaks ties on one day: the later recording wins; birth weight sorts first
    kg: Decimal
    at_birth: bool = False


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _last_in(weighings: list[Weighing], year: int, month: int) -> Weighing | None:
    first, last = month_bounds(year, month)
    inside = [w for w in weighings if first <= w.date <= last]
    return max(inside) if inside else None


def category(weighings: list[Weighing], *, birth_date: dt.date, year: int, month: int) -> str | None:
    """N, T, O or B for the month, or None when the child was not weighed in it (not in D)."""
    current = _last_in([w for w in weighings if not w.at_birth], year, month)
    if current is None:
        return None
    previous = _last_in(weighings, *previous_month(year, month))
    if previous is not None:
        gain_grams = (current.kg - previous.kg) * 1000
        return N if gain_grams >= kbm_grams(completed_months(birth_date, current.date)) else T
    first_day = month_bounds(year, month)[0]
    weighed_before = any(w.date < first_day and not w.at_birth for w in weighings)
    return O if weighed_before else B


def two_t(weighings: list[Weighing], *, birth_date: dt.date, year: int, month: int) -> bool:
    """T this month and T last month: refer to the Puskesmas (Buku KIA)."""
    return (category(weighings, birth_date=birth_date, year=year, month=month) == T
            and category(weighings, birth_date=birth_date, year=previous_month(year, month)[0],
                         month=previous_month(year, month)[1]) == T)


def is_balita(birth_date: dt.date, year: int, month: int) -> bool:
    """In S for the month: born by its last day and under 60 completed months on its first day."""
    first, last = month_bounds(year, month)
    return birth_date <= last and (birth_date > first or completed_months(birth_date, first) < 60)
