import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from ilp.accounts.models import Role
from ilp.people.tests.factories import PatientFactory


def born(years: int, days: int = 0) -> dt.date:
    """A birth date `years` whole years before today, minus `days` more days."""
    today = timezone.localdate()
    try:
        date = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        date = today.replace(year=today.year - years, day=28)
    return date - dt.timedelta(days=days)


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter_ckg", Role.DOKTER, facility=puskesmas)


@pytest.fixture
def adult(desa, puskesmas):
    return PatientFactory(name="Rahmat Hidayat", sex="M", birth_date=born(45, 10), desa=desa, record_at=puskesmas)


@pytest.fixture
def elder(desa, puskesmas):
    return PatientFactory(name="Nurhayati", sex="F", birth_date=born(66, 40), desa=desa, record_at=puskesmas)
