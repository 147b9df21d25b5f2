"""`enqueue_visit`: the one way a clinical change reaches the SATUSEHAT outbox, inside its own transaction.

Rows name the local records only; resources are built when sent, so a correction made before a
resend is what the platform gets. Importing this module stays cheap (no FHIR models).
"""

from django.utils import timezone

from .models import Delivery

LOINC, SNOMED = "http://loinc.org", "http://snomed.info/sct"
SENT_SYSTEMS = (LOINC, SNOMED)  # our local ILP codes stay home: the platform would not know them


def observations_of(visit):
    """The visit's measurements SATUSEHAT can take: final, with a patient, coded in LOINC or SNOMED."""
    return visit.observations.filter(status="final", system__in=SENT_SYSTEMS, patient__isnull=False).order_by("id")


def conditions_of(visit):
    """The visit's diagnoses (ICD-10)."""
    return visit.conditions.filter(status="final").order_by("id")


def enqueue_visit(visit) -> list[Delivery]:
    """Queue a finished, registered visit: its Encounter first, then what refers to it (idempotent)."""
    if not visit.patient_id or not visit.registered_at:
        return []  # no patient, no record to send (a ticket taken and never registered)
    now = timezone.now()
    common = {"facility_id": visit.facility_id, "visit": visit, "next_attempt_at": now}
    encounter, _created = Delivery.objects.get_or_create(
        resource_type=Delivery.Resource.ENCOUNTER, local_id=visit.pk, defaults=common)
    rows = [Delivery(resource_type=Delivery.Resource.OBSERVATION, local_id=pk, depends_on=encounter, **common)
            for pk in observations_of(visit).values_list("pk", flat=True)]
    rows += [Delivery(resource_type=Delivery.Resource.CONDITION, local_id=pk, depends_on=encounter, **common)
             for pk in conditions_of(visit).values_list("pk", flat=True)]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return [encounter, *rows]
