"""IDL/IBL count a child once the set is complete before the deadline, on the dose that completed it."""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.immunization.schedule import current_schedule
from ilp.immunization.services import record_immunization
from ilp.indicators import pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Fact, Sasaran
from ilp.people.tests.factories import PatientFactory

BIRTH = dt.date(2025, 1, 10)


def give(bidan, child, codes, on):
    schedule = current_schedule()
    for code in codes:
        dose = schedule.by_code(code)
        record_immunization(actor=bidan, patient=child, vaccine=dose.vaccine, dose=dose.number, given_on=on(code))


@pytest.fixture
def child(desa):
    return PatientFactory(desa=desa, birth_date=BIRTH, sex="F")


def idl_codes():
    return [d.code for d in current_schedule().set_doses("idl")]


def test_the_last_dose_before_the_first_birthday_completes_idl(bidan, child, desa):
    codes = idl_codes()
    give(bidan, child, codes[:-1], lambda code: BIRTH + dt.timedelta(days=20 + 10 * codes.index(code)))
    assert not Fact.objects.filter(kind="idl").exists()
    give(bidan, child, codes[-1:], lambda code: dt.date(2025, 10, 15))
    assert list(Fact.objects.filter(kind="idl").values_list("person", "date")) == [(child.pk, dt.date(2025, 10, 15))]
    Sasaran.objects.create(year=2025, desa=desa, group="bayi", value=4, source="dinkes")
    row = pws.compute(indicator_registry()["idl"], year=2025, month=10, desa=[desa])[0]
    assert (row.numerator, row.value) == (1, Decimal("25.0"))
    assert pws.compute(indicator_registry()["idl"], year=2025, month=9, desa=[desa])[0].numerator == 0


def test_a_dose_given_on_the_first_birthday_is_late_and_idl_stays_incomplete(bidan, child):
    codes = idl_codes()
    give(bidan, child, codes[:-1], lambda code: BIRTH + dt.timedelta(days=20 + 10 * codes.index(code)))
    give(bidan, child, codes[-1:], lambda code: dt.date(2026, 1, 10))
    assert not Fact.objects.filter(kind="idl").exists()
    assert Fact.objects.filter(kind="imm", person=child.pk).count() == len(codes)
