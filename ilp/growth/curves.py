"""SD lines (−3 … +3) of the WHO references, for drawing growth charts (KMS, Buku KIA)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ilp.growth.lms import sd_value
from ilp.growth.tables import (
    LMS,
    WHO2006_BY_DAY,
    WHO2006_BY_LENGTH,
    Sex,
    age_table,
    length_table,
    month_table,
)

SD_LINES = (-3, -2, -1, 0, 1, 2, 3)
WHO2007_CURVES = {"wfa_2007": "wfa", "hfa_2007": "hfa", "bfa_2007": "bfa"}
CURVE_MESSAGE = "Indikator grafik tidak dikenal: %r; pilih salah satu dari %s"


@dataclass(frozen=True)
class SDCurves:
    """The measurement at each whole SD of one WHO table, for one sex, along the table's x."""

    indicator: str
    sex: Sex
    x_unit: str  # "day" (age), "cm" (length or height) or "month" (age, WHO 2007)
    x: tuple[float, ...]
    lines: Mapping[int, tuple[float, ...]]  # k in −3 … +3 -> values at each x

    def line(self, k: int) -> tuple[float, ...]:
        """The k SD line; k = 0 is the median."""
        return self.lines[k]


def curve_indicators() -> tuple[str, ...]:
    """Every indicator `sd_curves` draws."""
    return (*WHO2006_BY_DAY, *WHO2006_BY_LENGTH, *WHO2007_CURVES)


def sd_curves(indicator: str, sex: Sex, *, step: int = 1) -> SDCurves:
    """SDk = M·(1 + L·S·k)^(1/L) for k = −3 … +3 over the whole table, every `step` rows.

    WHO 2006: "wfa", "lhfa", "bmifa", "hcfa", "acfa" by day of age (0–1856; acfa from 91),
    "wfl" (45–110 cm) and "wfh" (65–120 cm) by 0.1 cm. WHO 2007: "wfa_2007" (61–120 months),
    "hfa_2007" and "bfa_2007" (61–228 months). Length/height-for-age and BMI-for-age jump at
    day 731, where WHO switches from lying length to standing height.
    """
    if sex not in ("M", "F"):
        raise ValueError(f"Jenis kelamin harus 'M' atau 'F'; diterima: {sex!r}")
    if step < 1:
        raise ValueError(f"step harus ≥ 1; diterima: {step!r}")
    x, rows, unit = _table_rows(indicator, sex)
    x, rows = x[::step], rows[::step]
    lines = {k: tuple(sd_value(lms, k) for lms in rows) for k in SD_LINES}
    return SDCurves(indicator, sex, unit, tuple(x), lines)


def _table_rows(indicator: str, sex: Sex) -> tuple[list[float], list[LMS], str]:
    if indicator in WHO2006_BY_DAY:
        table = age_table(indicator, sex)
        return list(range(table.first_day, table.last_day + 1)), list(table.rows), "day"
    if indicator in WHO2006_BY_LENGTH:
        table = length_table(indicator, sex)
        x = [float(Decimal(table.first_tenth + i) / 10) for i in range(len(table.exact))]
        return x, [row.as_float() for row in table.exact], "cm"
    if indicator in WHO2007_CURVES:
        table = month_table(WHO2007_CURVES[indicator], sex)
        months = range(table.first_month, table.first_month + len(table.exact))  # no padding row
        return list(months), list(table.rows[: len(table.exact)]), "month"
    raise ValueError(CURVE_MESSAGE % (indicator, ", ".join(curve_indicators())))
