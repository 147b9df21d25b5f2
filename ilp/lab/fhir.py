"""A lab order as SATUSEHAT resources: ServiceRequest (LOINC), Specimen, DiagnosticReport over the result Observations.

Shapes follow the official examples (satusehat-usecase/ANC: ServiceRequest-Create-PermintaanPenunjang-
Lab-1, Specimen-Create-Sputum-1, DiagnosticReport-Report-Lab-1). The numeric results themselves are
the clinical Observations `services.validate_order` made; the built-in Observation contributor sends
them (category "laboratory") and the DiagnosticReport refers to them once they are accepted.
Registered in LabConfig.ready().
"""

from django.utils.translation import gettext as _

from ilp.satusehat import mapping
from ilp.satusehat.contributors import Contributor, Planned, register
from ilp.satusehat.fhirjson import instant

from .models import LabOrder, LabResult

SNOMED, LOINC = "http://snomed.info/sct", "http://loinc.org"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
LAB_PROCEDURE = {"system": SNOMED, "code": "108252007", "display": "Laboratory procedure"}
# Our catalogue's specimen kinds in SNOMED CT (sputum and whole blood as the official examples write them).
SPECIMEN_TYPES = {
    "darah": {"system": SNOMED, "code": "258580003", "display": "Whole blood specimen"},
    "urin": {"system": SNOMED, "code": "122575003", "display": "Urine specimen"},
    "dahak": {"system": SNOMED, "code": "45710003", "display": "Sputum"},
}
# Diagnostic service sections (HL7 v2 table 0074) of the catalogue's groups; LAB covers every report.
SECTIONS = {"Hematologi": ("HM", "Hematology"), "Mikrobiologi": ("MB", "Microbiology"),
            "Imunoserologi": ("SR", "Serology"), "Kimia darah": ("CH", "Chemistry"), "Urinalisis": ("UR", "Urinalysis")}
QUALITATIVE = "Hasil kualitatif %(name)s (order %(number)s) tetap di Puskesmas: hanya hasil angka yang dikirim."


def _order(local_id: int) -> LabOrder:
    return (LabOrder.objects.select_related("patient__mother", "facility", "ordered_by", "validated_by")
            .prefetch_related("results").get(pk=local_id))


def _tests(order: LabOrder) -> list:
    return [r.test for r in order.results.all() if r.test]


def _specimens(order: LabOrder) -> dict[str, LabResult]:
    """Per specimen kind of the order's tests, the first result of that kind (it names the Specimen row)."""
    kinds: dict[str, LabResult] = {}
    for result in order.results.all():
        if result.test:
            kinds.setdefault(result.test.specimen, result)
    return kinds


def service_request(local_id: int, context) -> dict:
    order = _order(local_id)
    tests = _tests(order)
    resource = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": mapping.system_id("ServiceRequest", context.org_id), "value": order.number}],
        "category": [{"coding": [LAB_PROCEDURE]}],
        "status": "completed" if order.status == LabOrder.Status.VALIDATED else "active",
        "intent": "original-order",
        "priority": "routine",
        "code": {"coding": [{"system": LOINC, "code": t.loinc, "display": t.display} for t in tests],
                 "text": ", ".join(t.name for t in tests)},
        "subject": mapping.subject(context.resolver, order.patient),
        "encounter": {"reference": context.encounter},
        "occurrenceDateTime": instant(order.ordered_at),
        "requester": mapping.practitioner(context.resolver, order.ordered_by),
    }
    if order.clinical_note:
        resource["reasonCode"] = [{"text": order.clinical_note}]
    return resource


def specimen(local_id: int, context) -> dict:
    """One Specimen per kind (blood, urine, sputum) of an order's tests, named by its first result."""
    first = LabResult.objects.select_related("order").get(pk=local_id)
    order = _order(first.order_id)
    kind = first.test.specimen
    taken = instant(order.specimen_at)
    resource = {
        "resourceType": "Specimen",
        "identifier": [{"system": mapping.system_id("Specimen", context.org_id), "value": f"{order.number}-{kind}",
                        "assigner": {"reference": f"Organization/{context.org_id}"}}],
        "status": "available",
        "type": {"coding": [SPECIMEN_TYPES[kind]]} if kind in SPECIMEN_TYPES else {"text": kind},
        "collection": {"collectedDateTime": taken},
        "subject": mapping.subject(context.resolver, order.patient),
        "request": [{"reference": context.reference("ServiceRequest", order.pk)}],
        "receivedTime": taken,
    }
    if order.specimen_note:
        resource["note"] = [{"text": order.specimen_note}]
    return resource


def diagnostic_report(local_id: int, context) -> dict:
    order = _order(local_id)
    tests = _tests(order)
    sections = [SECTIONS[g] for g in dict.fromkeys(t.group for t in tests) if g in SECTIONS]
    return {
        "resourceType": "DiagnosticReport",
        "identifier": [{"system": f"{mapping.validator.SYS_IDS}diagnostic/{context.org_id}/lab", "use": "official",
                        "value": order.number}],
        "status": "final",
        "category": [{"coding": [{"system": V2_0074, "code": code, "display": display}
                                 for code, display in [*sections, ("LAB", "Laboratory")]]}],
        "code": {"coding": [{"system": LOINC, "code": t.loinc, "display": t.display} for t in tests],
                 "text": ", ".join(t.name for t in tests)},
        "subject": mapping.subject(context.resolver, order.patient),
        "encounter": {"reference": context.encounter},
        "effectiveDateTime": instant(order.specimen_at),
        "issued": instant(order.validated_at),
        "performer": [mapping.practitioner(context.resolver, order.validated_by),
                      {"reference": f"Organization/{context.org_id}"}],
        "result": [{"reference": context.reference("Observation", r.observation_id)}
                   for r in order.results.all() if r.observation_id],
        "specimen": [{"reference": context.reference("Specimen", r.pk)} for r in _specimens(order).values()],
        "basedOn": [{"reference": context.reference("ServiceRequest", order.pk)}],
    }


def _orders(visit):
    return visit.lab_orders.prefetch_related("results").order_by("id")


def plan_requests(visit):
    return [Planned(order.pk) for order in _orders(visit)]


def plan_specimens(visit):
    return [Planned(first.pk, after=("ServiceRequest", order.pk))
            for order in _orders(visit) if order.specimen_at for first in _specimens(order).values()]


def plan_reports(visit):
    """A report once the results are validated and at least one became an Observation, after its last Specimen."""
    planned = []
    for order in _orders(visit):
        firsts = list(_specimens(order).values())
        if order.status == LabOrder.Status.VALIDATED and firsts and any(r.observation_id for r in order.results.all()):
            planned.append(Planned(order.pk, after=("Specimen", firsts[-1].pk)))
    return planned


def kept(visits):
    rows = (LabResult.objects.filter(order__visit__in=visits, order__status=LabOrder.Status.VALIDATED,
                                     value_quantity__isnull=True).select_related("order"))
    return [(r.order.visit_id, _(QUALITATIVE) % {"name": r.test.name if r.test else r.test_code,
                                                  "number": r.order.number}) for r in rows]


def register_contributors() -> None:
    register(Contributor("ServiceRequest", plan=plan_requests, build=service_request))
    register(Contributor("Specimen", plan=plan_specimens, build=specimen))
    register(Contributor("DiagnosticReport", plan=plan_reports, build=diagnostic_report, kept=kept))
