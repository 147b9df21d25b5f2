"""Writes on patients and families: validate, save, audit, all in one transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.core.sequences import next_value
from ilp.core.versioning import keep_version
from ilp.regions.models import Region

from .models import Family, FamilyRelation, MedicalRecord, NameToken, Patient, name_tokens
from .nik import NikError, parse_nik

NIK_TAKEN = "NIK %(nik)s sudah terdaftar atas nama %(name)s."
BPJS_TAKEN = "Nomor BPJS %(bpjs)s sudah terdaftar atas nama %(name)s."
KK_TAKEN = "Nomor KK %(kk)s sudah terdaftar."
BIRTH_IN_FUTURE = "Tanggal lahir tidak boleh di masa depan."
BIRTH_TOO_OLD = "Tanggal lahir lebih dari 120 tahun yang lalu; periksa kembali."
NOT_A_DESA = "Pilih desa/kelurahan (bukan kecamatan atau kabupaten)."
NOT_ALLOWED = "Peran Anda tidak boleh mendaftarkan atau mengubah data pasien."
MERGE_SAME = "Pasien tidak dapat digabung dengan dirinya sendiri."
MERGE_ALREADY = "Data ini sudah digabung sebelumnya."
REASON_REQUIRED = "Tuliskan alasan perubahan data."


def _check_actor(actor) -> None:
    if not actor.can_register:
        raise ValidationError(_(NOT_ALLOWED))


def check_identity(*, nik: str | None, birth_date: dt.date, desa: Region, bpjs_number: str | None,
                   exclude_pk: int | None = None) -> None:
    """Edge rules shared by registration and correction (DOMAIN.md §6.4)."""
    errors: dict[str, list[str]] = {}
    if birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_(BIRTH_IN_FUTURE))
    elif birth_date.year < timezone.localdate().year - 120:
        errors.setdefault("birth_date", []).append(_(BIRTH_TOO_OLD))
    if desa.level != Region.Level.DESA:
        errors.setdefault("desa", []).append(_(NOT_A_DESA))
    others = Patient.objects.exclude(pk=exclude_pk)
    if nik:
        try:
            parse_nik(nik)
        except NikError as error:
            errors.setdefault("nik", []).append(error.message)
        else:
            if taken := others.filter(nik=nik).first():
                errors.setdefault("nik", []).append(_(NIK_TAKEN) % {"nik": nik, "name": taken.name})
    if bpjs_number and (taken := others.filter(bpjs_number=bpjs_number).first()):
        errors.setdefault("bpjs_number", []).append(_(BPJS_TAKEN) % {"bpjs": bpjs_number, "name": taken.name})
    if errors:
        raise ValidationError(errors)


def _index_name(patient: Patient) -> None:
    NameToken.objects.filter(patient=patient).delete()
    NameToken.objects.bulk_create(NameToken(patient=patient, token=t[:60]) for t in set(name_tokens(patient.name)))


def next_record_number(*, facility) -> str:
    """The next no. RM at a Puskesmas: six digits, counting up, never the same for two clerks."""

    def highest_in_use() -> int:
        numbers = MedicalRecord.objects.filter(facility=facility).values_list("number", flat=True)
        return max((int(n) for n in numbers if n.isdigit()), default=0)

    return f"{next_value(f'rm:{facility.pk}', start_after=highest_in_use):06d}"


def ensure_medical_record(*, actor, patient: Patient) -> MedicalRecord:
    """The patient's no. RM at the actor's Puskesmas, created on first registration there."""
    puskesmas = actor.facility.puskesmas
    record = MedicalRecord.objects.filter(patient=patient, facility=puskesmas).first()
    if record:
        return record
    record = MedicalRecord.objects.create(patient=patient, facility=puskesmas, number=next_record_number(facility=puskesmas))
    audit.record(actor=actor, action="medicalrecord.create", target=record)
    return record


@transaction.atomic
def register_patient(*, actor, name: str, birth_date: dt.date, sex: str, desa: Region, nik: str | None = None,
                     bpjs_number: str | None = None, family: Family | None = None, family_relation: str = "",
                     mother: Patient | None = None, **details) -> Patient:
    """Register a new patient, give them a no. RM at the actor's Puskesmas, and audit it."""
    _check_actor(actor)
    nik, bpjs_number = nik or None, bpjs_number or None
    check_identity(nik=nik, birth_date=birth_date, desa=desa, bpjs_number=bpjs_number)
    try:
        with transaction.atomic():
            patient = Patient.objects.create(
                name=name.strip(), birth_date=birth_date, sex=sex, desa=desa, nik=nik, bpjs_number=bpjs_number,
                family=family, family_relation=family_relation, mother=mother,
                registered_at=actor.facility.puskesmas, created_by=actor, **details,
            )
    except IntegrityError:
        # Another clerk saved the same NIK a moment ago: report it like the check above would.
        check_identity(nik=nik, birth_date=birth_date, desa=desa, bpjs_number=bpjs_number)
        raise
    _index_name(patient)
    audit.record(actor=actor, action="patient.create", target=patient)
    ensure_medical_record(actor=actor, patient=patient)
    return patient


