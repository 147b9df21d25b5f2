"""Recording a package the way the service does it, on a fixed day (time-machine), as the bidan."""

import datetime as dt
import zoneinfo

import pytest

from ilp.packages.services import record_package

from .factories import TODAY


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")), tick=False)
    return TODAY


@pytest.fixture
def record(bidan):
    """record(package_id, patient, values, on=TODAY, confirmed=False) -> PackageRecord."""
    def _record(package_id, patient, values, *, on=TODAY, confirmed=False):
        return record_package(actor=bidan, patient=patient, package_id=package_id, values=values, service_date=on,
                              confirmed=confirmed)
    return _record
