"""The UGD team of Puskesmas Sitiung I (a doctor and a nurse), a ward with two beds, a registered patient."""

import datetime as dt

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.emergency import services
from ilp.inpatient.services import set_ward_beds
from ilp.people.tests.factories import PatientFactory


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas)


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas)


@pytest.fixture
def beds(puskesmas):
    return list(set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=2).beds.order_by("code"))


@pytest.fixture
def patient(desa):
    return PatientFactory(name="Yusri Chaniago", sex="M", birth_date=dt.date(1985, 5, 1), desa=desa)


@pytest.fixture
def case(perawat, puskesmas):
    """Someone brought in unconscious, not yet identified."""
    return services.start_arrival(actor=perawat, facility=puskesmas, complaint="Tidak sadar setelah jatuh dari motor",
                                  arrival="polisi", sex="M", age=40)
