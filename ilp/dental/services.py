"""Writes on the odontogram: a tooth's status and a treatment, each in one transaction with its audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical import services as clinical_services

from . import catalogue, teeth
from .models import DentalExam, DentalTreatment, ToothRecord

DENTAL_ROLES = {"dokter", "perawat"}  # dokter gigi and perawat/terapis gigi work under these roles
NOT_DENTAL = "Odontogram dan tindakan gigi diisi oleh dokter gigi atau terapis gigi."
NO_PATIENT = "Kunjungan ini belum punya pasien terdaftar."
CANCELLED = "Kunjungan ini sudah dibatalkan."
UNKNOWN_TOOTH = "Nomor gigi %(tooth)s tidak dikenal. Pakai nomor FDI: 11–48 untuk gigi tetap, 51–85 untuk gigi sulung."
UNKNOWN_STATUS = "Status gigi '%(status)s' tidak dikenal."
PERSISTENCE_PRIMARY = "Persistensi hanya untuk gigi sulung (51–85); gigi %(tooth)s adalah gigi tetap."
LOST_TOOTH = ("Gigi %(tooth)s sudah tercatat hilang; gigi yang hilang tidak bisa menjadi '%(status)s'. "
              "Centang koreksi bila catatan sebelumnya salah.")
PRIMARY_IN_ADULT = ("Pasien berumur %(age)s tahun: gigi sulung %(tooth)s hanya bisa tercatat sebagai persistensi, "
                    "hilang atau sisa akar.")
PERMANENT_IN_TODDLER = ("Pasien berumur %(age)s tahun: gigi tetap %(tooth)s belum tumbuh; "
                        "hanya bisa tercatat belum erupsi atau sehat.")
UNKNOWN_PROCEDURE = "Kode tindakan %(code)s tidak ada di katalog tindakan gigi."
TOOTH_NEEDED = "Tindakan %(name)s perlu nomor gigi."
NO_TOOTH_FOR_MOUTH = "Tindakan %(name)s dilakukan pada seluruh mulut; kosongkan nomor gigi."
WRONG_DENTITION = {"primary": "Tindakan %(name)s hanya untuk gigi sulung (51–85); gigi %(tooth)s adalah gigi tetap.",
                   "permanent": "Tindakan %(name)s hanya untuk gigi tetap (11–48); gigi %(tooth)s adalah gigi sulung."}
NOT_ON_STATUS = "Gigi %(tooth)s berstatus '%(status)s': tindakan %(name)s tidak bisa dilakukan pada gigi ini."
ADULT_YEARS = 18  # every primary tooth has exfoliated by then; one still there is persistence
TODDLER_YEARS = 4  # the first permanent teeth (first molars, lower incisors) erupt from about 6 years
ADULT_PRIMARY_OK = {"persistensi", "hilang_karies", "hilang_lain", "sisa_akar"}
TODDLER_PERMANENT_OK = {"belum_erupsi", "sehat"}


def _check_writer(actor, visit) -> None:
    if actor.role not in DENTAL_ROLES:
        raise ValidationError(_(NOT_DENTAL))
    if not visit.patient_id:
        raise ValidationError(_(NO_PATIENT))
    if visit.status == visit.Status.CANCELLED:
        raise ValidationError(_(CANCELLED))


def chart_of(exam: DentalExam | None) -> dict[int, str]:
    """{tooth: status} of an exam; sound teeth have no row."""
    return {} if exam is None else {t.tooth: t.status for t in exam.teeth.all()}


def _exam_for(*, actor, visit) -> DentalExam:
    """This visit's exam, opened on the first change with every tooth of the patient's last exam carried over."""
    exam = DentalExam.objects.select_for_update().filter(visit=visit).first()
    if exam:
        return exam
    previous = (DentalExam.objects.filter(patient_id=visit.patient_id, examined_on__lte=visit.date)
                .exclude(visit=visit).order_by("-examined_on", "-id").first())
    exam = DentalExam.objects.create(visit=visit, patient_id=visit.patient_id, facility=visit.facility,
                                     examined_on=visit.date, examiner=actor, previous=previous, created_at=timezone.now())
    ToothRecord.objects.bulk_create(ToothRecord(exam=exam, tooth=tooth, status=status, carried_over=True)
                                    for tooth, status in chart_of(previous).items())
    _recount(exam)  # a visit with only a whole-mouth treatment still carries the counts
    return exam


def _recount(exam: DentalExam) -> None:
    chart = chart_of(exam)
    permanent, primary = teeth.dmft(chart), teeth.deft(chart)
    exam.dmft_d, exam.dmft_m, exam.dmft_f = permanent.d, permanent.m, permanent.f
    exam.deft_d, exam.deft_e, exam.deft_f = primary.d, primary.m, primary.f
    exam.save(update_fields=["dmft_d", "dmft_m", "dmft_f", "deft_d", "deft_e", "deft_f"])


def _age_years(patient, on) -> int:
    return on.year - patient.birth_date.year - ((on.month, on.day) < (patient.birth_date.month, patient.birth_date.day))


def check_tooth_status(*, patient, on, tooth: int, status: str, before: str, correction: bool) -> None:
    """Refuse a tooth number or a status the mouth cannot have (ValidationError with the reason)."""
    if tooth not in teeth.ALL_TEETH:
        raise ValidationError({"tooth": [_(UNKNOWN_TOOTH) % {"tooth": tooth}]})
    if status not in teeth.STATUS_BY_CODE:
        raise ValidationError({"status": [_(UNKNOWN_STATUS) % {"status": status}]})
    label, age = teeth.STATUS_BY_CODE[status].label, _age_years(patient, on)
    if teeth.STATUS_BY_CODE[status].primary_only and not teeth.is_primary(tooth):
        raise ValidationError({"status": [_(PERSISTENCE_PRIMARY) % {"tooth": tooth}]})
    if before in teeth.LOST and status not in teeth.LOST | {"gigi_tiruan"} and not correction:
        raise ValidationError({"status": [_(LOST_TOOTH) % {"tooth": tooth, "status": label}]})
    if teeth.is_primary(tooth) and age >= ADULT_YEARS and status not in ADULT_PRIMARY_OK:
        raise ValidationError({"status": [_(PRIMARY_IN_ADULT) % {"age": age, "tooth": tooth}]})
    if not teeth.is_primary(tooth) and age < TODDLER_YEARS and status not in TODDLER_PERMANENT_OK:
        raise ValidationError({"status": [_(PERMANENT_IN_TODDLER) % {"age": age, "tooth": tooth}]})


@transaction.atomic
def set_tooth_status(*, actor, visit, tooth: int, status: str, correction: bool = False) -> DentalExam:
    """Record one tooth's status on the visit's odontogram and recount DMF-T and def-t."""
    _check_writer(actor, visit)
    exam = _exam_for(actor=actor, visit=visit)
    before = chart_of(exam).get(tooth, teeth.SOUND)
    check_tooth_status(patient=visit.patient, on=visit.date, tooth=tooth, status=status, before=before,
                       correction=correction)
    if status == teeth.SOUND:
        exam.teeth.filter(tooth=tooth).delete()
    else:
        ToothRecord.objects.update_or_create(exam=exam, tooth=tooth, defaults={"status": status, "carried_over": False})
    _recount(exam)
    audit.record(actor=actor, action="dental.tooth", target=exam,
                 detail={"tooth": tooth, "from": before, "to": status, "correction": correction})
    return exam


def _check_procedure(procedure: catalogue.Procedure, tooth: int | None, status: str) -> None:
    names = {"name": procedure.label, "tooth": tooth}
    if procedure.tooth == "required" and tooth is None:
        raise ValidationError({"tooth": [_(TOOTH_NEEDED) % names]})
    if procedure.tooth == "none" and tooth is not None:
        raise ValidationError({"tooth": [_(NO_TOOTH_FOR_MOUTH) % names]})
    if tooth is None:
        return
    if tooth not in teeth.ALL_TEETH:
        raise ValidationError({"tooth": [_(UNKNOWN_TOOTH) % names]})
    dentition = "primary" if teeth.is_primary(tooth) else "permanent"
    if procedure.teeth != "any" and procedure.teeth != dentition:
        raise ValidationError({"tooth": [_(WRONG_DENTITION[procedure.teeth]) % names]})
    allowed = procedure.allowed or [s.code for s in teeth.STATUSES if s.present]
    if status not in allowed:
        raise ValidationError({"procedure": [_(NOT_ON_STATUS) % {**names, "status": teeth.STATUS_BY_CODE[status].label}]})


@transaction.atomic
def record_treatment(*, actor, visit, procedure_code: str, diagnosis_code: str, case: str, tooth: int | None = None,
                     note: str = "") -> DentalTreatment:
    """A procedure (ICD-9-CM) with its diagnosis (ICD-10, counted in LB1); the tooth's status follows the procedure."""
    _check_writer(actor, visit)
    procedure = catalogue.catalogue().get(procedure_code)
    if procedure is None:
        raise ValidationError({"procedure": [_(UNKNOWN_PROCEDURE) % {"code": procedure_code or "-"}]})
    exam = _exam_for(actor=actor, visit=visit)
    status = chart_of(exam).get(tooth, teeth.SOUND) if tooth is not None else teeth.SOUND
    _check_procedure(procedure, tooth, status)
    condition = clinical_services.record_diagnosis(actor=actor, visit=visit, code=diagnosis_code, case=case,
                                                   primary=not visit.conditions.exists())
    treatment = DentalTreatment.objects.create(
        exam=exam, tooth=tooth, procedure_code=procedure.code, procedure_name=procedure.name,
        catalogue_version=catalogue.version(), condition=condition, note=note, performed_at=timezone.now(),
        performer=actor)
    if procedure.sets and tooth is not None:
        ToothRecord.objects.update_or_create(exam=exam, tooth=tooth, defaults={"status": procedure.sets, "carried_over": False})
        _recount(exam)
    audit.record(actor=actor, action="dental.treatment", target=exam,
                 detail={"procedure": procedure.code, "tooth": tooth, "diagnosis": condition.code})
    return treatment
