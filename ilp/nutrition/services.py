"""Writes on nutrition: counselling, and a PMT course (start, hand-outs, outcome), each with its audit row."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit

from . import eligibility
from .models import Counselling, PmtDistribution, PmtProgram

NUTRITION_ROLES = {"gizi", "bidan", "dokter", "perawat"}
NOT_ALLOWED = "Konseling gizi dan PMT dicatat oleh nutrisionis, bidan, dokter atau perawat."
NO_PATIENT = "Kunjungan ini belum punya pasien terdaftar."
FUTURE = "Tanggal tidak boleh di masa depan."
NEXT_VISIT_PAST = "Tanggal kontrol berikutnya harus sesudah hari konseling."
NO_TOPIC = "Pilih sedikitnya satu topik konseling."
ALREADY_RUNNING = "Pasien ini masih menjalani PMT sejak %(date)s; selesaikan dulu sebelum memulai yang baru."
NOT_ELIGIBLE = "Belum layak PMT: %(reason)s"
BEFORE_START = "Tanggal tidak boleh sebelum PMT dimulai (%(date)s)."
BEFORE_BIRTH = "Tanggal tidak boleh sebelum tanggal lahir pasien."
NOT_POSITIVE = "Jumlah PMT harus lebih dari 0."
NOT_RUNNING = "PMT ini sudah %(status)s; tidak bisa diubah lagi."
NO_END_MEASUREMENT = ("Belum ada pengukuran sesudah PMT dimulai; catat penimbangan (balita) atau LILA (ANC) "
                      "pada akhir PMT dulu.")


def _check_actor(actor) -> None:
    if actor.role not in NUTRITION_ROLES:
        raise ValidationError(_(NOT_ALLOWED))


def _check_date(on: dt.date, *, field: str, patient, start: dt.date | None = None) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: [_(FUTURE)]})
    if on < patient.birth_date:
        raise ValidationError({field: [_(BEFORE_BIRTH)]})
    if start and on < start:
        raise ValidationError({field: [_(BEFORE_START) % {"date": f"{start:%d-%m-%Y}"}]})


@transaction.atomic
def record_counselling(*, actor, visit, topics: list[str], assessment: str, advice: str,
                       next_visit_on: dt.date | None = None) -> Counselling:
    """Konseling gizi at this visit, linked to the patient's latest growth record or ANC record."""
    _check_actor(actor)
    if not visit.patient_id:
        raise ValidationError(_(NO_PATIENT))
    if not topics:
        raise ValidationError({"topics": [_(NO_TOPIC)]})
    if next_visit_on and next_visit_on <= visit.date:
        raise ValidationError({"next_visit_on": [_(NEXT_VISIT_PAST)]})
    target = eligibility.target_for(visit.patient, on=visit.date, pregnant=visit.pregnant)
    measurement = eligibility.latest_measurement(visit.patient, target=target, on=visit.date) if target else None
    counselling = Counselling.objects.create(
        visit=visit, patient=visit.patient, facility=visit.facility, counselled_on=visit.date, counsellor=actor,
        measurement=measurement, topics=topics, assessment=assessment, advice=advice, next_visit_on=next_visit_on,
        created_at=timezone.now())
    audit.record(actor=actor, action="nutrition.counselling", target=counselling, detail={"topics": topics})
    return counselling


@transaction.atomic
def start_pmt(*, actor, visit, kind: str, started_on: dt.date) -> PmtProgram:
    """Start PMT when the latest measurement shows wasting (balita) or KEK (ibu hamil); one course at a time."""
    _check_actor(actor)
    if not visit.patient_id:
        raise ValidationError(_(NO_PATIENT))
    patient = visit.patient
    _check_date(started_on, field="started_on", patient=patient)
    running = PmtProgram.objects.select_for_update().filter(patient=patient, status=PmtProgram.Status.RUNNING).first()
    if running:
        raise ValidationError(_(ALREADY_RUNNING) % {"date": f"{running.started_on:%d-%m-%Y}"})
    check = eligibility.assess(patient, on=started_on, pregnant=visit.pregnant)
    if not check.eligible:
        raise ValidationError(_(NOT_ELIGIBLE) % {"reason": check.reason})
    program = PmtProgram.objects.create(
        patient=patient, facility=visit.facility, visit=visit, target=check.target, kind=kind, started_on=started_on,
        planned_days=eligibility.PLANNED_DAYS[check.target], basis=check.record, basis_value=check.value,
        start_weight=check.weight, started_by=actor, created_at=timezone.now())
    audit.record(actor=actor, action="nutrition.pmt_start", target=program,
                 detail={"target": check.target, "value": str(check.value), "kind": kind})
    return program


def _check_running(program: PmtProgram) -> None:
    if program.status != PmtProgram.Status.RUNNING:
        raise ValidationError(_(NOT_RUNNING) % {"status": program.get_status_display()})


@transaction.atomic
def record_distribution(*, actor, program: PmtProgram, given_on: dt.date, quantity: int, unit: str, period: str,
                        note: str = "") -> PmtDistribution:
    """One daily or weekly hand-out of PMT while the course runs."""
    _check_actor(actor)
    program = PmtProgram.objects.select_for_update().get(pk=program.pk)
    _check_running(program)
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": [_(NOT_POSITIVE)]})
    _check_date(given_on, field="given_on", patient=program.patient, start=program.started_on)
    distribution = PmtDistribution.objects.create(program=program, given_on=given_on, quantity=quantity, unit=unit,
                                                  period=period, note=note, recorded_by=actor, recorded_at=timezone.now())
    audit.record(actor=actor, action="nutrition.pmt_distribution", target=program,
                 detail={"given_on": given_on.isoformat(), "quantity": quantity, "unit": unit})
    return distribution


@transaction.atomic
def finish_pmt(*, actor, program: PmtProgram, ended_on: dt.date, completed: bool, note: str = "") -> PmtProgram:
    """Close the course: weight gain and recovery from the last measurement after the start (needed when completed)."""
    _check_actor(actor)
    program = PmtProgram.objects.select_for_update().select_related("patient").get(pk=program.pk)
    _check_running(program)
    _check_date(ended_on, field="ended_on", patient=program.patient, start=program.started_on)
    end = eligibility.latest_measurement(program.patient, target=program.target, on=ended_on, since=program.started_on)
    if end is not None and end.pk == program.basis_id:
        end = None
    if end is None and completed:
        raise ValidationError({"ended_on": [_(NO_END_MEASUREMENT)]})
    program.status = PmtProgram.Status.FINISHED if completed else PmtProgram.Status.STOPPED
    program.ended_on, program.ended_by, program.outcome_note = ended_on, actor, note
    if end is not None:
        program.end_record = end
        program.end_value = eligibility.value_of(end, program.target)
        weight = end.values.get("weight")
        program.end_weight = Decimal(str(weight)) if weight is not None else None
        if program.end_weight is not None and program.start_weight is not None:
            program.weight_gain = program.end_weight - Decimal(program.start_weight)
        if program.end_value is not None:
            wasted = eligibility.is_wasted if program.target == PmtProgram.Target.BALITA else eligibility.is_kek
            program.recovered = not wasted(program.end_value)
    program.save()
    audit.record(actor=actor, action="nutrition.pmt_finish", target=program,
                 detail={"status": program.status, "recovered": program.recovered, "weight_gain": str(program.weight_gain)})
    return program
