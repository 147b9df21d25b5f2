"""The gizi room of Puskesmas Sitiung I: a nutritionist, a toddler girl and a pregnant woman of our desa."""

import pytest

from conftest import make_user
from ilp.accounts.models import Role

from .factories import pregnant_woman, toddler


@pytest.fixture
def nutrisionis(puskesmas):
    return make_user("nutrisionis", Role.GIZI, facility=puskesmas, first_name="Dewi", last_name="Lestari")


@pytest.fixture
def anak(desa, puskesmas):
    return toddler(desa, puskesmas)


@pytest.fixture
def ibu(desa, puskesmas):
    return pregnant_woman(desa, puskesmas)
