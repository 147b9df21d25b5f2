"""Join what an app sends into our record: validated like the platform would, patients found by NIK,
nothing counted twice, a resend answered with what the first send made, every write audited.

- Each resource carries its own identifier under http://sys-ids.kemkes.go.id/{resource}/{org id}
  (SATUSEHAT's rule); the org id names the Puskesmas, which must be one the app is registered for.
- The identifier is what a resend matches (InboundRecord): the same answer, nothing new written.
- A record our own app already has (same patient, same code, same time: see `matching`) is linked,
  not copied: the visit, diagnosis or dose is counted once in the facts.
- A NIK we do not know is refused (decision 0018): a patient is registered at the Puskesmas, with
  a desa and a no. RM, before anyone else's records join them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts import scope
from ilp.accounts.models import Role, User
from ilp.audit import services as audit
from ilp.clinical.icd10 import normalize
from ilp.clinical.models import Condition, Observation
from ilp.core.sequences import next_value
from ilp.facilities.models import Facility
from ilp.immunization.models import Immunization
from ilp.immunization.schedule import current_schedule
from ilp.indicators import facts
from ilp.people.models import Patient
from ilp.visits.models import Visit

from .. import conf, validator
from ..client import NIK
from ..models import IhsNumber, InboundApp, InboundRecord
from .apps import AppActor

# Our own record of the same measurement within this much of the app's time is the same event.
SAME_TIME = dt.timedelta(hours=1)
ROUTING = "satusehat-masuk@1"  # Visit.routing_version of visits made from an app's Encounter
ORDER = {"Patient": 0, "Encounter": 1, "Observation": 2, "Condition": 2, "Immunization": 2}

NOT_SUPPORTED = "Resource %(kind)s tidak diterima di sini (hanya Encounter, Observation, Condition, Immunization)."
NO_IDENTIFIER = "%(kind)s wajib punya identifier %(prefix)s<id organisasi>: itu yang mencegah kiriman ulang tercatat dua kali."
NOT_YOURS = "Organisasi %(org)s bukan fasilitas yang terdaftar untuk aplikasi ini."
NO_NIK = "Pasien harus dirujuk dengan NIK (identifier %(system)s)."
UNKNOWN_NIK = "NIK %(nik)s belum terdaftar sebagai pasien di fasilitas ini; daftarkan pasien di Puskesmas dulu."
NO_ENCOUNTER = "Encounter %(ref)s tidak dikenal: kirim Encounter-nya dulu, atau dalam Bundle yang sama."
OTHER_PATIENT = "Encounter %(ref)s milik pasien lain."
NOT_TRANSACTION = "Bundle harus bertipe transaction."
NO_ICD10 = "Diagnosis wajib berkode ICD-10 (system http://hl7.org/fhir/sid/icd-10)."
UNKNOWN_VACCINE = "Vaksin %(code)s dosis %(dose)s tidak ada dalam jadwal imunisasi %(version)s."
BAD_TIME = "Waktu %(path)s wajib diisi dan sah."


class Refusal(Exception):
    """The resource (or Bundle) is refused: `status` and the OperationOutcome to answer with."""

    def __init__(self, status: int, outcome: dict):
        super().__init__(outcome["issue"][0]["diagnostics"])
        self.status, self.outcome = status, outcome


def refuse(status: int, code: str, expression: str, text: str):
    raise Refusal(status, validator.outcome([validator.issue(code, expression, text)]))


@dataclass
class Session:
    """One request: the app, and what this Bundle's fullUrls stand for."""

    app: InboundApp
    patients: dict[str, Patient] = field(default_factory=dict)
    records: dict[str, InboundRecord] = field(default_factory=dict)

    @property
    def actor(self) -> AppActor:
        return AppActor(self.app)


def check(resource) -> None:
    """The same validator as our outbox and the stand-in: FHIR R4 structure and SATUSEHAT's rules."""
    answer = validator.validate(resource)
    if not validator.is_valid(answer):
        raise Refusal(400, answer)


def receive_resource(*, app: InboundApp, resource: dict) -> tuple[int, dict, InboundRecord]:
    """POST of one resource: 201 when it joined our record, 200 when it had been received before."""
    check(resource)
    if resource["resourceType"] not in ORDER or resource["resourceType"] == "Patient":
        refuse(422, "not-supported", resource["resourceType"], _(NOT_SUPPORTED) % {"kind": resource["resourceType"]})
    with transaction.atomic():
        record, created = take(Session(app), resource)
    return (201 if created else 200), {**resource, "id": str(record.pk)}, record


