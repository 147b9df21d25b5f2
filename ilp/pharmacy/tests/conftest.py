"""The pharmacy of Puskesmas Sitiung I: its apoteker, a doctor who prescribes, the bidan of one of its Pustu."""

import datetime as dt

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.facilities.models import Facility
from ilp.people.tests.factories import PatientFactory
from ilp.visits.services import open_visit

from .. import services


@pytest.fixture
def apoteker(puskesmas):
    return make_user("apoteker", Role.APOTEKER, facility=puskesmas)


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas, klaster=Klaster.DEWASA_LANSIA)


@pytest.fixture
def pustu(puskesmas) -> Facility:
    return puskesmas.children.filter(kind=Facility.Kind.PUSTU).order_by("code").first()


@pytest.fixture
def bidan_pustu(pustu):
    return make_user("bidan.pustu", Role.BIDAN, facility=pustu)


def visit_of(actor, puskesmas, desa):
    """An open visit of our Puskesmas with a patient of the wilayah on it."""
    visit = open_visit(actor=actor, facility=puskesmas)
    visit.patient = PatientFactory(desa=desa, record_at=puskesmas)
    visit.save(update_fields=["patient"])
    return visit


@pytest.fixture
def visit(pendaftaran, puskesmas, desa):
    return visit_of(pendaftaran, puskesmas, desa)


def receive(actor, facility, code="PCT500T", batch="B1", expiry=dt.date(2028, 1, 31), quantity=100,
            on: dt.date | None = None):
    return services.receive_stock(actor=actor, facility=facility, drug_code=code, batch_number=batch, expiry_date=expiry,
                                  quantity=quantity, document="SBBK/001", received_on=on)
