import pytest

from .factories import analis, dokter


@pytest.fixture
def doctor(puskesmas):
    """A doctor of our Puskesmas: orders from the Klaster 3 room."""
    return dokter()


@pytest.fixture
def lab(puskesmas):
    """The analyst of our Puskesmas: specimen, results, validation."""
    return analis()
