"""An inpatient stay (rawat inap) as a SATUSEHAT Encounter of class IMP, sent with the visit it came from.

The stay is its own Encounter, partOf the visit's (AMB or EMER) Encounter it was admitted from: arrived at
admission, in-progress on the ward, finished at discharge, with the period of the stay and the ward and
bed as its location. Only a discharged stay is sent (the platform gets its full history once, not an
open stay to be rewritten later); discharging re-queues the visit (ilp.inpatient.services), as the lab
does for a late result. A stay without a visit (none in the flow today) stays local: the outbox is
anchored on visits. Its outbox key is "Encounter:IMP" (the plain "Encounter" is the visit's own row);
what is sent is a resource of type Encounter. Registered in InpatientConfig.ready().
"""

from ilp.satusehat import mapping
from ilp.satusehat.contributors import Contributor, Planned, register
from ilp.satusehat.fhirjson import instant

from .models import Admission

KEY = "Encounter:IMP"
IMP = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP", "display": "inpatient encounter"}
ATTENDER = {"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "ATND", "display": "attender"}


def plan(visit):
    return [Planned(pk) for pk in visit.admissions.filter(discharged_at__isnull=False).order_by("id")
            .values_list("pk", flat=True)]


def local_identifier(admission: Admission) -> str:
    """Apart from the visits' own Encounter values (facility-date-number), so conditional create never mixes them."""
    return f"{admission.facility.code}-rawat-inap-{admission.pk}"


def encounter(local_id: int, context) -> dict:
    admission = Admission.objects.select_related("facility", "patient", "bed__ward", "admitted_by",
                                                 "discharged_by").get(pk=local_id)
    start, end = instant(admission.admitted_at), instant(admission.discharged_at)
    attender = admission.discharged_by or admission.admitted_by
    resource = {
        "resourceType": "Encounter",
        "identifier": [{"system": mapping.system_id("Encounter", context.org_id), "value": local_identifier(admission)}],
        "status": "finished",
        "class": IMP,
        "subject": mapping.subject(context.resolver, admission.patient),
        "participant": [{"type": [{"coding": [ATTENDER]}], "individual": mapping.practitioner(context.resolver, attender)}],
        "period": {"start": start, "end": end},
        "statusHistory": [
            {"status": "arrived", "period": {"start": start, "end": start}},
            {"status": "in-progress", "period": {"start": start, "end": end}},
            {"status": "finished", "period": {"start": end, "end": end}},
        ],
        "location": [{"location": {
            "identifier": {"system": f"{mapping.validator.SYS_IDS}location/{context.org_id}",
                           "value": f"{admission.bed.ward_id}-{admission.bed.code}"},
            "display": f"{admission.bed.ward.name}, tempat tidur {admission.bed.code}, {admission.facility.name}"},
            "period": {"start": start, "end": end}}],
        "serviceProvider": {"reference": f"Organization/{context.org_id}"},
        "partOf": {"reference": context.encounter},
    }
    if admission.final_diagnosis_code:
        resource["reasonCode"] = [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                               "code": admission.final_diagnosis_code,
                                               "display": admission.final_diagnosis_display}]}]
    return resource


def register_contributors() -> None:
    register(Contributor(resource_type=KEY, plan=plan, build=encounter))
