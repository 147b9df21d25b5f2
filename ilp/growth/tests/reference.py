"""Readers for ../shared/reference/: WHO's published tables and example surveys (not copied)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

# <repo>/ilp/growth/tests/reference.py -> <repo> -> <repo>/../shared/reference
REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"

SEX = {"1": "M", "2": "F"}


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a reference CSV or tab-separated table, as strings."""
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter=delimiter))


def number(text: str) -> float | None:
    """A survey cell as a float; an empty cell is a missing value."""
    return float(text) if text != "" else None


def flag(text: str) -> bool | None:
    """A survey flag cell: "1", "0", or empty where the z-score is empty."""
    return None if text == "" else text == "1"


def lms_file(path: Path) -> dict[tuple[str, Decimal], tuple[Decimal, Decimal, Decimal]]:
    """A WHO LMS table keyed by (sex, age or length) with its exact L, M, S."""
    rows = read_csv(path, delimiter="\t")
    key = next(name for name in ("age", "length", "height") if name in rows[0])
    return {
        (SEX[row["sex"]], Decimal(row[key])): (Decimal(row["l"]), Decimal(row["m"]), Decimal(row["s"]))
        for row in rows
    }
