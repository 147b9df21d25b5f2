"""Many children at once with numpy: the same results as `zscores()`, for reports and imports.

Every step is the scalar engine's arithmetic on arrays, in the same operation order. Only
numpy's `power` differs from Python's `**` (by at most one unit in the last place on some
processors), which could move a z-score that sits on a rounding half. So any child with a
z-score within 1e-8 of a half, or anything else the arrays cannot decide exactly, is handed
to `zscores()` itself: the results are identical by construction, and tests check it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

import numpy as np

from ilp.growth.engine import (
    FIRST_WHO2007_MONTH,
    FLAG_LIMITS,
    INDICATORS,
    LAST_WHO2006_DAY,
    MIN_STANDING_MONTHS,
    STANDING_FROM_DAY,
    ZScores,
    adjusted_length,
    check_ages,
    check_oedema,
    is_number,
    length_indicator,
    zscores,
)
from ilp.growth.tables import DAYS_PER_MONTH, length_table
from ilp.growth.vector import day_arrays, length_arrays, month_arrays, round_arrays, z_arrays

NUMBER_ARGUMENTS = ("age_days", "age_months", "weight_kg", "length_cm", "head_cm", "muac_cm")


@dataclass(frozen=True)
class BatchZScores:
    """`zscores()` for n children as arrays: NaN where the scalar result is None."""

    waz: np.ndarray
    haz: np.ndarray
    whz: np.ndarray
    baz: np.ndarray
    hcz: np.ndarray
    acz: np.ndarray
    flagged: dict[str, np.ndarray]  # indicator -> bool array
    age_days: np.ndarray  # float, NaN without age
    age_months: np.ndarray
    oedema: np.ndarray
    length_adjusted_cm: np.ndarray
    bmi: np.ndarray
    position_mismatch: np.ndarray
    reference: np.ndarray  # "WHO 2006", "WHO 2007" or "" (None in ZScores)

    def __len__(self) -> int:
        return len(self.waz)

    def row(self, index: int) -> ZScores:
        """The `ZScores` of one child, as `zscores()` returns it."""
        z = [_none(getattr(self, name)[index]) for name in INDICATORS]
        days = _none(self.age_days[index])
        return ZScores(
            *z,
            frozenset(name for name in INDICATORS if self.flagged[name][index]),
            None if days is None else int(days),
            _none(self.age_months[index]),
            bool(self.oedema[index]),
            _none(self.length_adjusted_cm[index]),
            _none(self.bmi[index]),
            bool(self.position_mismatch[index]),
            str(self.reference[index]) or None,
        )

    def rows(self) -> Iterator[ZScores]:
        return (self.row(index) for index in range(len(self)))


def _none(value: float) -> float | None:
    return None if value != value else float(value)  # NaN is the array's None


def zscores_batch(
    *,
    sex: Sequence[str],
    age_days: Sequence[int | None] | np.ndarray | None = None,
    age_months: Sequence[float | None] | np.ndarray | None = None,
    weight_kg: Sequence[float | None] | np.ndarray | None = None,
    length_cm: Sequence[float | None] | np.ndarray | None = None,
    measured: Sequence[str | None] | None = None,
    oedema: Sequence[bool] | np.ndarray | None = None,
    head_cm: Sequence[float | None] | np.ndarray | None = None,
    muac_cm: Sequence[float | None] | np.ndarray | None = None,
) -> BatchZScores:
    """Z-scores of many children: each argument holds one value per child, None or NaN if missing.

    A child whose values `zscores()` would refuse raises its ValueError, prefixed with the row.
    """
    given = locals()
    size = len(sex)
    columns = {name: _floats(name, given[name], size) for name in NUMBER_ARGUMENTS}
    children = _Children(
        sex=np.asarray(sex, dtype=object),
        measured=np.full(size, None, dtype=object)
        if measured is None
        else np.asarray(measured, dtype=object),
        oedema=_booleans(oedema, size),
        **columns,
    )
    redo = _check(children)
    result, unsure = _compute(children)
    return _with_scalar_rows(result, children, redo | unsure)


@dataclass
class _Children:
    """The inputs as arrays; numbers as float64 with NaN for a missing value."""

    sex: np.ndarray
    measured: np.ndarray
    oedema: np.ndarray
    age_days: np.ndarray
    age_months: np.ndarray
    weight_kg: np.ndarray
    length_cm: np.ndarray
    head_cm: np.ndarray
    muac_cm: np.ndarray

    def arguments(self, index: int) -> dict:
        """The keyword arguments of `zscores()` for one child."""
        arguments = {name: _none(getattr(self, name)[index]) for name in NUMBER_ARGUMENTS}
        if arguments["age_days"] is not None and arguments["age_days"] == int(arguments["age_days"]):
            arguments["age_days"] = int(arguments["age_days"])
        sex, measured = self.sex[index], self.measured[index]
        return {**arguments, "sex": sex, "measured": measured, "oedema": bool(self.oedema[index])}


def _floats(name: str, values: object, size: int) -> np.ndarray:
    if values is None:
        return np.full(size, np.nan)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        array = values.astype(float)
    else:
        # None is missing; anything but a plain number is refused, as `zscores()` would
        # (numpy itself would read True as 1.0 and "12" as 12.0).
        items = _items(values)
        if any(not (item is None or is_number(item)) for item in items):
            raise ValueError(f"{name}: hanya angka atau kosong (numbers or None only)")
        array = np.array([np.nan if item is None else float(item) for item in items], dtype=float)
    if array.shape != (size,):
        raise ValueError(f"{name}: {array.shape} nilai untuk {size} anak (one value per child)")
    return array


def _booleans(values: object, size: int) -> np.ndarray:
    if values is None:
        return np.zeros(size, bool)
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        array = values.copy()
    else:
        # The engine's own check, one by one: numpy would read "n" as True.
        array = np.array([check_oedema(item) for item in _items(values)], dtype=bool)
    if array.shape != (size,):
        raise ValueError(f"oedema: {array.shape} nilai untuk {size} anak (one value per child)")
    return array


def _items(values: object) -> list:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _check(children: _Children) -> np.ndarray:
    """Raise the scalar engine's own message, with the row number, for the first bad child."""
    with np.errstate(invalid="ignore"):
        good = (children.sex == "M") | (children.sex == "F")
        for name in ("weight_kg", "length_cm", "head_cm", "muac_cm"):
            values = getattr(children, name)
            good &= np.isnan(values) | ((values > 0) & (values < np.inf))
        days, months = children.age_days, children.age_months
        good &= np.isnan(days) | ((days >= 0) & (days < np.inf) & (days == np.floor(days)))
        good &= np.isnan(months) | ((months >= 0) & (months < np.inf))
        good &= np.isnan(days) | np.isnan(months)
        good &= _position_codes(children.measured) >= 0
    for index in np.flatnonzero(~good):
        try:
            zscores(**children.arguments(index))
        except ValueError as problem:
            raise ValueError(f"Baris {index + 1}: {problem}") from None
    return ~good  # accepted by `zscores()` after all: it computes them itself


