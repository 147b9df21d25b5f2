"""Writes in UGD: arrival without registration, triage, examination, observation, identification, disposition."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical import icd10
from ilp.clinical import services as clinical
from ilp.clinical.models import Observation
from ilp.clinical.services import CLINICAL_ROLES, NOT_A_CLINICIAN
from ilp.clinical.vitals import VITALS_BY_ID
from ilp.inpatient import services as inpatient
from ilp.visits import services as visits
from ilp.visits.models import QueueEntry, Referral, Visit

from .models import EmergencyCase, ObservationEntry, TriageLevel

UGD_VITALS = ("sbp", "dbp", "heart_rate", "resp_rate", "temperature")
COMPLAINT_REQUIRED = "Tuliskan keluhan utama atau keadaan pasien saat datang."
NOT_AT_UGD = "Nomor %(number)s tidak sedang menunggu di UGD."
ALREADY_RECEIVED = "Nomor %(number)s sudah diterima di UGD."
LEVEL_REQUIRED = "Pilih level triase: merah, oranye, kuning, hijau atau biru."
CASE_CLOSED = "Pasien ini sudah keluar dari UGD (%(disposition)s); catatan baru tidak dapat ditambahkan."
TRIAGE_FIRST = "Lakukan triase dulu sebelum disposisi."
IDENTIFY_FIRST = "Identitas pasien belum diketahui; daftarkan pasien dulu sebelum %(disposition)s."
UNKNOWN_DISPOSITION = "Pilih disposisi: pulang, rawat inap, rujuk atau meninggal."
BED_REQUIRED = "Pilih tempat tidur untuk rawat inap."
HOSPITAL_REQUIRED = "Pilih rumah sakit tujuan rujukan."
NOTHING_OBSERVED = "Isi catatan observasi atau minimal satu tanda vital."
NOTHING_EXAMINED = "Isi minimal anamnesis, pemeriksaan, tindakan atau diagnosis."
ALREADY_IDENTIFIED = "Pasien ini sudah teridentifikasi sebagai %(name)s."
IN_FUTURE = "Waktu tidak boleh di masa depan."
BEFORE_ARRIVAL = "Waktu observasi tidak boleh sebelum pasien datang (%(at)s)."


def arrival_label(*, sex: str, age: int | None) -> str:
    """How staff name someone not yet identified: “Tn. X, ±40 th”, “Ny. X”, “An. X, ±8 th”."""
    title = "X"
    if age is not None and age < 18:
        title = "An. X"
    elif sex == "M":
        title = "Tn. X"
    elif sex == "F":
        title = "Ny. X"
    return f"{title}, ±{age} th" if age is not None else title


def _require_clinician(actor) -> None:
    if actor.role not in CLINICAL_ROLES:
        raise ValidationError(_(NOT_A_CLINICIAN))


def _require_open(case: EmergencyCase) -> None:
    if not case.is_open:
        raise ValidationError(_(CASE_CLOSED) % {"disposition": case.get_disposition_display()})


def ugd_entry(case: EmergencyCase) -> QueueEntry | None:
    """The visit's latest queue entry at UGD (the one being served while the patient is here)."""
    return case.visit.entries.filter(station__code="ugd").order_by("-queued_at", "-id").first()


def _store_vitals(*, actor, case: EmergencyCase, values: dict, at: dt.datetime) -> list[Observation]:
    values = {k: v for k, v in values.items() if v is not None and k in UGD_VITALS}
    if errors := visits.check_vitals(values):  # DOMAIN.md §6.4 hard limits, as at Pandu PTM
        raise ValidationError(errors)
    visit = case.visit
    return Observation.objects.bulk_create([
        Observation(visit=visit, patient=visit.patient, facility=visit.facility, code=VITALS_BY_ID[k].code,
                    display=VITALS_BY_ID[k].display, value_quantity=v, unit=VITALS_BY_ID[k].unit, effective_at=at,
                    performer=actor, source="ugd") for k, v in values.items()])


