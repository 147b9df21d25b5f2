import pytest

from .factories import klinik, klinik_dokter


@pytest.fixture
def clinic(puskesmas):
    return klinik(puskesmas)


@pytest.fixture
def dokter_klinik(clinic):
    return klinik_dokter(clinic)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # agreement scans go through Django's storage into a throw-away folder
