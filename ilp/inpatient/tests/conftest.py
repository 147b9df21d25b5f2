"""The ward team of Puskesmas Sitiung I and its wards (a general ward with 3 beds, a delivery room with 1)."""

import datetime as dt

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.inpatient.services import set_ward_beds
from ilp.people.tests.factories import PatientFactory


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas)


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas)


@pytest.fixture
def ward(puskesmas):
    set_ward_beds(facility=puskesmas, name="Ruang Bersalin", kind="persalinan", beds=1)
    return set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=3)


@pytest.fixture
def beds(ward):
    return list(ward.beds.order_by("code"))


@pytest.fixture
def patient(desa):
    return PatientFactory(name="Yusri Chaniago", sex="M", birth_date=dt.date(1980, 5, 1), desa=desa)


@pytest.fixture
def other_patient(desa):
    return PatientFactory(name="Rosna Dewi", sex="F", birth_date=dt.date(1990, 2, 1), desa=desa)