@transaction.atomic
def start_arrival(*, actor, facility, complaint: str, arrival: str = EmergencyCase.Arrival.SENDIRI, sex: str = "",
                  age: int | None = None, label: str = "", visit: Visit | None = None) -> EmergencyCase:
    """Receive a patient in UGD at once, before any registration (seed 004 step b); identified later.

    With `visit`, the kiosk's emergency ticket (waiting at UGD) is received; otherwise a ticket is opened here.
    """
    if not (complaint or "").strip():
        raise ValidationError({"complaint": [_(COMPLAINT_REQUIRED)]})
    if visit is None:
        visit = visits.open_visit(actor=actor, facility=facility, emergency=True)
    elif EmergencyCase.objects.filter(visit=visit).exists():
        raise ValidationError(_(ALREADY_RECEIVED) % {"number": visit.number})
    entry = visit.entries.filter(station__code="ugd", status=QueueEntry.Status.WAITING).first()
    if entry is None:
        raise ValidationError(_(NOT_AT_UGD) % {"number": visit.number})
    # UGD does not queue: the patient is called and taken into care the moment they arrive.
    visits.start_service(actor=actor, entry=visits.call_entry(actor=actor, entry=entry))
    case = EmergencyCase.objects.create(
        visit=visit, facility=visit.facility, complaint=complaint.strip(), arrival=arrival, sex_estimate=sex,
        age_estimate=age, label=(label or "").strip() or arrival_label(sex=sex, age=age), arrived_at=visit.arrived_at)
    audit.record(actor=actor, action="emergency.arrive", target=case, detail={"visit": visit.number})
    return case


@transaction.atomic
def triage_case(*, actor, case: EmergencyCase, level: int | None, values: dict[str, Decimal | None]) -> EmergencyCase:
    """Triage (5 levels, colour coded) with the vital signs it was based on; a re-triage keeps the old level in the audit."""
    _require_clinician(actor)
    _require_open(case)
    if level not in TriageLevel.values:
        raise ValidationError({"level": [_(LEVEL_REQUIRED)]})
    now = timezone.now()
    _store_vitals(actor=actor, case=case, values=values, at=now)
    previous = case.triage_level
    case.triage_level, case.triaged_at, case.triaged_by = level, now, actor
    case.save(update_fields=["triage_level", "triaged_at", "triaged_by"])
    audit.record(actor=actor, action="emergency.triage", target=case, detail={"level": level, "previous": previous})
    return case


def _diagnose(*, actor, case: EmergencyCase) -> None:
    """The diagnosis becomes a Condition (LB1, SATUSEHAT) once the patient is known; once per code."""
    if case.diagnosis_code and case.visit.patient_id and (not case.condition_id or case.condition.code != case.diagnosis_code):
        case.condition = clinical.record_diagnosis(actor=actor, visit=case.visit, code=case.diagnosis_code, case="baru")
        case.save(update_fields=["condition"])


@transaction.atomic
def record_examination(*, actor, case: EmergencyCase, anamnesis: str = "", examination: str = "", treatment: str = "",
                       diagnosis_code: str = "") -> EmergencyCase:
    """The emergency record: anamnesis, examination, treatment and the ICD-10 diagnosis (amendable while in UGD)."""
    _require_clinician(actor)
    _require_open(case)
    texts = {"anamnesis": anamnesis.strip(), "examination": examination.strip(), "treatment": treatment.strip()}
    code = icd10.normalize(diagnosis_code)
    if not any(texts.values()) and not code:
        raise ValidationError(_(NOTHING_EXAMINED))
    if code and not icd10.is_diagnosis_code(code):
        raise ValidationError({"diagnosis_code": [_(clinical.UNKNOWN_CODE) % {"code": code}]})
    changed = {k: v for k, v in texts.items() if v and v != getattr(case, k)}
    for field, value in changed.items():
        setattr(case, field, value)
    if code:
        case.diagnosis_code, case.diagnosis_display = code, icd10.title(code)
    if case.examined_at is None:
        case.examined_at, case.examined_by = timezone.now(), actor
    case.save()
    _diagnose(actor=actor, case=case)
    audit.record(actor=actor, action="emergency.examine", target=case, detail={"fields": sorted(changed), "code": code})
    return case


