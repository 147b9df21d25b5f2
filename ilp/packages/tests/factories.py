"""Patients at the life stages the Klaster 2 packages serve, and a helper to read a record's flags."""

import datetime as dt

from ilp.core.choices import Sex
from ilp.people.tests.factories import PatientFactory

TODAY = dt.date(2026, 6, 15)  # the tests' today (time-machine, conftest.py)


def mother(**kwargs):
    """A woman of 30 living in our wilayah (her desa has a Pustu)."""
    return PatientFactory(sex=Sex.FEMALE, birth_date=dt.date(1996, 3, 10), **kwargs)


def child(*, born: dt.date, sex: str = Sex.MALE, **kwargs):
    return PatientFactory(sex=sex, birth_date=born, nik=None, **kwargs)


def flag_codes(record) -> set[str]:
    return {flag["code"] for flag in record.flags}
