"""The TB team of Puskesmas Sitiung I: a doctor, the TB programme nurse and the lab analyst."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR)


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR)


@pytest.fixture
def analis(puskesmas):
    return make_user("analis", Role.ANALIS_LAB, facility=puskesmas)