@transaction.atomic
def add_observation(*, actor, case: EmergencyCase, note: str = "", values: dict[str, Decimal | None],
                    at: dt.datetime | None = None) -> ObservationEntry:
    """One observation round: a note and/or vital signs at a time (observation while the patient stays in UGD)."""
    _require_clinician(actor)
    _require_open(case)
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": [_(IN_FUTURE)]})
    if at < case.arrived_at - dt.timedelta(minutes=1):  # the form's time has minutes only
        raise ValidationError({"at": [_(BEFORE_ARRIVAL) % {"at": timezone.localtime(case.arrived_at).strftime("%d-%m-%Y %H:%M")}]})
    if not (note or "").strip() and not any(v is not None for v in values.values()):
        raise ValidationError(_(NOTHING_OBSERVED))
    _store_vitals(actor=actor, case=case, values=values, at=at)
    entry = ObservationEntry.objects.create(case=case, at=at, note=(note or "").strip(), recorded_by=actor)
    audit.record(actor=actor, action="emergency.observe", target=case, detail={"entry": entry.pk})
    return entry


@transaction.atomic
def identify_patient(*, actor, case: EmergencyCase, patient, payer: str) -> EmergencyCase:
    """The unknown arrival turns out to be `patient`: register the same visit to them (its record is kept)."""
    if case.visit.patient_id:
        raise ValidationError(_(ALREADY_IDENTIFIED) % {"name": case.visit.patient.name})
    entry = ugd_entry(case)
    visits.register_visit(actor=actor, entry=entry, patient=patient, payer=payer)
    case.visit.refresh_from_db()
    if actor.role in CLINICAL_ROLES:
        _diagnose(actor=actor, case=case)
    audit.record(actor=actor, action="emergency.identify", target=case, detail={"label": case.label})
    return case


@transaction.atomic
def dispose_case(*, actor, case: EmergencyCase, disposition: str, note: str = "", bed=None, hospital=None,
                 to_pharmacy: bool = False) -> EmergencyCase:
    """Leave UGD: home (via the pharmacy if asked), admitted to a bed, referred with a letter, or died."""
    _require_clinician(actor)
    _require_open(case)
    if disposition not in EmergencyCase.Disposition.values:
        raise ValidationError({"disposition": [_(UNKNOWN_DISPOSITION)]})
    if case.triage_level is None:
        raise ValidationError(_(TRIAGE_FIRST))
    label = EmergencyCase.Disposition(disposition).label
    if disposition != EmergencyCase.Disposition.MENINGGAL and not case.visit.patient_id:
        # A death is recorded for an unknown person too; every other way out needs a name (letter, bed, BPJS).
        raise ValidationError(_(IDENTIFY_FIRST) % {"disposition": label})
    entry = ugd_entry(case)
    send_to = "pulang"
    if disposition == EmergencyCase.Disposition.RAWAT_INAP:
        if bed is None:
            raise ValidationError({"bed": [_(BED_REQUIRED)]})
        case.admission = inpatient.admit_patient(
            actor=actor, facility=case.facility, patient=case.visit.patient, bed=bed, visit=case.visit, source="ugd",
            reason=note or case.complaint, diagnosis_code=case.diagnosis_code)
    elif disposition == EmergencyCase.Disposition.RUJUK:
        case.referral = _referral(actor=actor, case=case, entry=entry, hospital=hospital, reason=note)
    elif disposition == EmergencyCase.Disposition.PULANG and to_pharmacy:
        send_to = "farmasi"
    case.disposition, case.disposition_at, case.disposition_by = disposition, timezone.now(), actor
    case.disposition_note = (note or "").strip()[:500]
    case.save()
    visits.finish_entry(actor=actor, entry=entry, send_to=send_to, note=_("Disposisi UGD: %(d)s") % {"d": label})
    audit.record(actor=actor, action="emergency.dispose", target=case, detail={"disposition": disposition})
    return case


def _referral(*, actor, case: EmergencyCase, entry: QueueEntry, hospital, reason: str) -> Referral:
    """The visit's referral letter to a hospital: the one already written in the room, or a new one."""
    existing = case.visit.referrals.filter(kind=Referral.Kind.EXTERNAL).order_by("-created_at").first()
    if existing:
        return existing
    if hospital is None:
        raise ValidationError({"hospital": [_(HOSPITAL_REQUIRED)]})
    diagnosis = f"{case.diagnosis_code} {case.diagnosis_display}".strip()
    return visits.refer_externally(actor=actor, entry=entry, hospital=hospital, reason=reason or case.complaint,
                                   diagnosis=diagnosis)
