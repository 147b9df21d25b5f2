"""Patients, visits and measurements for the gizi room, recorded through the package service where it matters."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ilp.packages.models import PackageRecord
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory
from ilp.visits.services import open_visit

TODAY_OFFSET = dt.timedelta(days=800)  # the toddler is 800 days old today: weight-for-height


def toddler(desa, facility):
    return PatientFactory(name="Aisyah Putri", sex="F", birth_date=timezone.localdate() - TODAY_OFFSET, desa=desa,
                          record_at=facility)


def pregnant_woman(desa, facility):
    return PatientFactory(name="Yuliani", sex="F", birth_date=dt.date(1998, 7, 14), desa=desa, record_at=facility)


def visit_of(actor, facility, patient, *, pregnant: bool = False):
    visit = open_visit(actor=actor, facility=facility)
    visit.patient, visit.pregnant = patient, pregnant
    visit.save(update_fields=["patient", "pregnant"])
    return visit


def weigh(actor, child, *, weight: str, length: str = "82.0", days_ago: int = 0) -> PackageRecord:
    """A balita growth record through the package engine: WHO z-scores computed as everywhere else."""
    return record_package(actor=actor, patient=child, package_id="balita", confirmed=True,
                          service_date=timezone.localdate() - dt.timedelta(days=days_ago),
                          values={"weight": Decimal(weight), "length": Decimal(length), "measured": "H"})


def anc(actor, mother, *, lila: str, weight: str = "48.0", days_ago: int = 0) -> PackageRecord:
    on = timezone.localdate() - dt.timedelta(days=days_ago)
    return record_package(actor=actor, patient=mother, package_id="anc", confirmed=True, service_date=on,
                          values={"hpht": on - dt.timedelta(days=70), "lila": Decimal(lila), "weight": Decimal(weight),
                                  "sbp": Decimal("110"), "dbp": Decimal("70")})


def stored_whz(actor, child, whz: float, *, days_ago: int = 0) -> PackageRecord:
    """A growth record whose stored WHZ is exactly `whz`, for the boundary (−2.00 / −2.01) the engine rounds to."""
    now = timezone.now()
    return PackageRecord.objects.create(patient=child, facility=actor.facility, package_id="balita", package_version=1,
                                        service_date=timezone.localdate() - dt.timedelta(days=days_ago), recorded_at=now,
                                        performer=actor, values={"weight": 9.0, "length": 82.0, "measured": "H"},
                                        computed={"whz": whz, "implausible": ""})
