"""A finished visit as SATUSEHAT resources: Encounter, its Observations (LOINC, UCUM) and Conditions (ICD-10).

Each builder returns the plain dict sent on the wire, after the FHIR model library has parsed it
(structure) and the local validator has passed it (SATUSEHAT's rules); a failure is a MappingError
whose `reason` a nurse can act on. IHS numbers come from a resolver (ilp.satusehat.identity)
because finding them means asking the platform.
"""

import uuid
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from ilp.clinical.vitals import VITALS
from ilp.visits.routing import routing

from . import validator
from .fhirjson import instant
from .outbox import SENT_SYSTEMS, conditions_of, observations_of

CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# Units as our definitions write them, in UCUM (curly braces: UCUM's annotations for counted things).
UCUM_CODES = {"mmHg": "mm[Hg]", "°C": "Cel", "minggu": "wk", "bayi": "{bayi}", "orang": "{orang}",
              "tablet": "{tablet}", "": "1"}
VITAL_DECIMALS = {m.code: m.decimals for m in VITALS}
NAMESPACE = uuid.UUID("5b0e2d38-5c52-4a0f-9a8e-3f0b7c1d2e44")  # urn:uuid fullUrls are stable per resource
NOT_VALID = "Data belum memenuhi aturan SATUSEHAT: %(detail)s"
LOCAL_CODE = "%(display)s memakai kode lokal ILP (bukan LOINC/SNOMED); tetap di Puskesmas, tidak dikirim."


class MappingError(Exception):
    """The resource cannot be built or would be refused; `reason` says what to correct."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class Resolver(Protocol):
    def patient(self, patient) -> str: ...
    def practitioner(self, user) -> str: ...


def system_id(kind: str, org_id: str) -> str:
    return f"{validator.SYS_IDS}{kind.lower()}/{org_id}"


def local_identifier(kind: str, instance) -> str:
    """Our stable identifier value for a resource: what conditional create matches on."""
    if kind == "Encounter":
        return f"{instance.facility.code}-{instance.date:%Y%m%d}-{instance.number}"
    return f"{instance.facility.code}-{kind.lower()}-{instance.pk}"


def full_url(kind: str, org_id: str, value: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{system_id(kind, org_id)}|{value}')}"


def checked(resource: dict, *, org_id: str) -> dict:
    """Parse with the FHIR models, then SATUSEHAT's rules (both in the validator); MappingError if refused."""
    answer = validator.validate(resource, org_id=org_id)
    if not validator.is_valid(answer):
        detail = "; ".join(i["diagnostics"] for i in answer["issue"] if i["severity"] == "error")
        raise MappingError(_(NOT_VALID) % {"detail": detail}, detail)
    return resource


def identifier(kind: str, org_id: str, instance) -> list[dict]:
    """The resource's own identifier under sys-ids (what conditional create matches on)."""
    return [{"system": system_id(kind, org_id), "value": local_identifier(kind, instance)}]


_identifier = identifier


def subject(resolver: Resolver, patient) -> dict:
    return {"reference": f"Patient/{resolver.patient(patient)}", "display": patient.name}


def practitioner(resolver: Resolver, user) -> dict:
    return {"reference": f"Practitioner/{resolver.practitioner(user)}", "display": user.get_full_name() or user.username}


