"""WHO growth L, M, S tables, read once from the pinned `pygrowup` package (DOMAIN.md 6.1).

The package stores each table as a Python module holding ``DATA[sex][key] = {"l", "m", "s"}``
with Decimal values. We turn each one, on first use, into a typed table indexed by position so
the z-score code never touches raw dicts. Its 5–19 y arm-circumference table (``by_month.acfa``)
is not WHO's and is deliberately not offered here.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal, NamedTuple

Sex = Literal["M", "F"]

DAYS_PER_MONTH = 30.4375  # WHO's average month (365.25 / 12); exact in binary floating point
_PACKAGE_SEX = {"M": "male", "F": "female"}
_TENTH = Decimal("0.1")


Params = tuple[float, float, float]  # (L, M, S); an LMS row or values interpolated between rows


class LMS(NamedTuple):
    """Box-Cox power (L), median (M) and coefficient of variation (S) at one point of a table."""

    l: float  # noqa: E741 -- L is the name WHO gives the Box-Cox power
    m: float
    s: float


class DecimalLMS(NamedTuple):
    """The same parameters as printed by WHO, for exact interpolation between length rows."""

    l: Decimal  # noqa: E741 -- see LMS
    m: Decimal
    s: Decimal

    def as_float(self) -> LMS:
        return LMS(float(self.l), float(self.m), float(self.s))


# indicator -> (pygrowup module, x unit). WHO 2006 (0–1856 days) and WHO 2007 (61–228 months).
WHO2006_BY_DAY = {
    "wfa": "by_day.wfa",  # weight-for-age
    "lhfa": "by_day.lfa",  # length/height-for-age (length rows to day 730, height from 731)
    "bmifa": "by_day.bmifa",  # BMI-for-age (same switch at day 731)
    "hcfa": "by_day.hcfa",  # head circumference-for-age
    "acfa": "by_day.acfa",  # arm circumference (MUAC)-for-age, from day 91
}
WHO2006_BY_LENGTH = {
    "wfl": "by_day.wfl",  # weight-for-length, 45.0–110.0 cm
    "wfh": "by_day.wfh",  # weight-for-height, 65.0–120.0 cm
}
WHO2007_BY_MONTH = {
    "hfa": "by_month.lfa",  # height-for-age, 61–228 months
    "bfa": "by_month.bmifa",  # BMI-for-age, 61–228 months
    "wfa": "by_month.wfa",  # weight-for-age, 61–120 months only
}


@dataclass(frozen=True)
class AgeTable:
    """A WHO 2006 table with one row per day of age, for one sex."""

    indicator: str
    sex: Sex
    first_day: int
    rows: tuple[LMS, ...]
    exact: tuple[DecimalLMS, ...]

    @property
    def last_day(self) -> int:
        return self.first_day + len(self.rows) - 1

    def at(self, age_days: int) -> Params | None:
        """Parameters on that day of age, or None outside the table."""
        index = age_days - self.first_day
        if 0 <= index < len(self.rows):
            return self.rows[index]
        return None


@dataclass(frozen=True)
class LengthTable:
    """A WHO 2006 weight-for-length or weight-for-height table, one row per 0.1 cm, for one sex."""

    indicator: str
    sex: Sex
    first_tenth: int  # the first row, in tenths of a centimetre (450 for 45.0 cm)
    exact: tuple[DecimalLMS, ...]
    rows: tuple[LMS, ...]  # the same rows as floats
    low_cm: Decimal
    high_cm: Decimal

    def at(self, length_cm: Decimal) -> Params | None:
        """Parameters at that length, interpolated between the neighbouring 0.1 cm rows.

        The arithmetic is in Decimal: in binary floating point 109.6 − 0.7 is 108.8999…, which
        would pick the 108.8 cm row (DOMAIN.md 6.1 rule 5).
        """
        if not self.low_cm <= length_cm <= self.high_cm:
            return None
        tenths = length_cm * 10
        whole = int(tenths)  # lengths here are positive, so int() is floor
        fraction = tenths - whole
        if not fraction:
            return self.rows[whole - self.first_tenth]
        low = self.exact[whole - self.first_tenth]
        high = self.exact[whole - self.first_tenth + 1]
        return (
            float(low.l + fraction * (high.l - low.l)),
            float(low.m + fraction * (high.m - low.m)),
            float(low.s + fraction * (high.s - low.s)),
        )


@dataclass(frozen=True)
class MonthTable:
    """A WHO 2007 table with one row per whole month of age, for one sex.

    The package lacks WHO's padding row (229 months, or 121 for weight-for-age) that repeats
    the last one so that ages up to 228.99 (120.99) can be interpolated; we add it back.
    """

    indicator: str
    sex: Sex
    first_month: int
    rows: tuple[LMS, ...]  # includes the padding row
    exact: tuple[DecimalLMS, ...]  # as in the package, without the padding row
    upper_month: int  # ages must be below this (229, or 121), as in WHO's 2007 macro

    def at(self, age_months: float) -> Params | None:
        """Parameters interpolated linearly between floor(age) and the next whole month."""
        if not self.first_month <= age_months < self.upper_month:
            return None
        low_month = math.floor(age_months)
        fraction = age_months - low_month
        low = self.rows[low_month - self.first_month]
        if fraction <= 0:
            return low
        high = self.rows[low_month - self.first_month + 1]
        # Same operation order as WHO's AnthroPlus: low + fraction × (high − low).
        return (
            low.l + fraction * (high.l - low.l),
            low.m + fraction * (high.m - low.m),
            low.s + fraction * (high.s - low.s),
        )


def _package_rows(module: str, sex: Sex) -> list[tuple[Decimal, DecimalLMS]]:
    data = importlib.import_module(f"pygrowup.tables.{module}").DATA[_PACKAGE_SEX[sex]]
    rows = [(Decimal(key), DecimalLMS(row["l"], row["m"], row["s"])) for key, row in data.items()]
    rows.sort(key=lambda item: item[0])
    return rows


def _check_steps(module: str, keys: list[Decimal], step: Decimal) -> None:
    # Position indexing is only right if the package has no gap; fail loudly if it ever does.
    for before, after in zip(keys, keys[1:], strict=False):
        if after - before != step:
            raise RuntimeError(f"pygrowup table {module}: gap between {before} and {after}")


@cache
def age_table(indicator: str, sex: Sex) -> AgeTable:
    """The WHO 2006 by-day table (wfa, lhfa, bmifa, hcfa, acfa) for one sex, days 0–1856."""
    module = WHO2006_BY_DAY[indicator]
    rows = _package_rows(module, sex)
    keys = [key for key, _ in rows]
    _check_steps(module, keys, Decimal(1))
    exact = tuple(lms for _, lms in rows)
    return AgeTable(indicator, sex, int(keys[0]), tuple(r.as_float() for r in exact), exact)


@cache
def length_table(indicator: str, sex: Sex) -> LengthTable:
    """The WHO 2006 weight-for-length (wfl) or weight-for-height (wfh) table for one sex."""
    module = WHO2006_BY_LENGTH[indicator]
    rows = _package_rows(module, sex)
    keys = [key for key, _ in rows]
    _check_steps(module, keys, _TENTH)
    exact = tuple(lms for _, lms in rows)
    floats = tuple(row.as_float() for row in exact)
    return LengthTable(indicator, sex, int(keys[0] * 10), exact, floats, keys[0], keys[-1])


@cache
def month_table(indicator: str, sex: Sex) -> MonthTable:
    """The WHO 2007 by-month table (hfa, bfa, wfa) for one sex, with WHO's padding row added."""
    module = WHO2007_BY_MONTH[indicator]
    rows = _package_rows(module, sex)
    keys = [key for key, _ in rows]
    _check_steps(module, keys, Decimal(1))
    exact = tuple(lms for _, lms in rows)
    floats = tuple(r.as_float() for r in exact)
    return MonthTable(indicator, sex, int(keys[0]), floats + floats[-1:], exact, int(keys[-1]) + 1)
