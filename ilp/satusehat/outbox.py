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
    """Queue a finished, registered visit: its Encounter first, then what refers to it (idempotent).

    What refers to it comes from the registered contributors (ilp.satusehat.contributors): the
    built-in Observation and Condition, and whatever the lab or the pharmacy registered.
    """
    from .contributors import contributors

    if not visit.patient_id or not visit.registered_at:
        return []  # no patient, no record to send (a ticket taken and never registered)
    now = timezone.now()
    common = {"facility_id": visit.facility_id, "visit": visit, "next_attempt_at": now}
    encounter, _created = Delivery.objects.get_or_create(
        resource_type=Delivery.Resource.ENCOUNTER, local_id=visit.pk, defaults=common)
    planned = [(c.resource_type, item) for c in contributors() for item in c.plan(visit)]
    rows = [Delivery(resource_type=kind, local_id=item.local_id, depends_on=encounter, **common)
            for kind, item in planned if item.after is None]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    rows += _enqueue_chained([(kind, item) for kind, item in planned if item.after is not None], common)
    return [encounter, *rows]


def _enqueue_chained(waiting: list, common: dict) -> list[Delivery]:
    """Rows that wait for another contributed row (a Specimen after its ServiceRequest), parents first."""
    made: list[Delivery] = []
    while waiting:
        parents = {(row.resource_type, row.local_id): row for row in Delivery.objects.filter(
            visit=common["visit"], resource_type__in={item.after[0] for _k, item in waiting})}
        ready = [(kind, item) for kind, item in waiting if item.after in parents]
        if not ready:
            raise ValueError(f"SATUSEHAT contributors name resources that are not planned: {waiting}")
        batch = [Delivery(resource_type=kind, local_id=item.local_id, depends_on=parents[item.after], **common)
                 for kind, item in ready]
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        made += batch
        waiting = [pair for pair in waiting if pair not in ready]
    return made
