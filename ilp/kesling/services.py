"""Writes on kesehatan lingkungan: an inspection with its score and category, a counselling of a patient."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.audit import services as audit

from .checklists import checklists
from .models import Counselling, Inspection

STAFF = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT, Role.GIZI, Role.KEPALA_PUSKESMAS})

NOT_ALLOWED = "Peran Anda tidak mencatat kegiatan kesehatan lingkungan."
UNKNOWN_KIND = "Jenis inspeksi %(kind)s tidak dikenal."
IN_FUTURE = "Tanggal tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal tidak boleh sebelum tanggal lahir pasien."
DESA_OUTSIDE = "Desa ini di luar wilayah kerja Anda."
UNANSWERED = "Jawab semua butir daftar tilik (%(n)s belum dijawab)."
NAME_REQUIRED = "Tuliskan nama objek yang diinspeksi."
VISIT_MISMATCH = "Kunjungan ini bukan kunjungan pasien tersebut."


def _require_staff(actor) -> None:
    if actor.role not in STAFF or not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))


def _not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [_(IN_FUTURE)]})


@transaction.atomic
def record_inspection(*, actor, kind: str, desa, object_name: str, inspected_on: dt.date, answers: dict[str, bool],
                      address: str = "", note: str = "") -> Inspection:
    """An inspection of a place in the user's wilayah, scored by its checklist (result kept with its version)."""
    _require_staff(actor)
    checklist = checklists().get(kind)
    if checklist is None:
        raise ValidationError(_(UNKNOWN_KIND) % {"kind": kind})
    if not object_name.strip():
        raise ValidationError({"object_name": [_(NAME_REQUIRED)]})
    _not_future("inspected_on", inspected_on)
    if desa.pk not in scope.wilayah_desa_ids(actor):
        raise ValidationError({"desa": [_(DESA_OUTSIDE)]})
    unanswered = [item.id for item in checklist.items if not isinstance(answers.get(item.id), bool)]
    if unanswered:
        raise ValidationError(_(UNANSWERED) % {"n": len(unanswered)})
    answers = {item.id: answers[item.id] for item in checklist.items}
    result = checklist.score(answers)
    inspection = Inspection.objects.create(
        facility=actor.facility.puskesmas, desa=desa, kind=kind, checklist_version=checklist.version,
        object_name=object_name.strip(), address=address.strip(), inspected_on=inspected_on, answers=answers,
        score=result.score, max_score=result.max_score, percent=result.percent, category=result.category,
        category_label=result.label, note=note.strip(), inspector=actor, recorded_at=timezone.now())
    audit.record(actor=actor, action="kesling.inspection.create", target=inspection,
                 detail={"kind": kind, "category": result.category})
    return inspection


@transaction.atomic
def record_counselling(*, actor, patient, counselled_on: dt.date, problem: str, findings: str, advice: str,
                       home_visit: bool = False, visit=None) -> Counselling:
    """Konseling kesling of a patient, linked to the visit that sent them to the kesling room."""
    _require_staff(actor)
    _not_future("counselled_on", counselled_on)
    if counselled_on < patient.birth_date:
        raise ValidationError({"counselled_on": [_(BEFORE_BIRTH)]})
    if visit is not None and visit.patient_id != patient.pk:
        raise ValidationError(_(VISIT_MISMATCH))
    counselling = Counselling.objects.create(
        facility=actor.facility.puskesmas, patient=patient, visit=visit, counselled_on=counselled_on, problem=problem,
        findings=findings.strip(), advice=advice.strip(), home_visit=home_visit, counsellor=actor,
        recorded_at=timezone.now())
    audit.record(actor=actor, action="kesling.counselling.create", target=counselling, detail={"problem": problem})
    return counselling