def receive_bundle(*, app: InboundApp, bundle: dict) -> dict:
    """POST of a transaction Bundle: all of it joins our record, or none of it (one transaction)."""
    check(bundle)
    if bundle.get("type") != "transaction":
        refuse(400, "invalid", "Bundle.type", _(NOT_TRANSACTION))
    entries = list(enumerate(bundle.get("entry") or ()))
    for n, entry in entries:
        kind = (entry.get("resource") or {}).get("resourceType")
        if kind not in ORDER:
            refuse(422, "not-supported", f"Bundle.entry[{n}]", _(NOT_SUPPORTED) % {"kind": kind or "-"})
    for _n, entry in entries:  # every facility in the app's scope before any patient is looked up
        if entry["resource"]["resourceType"] != "Patient":
            owner_of(app, entry["resource"])
    session, answers = Session(app), {}
    with transaction.atomic():
        # Patients first, then Encounters, then what refers to them: the order of the Bundle does not matter.
        for n, entry in sorted(entries, key=lambda pair: ORDER[pair[1]["resource"]["resourceType"]]):
            resource, url = entry["resource"], entry.get("fullUrl", "")
            if resource["resourceType"] == "Patient":
                nik = _nik_of(resource.get("identifier") or [])
                session.patients[url] = _patient_by_nik(app, nik, f"Bundle.entry[{n}].resource.identifier")
                answers[n] = {"status": "200 OK", "location": f"Patient/{resource.get('id') or nik}"}
                continue
            record, created = take(session, resource)
            session.records[url] = record
            answers[n] = {"status": "201 Created" if created else "200 OK", "location": f"{record.resource_type}/{record.pk}"}
    return {"resourceType": "Bundle", "type": "transaction-response",
            "entry": [{"response": answers[n]} for n, _entry in entries]}


def take(session: Session, resource: dict) -> tuple[InboundRecord, bool]:
    """One resource into our record (or matched to what is already there); False when it is a resend."""
    kind = resource["resourceType"]
    ident, facility = owner_of(session.app, resource)
    known = InboundRecord.objects.filter(resource_type=kind, system=ident["system"], value=ident["value"]).first()
    if known:
        return known, False
    target, outcome = HANDLERS[kind](session, resource, facility)
    record = InboundRecord.objects.create(
        app=session.app, facility=facility, resource_type=kind, system=ident["system"], value=ident["value"],
        target_type=target._meta.label, target_id=target.pk, outcome=outcome)
    audit.record(actor=session.actor, action=f"satusehat.inbound.{outcome}", target=target,
                 detail={"app": session.app.client_id, "resource": kind, "identifier": f"{ident['system']}|{ident['value']}"})
    return record, True


def owner_of(app: InboundApp, resource: dict) -> tuple[dict, Facility]:
    """The resource's own identifier, and the Puskesmas its organization id names (403 if not the app's)."""
    kind = resource["resourceType"]
    prefix = f"{validator.SYS_IDS}{kind.lower()}/"
    ident = next((i for i in resource.get("identifier") or () if str(i.get("system", "")).startswith(prefix)
                  and i.get("value")), None)
    if ident is None:
        refuse(422, "required", f"{kind}.identifier", _(NO_IDENTIFIER) % {"kind": kind, "prefix": prefix})
    return ident, facility_of(app, ident["system"][len(prefix):].split("/")[0])


def facility_of(app: InboundApp, org_id: str) -> Facility:
    """The Puskesmas whose SATUSEHAT organization is `org_id`, if the app is registered for it (else 403)."""
    code = conf.facility_code_of(org_id)
    facility = Facility.objects.filter(code=code).first() if code else None
    if facility is None and org_id and org_id == conf.config().org_id:
        # One organization per deployment, no facility named for it: the deployment's only Puskesmas.
        only = list(Facility.objects.filter(kind=Facility.Kind.PUSKESMAS)[:2])
        facility = only[0] if len(only) == 1 else None
    if facility is None or not app.facilities.filter(pk=facility.pk).exists():
        refuse(403, "forbidden", "identifier.system", _(NOT_YOURS) % {"org": org_id})
    return facility


def _patients_of(facility: Facility):
    # The facility's scope, written once in accounts.scope, seen as a health worker of it would.
    return Patient.objects.filter(scope.patient_q(User(role=Role.PERAWAT, facility=facility)))


