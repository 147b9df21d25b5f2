"""Writes on rawat inap: admit to a bed, move bed, daily SOAP note, vital signs, discharge."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical import icd10
from ilp.clinical.models import Observation
from ilp.clinical.services import CLINICAL_ROLES, NOT_A_CLINICIAN
from ilp.clinical.vitals import VITALS_BY_ID
from ilp.satusehat import outbox
from ilp.visits.services import check_vitals

from .models import Admission, Bed, DailyNote, Ward

NO_WARDS = "%(facility)s tidak mempunyai ruang rawat inap."
BED_TAKEN = "Tempat tidur %(bed)s sedang dipakai %(name)s; pilih tempat tidur lain."
BED_NOT_HERE = "Tempat tidur itu bukan milik %(facility)s."
ALREADY_ADMITTED = "%(name)s masih dirawat di %(bed)s; pulangkan dulu sebelum rawat inap baru."
REASON_REQUIRED = "Tuliskan indikasi rawat inap."
UNKNOWN_CODE = "Kode ICD-10 %(code)s tidak dikenal; pilih dari daftar saran."
IN_FUTURE = "Waktu tidak boleh di masa depan."
DISCHARGE_BEFORE_ADMISSION = "Waktu pulang (%(out)s) tidak boleh sebelum waktu masuk (%(in)s)."
ALREADY_DISCHARGED = "Pasien ini sudah pulang pada %(at)s."
NOT_ADMITTED = "Pasien ini sudah tidak dirawat; catatan baru tidak dapat ditambahkan."
OUTCOME_REQUIRED = "Pilih keadaan pasien saat keluar."
SUMMARY_REQUIRED = "Tuliskan ringkasan perawatan untuk resume pulang."
NOTE_BEFORE_ADMISSION = "Waktu catatan tidak boleh sebelum pasien masuk."
NO_VITALS = "Isi minimal satu tanda vital."
SOAP_REQUIRED = "Isi keempat bagian SOAP (S, O, A, P)."

# Vital signs charted on the ward (temperature, pulse, BP, respiration), as DOMAIN.md §6.4 bounds them.
WARD_VITALS = ("temperature", "heart_rate", "sbp", "dbp", "resp_rate")


def _require_clinician(actor) -> None:
    if actor.role not in CLINICAL_ROLES:
        raise ValidationError(_(NOT_A_CLINICIAN))


def _not_in_future(at: dt.datetime, field: str) -> None:
    if at > timezone.now() + dt.timedelta(minutes=5):  # a clock a few minutes fast is not the future
        raise ValidationError({field: [_(IN_FUTURE)]})


def _diagnosis(code: str, field: str) -> tuple[str, str]:
    code = icd10.normalize(code)
    if not code:
        return "", ""
    if not icd10.is_diagnosis_code(code):
        raise ValidationError({field: [_(UNKNOWN_CODE) % {"code": code}]})
    return code, icd10.title(code)


def _lock_free_bed(*, bed: Bed, facility) -> Bed:
    """Lock the bed row, then check nobody lies in it: two nurses admitting at once cannot share it."""
    bed = Bed.objects.select_for_update().select_related("ward").get(pk=bed.pk)
    if bed.ward.facility_id != facility.pk or not bed.active:
        raise ValidationError({"bed": [_(BED_NOT_HERE) % {"facility": facility.name}]})
    occupant = Admission.objects.filter(bed=bed, discharged_at__isnull=True).select_related("patient").first()
    if occupant:
        raise ValidationError({"bed": [_(BED_TAKEN) % {"bed": bed, "name": occupant.patient.name}]})
    return bed


@transaction.atomic
def admit_patient(*, actor, facility, patient, bed: Bed, reason: str, source: str, visit=None,
                  diagnosis_code: str = "", admitted_at: dt.datetime | None = None) -> Admission:
    """Admit the patient to a free bed of the Puskesmas (from UGD, a klaster room or for a delivery)."""
    _require_clinician(actor)
    if not Ward.objects.filter(facility=facility, active=True).exists():
        raise ValidationError(_(NO_WARDS) % {"facility": facility.name})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_(REASON_REQUIRED)]})
    admitted_at = admitted_at or timezone.now()
    _not_in_future(admitted_at, "admitted_at")
    code, title = _diagnosis(diagnosis_code, "diagnosis_code")
    current = Admission.objects.filter(patient=patient, discharged_at__isnull=True).select_related("bed__ward").first()
    if current:
        raise ValidationError(_(ALREADY_ADMITTED) % {"name": patient.name, "bed": current.bed})
    bed = _lock_free_bed(bed=bed, facility=facility)
    try:
        with transaction.atomic():  # the partial unique index is the last word if a check raced
            admission = Admission.objects.create(
                facility=facility, patient=patient, visit=visit, source=source, bed=bed, reason=reason.strip(),
                diagnosis_code=code, diagnosis_display=title, admitted_at=admitted_at, admitted_by=actor)
    except IntegrityError as error:
        raise ValidationError({"bed": [_(BED_TAKEN) % {"bed": bed, "name": _("pasien lain")}]}) from error
    audit.record(actor=actor, action="admission.create", target=admission, detail={"bed": str(bed), "source": source})
    return admission


@transaction.atomic
def move_bed(*, actor, admission: Admission, bed: Bed) -> Admission:
    """Move an admitted patient to another free bed (e.g. to the isolation room)."""
    _require_clinician(actor)
    if not admission.is_open:
        raise ValidationError(_(NOT_ADMITTED))
    old = admission.bed
    admission.bed = _lock_free_bed(bed=bed, facility=admission.facility)
    admission.save(update_fields=["bed"])
    audit.record(actor=actor, action="admission.move_bed", target=admission, detail={"from": str(old), "to": str(bed)})
    return admission


def _check_open_at(admission: Admission, at: dt.datetime, field: str) -> None:
    if not admission.is_open:
        raise ValidationError(_(NOT_ADMITTED))
    _not_in_future(at, field)
    if at < admission.admitted_at:
        raise ValidationError({field: [_(NOTE_BEFORE_ADMISSION)]})


@transaction.atomic
def write_daily_note(*, actor, admission: Admission, subjective: str, objective: str, assessment: str, plan: str,
                     written_at: dt.datetime | None = None) -> DailyNote:
    """The day's SOAP note of the doctor, midwife or nurse on the ward."""
    _require_clinician(actor)
    written_at = written_at or timezone.now()
    _check_open_at(admission, written_at, "written_at")
    parts = [subjective, objective, assessment, plan]
    if not all((p or "").strip() for p in parts):
        raise ValidationError(_(SOAP_REQUIRED))
    note = DailyNote.objects.create(admission=admission, written_at=written_at, subjective=subjective.strip(),
                                    objective=objective.strip(), assessment=assessment.strip(), plan=plan.strip(),
                                    author=actor)
    audit.record(actor=actor, action="admission.note", target=admission, detail={"note": note.pk})
    return note


