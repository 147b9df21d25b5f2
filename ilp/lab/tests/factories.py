"""Lab orders made the way the rooms make them: a patient in service in Klaster 3 gets an order."""

import datetime as dt

from django.utils import timezone

from ilp.visits.tests.factories import adult, staff, walk_to

from .. import services


def analis():
    return staff("analis_lab", username="analis")


def dokter():
    return staff("dokter", username="dokter")


def klaster3_entry(actor, **patient_fields):
    """An adult in service in the Klaster 3 room (walked there through the flow)."""
    return walk_to(actor, "klaster3", patient=adult(**patient_fields))


def ordered(doctor, tests=("hb",), **patient_fields):
    """An order from the Klaster 3 room; the patient now waits at the lab."""
    return services.order_from_entry(actor=doctor, entry=klaster3_entry(doctor, **patient_fields), tests=list(tests))


def collected(doctor, lab, tests=("hb",), **patient_fields):
    order = ordered(doctor, tests, **patient_fields)
    return services.take_specimen(actor=lab, order=order, taken_at=timezone.now() - dt.timedelta(minutes=1))