_UNKNOWN, _LYING, _STANDING = 0, 1, 2
_POSITION_NAMES = (None, "L", "H")


def _position_codes(measured: np.ndarray) -> np.ndarray:
    codes = np.full(len(measured), -1)
    codes[measured == None] = _UNKNOWN  # noqa: E711 -- elementwise comparison on an array
    codes[(measured == "L") | (measured == "l")] = _LYING
    codes[(measured == "H") | (measured == "h")] = _STANDING
    return codes


# ---- the engine's steps on arrays


def _compute(children: _Children) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every field of `ZScores` as arrays, and which children the arrays cannot decide."""
    days, months = _ages(children)
    sex = (children.sex == "F").astype(np.intp)  # the tables' first axis: 0 boys, 1 girls
    position = _position_codes(children.measured)
    with np.errstate(invalid="ignore"):
        mismatch = (position == _STANDING) & (months < MIN_STANDING_MONTHS)
        position[mismatch] = _UNKNOWN  # current WHO Anthro: treated as unknown, not adjusted
        who2007 = days > LAST_WHO2006_DAY
    length, tenths, decimals = _adjusted_lengths(children.length_cm, days, position, who2007)
    metres = length / 100
    bmi = children.weight_kg / (metres * metres)
    weight = np.where(children.oedema, np.nan, children.weight_kg)  # rule 6
    weighed_bmi = np.where(children.oedema, np.nan, bmi)
    work = _Work(sex, len(days))
    aged = ~np.isnan(days) & ~who2007
    for name, table, y, restricted in (
        ("waz", "wfa", weight, True),
        ("haz", "lhfa", length, False),
        ("baz", "bmifa", weighed_bmi, True),
        ("hcz", "hcfa", children.head_cm, False),
        ("acz", "acfa", children.muac_cm, True),
    ):
        work.by_day(name, table, days, aged, y, restricted)
    months_2007 = np.maximum(months, FIRST_WHO2007_MONTH)  # as `zscores()`: no 60-month row
    for name, table, y, restricted in (("waz", "wfa", weight, True), ("haz", "hfa", length, False),
                                       ("baz", "bfa", weighed_bmi, True)):  # fmt: skip
        work.by_month(name, table, months_2007, who2007, y, restricted)
    work.whz(days, position, weight, tenths, decimals, ~who2007)
    result: dict[str, np.ndarray] = {}
    for name in INDICATORS:
        result[name], near_tie = round_arrays(work.z[name])
        work.undecided |= near_tie
    result |= _derived(result, children, days, months, length, bmi, mismatch, who2007)
    return result, work.undecided


def _ages(children: _Children) -> tuple[np.ndarray, np.ndarray]:
    days, months = children.age_days.copy(), children.age_days / DAYS_PER_MONTH
    for index in np.flatnonzero(~np.isnan(children.age_months)):
        # Months to whole days is Decimal work (round half up); let the engine do it.
        days[index], months[index] = check_ages(None, float(children.age_months[index]))
    return days, months


def _adjusted_lengths(
    length_cm: np.ndarray, days: np.ndarray, position: np.ndarray, who2007: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[int, Decimal]]:
    """Lengths after the ±0.7 cm adjustment, in cm and, on the 0.1 cm grid, in whole tenths.

    A length written with one decimal is exactly `tenths / 10`, so integer tenths do the
    engine's Decimal arithmetic exactly. Others (float noise such as 84.800003052) go through
    the engine's own Decimal code, one by one, and are returned as Decimals.
    """
    with np.errstate(invalid="ignore"):
        tenths = np.rint(length_cm * 10)
        on_grid = tenths / 10 == length_cm
        adjust = ~who2007 & ~np.isnan(days)
        tenths[adjust & (position == _STANDING) & (days < STANDING_FROM_DAY)] += 7
        tenths[adjust & (position == _LYING) & (days >= STANDING_FROM_DAY)] -= 7
    tenths[~on_grid] = np.nan
    length = np.where(who2007, length_cm, tenths / 10)
    decimals: dict[int, Decimal] = {}
    for index in np.flatnonzero(~on_grid & ~np.isnan(length_cm) & ~who2007):
        age = None if np.isnan(days[index]) else int(days[index])
        written = Decimal(repr(float(length_cm[index])))
        decimals[index] = adjusted_length(written, age, _POSITION_NAMES[position[index]])
        length[index] = float(decimals[index])
    return length, tenths, decimals


class _Work:
    """Unrounded z-scores being filled in, and the children left to the scalar engine."""

    def __init__(self, sex: np.ndarray, size: int) -> None:
        self.sex = sex
        self.z = {name: np.full(size, np.nan) for name in INDICATORS}
        self.undecided = np.zeros(size, bool)

    def by_day(self, name: str, table: str, days: np.ndarray, rows: np.ndarray, y: np.ndarray,
               restricted: bool) -> None:  # fmt: skip
        take = np.flatnonzero(rows & ~np.isnan(y))
        lms = day_arrays(table)[self.sex[take], :, days[take].astype(np.intp)]
        self._fill(name, take, y[take], lms.T, restricted)

    def by_month(self, name: str, table: str, months: np.ndarray, rows: np.ndarray, y: np.ndarray,
                 restricted: bool) -> None:  # fmt: skip
        first, upper, arrays = month_arrays(table)
        with np.errstate(invalid="ignore"):
            take = np.flatnonzero(rows & ~np.isnan(y) & (months >= first) & (months < upper))
        age = months[take]
        whole = np.floor(age)
        fraction = (age - whole)[:, None]
        low = arrays[self.sex[take], :, (whole - first).astype(np.intp)]
        high = arrays[self.sex[take], :, (whole - first).astype(np.intp) + 1]
        # AnthroPlus's order: low + fraction × (high − low); at fraction 0 this is low exactly.
        self._fill(name, take, y[take], (low + fraction * (high - low)).T, restricted)

    def whz(self, days: np.ndarray, position: np.ndarray, weight: np.ndarray, tenths: np.ndarray,
            decimals: dict[int, Decimal], rows: np.ndarray) -> None:  # fmt: skip
        take = rows & ~np.isnan(weight) & ~np.isnan(tenths)
        with np.errstate(invalid="ignore"):
            by_position = np.where(position == _UNKNOWN, tenths >= 870, position == _STANDING)
            standing = np.where(np.isnan(days), by_position, days >= STANDING_FROM_DAY)
        for indicator, chosen in (("wfl", ~standing), ("wfh", standing)):
            first, arrays = length_arrays(indicator)
            index = tenths - first
            with np.errstate(invalid="ignore"):
                inside = np.flatnonzero(take & chosen & (index >= 0) & (index < arrays.shape[2]))
            lms = arrays[self.sex[inside], :, index[inside].astype(np.intp)]
            self._fill("whz", inside, weight[inside], lms.T, True)
        self._whz_off_grid(days, position, weight, decimals)

    def _whz_off_grid(self, days: np.ndarray, position: np.ndarray, weight: np.ndarray,
                      decimals: dict[int, Decimal]) -> None:  # fmt: skip
        for index, length in decimals.items():
            if np.isnan(weight[index]):
                continue
            age = None if np.isnan(days[index]) else int(days[index])
            indicator = length_indicator(age, _POSITION_NAMES[position[index]], length)
            lms = length_table(indicator, "F" if self.sex[index] else "M").at(length)
            if lms is not None:
                take = np.array([index])
                self._fill("whz", take, weight[take], np.array(lms)[:, None], True)

    def _fill(self, name: str, take: np.ndarray, y: np.ndarray, lms: np.ndarray, restricted: bool) -> None:
        z, l_is_zero = z_arrays(y, lms, restricted)
        self.z[name][take] = z
        self.undecided[take[l_is_zero]] = True  # L = 0 is the log formula: the engine has it


def _derived(result: dict[str, np.ndarray], children: _Children, days: np.ndarray, months: np.ndarray,
             length: np.ndarray, bmi: np.ndarray, mismatch: np.ndarray,
             who2007: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
    flagged = {}
    with np.errstate(invalid="ignore"):
        for name in INDICATORS:
            low, high = FLAG_LIMITS[name]
            flagged[name] = (result[name] < low) | (result[name] > high)
    computed = np.zeros(len(days), bool)
    for name in INDICATORS:
        computed |= ~np.isnan(result[name])
    reference = np.where(who2007, "WHO 2007", "WHO 2006").astype(object)
    reference[~computed] = ""
    return {
        "flagged": flagged,
        "age_days": days,
        "age_months": months,
        "oedema": children.oedema.copy(),
        "length_adjusted_cm": length,
        "bmi": bmi,
        "position_mismatch": mismatch,
        "reference": reference,
    }


def _with_scalar_rows(result: dict, children: _Children, scalar_rows: np.ndarray) -> BatchZScores:
    for index in np.flatnonzero(scalar_rows):
        exact = zscores(**children.arguments(index))
        for field in fields(ZScores):
            value = getattr(exact, field.name)
            if field.name == "flags":
                for name in INDICATORS:
                    result["flagged"][name][index] = name in value
            elif field.name == "reference":
                result["reference"][index] = value or ""
            else:
                result[field.name][index] = np.nan if value is None else value
    return BatchZScores(**result)
