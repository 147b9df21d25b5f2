"""Anthropometric z-scores of one child at one measurement (DOMAIN.md 6.1).

WHO 2006 Child Growth Standards from birth to day 1856 (60 completed months), WHO 2007 Growth
Reference from day 1857 to 228 months. Reproduces, at 2 decimals, every z-score and flag of
WHO's Anthro example survey and of the AnthroPlus example survey.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import NamedTuple

from ilp.growth.lms import zscore
from ilp.growth.tables import (
    DAYS_PER_MONTH,
    AgeTable,
    MonthTable,
    Sex,
    age_table,
    length_table,
    month_table,
)

INDICATORS = ("waz", "haz", "whz", "baz", "hcz", "acz")

LAST_WHO2006_DAY = 1856  # igrowup and the example survey use WHO 2006 up to 60 completed months
STANDING_FROM_DAY = 731  # WHO 2006 tables switch from length to height at 24 months
POSITION_ADJUSTMENT = Decimal("0.7")  # cm between lying length and standing height
WFL_UNTIL_CM = Decimal(87)  # with neither age nor position, shorter children are measured lying
MIN_STANDING_MONTHS = 9  # standing before 9 months is a wrong position, not a height
FIRST_WHO2007_MONTH = 61  # the package's first WHO 2007 row
_DAYS_PER_MONTH = Decimal("30.4375")

# Implausible z (DOMAIN.md 6.1 rule 8; same thresholds in WHO 2006 and 2007): (low, high).
FLAG_LIMITS: dict[str, tuple[float, float]] = {
    "waz": (-6, 5),
    "haz": (-6, 6),
    "whz": (-5, 5),
    "baz": (-5, 5),
    "hcz": (-5, 5),
    "acz": (-5, 5),
}
_LIMITS = tuple(FLAG_LIMITS[name] for name in INDICATORS)
RESTRICTED, PLAIN = True, False  # whether the ±3 SD restricted tail applies (rule 4)
_NO_FLAGS: frozenset[str] = frozenset()

SEX_MISSING_MESSAGE = "Jenis kelamin wajib diisi: 'M' (laki-laki) atau 'F' (perempuan) [sex is required]"
SEX_MESSAGE = "Jenis kelamin tidak dikenal: %r; isi 'M' (laki-laki) atau 'F' (perempuan) [sex must be M or F]"
AGE_MESSAGE = "Umur (hari) harus bilangan bulat ≥ 0; diterima: %r"
MONTHS_MESSAGE = "Umur (bulan) harus angka ≥ 0; diterima: %r"
OEDEMA_MESSAGE = "Oedema harus True/False (ya/tidak); diterima: %r"
BOTH_AGES_MESSAGE = "Isi umur dalam hari atau dalam bulan, tidak keduanya"
POSITION_MESSAGE = "Posisi ukur harus 'L' (berbaring) atau 'H' (berdiri); diterima: %r"
MEASURE_MESSAGE = "%s harus angka lebih dari 0; diterima: %r"
WEIGHT, LENGTH, HEAD, MUAC = "Berat badan", "Panjang/tinggi badan", "Lingkar kepala", "Lingkar lengan atas"


@dataclass(frozen=True, slots=True)
class ZScores:
    """WHO z-scores of one measurement, rounded to 2 decimals, with their implausibility flags.

    A z-score is None when it cannot be computed: a measurement or the age is missing, the
    age or length is outside the reference, or oedema hides the weight.
    """

    waz: float | None  # weight-for-age (BB/U)
    haz: float | None  # length/height-for-age (PB/U, TB/U)
    whz: float | None  # weight-for-length/height (BB/PB, BB/TB); WHO 2006 only
    baz: float | None  # BMI-for-age (IMT/U)
    hcz: float | None  # head circumference-for-age; WHO 2006 only
    acz: float | None  # arm circumference (MUAC, LiLA)-for-age; 91–1856 days
    flags: frozenset[str]  # names of the z-scores above that are implausible (rule 8)
    age_days: int | None
    age_months: float | None  # the exact age in months used for WHO 2007 and for age bands
    oedema: bool
    length_adjusted_cm: float | None  # after the ±0.7 cm lying/standing adjustment
    bmi: float | None  # kg / (adjusted m)²
    position_mismatch: bool  # "posisi tidak sesuai": measured standing before 9 months
    reference: str | None  # "WHO 2006" or "WHO 2007"; None without age or measurements

    def as_dict(self) -> dict[str, float | None]:
        """The six z-scores by name."""
        return {name: getattr(self, name) for name in INDICATORS}


def zscores(
    *,
    sex: str | None,
    age_days: int | None = None,
    age_months: float | None = None,
    weight_kg: float | None = None,
    length_cm: float | Decimal | None = None,
    measured: str | None = None,
    oedema: bool | None = False,
    head_cm: float | None = None,
    muac_cm: float | None = None,
) -> ZScores:
    """Z-scores of a child's weight, length/height, head and arm circumference at an age in days.

    `measured` is "L" (lying, recumbent length) or "H" (standing height); `oedema` is bilateral
    pitting oedema, which makes every weight-based z-score meaningless.

    Give the age in days (service date − birth date) or, for data recorded that way, in months.
    From months, the day is round_half_up(months × 30.4375) and WHO 2007 interpolates at the
    months as given, as WHO's AnthroPlus does; from days, months are days / 30.4375.
    """
    age, months = check_ages(age_days, age_months)
    child = _Child(
        _check_sex(sex),
        age,
        months,
        _check_measure(WEIGHT, weight_kg),
        _check_length(length_cm),
        _check_position(measured),
        check_oedema(oedema),
    )
    head, muac = _check_measure(HEAD, head_cm), _check_measure(MUAC, muac_cm)
    if age is not None and age > LAST_WHO2006_DAY:
        return _who2007(child)  # WHO 2007 has no head or arm circumference reference
    return _who2006(child, head, muac)


class _Child(NamedTuple):
    sex: Sex
    age: int | None
    months: float | None
    weight: float | None
    length: Decimal | None
    position: str | None
    oedema: bool


class _Who2006Tables(NamedTuple):
    wfa: AgeTable
    lhfa: AgeTable
    bmifa: AgeTable
    hcfa: AgeTable
    acfa: AgeTable


@cache
def _who2006_tables(sex: Sex) -> _Who2006Tables:
    return _Who2006Tables(*(age_table(name, sex) for name in _Who2006Tables._fields))


def _who2006(child: _Child, head: float | None, muac: float | None) -> ZScores:
    sex, age, months, weight, length, position, oedema = child
    if position == "H" and months is not None and months < MIN_STANDING_MONTHS:
        # Current WHO Anthro: the position is treated as unknown, so no adjustment is made.
        mismatch, position = True, None
    else:
        mismatch = False
    length = adjusted_length(length, age, position)
    length_f = None if length is None else float(length)
    bmi = _bmi(weight, length_f)
    if oedema:
        weight = None  # rule 6: oedema water makes every weight-based z-score meaningless
    waz = haz = whz = baz = hcz = acz = None
    if age is not None:
        tables = _who2006_tables(sex)
        waz = _z_by_day(tables.wfa, age, weight, RESTRICTED)
        haz = _z_by_day(tables.lhfa, age, length_f, PLAIN)
        baz = _z_by_day(tables.bmifa, age, None if oedema else bmi, RESTRICTED)
        hcz = _z_by_day(tables.hcfa, age, head, PLAIN)
        acz = _z_by_day(tables.acfa, age, muac, RESTRICTED)
    if weight is not None and length is not None:
        lms = length_table(length_indicator(age, position, length), sex).at(length)
        whz = None if lms is None else zscore(weight, lms, RESTRICTED)
    zs = (waz, haz, whz, baz, hcz, acz)
    return _result(zs, child, length_f, bmi, mismatch, "WHO 2006")


def _who2007(child: _Child) -> ZScores:
    sex, _, months, weight, length, _, oedema = child
    # WHO 2007 has no position adjustment: from 5 years every child is measured standing.
    # Months given below 61 that still round to day 1857 (a sliver under a quarter of a day)
    # take the 61-month row: the package has no 60-month row to interpolate from.
    months = max(months, FIRST_WHO2007_MONTH)
    length_f = None if length is None else float(length)
    bmi = _bmi(weight, length_f)
    waz = _z_by_month(month_table("wfa", sex), months, None if oedema else weight, RESTRICTED)
    haz = _z_by_month(month_table("hfa", sex), months, length_f, PLAIN)
    baz = _z_by_month(month_table("bfa", sex), months, None if oedema else bmi, RESTRICTED)
    return _result((waz, haz, None, baz, None, None), child, length_f, bmi, False, "WHO 2007")


def _z_by_day(table: AgeTable, age: int, y: float | None, restricted: bool) -> float | None:
    if y is None:
        return None
    lms = table.at(age)
    return None if lms is None else zscore(y, lms, restricted)


def _z_by_month(table: MonthTable, months: float, y: float | None, restricted: bool) -> float | None:
    if y is None:
        return None
    lms = table.at(months)
    return None if lms is None else zscore(y, lms, restricted)


def _result(
    zs: tuple[float | None, ...],
    child: _Child,
    length: float | None,
    bmi: float | None,
    mismatch: bool,
    reference: str,
) -> ZScores:
    present = [value for value in zs if value is not None]
    if not present:
        flags, reference = _NO_FLAGS, None
    elif min(present) >= -5 and max(present) <= 5:
        flags = _NO_FLAGS  # inside every limit: the common case, decided in two comparisons
    else:
        flags = frozenset(
            name
            for name, value, (low, high) in zip(INDICATORS, zs, _LIMITS, strict=True)
            if value is not None and not low <= value <= high
        )
    # Positional: this runs for every child, and keywords cost a tenth of the construction.
    return ZScores(*zs, flags, child.age, child.months, child.oedema, length, bmi, mismatch, reference)


def adjusted_length(length: Decimal | None, age: int | None, position: str | None) -> Decimal | None:
    """Length as lying below 731 days and as standing from 731 days (DOMAIN.md 6.1 rule 2)."""
    if length is None or age is None:
        return length
    if position == "H" and age < STANDING_FROM_DAY:
        return length + POSITION_ADJUSTMENT
    if position == "L" and age >= STANDING_FROM_DAY:
        return length - POSITION_ADJUSTMENT
    return length


def length_indicator(age: int | None, position: str | None, length: Decimal) -> str:
    """Weight-for-length below 731 days, weight-for-height from 731 days (rule 5)."""
    if age is not None:
        return "wfl" if age < STANDING_FROM_DAY else "wfh"
    if position is not None:
        return "wfl" if position == "L" else "wfh"
    return "wfl" if length < WFL_UNTIL_CM else "wfh"


def _bmi(weight: float | None, length_cm: float | None) -> float | None:
    if weight is None or length_cm is None:
        return None
    metres = length_cm / 100
    return weight / (metres * metres)


def _check_sex(sex: str | None) -> Sex:
    if sex == "M" or sex == "F":
        return sex
    if sex is None or sex == "":
        raise ValueError(SEX_MISSING_MESSAGE)
    raise ValueError(SEX_MESSAGE % (sex,))


def check_ages(age_days: int | None, age_months: float | None) -> tuple[int | None, float | None]:
    """The age as whole days and as months (DOMAIN.md 6.1 rule 1)."""
    if age_days is not None and age_months is not None:
        raise ValueError(BOTH_AGES_MESSAGE)
    if age_months is not None:
        months = float(age_months) if is_number(age_months) else math.nan
        if not 0 <= months < math.inf:
            raise ValueError(MONTHS_MESSAGE % (age_months,))
        exact = age_months if isinstance(age_months, Decimal) else Decimal(repr(months))
        days = int((exact * _DAYS_PER_MONTH).quantize(Decimal(1), ROUND_HALF_UP))
        return days, months
    if age_days is None:
        return None, None
    number = float(age_days) if is_number(age_days) else math.nan
    if not 0 <= number < math.inf or number != int(number):  # also refuses NaN
        raise ValueError(AGE_MESSAGE % (age_days,))
    return int(number), int(number) / DAYS_PER_MONTH


def is_number(value: object) -> bool:
    """A plain number (int, float, Decimal, numpy's); never a bool or a numeric string."""
    kind = type(value)
    if kind is float or kind is int:
        return True
    return isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool)


def check_oedema(oedema: bool | None) -> bool:
    """True/False (or 1/0); missing counts as no oedema, as in WHO Anthro."""
    if oedema is None:
        return False
    # Strict on purpose: bool("n") is True, and oedema silently hides every weight z-score.
    if not isinstance(oedema, str) and oedema in (True, False):
        return bool(oedema)
    raise ValueError(OEDEMA_MESSAGE % (oedema,))


def _check_position(measured: str | None) -> str | None:
    if measured is None:
        return None
    position = measured.upper() if isinstance(measured, str) else measured
    if position not in ("L", "H"):
        raise ValueError(POSITION_MESSAGE % (measured,))
    return position


def _check_measure(what: str, value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value) if is_number(value) else math.nan
    if not (0 < number < math.inf):  # also refuses NaN
        raise ValueError(MEASURE_MESSAGE % (what, value))
    return number


def _check_length(length_cm: float | Decimal | None) -> Decimal | None:
    number = _check_measure(LENGTH, length_cm)
    if number is None:
        return None
    # The decimal the nurse wrote (repr gives the shortest round-trip digits), never the float's
    # binary expansion: table rows are chosen on it.
    return length_cm if isinstance(length_cm, Decimal) else Decimal(repr(number))
