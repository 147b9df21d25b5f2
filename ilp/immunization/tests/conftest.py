import datetime as dt
import zoneinfo

import pytest

from ilp.core.choices import Sex
from ilp.people.tests.factories import PatientFactory

TODAY = dt.date(2026, 6, 15)
BORN = dt.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")), tick=False)
    return TODAY


@pytest.fixture
def baby(db):
    """A girl born on 10 March 2025 in our wilayah (the kader's desa)."""
    return PatientFactory(sex=Sex.FEMALE, birth_date=BORN, nik=None)
