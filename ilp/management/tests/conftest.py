"""The head of another Puskesmas: runs their own Klaster 1, sees nothing of ours."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role


@pytest.fixture
def kapus_lain(puskesmas_lain):
    return make_user("kapus_lain", Role.KEPALA_PUSKESMAS, facility=puskesmas_lain)
