"""The pygrowup package's L, M, S tables equal WHO's published files (DOMAIN.md 6.1).

The reference copies are byte-identical to WHO's anthro (days 0–1856, before the 2025
truncation), anthro (weight-for-length/height) and anthroplus repositories.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ilp.growth.tables import (
    WHO2006_BY_DAY,
    WHO2006_BY_LENGTH,
    WHO2007_BY_MONTH,
    age_table,
    length_table,
    month_table,
)
from ilp.growth.tests.reference import lms_file

WHO2006_DAY_FILES = {
    "wfa": "weianthro.txt",
    "lhfa": "lenanthro.txt",
    "bmifa": "bmianthro.txt",
    "hcfa": "hcanthro.txt",
    "acfa": "acanthro.txt",
}
WHO2006_LENGTH_FILES = {"wfl": "wflanthro.txt", "wfh": "wfhanthro.txt"}
WHO2007_FILES = {"hfa": "hfawho2007.txt", "bfa": "bfawho2007.txt", "wfa": "wfawho2007.txt"}


def _ours(exact_rows, first, step: Decimal, sex: str):
    return {(sex, first + i * step): tuple(row) for i, row in enumerate(exact_rows)}


@pytest.mark.parametrize("indicator", WHO2006_BY_DAY)
def test_who2006_age_tables_equal_whos_files_to_day_1856(reference, indicator):
    expected = lms_file(reference / "who2006-lms-to1856d" / WHO2006_DAY_FILES[indicator])
    ours = {}
    for sex in ("M", "F"):
        table = age_table(indicator, sex)
        ours |= _ours(table.exact, Decimal(table.first_day), Decimal(1), sex)
        # The floats the engine computes with are the nearest doubles to WHO's decimals.
        assert table.rows == tuple((float(r.l), float(r.m), float(r.s)) for r in table.exact)
    assert ours == expected
    print(f"{indicator}: {len(ours)} rows equal")


@pytest.mark.parametrize("indicator", WHO2006_BY_LENGTH)
def test_who2006_length_tables_equal_whos_files(reference, indicator):
    expected = lms_file(reference / "who2006-lms" / WHO2006_LENGTH_FILES[indicator])
    ours = {}
    for sex in ("M", "F"):
        table = length_table(indicator, sex)
        ours |= _ours(table.exact, table.low_cm, Decimal("0.1"), sex)
    assert ours == expected


@pytest.mark.parametrize("indicator", WHO2007_BY_MONTH)
def test_who2007_tables_equal_whos_files_with_the_padding_row_restored(reference, indicator):
    expected = lms_file(reference / "who2007-lms" / WHO2007_FILES[indicator])
    # WHO's files start at 60 months; the package (and WHO 2007 here, from day 1857) at 61.
    expected = {key: value for key, value in expected.items() if key[1] >= 61}
    ours = {}
    for sex in ("M", "F"):
        table = month_table(indicator, sex)
        ours |= _ours(table.rows, Decimal(table.first_month), Decimal(1), sex)
        package_rows = _ours(table.exact, Decimal(table.first_month), Decimal(1), sex)
        assert package_rows == {k: v for k, v in expected.items() if k[0] == sex and k[1] < table.upper_month}
    assert ours == {key: tuple(float(v) for v in value) for key, value in expected.items()}


def test_who2006_day_tables_up_to_1826_equal_the_current_who_files(reference):
    # The truncated 2025 files agree with the older ones wherever both have rows.
    for indicator, name in WHO2006_DAY_FILES.items():
        current = lms_file(reference / "who2006-lms" / name)
        older = lms_file(reference / "who2006-lms-to1856d" / name)
        assert current == {key: value for key, value in older.items() if key[1] <= 1826}, indicator


def test_the_package_monthly_arm_circumference_table_is_not_offered():
    # DOMAIN.md 6.1: pygrowup's 5–19 y arm-circumference table is not WHO's.
    assert "acfa" not in WHO2007_BY_MONTH
    with pytest.raises(KeyError):
        month_table("acfa", "M")
