"""A prescription line as SATUSEHAT resources: Medication (KFA), MedicationRequest, MedicationDispense once handed over.

Shapes follow the official examples (satusehat-usecase/ANC: Medication-Create-Obat-1, MedicationRequest-
Create-Permintaan-Peresepan-Obat-1, MedicationDispense-Create-Pengeluaran-Peresepan-Obat-1). Only
drugs with a KFA code in drugs.yaml are sent; the others stay at the Puskesmas and the status page
says why. The line's own identifier (prescription-item) comes first: it is what a resend matches on
(the prescription number is shared by every line). Registered in PharmacyConfig.ready().
"""

from django.utils.translation import gettext as _

from ilp.satusehat import mapping
from ilp.satusehat.contributors import Contributor, Planned, register
from ilp.satusehat.fhirjson import instant

from . import catalogue
from .models import Prescription, PrescriptionItem, StockMovement

KFA = f"{mapping.validator.SYS_IDS}kfa"
PROFILE = "https://fhir.kemkes.go.id/r4/StructureDefinition/Medication"
MEDICATION_TYPE = {"url": "https://fhir.kemkes.go.id/r4/StructureDefinition/MedicationType", "valueCodeableConcept": {
    "coding": [{"system": "http://terminology.kemkes.go.id/CodeSystem/medication-type", "code": "NC",
                "display": "Non-compound"}]}}
DRUG_FORM = "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm"
UNITS = {"tablet": "TAB", "kapsul": "CAP"}  # our counting units in the orderable drug forms the examples use
REQUEST_CATEGORY = {"system": "http://terminology.hl7.org/CodeSystem/medicationrequest-category",
                    "code": "outpatient", "display": "Outpatient"}
DISPENSE_CATEGORY = {"system": "http://terminology.hl7.org/fhir/CodeSystem/medicationdispense-category",
                     "code": "outpatient", "display": "Outpatient"}
NO_KFA = "Obat %(name)s belum punya kode KFA di katalog obat; baris resepnya tetap di Puskesmas, tidak dikirim."


def _item(local_id: int) -> PrescriptionItem:
    return PrescriptionItem.objects.select_related(
        "prescription__patient__mother", "prescription__prescriber", "prescription__dispensed_by").get(pk=local_id)


def _drug(item: PrescriptionItem) -> catalogue.Drug:
    drug = catalogue.drug_get(item.drug_code)
    if drug is None or not drug.kfa:
        raise mapping.MappingError(_(NO_KFA) % {"name": drug.name if drug else item.drug_code})
    return drug


def _line(item: PrescriptionItem) -> str:
    """`R...-3`: the prescription number and the line's place on it."""
    position = list(item.prescription.items.order_by("pk").values_list("pk", flat=True)).index(item.pk) + 1
    return f"{item.prescription.number}-{position}"


def _identifiers(item: PrescriptionItem, org_id: str) -> list[dict]:
    base = mapping.validator.SYS_IDS
    return [{"system": f"{base}prescription-item/{org_id}", "use": "official", "value": _line(item)},
            {"system": f"{base}prescription/{org_id}", "use": "official", "value": item.prescription.number}]


def _quantity(item: PrescriptionItem, drug: catalogue.Drug, *, unit: bool = True) -> dict:
    """In the orderable drug form where there is one (TAB, CAP); the dispense writes it without `unit`, as the example does."""
    code = UNITS.get(drug.unit)
    if not code:
        return {"value": item.quantity, "unit": drug.unit}
    return {"value": item.quantity, **({"unit": code} if unit else {}), "system": DRUG_FORM, "code": code}


def _dosage(item: PrescriptionItem) -> list[dict]:
    return [{"sequence": 1, "text": item.signa}] if item.signa else []


