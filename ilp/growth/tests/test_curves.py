"""SD lines for growth charts against WHO's printed z-score tables (who2006-sd-tables/).

WHO prints SDk = M·(1 + L·S·k)^(1/L) rounded half-up to 1 decimal; the weekly tables sit on
the daily rows at day 7 × week, and the weight-for-length/height tables on the 0.1 cm rows.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from ilp.growth import curve_indicators, sd_curves

COLUMNS = {-3: "SD3neg", -2: "SD2neg", -1: "SD1neg", 0: "SD0", 1: "SD1", 2: "SD2", 3: "SD3"}
PRINTED = [
    ("wfa", "week"), ("lhfa", "week"), ("hcfa", "week"), ("bmifa", "week"),
    ("wfl", "0_2"), ("wfh", "2_5"),
]  # fmt: skip


def _printed(reference, indicator: str, sex: str, span: str) -> list[dict[str, str]]:
    name = (
        f"{indicator}_{'boys' if sex == 'M' else 'girls'}_{'0_13' if span == 'week' else span}_zscores.json"
    )
    return json.loads((reference / "who2006-sd-tables" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("indicator", "span"), PRINTED)
@pytest.mark.parametrize("sex", ["M", "F"])
def test_sd_lines_match_whos_printed_tables(reference, indicator, span, sex):
    curves = sd_curves(indicator, sex)
    position = {x: i for i, x in enumerate(curves.x)}
    compared = 0
    for row in _printed(reference, indicator, sex, span):
        x = 7 * int(row["Week"]) if span == "week" else float(row.get("Length") or row["Height"])
        for k, column in COLUMNS.items():
            value = Decimal(curves.line(k)[position[x]]).quantize(Decimal("0.1"), ROUND_HALF_UP)
            assert value == Decimal(row[column]), (x, k)
            compared += 1
    print(f"{indicator} {sex}: {compared} printed SD values compared")


def test_median_line_is_m():
    curves = sd_curves("hfa_2007", "F")
    assert curves.x[0] == 61 and curves.x[-1] == 228
    assert curves.x_unit == "month"
    assert curves.line(0)[0] == pytest.approx(109.6016, abs=1e-12)  # M at 61 months, girls


def test_every_indicator_draws_and_thins_by_step():
    for indicator in curve_indicators():
        curves = sd_curves(indicator, "M", step=10)
        assert set(curves.lines) == set(COLUMNS)
        assert all(len(line) == len(curves.x) for line in curves.lines.values())
        assert all(a < b for a, b in zip(curves.line(-3), curves.line(3), strict=True))


def test_unknown_indicator_is_refused():
    with pytest.raises(ValueError):
        sd_curves("tsfa", "M")