@transaction.atomic
def correct_patient(*, actor, patient: Patient, reason: str, **changes) -> Patient:
    """Correct a patient's identity; the previous version is kept with who, when and why."""
    _check_actor(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_(REASON_REQUIRED)]})
    for field_name, value in changes.items():
        setattr(patient, field_name, value if value != "" or field_name not in ("nik", "bpjs_number") else None)
    check_identity(nik=patient.nik, birth_date=patient.birth_date, desa=patient.desa,
                   bpjs_number=patient.bpjs_number, exclude_pk=patient.pk)
    keep_version(instance=patient, actor=actor, reason=reason)
    patient.save()
    _index_name(patient)
    audit.record(actor=actor, action="patient.update", target=patient, detail={"fields": sorted(changes), "reason": reason})
    return patient


@transaction.atomic
def register_family(*, actor, desa: Region, kk_number: str | None = None, address: str = "", rt: str = "",
                    rw: str = "", head: Patient | None = None) -> Family:
    """Create a household (KK); the head, when given, joins it as kepala keluarga."""
    _check_actor(actor)
    if desa.level != Region.Level.DESA:
        raise ValidationError({"desa": [_(NOT_A_DESA)]})
    kk_number = kk_number or None
    if kk_number and Family.objects.filter(kk_number=kk_number).exists():
        raise ValidationError({"kk_number": [_(KK_TAKEN) % {"kk": kk_number}]})
    family = Family.objects.create(kk_number=kk_number, desa=desa, address=address, rt=rt, rw=rw, created_by=actor)
    audit.record(actor=actor, action="family.create", target=family)
    if head:
        add_family_member(actor=actor, family=family, patient=head, relation=FamilyRelation.KEPALA)
    return family


@transaction.atomic
def add_family_member(*, actor, family: Family, patient: Patient, relation: str) -> Patient:
    """Put a patient into a household with their relation to its head."""
    _check_actor(actor)
    patient.family, patient.family_relation = family, relation
    patient.save(update_fields=["family", "family_relation", "updated_at"])
    audit.record(actor=actor, action="family.add_member", target=patient, detail={"family": family.pk, "relation": relation})
    return patient


@transaction.atomic
def merge_patients(*, actor, keep: Patient, duplicate: Patient, reason: str) -> Patient:
    """Mark `duplicate` as merged into `keep`; both rows and their histories stay (never deleted)."""
    _check_actor(actor)
    if keep.pk == duplicate.pk:
        raise ValidationError(_(MERGE_SAME))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_(MERGE_ALREADY))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_(REASON_REQUIRED)]})
    keep_version(instance=duplicate, actor=actor, reason=reason)
    keep_version(instance=keep, actor=actor, reason=reason)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    for field_name in ("nik", "bpjs_number", "phone", "address", "birth_place"):
        if not getattr(keep, field_name) and getattr(duplicate, field_name):
            if field_name in ("nik", "bpjs_number"):
                # Unique identifiers move to the kept record; the old row keeps them in its version.
                value = getattr(duplicate, field_name)
                setattr(duplicate, field_name, None)
                duplicate.save(update_fields=[field_name])
                setattr(keep, field_name, value)
            else:
                setattr(keep, field_name, getattr(duplicate, field_name))
    keep.save()
    audit.record(actor=actor, action="patient.merge", target=keep, detail={"duplicate": duplicate.pk, "reason": reason})
    return keep
