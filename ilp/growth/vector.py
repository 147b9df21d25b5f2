"""The engine's arithmetic on numpy arrays: WHO tables as arrays, z-scores and rounding.

Tables are arrays indexed [sex (0 boys, 1 girls), (L, M, S), row], NaN where there is no row.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ilp.growth.engine import LAST_WHO2006_DAY
from ilp.growth.lms import FAST_LIMIT, NEAR_TIE
from ilp.growth.tables import age_table, length_table, month_table


@cache
def day_arrays(indicator: str) -> np.ndarray:
    array = np.full((2, 3, LAST_WHO2006_DAY + 1), np.nan)
    for sex, name in enumerate(("M", "F")):
        table = age_table(indicator, name)
        array[sex, :, table.first_day : table.last_day + 1] = np.array(table.rows).T
    return array


@cache
def length_arrays(indicator: str) -> tuple[int, np.ndarray]:
    tables = [length_table(indicator, sex) for sex in ("M", "F")]
    return tables[0].first_tenth, np.stack([np.array(table.rows).T for table in tables])


@cache
def month_arrays(indicator: str) -> tuple[int, int, np.ndarray]:
    tables = [month_table(indicator, sex) for sex in ("M", "F")]
    rows = np.stack([np.array(table.rows).T for table in tables])
    return tables[0].first_month, tables[0].upper_month, rows


def z_arrays(y: np.ndarray, lms: np.ndarray, restricted: bool) -> tuple[np.ndarray, np.ndarray]:
    """`zscore()` before rounding, on arrays, in the same operation order."""
    l, m, s = lms  # noqa: E741 -- WHO's name for the Box-Cox power
    with np.errstate(all="ignore"):
        z = (np.power(y / m, l) - 1) / (s * l)
        if restricted:
            high, low = z > 3, z < -3
            if high.any() or low.any():
                sd3, sd2 = _sd(l, m, s, 3), _sd(l, m, s, 2)
                sd3neg, sd2neg = _sd(l, m, s, -3), _sd(l, m, s, -2)
                z = np.where(high, 3 + (y - sd3) / (sd3 - sd2), z)
                z = np.where(low, -3 + (y - sd3neg) / (sd2neg - sd3neg), z)
    return z, l == 0


def _sd(l: np.ndarray, m: np.ndarray, s: np.ndarray, k: int) -> np.ndarray:  # noqa: E741
    return m * np.power(1 + l * s * k, 1 / l)


def round_arrays(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`round_half_away` on arrays, and where the value is too near a half to trust the arrays.

    The band is the one where the scalar engine itself lets Decimal decide; numpy's z differs
    from Python's by far less than its width, so outside it both round the same way.
    """
    with np.errstate(invalid="ignore"):
        scaled = np.abs(z) * 100
        near_tie = ~np.isnan(z) & ~((scaled < FAST_LIMIT) & (np.abs(np.mod(scaled, 1) - 0.5) > NEAR_TIE))
        hundredths = np.floor(scaled + 0.5)
        rounded = np.where(z > 0, hundredths / 100, -hundredths / 100)
    rounded[hundredths == 0] = 0.0
    return rounded, near_tie
