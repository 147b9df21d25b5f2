"""Visits with a patient, opened through the flow's kiosk service and dated as the test needs."""

import datetime as dt

from ilp.visits.services import open_visit

D = dt.date


def visit_of(actor, facility, patient, *, on: dt.date | None = None):
    visit = open_visit(actor=actor, facility=facility)
    visit.patient = patient
    if on:
        visit.date = on
    visit.save(update_fields=["patient", "date"])
    return visit