def _nik_of(identifiers) -> str:
    return next((str(i.get("value", "")) for i in identifiers if isinstance(i, dict) and i.get("system") == NIK), "")


def _patient_by_nik(app_or_facility, nik: str, where: str) -> Patient:
    if not nik:
        refuse(422, "required", where, _(NO_NIK) % {"system": NIK})
    facilities = [app_or_facility] if isinstance(app_or_facility, Facility) else list(app_or_facility.facilities.all())
    for facility in facilities:
        if patient := _patients_of(facility).filter(nik=nik).first():
            return patient
    refuse(422, "not-found", where, _(UNKNOWN_NIK) % {"nik": nik})


def patient_of(session: Session, reference: dict | None, facility: Facility, where: str) -> Patient:
    """By the Bundle's Patient entry, the NIK in the reference, or an IHS number we learnt for a NIK."""
    reference = reference or {}
    ref = str(reference.get("reference") or "")
    if ref in session.patients:
        return session.patients[ref]
    nik = _nik_of([reference.get("identifier")])
    if not nik and ref.startswith("Patient/"):
        nik = (IhsNumber.objects.filter(kind=IhsNumber.Kind.PATIENT, ihs_number=ref[8:], key__regex=r"^\d{16}$")
               .values_list("key", flat=True).first() or "")
    return _patient_by_nik(facility, nik, where)


