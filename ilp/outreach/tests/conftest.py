"""Outreach tests run on a fixed day (time-machine): 15 June 2026, 10:00 in Jakarta."""

import datetime as dt
import zoneinfo

import pytest

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")), tick=False)
    return TODAY
