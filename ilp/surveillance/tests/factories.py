"""Diagnoses as the klaster room writes them (a Condition with its facts), which become surveillance cases."""

import datetime as dt

from ilp.reports.tests.factories import aged, diagnosis

MONDAY = dt.date(2026, 11, 2)  # ISO week 2026-W45


def diagnosed(code: str, *, desa, on: dt.date, case: str = "baru"):
    """A resident of `desa` diagnosed with `code` on `on`."""
    return diagnosis(aged(years=30, on=on, desa=desa), code, on=on, case=case)


def cases_in_week(code: str, n: int, *, desa, monday: dt.date = MONDAY) -> None:
    """`n` new-case diagnoses of `code` spread over the week starting `monday`."""
    for i in range(n):
        diagnosed(code, desa=desa, on=monday + dt.timedelta(days=i % 7))