def _moment(value, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        refuse(422, "required", where, _(BAD_TIME) % {"path": where})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _visit_of(session: Session, reference: dict | None, patient: Patient, where: str) -> Visit:
    ref = str((reference or {}).get("reference") or "")
    record = session.records.get(ref)
    if record is None and ref.startswith("Encounter/") and ref[10:].isdigit():
        record = InboundRecord.objects.filter(pk=int(ref[10:]), resource_type="Encounter",
                                              facility__in=session.app.facilities.all()).first()
    if record is None and isinstance((reference or {}).get("identifier"), dict):
        ident = reference["identifier"]
        record = InboundRecord.objects.filter(resource_type="Encounter", system=ident.get("system"),
                                              value=ident.get("value"), facility__in=session.app.facilities.all()).first()
    if record is None:
        refuse(422, "not-found", where, _(NO_ENCOUNTER) % {"ref": ref or "(tanpa rujukan)"})
    visit = Visit.objects.get(pk=record.target_id)
    if visit.patient_id != patient.pk:
        refuse(422, "invalid", where, _(OTHER_PATIENT) % {"ref": ref})
    return visit


def _encounter(session: Session, resource: dict, facility: Facility):
    patient = patient_of(session, resource.get("subject"), facility, "Encounter.subject")
    start = _moment(resource["period"].get("start"), "Encounter.period.start")
    end = _moment(resource["period"]["end"], "Encounter.period.end") if resource["period"].get("end") else start
    day = timezone.localdate(start)
    # Our own visit of that day at this Puskesmas or its Pustu is the same kunjungan: linked, counted once.
    same = (Visit.objects.filter(Q(facility=facility) | Q(facility__parent=facility), patient=patient, date=day)
            .exclude(status=Visit.Status.CANCELLED).first())
    if same:
        return same, InboundRecord.Outcome.MATCHED
    number = next_value(f"antrean:{facility.pk}:{day.isoformat()}:LG")
    visit = Visit.objects.create(facility=facility, patient=patient, date=day, number=f"LG{number:03d}",
                                 status=Visit.Status.FINISHED, arrived_at=start, registered_at=start, finished_at=end,
                                 routing_version=ROUTING)
    facts.record_visit_facts(visit)
    return visit, InboundRecord.Outcome.CREATED


def _observation(session: Session, resource: dict, facility: Facility):
    patient = patient_of(session, resource.get("subject"), facility, "Observation.subject")
    visit = _visit_of(session, resource.get("encounter"), patient, "Observation.encounter")
    coding = (resource["code"].get("coding") or [{}])[0]
    system, code = coding.get("system", ""), coding.get("code") or resource["code"].get("text", "")
    at = _moment(resource.get("effectiveDateTime") or resource.get("issued"), "Observation.effectiveDateTime")
    same = Observation.objects.filter(patient=patient, system=system, code=code, status=Observation.Status.FINAL,
                                      effective_at__range=(at - SAME_TIME, at + SAME_TIME)).first()
    if same:
        return same, InboundRecord.Outcome.MATCHED
    quantity = resource.get("valueQuantity") or {}
    concept = resource.get("valueCodeableConcept") or {}
    text = resource.get("valueString") or concept.get("text") or next(
        (c.get("display") or c.get("code") for c in concept.get("coding") or ()), "")
    obs = Observation.objects.create(
        patient=patient, visit=visit, facility=visit.facility, system=system[:60], code=code[:40],
        display=(coding.get("display") or code)[:120], value_quantity=quantity.get("value"),
        unit=(quantity.get("code") or quantity.get("unit") or "")[:20], value_text=str(text)[:250], effective_at=at,
        source=f"satusehat:{session.app.client_id}"[:60])
    return obs, InboundRecord.Outcome.CREATED


def _condition(session: Session, resource: dict, facility: Facility):
    patient = patient_of(session, resource.get("subject"), facility, "Condition.subject")
    visit = _visit_of(session, resource.get("encounter"), patient, "Condition.encounter")
    coding = next((c for c in (resource.get("code") or {}).get("coding") or () if c.get("system") == validator.ICD10), {})
    code = normalize(coding.get("code", ""))
    if not code:  # a code outside ICD-10 was already refused by the validator
        refuse(422, "required", "Condition.code", _(NO_ICD10))
    at = _moment(resource.get("recordedDate") or resource.get("onsetDateTime") or visit.finished_at.isoformat(),
                 "Condition.recordedDate")
    day = timezone.localdate(at)
    same = Condition.objects.filter(patient=patient, code=code, recorded_date=day, status=Observation.Status.FINAL).first()
    if same:
        return same, InboundRecord.Outcome.MATCHED
    old = Condition.objects.filter(patient=patient, code=code, status=Observation.Status.FINAL).exists()
    diagnosis = Condition.objects.create(
        patient=patient, visit=visit, facility=visit.facility, code=code, display=(coding.get("display") or code)[:250],
        case=Condition.Case.OLD if old else Condition.Case.NEW, primary=not visit.conditions.exists(),
        recorded_date=day, recorded_at=at)
    facts.record_condition_facts(diagnosis)
    return diagnosis, InboundRecord.Outcome.CREATED


def _immunization(session: Session, resource: dict, facility: Facility):
    patient = patient_of(session, resource.get("patient"), facility, "Immunization.patient")
    given_on = timezone.localdate(_moment(resource.get("occurrenceDateTime"), "Immunization.occurrenceDateTime"))
    schedule = current_schedule(given_on)
    codes = [c.get("code", "") for c in resource["vaccineCode"].get("coding") or ()] + [resource["vaccineCode"].get("text", "")]
    number = next((p.get("doseNumberPositiveInt") for p in resource.get("protocolApplied") or ()), None)
    # A dose named as the card names it (DPT-HB-Hib1), or a vaccine with protocolApplied's dose number.
    dose = next((d for d in schedule.doses for c in codes if c and (d.code == c or (d.vaccine == c and d.number == number))), None)
    if dose is None:
        refuse(422, "code-invalid", "Immunization.vaccineCode",
               _(UNKNOWN_VACCINE) % {"code": ", ".join(c for c in codes if c) or "-", "dose": number or "-", "version": schedule.id})
    same = Immunization.objects.filter(patient=patient, vaccine=dose.vaccine, dose=dose.number,
                                       status=Immunization.Status.COMPLETED).first()
    if same:
        return same, InboundRecord.Outcome.MATCHED
    previous = schedule.previous(dose)
    before = (Immunization.objects.filter(patient=patient, vaccine=previous.vaccine, dose=previous.number,
                                          status=Immunization.Status.COMPLETED).values_list("given_on", flat=True).first()
              if previous else None)
    warnings = schedule.check(dose, birth_date=patient.birth_date, given_on=given_on, previous_given=before)
    immunization = Immunization.objects.create(
        patient=patient, vaccine=dose.vaccine, dose=dose.number, given_on=given_on, facility=facility,
        lot_number=str(resource.get("lotNumber") or "")[:40], outside_window=any(w.outside_window for w in warnings),
        warnings=[w.message for w in warnings], schedule_version=schedule.id, recorded_at=timezone.now())
    facts.record_immunization_facts(immunization)
    facts.record_immunization_set_facts(patient)
    return immunization, InboundRecord.Outcome.CREATED


HANDLERS = {"Encounter": _encounter, "Observation": _observation, "Condition": _condition, "Immunization": _immunization}
