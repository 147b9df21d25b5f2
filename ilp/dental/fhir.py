"""A dental treatment (ICD-9-CM) as a SATUSEHAT Procedure of the visit.

Shape from the official example satusehat-usecase/ANC/Procedure-Tindakan-1: category in SNOMED CT
(diagnostic for the examination 89.31, therapeutic for the rest, both as the examples write them),
code in http://hl7.org/fhir/sid/icd-9-cm, performer. The tooth (FDI) is the body site in words; the
diagnosis is the reason in ICD-10 (a code, not a reference, so the Procedure never waits on it).
Registered in DentalConfig.ready().
"""

from ilp.satusehat import mapping
from ilp.satusehat.contributors import Contributor, Planned, register
from ilp.satusehat.fhirjson import instant

from .models import DentalTreatment

SNOMED = "http://snomed.info/sct"
ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm"
DIAGNOSTIC = {"system": SNOMED, "code": "103693007", "display": "Diagnostic procedure"}
THERAPEUTIC = {"system": SNOMED, "code": "277132007", "display": "Therapeutic procedure"}
EXAMINATIONS = {"89.31"}  # pemeriksaan gigi dan mulut


def procedure(local_id: int, context) -> dict:
    treatment = (DentalTreatment.objects.select_related("exam__patient__mother", "exam__facility", "performer", "condition")
                 .get(pk=local_id))
    category = DIAGNOSTIC if treatment.procedure_code in EXAMINATIONS else THERAPEUTIC
    resource = {
        "resourceType": "Procedure",
        "identifier": [{"system": mapping.system_id("Procedure", context.org_id),
                        "value": f"{treatment.exam.facility.code}-gigi-{treatment.pk}"}],
        "status": "completed",
        "category": {"coding": [category], "text": category["display"]},
        "code": {"coding": [{"system": ICD9CM, "code": treatment.procedure_code, "display": treatment.procedure_name}]},
        "subject": mapping.subject(context.resolver, treatment.exam.patient),
        "encounter": {"reference": context.encounter},
        "performedPeriod": {"start": instant(treatment.performed_at), "end": instant(treatment.performed_at)},
    }
    if treatment.performer_id:
        resource["performer"] = [{"actor": mapping.practitioner(context.resolver, treatment.performer)}]
    if treatment.tooth:
        resource["bodySite"] = [{"text": f"Gigi {treatment.tooth} (FDI)"}]
    if treatment.condition_id:
        resource["reasonCode"] = [{"coding": [{"system": mapping.validator.ICD10, "code": treatment.condition.code,
                                               "display": treatment.condition.display}]}]
    if treatment.note:
        resource["note"] = [{"text": treatment.note}]
    return resource


def plan(visit):
    return [Planned(pk) for pk in DentalTreatment.objects.filter(exam__visit=visit).order_by("id").values_list("pk", flat=True)]


def register_contributors() -> None:
    register(Contributor("Procedure", plan=plan, build=procedure))