@transaction.atomic
def record_ward_vitals(*, actor, admission: Admission, values: dict[str, Decimal | None],
                       measured_at: dt.datetime | None = None) -> list[Observation]:
    """Vital signs on the ward (the chart of the stay); the same hard limits as at Pandu PTM."""
    _require_clinician(actor)
    measured_at = measured_at or timezone.now()
    _check_open_at(admission, measured_at, "measured_at")
    values = {k: v for k, v in values.items() if v is not None and k in WARD_VITALS}
    if not values:
        raise ValidationError(_(NO_VITALS))
    if errors := check_vitals(values):
        raise ValidationError(errors)
    observations = Observation.objects.bulk_create([
        Observation(visit=admission.visit, patient=admission.patient, facility=admission.facility,
                    code=VITALS_BY_ID[k].code, display=VITALS_BY_ID[k].display, value_quantity=v,
                    unit=VITALS_BY_ID[k].unit, effective_at=measured_at, performer=actor,
                    source=admission.vitals_source) for k, v in values.items()])
    audit.record(actor=actor, action="observation.create", target=admission, detail={"codes": sorted(values)})
    return observations


@transaction.atomic
def discharge_patient(*, actor, admission: Admission, outcome: str, course: str, final_diagnosis_code: str = "",
                      discharge_medication: str = "", instructions: str = "",
                      discharged_at: dt.datetime | None = None) -> Admission:
    """Discharge: the bed is free again and the resume (discharge summary) can be printed."""
    _require_clinician(actor)
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    if not admission.is_open:
        raise ValidationError(_(ALREADY_DISCHARGED) % {"at": timezone.localtime(admission.discharged_at).strftime("%d-%m-%Y %H:%M")})
    discharged_at = discharged_at or timezone.now()
    _not_in_future(discharged_at, "discharged_at")
    if discharged_at < admission.admitted_at:
        raise ValidationError({"discharged_at": [_(DISCHARGE_BEFORE_ADMISSION) % {
            "out": timezone.localtime(discharged_at).strftime("%d-%m-%Y %H:%M"),
            "in": timezone.localtime(admission.admitted_at).strftime("%d-%m-%Y %H:%M")}]})
    if outcome not in Admission.Outcome.values:
        raise ValidationError({"outcome": [_(OUTCOME_REQUIRED)]})
    if not (course or "").strip():
        raise ValidationError({"course": [_(SUMMARY_REQUIRED)]})
    code, title = _diagnosis(final_diagnosis_code, "final_diagnosis_code")
    admission.discharged_at, admission.discharged_by, admission.outcome = discharged_at, actor, outcome
    admission.final_diagnosis_code, admission.final_diagnosis_display = code or admission.diagnosis_code, title or admission.diagnosis_display
    admission.course, admission.discharge_medication, admission.instructions = course.strip(), discharge_medication, instructions
    admission.save()
    audit.record(actor=actor, action="admission.discharge", target=admission, detail={"outcome": outcome})
    if admission.visit is not None and admission.visit.status == "finished":
        outbox.enqueue_visit(admission.visit)  # the visit went out before the stay ended: send the stay (ilp.inpatient.fhir)
    return admission


@transaction.atomic
def set_ward_beds(*, facility, name: str, kind: str, beds: int) -> Ward:
    """Declare a ward with its beds (numbered 1..n); extra old beds are retired, never deleted."""
    ward, _created = Ward.objects.update_or_create(facility=facility, name=name, defaults={"kind": kind, "active": True})
    for n in range(1, beds + 1):
        Bed.objects.update_or_create(ward=ward, code=str(n), defaults={"active": True})
    for bed in ward.beds.all():
        if bed.code.isdigit() and int(bed.code) > beds:
            bed.active = False
            bed.save(update_fields=["active"])
    return ward
