"""The Puskesmas nurse who works the kesling room."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR)
