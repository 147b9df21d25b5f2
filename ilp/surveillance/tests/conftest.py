"""The surveillance officer of Puskesmas Sitiung I is a Klaster 4 doctor; the Dinkes verifies alerts."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR)
