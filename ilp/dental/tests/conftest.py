"""The Poli Gigi of Puskesmas Sitiung I: a dentist (role dokter) and a dental therapist (role perawat)."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.people.tests.factories import PatientFactory

from .factories import D, visit_of


@pytest.fixture
def dokter_gigi(puskesmas):
    return make_user("drg", Role.DOKTER, facility=puskesmas, first_name="Nadia", last_name="Putri")


@pytest.fixture
def terapis(puskesmas):
    return make_user("terapis", Role.PERAWAT, facility=puskesmas)


@pytest.fixture
def pasien(desa, puskesmas):
    return PatientFactory(name="Rahmat Hidayat", sex="M", birth_date=D(1990, 4, 2), desa=desa, record_at=puskesmas)


@pytest.fixture
def visit(pendaftaran, puskesmas, pasien):
    return visit_of(pendaftaran, puskesmas, pasien)
