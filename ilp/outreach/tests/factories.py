"""Children and weighings of the kader's Posyandu area, recorded the way the services record them."""

import datetime as dt
from decimal import Decimal

from ilp.core.choices import Sex
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory


def child(*, born: dt.date, desa, sex: str = Sex.MALE, **kwargs):
    return PatientFactory(sex=sex, birth_date=born, nik=None, desa=desa, **kwargs)


def weigh(actor, patient, kg: str, on: dt.date):
    """A balita weighing through the package service (confirmed: boundary weights may be unusual)."""
    return record_package(actor=actor, patient=patient, package_id="balita", values={"weight": Decimal(kg)},
                          service_date=on, confirmed=True)


def birth_weight(actor, patient, grams: int):
    """The neonatal visit on the day of birth that carries the birth weight."""
    return record_package(actor=actor, patient=patient, package_id="neonatal",
                          values={"birth_weight": Decimal(grams), "weight": Decimal(grams)},
                          service_date=patient.birth_date, confirmed=True)