def encounter(visit, *, org_id: str, resolver: Resolver) -> dict:
    """Kunjungan rawat jalan (class AMB; EMER from UGD) with its arrived → in-progress → finished history."""
    attender = attending(visit)
    started = _first_care(visit) or visit.registered_at or visit.arrived_at
    finished = visit.finished_at
    resource = {
        "resourceType": "Encounter",
        "identifier": _identifier("Encounter", org_id, visit),
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": "EMER" if visit.emergency else "AMB", "display": "emergency" if visit.emergency else "ambulatory"},
        "subject": {"reference": f"Patient/{resolver.patient(visit.patient)}", "display": visit.patient.name},
        "participant": [{
            "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                  "code": "ATND", "display": "attender"}]}],
            "individual": {"reference": f"Practitioner/{resolver.practitioner(attender)}",
                           "display": attender.get_full_name() or attender.username}}],
        "period": {"start": instant(visit.arrived_at), "end": instant(finished)},
        "statusHistory": [
            {"status": "arrived", "period": {"start": instant(visit.arrived_at), "end": instant(started)}},
            {"status": "in-progress", "period": {"start": instant(started), "end": instant(finished)}},
            {"status": "finished", "period": {"start": instant(finished), "end": instant(finished)}},
        ],
        "serviceProvider": {"reference": f"Organization/{org_id}"},
    }
    if room := _room(visit):
        resource["location"] = [{"location": {
            "identifier": {"system": f"{validator.SYS_IDS}location/{org_id}", "value": room.code},
            "display": f"{room.name}, {visit.facility.name}"}}]
    return checked(resource, org_id=org_id)


def observation(obs, *, org_id: str, resolver: Resolver, encounter_ref: str) -> dict:
    """One measurement (LOINC), with its UCUM unit and the decimals it was measured to."""
    category = _category(obs)
    resource = {
        "resourceType": "Observation",
        "identifier": _identifier("Observation", org_id, obs),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": category, "display": CATEGORIES[category]}]}],
        "code": {"coding": [{"system": obs.system, "code": obs.code, "display": obs.display}]},
        "subject": {"reference": f"Patient/{resolver.patient(obs.patient)}"},
        "encounter": {"reference": encounter_ref},
        "effectiveDateTime": instant(obs.effective_at),
        "issued": instant(obs.effective_at),
    }
    if obs.value_quantity is not None:
        code = UCUM_CODES.get(obs.unit, obs.unit)
        resource["valueQuantity"] = {"value": precise(obs.value_quantity, _decimals(obs)), "unit": obs.unit or code,
                                     "system": validator.UCUM, "code": code}
    else:
        resource["valueString"] = obs.value_text
    return checked(resource, org_id=org_id)


CATEGORIES = {"vital-signs": "Vital Signs", "laboratory": "Laboratory", "exam": "Exam"}


def _category(obs) -> str:
    """Laboratory for a validated lab result (the Observation the lab made), vital signs, else an examination."""
    try:
        if obs.lab_result is not None:
            return "laboratory"
    except ObjectDoesNotExist:
        pass
    return "vital-signs" if obs.code in VITAL_DECIMALS else "exam"


def condition(diagnosis, *, org_id: str, resolver: Resolver, encounter_ref: str) -> dict:
    """A diagnosis of the visit in ICD-10."""
    resource = {
        "resourceType": "Condition",
        "identifier": _identifier("Condition", org_id, diagnosis),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active", "display": "Active"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}]}],
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": diagnosis.code,
                             "display": diagnosis.display}]},
        "subject": {"reference": f"Patient/{resolver.patient(diagnosis.patient)}"},
        "encounter": {"reference": encounter_ref},
        "recordedDate": instant(diagnosis.recorded_at),
    }
    return checked(resource, org_id=org_id)


def visit_bundle(visit, *, org_id: str, resolver: Resolver) -> dict:
    """The whole visit as one transaction Bundle: urn:uuid fullUrls, conditional creates on our identifiers."""
    enc_url = full_url("Encounter", org_id, local_identifier("Encounter", visit))
    entries = [_entry(encounter(visit, org_id=org_id, resolver=resolver), enc_url)]
    for obs in observations_of(visit):
        resource = observation(obs, org_id=org_id, resolver=resolver, encounter_ref=enc_url)
        entries.append(_entry(resource, full_url("Observation", org_id, resource["identifier"][0]["value"])))
    for diagnosis in conditions_of(visit):
        resource = condition(diagnosis, org_id=org_id, resolver=resolver, encounter_ref=enc_url)
        entries.append(_entry(resource, full_url("Condition", org_id, resource["identifier"][0]["value"])))
    return checked({"resourceType": "Bundle", "type": "transaction", "entry": entries}, org_id=org_id)


