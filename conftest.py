"""Shared test people (STYLE.md §10) on a real slice of the demo Kabupaten.

The test database gets the regions of Sumatera Barat and the Dharmasraya network once per
session; every test then runs in a transaction that is rolled back.
"""

import os
import random

import pytest
from django.contrib.auth import get_user_model

from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.demo.facilities import build_network
from ilp.facilities.models import Facility
from ilp.regions.models import Region
from ilp.regions.services import import_regions

os.environ.setdefault("ILP_FAST_PASSWORD_HASHER", "1")  # read by ilp.settings, which loads after this file

KABKOTA = "13.10"  # Kabupaten Dharmasraya
PASSWORD = "rahasia-uji-123"


def load_base_data() -> None:
    """Regions of province 13 and the demo network of Kabupaten Dharmasraya."""
    import_regions(provinces=["13"])
    build_network(kabkota=Region.objects.get(code=KABKOTA), rng=random.Random(1))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_base_data()


@pytest.fixture
def puskesmas(db) -> Facility:
    return Facility.objects.get(name="Puskesmas Sitiung I")


@pytest.fixture
def puskesmas_lain(db) -> Facility:
    return Facility.objects.filter(kind=Facility.Kind.PUSKESMAS).exclude(name="Puskesmas Sitiung I").order_by("code").first()


@pytest.fixture
def posyandu(puskesmas) -> Facility:
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


@pytest.fixture
def desa(puskesmas) -> Region:
    """A desa in the wilayah kerja of Puskesmas Sitiung I."""
    return puskesmas.wilayah.order_by("code").first()


@pytest.fixture
def desa_lain(puskesmas_lain) -> Region:
    return puskesmas_lain.wilayah.order_by("code").first()


def make_user(username: str, role: str, **scope):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, role=role, **scope)


@pytest.fixture
def pendaftaran(puskesmas):
    return make_user("pendaftaran", Role.PENDAFTARAN, facility=puskesmas)


@pytest.fixture
def bidan(puskesmas):
    return make_user("bidan", Role.BIDAN, facility=puskesmas, klaster=Klaster.IBU_ANAK)


@pytest.fixture
def kapus(puskesmas):
    return make_user("kapus", Role.KEPALA_PUSKESMAS, facility=puskesmas)


@pytest.fixture
def kader(posyandu):
    return make_user("kader", Role.KADER, facility=posyandu)


@pytest.fixture
def petugas_lain(puskesmas_lain):
    """Staff of another Puskesmas: sees nothing of ours."""
    return make_user("petugas_lain", Role.BIDAN, facility=puskesmas_lain)


@pytest.fixture
def dinkes(db):
    """Dinkes Kabupaten Dharmasraya: aggregates only, never names."""
    return make_user("dinkes", Role.DINKES_KABKOTA, region=Region.objects.get(code=KABKOTA))


@pytest.fixture
def admin_user(db):
    return make_user("admin", Role.ADMIN)


@pytest.fixture(scope="session")
def bpjs_server():
    """The local BPJS PCare stand-in over real HTTP (ilp.stubs.bpjs_server), for the whole session."""
    from ilp.stubs import bpjs_server as stub

    server = stub.start(port=0)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(autouse=True)
def _bpjs_url(bpjs_server, settings):
    # Every test talks to the stand-in; a short timeout keeps the "BPJS is down" tests quick.
    settings.ILP_BPJS_URL = bpjs_server
    settings.ILP_BPJS_TIMEOUT = 1.0


def _transactional(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return "live_server" in fixtures or "transactional_db" in fixtures or bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Marked before `-m` selects, so `make test` can run them after the parallel part, alone.
    for item in items:
        if _transactional(item):
            item.add_marker(pytest.mark.serial)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    # pytest-django runs tests that never ask for `db` after the transactional (browser) ones, whose
    # flush empties the session's base data; tests that reach personas via getfixturevalue would then
    # find no Puskesmas. Transactional tests go last of all, and reload the base data themselves.
    session.items.sort(key=_transactional)
