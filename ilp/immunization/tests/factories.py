"""Doses given, written straight to the table (the service is tested on its own)."""

import datetime as dt

import factory
from django.utils import timezone

from ilp.facilities.models import Facility
from ilp.immunization.models import Immunization
from ilp.immunization.schedule import current_schedule
from ilp.people.tests.factories import OUR_PUSKESMAS


class ImmunizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Immunization

    vaccine = "BCG"
    dose = 1
    given_on = factory.LazyFunction(timezone.localdate)
    facility = factory.LazyFunction(lambda: Facility.objects.get(name=OUR_PUSKESMAS))
    schedule_version = "KMK-2023"
    recorded_at = factory.LazyFunction(timezone.now)


def give(patient, code: str, on: dt.date) -> Immunization:
    """The dose named as on the card ("DPT-HB-Hib1") given to `patient` on `on`."""
    dose = current_schedule(on).by_code(code)
    return ImmunizationFactory(patient=patient, vaccine=dose.vaccine, dose=dose.number, given_on=on)