def _entry(resource: dict, url: str) -> dict:
    ident = resource["identifier"][0]
    return {"fullUrl": url, "resource": resource, "request": {
        "method": "POST", "url": resource["resourceType"], "ifNoneExist": f"identifier={ident['system']}|{ident['value']}"}}


def precise(value: Decimal, decimals: int | None) -> Decimal:
    """The value to the decimals it was measured to (the column stores 3 places: 36.500 → 36.5)."""
    if decimals is not None:
        return value.quantize(Decimal(1).scaleb(-decimals))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _decimals(obs) -> int | None:
    if obs.code in VITAL_DECIMALS and obs.source == "pandu_ptm":
        return VITAL_DECIMALS[obs.code]
    if obs.record_id:
        from ilp.packages.engine.loader import registry

        package = registry().get(obs.record.package_id)
        for field in package.fields if package else ():
            if field.code and field.code.code == obs.code:
                return 0 if field.type == "integer" else field.decimals
    return VITAL_DECIMALS.get(obs.code)


CARE_ROLES = ("dokter", "bidan", "perawat", "gizi", "analis_lab", "apoteker")


def attending(visit):
    """Who attended: the last health worker who served the patient, else whoever served last."""
    entries = visit.entries.filter(served_by__isnull=False).select_related("served_by").order_by("-started_at", "-id")
    for entry in entries:
        if entry.served_by.role in CARE_ROLES:
            return entry.served_by
    if first := entries.first():
        return first.served_by
    if visit.created_by_id:
        return visit.created_by
    raise MappingError(_("Kunjungan ini belum mencatat petugas yang melayani."))


def _clinical_codes() -> set[str]:
    return {code for code, station in routing().stations.items() if station.clinical or code == "ugd"}


def _first_care(visit):
    """When care began: the first service started in a clinical room (in-progress in FHIR)."""
    event = visit.events.filter(kind="started", station_code__in=_clinical_codes()).order_by("at", "id").first()
    return event.at if event else None


def _room(visit):
    entry = (visit.entries.filter(station__code__in=_clinical_codes()).select_related("station")
             .order_by("-queued_at", "-id").first())
    return entry.station if entry else None


def _observation_record(local_id: int, context) -> dict:
    from ilp.clinical.models import Observation

    obs = Observation.objects.select_related("patient__mother", "record", "facility", "lab_result").get(pk=local_id)
    return observation(obs, org_id=context.org_id, resolver=context.resolver, encounter_ref=context.encounter)


def _condition_record(local_id: int, context) -> dict:
    from ilp.clinical.models import Condition

    diagnosis = Condition.objects.select_related("patient__mother", "facility").get(pk=local_id)
    return condition(diagnosis, org_id=context.org_id, resolver=context.resolver, encounter_ref=context.encounter)


def builtin_contributors():
    """Our own Observations and Conditions, sent through the same registry other modules use."""
    from .contributors import Contributor, Planned

    return [
        Contributor("Observation", build=_observation_record, kept=_local_observations,
                    plan=lambda visit: [Planned(pk) for pk in observations_of(visit).values_list("pk", flat=True)]),
        Contributor("Condition", build=_condition_record,
                    plan=lambda visit: [Planned(pk) for pk in conditions_of(visit).values_list("pk", flat=True)]),
    ]


def _local_observations(visits):
    """Measurements in our own ILP codes: the platform would not know them."""
    from ilp.clinical.models import Observation

    rows = (Observation.objects.filter(visit__in=visits, status="final", patient__isnull=False)
            .exclude(system__in=SENT_SYSTEMS).order_by().values_list("visit_id", "display").distinct())
    return [(visit_id, _(LOCAL_CODE) % {"display": display}) for visit_id, display in rows]
