"""Diagnoses and doses written through the facts writers, the way the clinical and immunization writers do."""

import datetime as dt

from django.utils import timezone

from ilp.clinical import icd10
from ilp.clinical.models import Condition
from ilp.facilities.models import Facility
from ilp.immunization.tests.factories import give
from ilp.indicators import facts
from ilp.people.tests.factories import OUR_PUSKESMAS, PatientFactory


def diagnosis(patient, code: str, *, on: dt.date, case: str = "baru") -> Condition:
    """A final diagnosis on `on` and its "dx" fact (as clinical.services.record_diagnosis writes it)."""
    condition = Condition.objects.create(
        patient=patient, facility=Facility.objects.get(name=OUR_PUSKESMAS), code=code, display=icd10.title(code),
        case=case, recorded_date=on, recorded_at=timezone.now())
    facts.record_condition_facts(condition)
    return condition


def aged(*, days: int = 0, years: int = 0, on: dt.date, **fields):
    """A patient who is `years` completed years plus `days` days old on `on`."""
    birth = on.replace(year=on.year - years) - dt.timedelta(days=days)
    return PatientFactory(birth_date=birth, **fields)


def dose(patient, code: str, on: dt.date):
    """A dose given and its "imm" fact (facts.record_immunization_facts)."""
    immunization = give(patient, code, on)
    facts.record_immunization_facts(immunization)
    return immunization