def medication(local_id: int, context) -> dict:
    item = _item(local_id)
    drug = _drug(item)
    resource = {
        "resourceType": "Medication",
        "meta": {"profile": [PROFILE]},
        "identifier": [{"system": mapping.system_id("Medication", context.org_id), "use": "official",
                        "value": _line(item)}],
        "code": {"coding": [{"system": KFA, "code": drug.kfa, "display": drug.name}]},
        "status": "active",
        "extension": [MEDICATION_TYPE],
    }
    first = (StockMovement.objects.filter(prescription=item.prescription, drug_code=item.drug_code)
             .select_related("batch").order_by("id").first())
    if first:  # handed over: the batch it came from (FEFO)
        resource["batch"] = {"lotNumber": first.batch.batch_number, "expirationDate": first.batch.expiry_date.isoformat()}
    return resource


def medication_request(local_id: int, context) -> dict:
    item = _item(local_id)
    drug, prescription = _drug(item), item.prescription
    resource = {
        "resourceType": "MedicationRequest",
        "identifier": _identifiers(item, context.org_id),
        "status": "completed" if prescription.status == Prescription.Status.DISPENSED else "active",
        "intent": "order",
        "category": [{"coding": [REQUEST_CATEGORY]}],
        "priority": "routine",
        "medicationReference": {"reference": context.reference("Medication", item.pk), "display": drug.name},
        "subject": mapping.subject(context.resolver, prescription.patient),
        "encounter": {"reference": context.encounter},
        "authoredOn": instant(prescription.written_at),
        "requester": mapping.practitioner(context.resolver, prescription.prescriber),
        "dispenseRequest": {"quantity": _quantity(item, drug), "performer": {"reference": f"Organization/{context.org_id}"}},
    }
    if dosage := _dosage(item):
        resource["dosageInstruction"] = dosage
    return resource


def medication_dispense(local_id: int, context) -> dict:
    item = _item(local_id)
    drug, prescription = _drug(item), item.prescription
    resource = {
        "resourceType": "MedicationDispense",
        "identifier": _identifiers(item, context.org_id),
        "status": "completed",
        "category": {"coding": [DISPENSE_CATEGORY]},
        "medicationReference": {"reference": context.reference("Medication", item.pk), "display": drug.name},
        "subject": mapping.subject(context.resolver, prescription.patient),
        "context": {"reference": context.encounter},
        "performer": [{"actor": mapping.practitioner(context.resolver, prescription.dispensed_by)}],
        "authorizingPrescription": [{"reference": context.reference("MedicationRequest", item.pk)}],
        "quantity": _quantity(item, drug, unit=False),
        "whenPrepared": instant(prescription.dispensed_at),
        "whenHandedOver": instant(prescription.dispensed_at),
    }
    if dosage := _dosage(item):
        resource["dosageInstruction"] = dosage
    return resource


def _lines(visit, *statuses):
    items = (PrescriptionItem.objects.filter(prescription__visit=visit, prescription__status__in=statuses)
             .order_by("prescription_id", "pk"))
    return [item for item in items if (drug := catalogue.drug_get(item.drug_code)) and drug.kfa]


SENT = (Prescription.Status.WAITING, Prescription.Status.DISPENSED)


def plan_medications(visit):
    return [Planned(item.pk) for item in _lines(visit, *SENT)]


def plan_requests(visit):
    return [Planned(item.pk, after=("Medication", item.pk)) for item in _lines(visit, *SENT)]


def plan_dispenses(visit):
    return [Planned(item.pk, after=("MedicationRequest", item.pk)) for item in _lines(visit, Prescription.Status.DISPENSED)]


def kept(visits):
    """Prescription lines whose drug has no KFA code yet."""
    rows = (PrescriptionItem.objects.filter(prescription__visit__in=visits, prescription__status__in=SENT)
            .values_list("prescription__visit_id", "drug_code").order_by("prescription__visit_id", "pk"))
    found = []
    for visit_id, code in rows:
        drug = catalogue.drug_get(code)
        if drug is None or not drug.kfa:
            found.append((visit_id, _(NO_KFA) % {"name": drug.name if drug else code}))
    return found


def register_contributors() -> None:
    register(Contributor("Medication", plan=plan_medications, build=medication, kept=kept))
    register(Contributor("MedicationRequest", plan=plan_requests, build=medication_request))
    register(Contributor("MedicationDispense", plan=plan_dispenses, build=medication_dispense))
