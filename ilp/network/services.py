"""Writes on the network and IQ-Care: one use case per function, all or nothing, each with its audit row."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.indicators.definitions_loader import indicator_registry

from . import selectors
from .choices import FACILITY_KIND_OF, STRUCTURE_OF, ChecklistArea, MemberKind, MonitoringKind
from .models import (
    Agreement,
    ChecklistItem,
    Monitoring,
    NetworkMember,
    Pathway,
    PathwayStep,
    Task,
    TeamMember,
)

HEAD_ONLY = selectors.HEAD_ONLY
MONITOR_ROLES = "Monitoring dilakukan tim Dinkes kabupaten/kota atau Kepala Puskesmas."
EVALUATION_DINKES_ONLY = "Evaluasi 6 atau 12 bulan dilakukan oleh Dinkes kabupaten/kota."
NOT_A_PARTNER_CLINIC = "Akun dokter mitra hanya untuk anggota jejaring klinik pratama atau praktik mandiri dokter."
USERNAME_TAKEN = "Nama pengguna %(username)s sudah dipakai; pilih yang lain."
ENDS_BEFORE_START = "Tanggal berakhir (%(ends)s) tidak boleh sebelum tanggal mulai (%(starts)s)."
WRONG_FACILITY_KIND = "Pilih fasilitas berjenis %(kind)s."
NOT_OUR_PUSTU = "Pustu dan Posyandu harus milik Puskesmas ini."
FACILITY_NEEDED = "Pilih fasilitasnya dari daftar fasilitas."
NAME_NEEDED = "Isi nama anggota jejaring."
ALREADY_MEMBER = "Fasilitas ini sudah menjadi anggota jejaring."
UNKNOWN_INDICATOR = "Indikator %(code)s tidak dikenal."
MEMBERS_NEEDED = "Pilih minimal satu anggota jejaring untuk IQ-Care ini."
NOT_OUR_MEMBER = "Anggota jejaring harus dari Puskesmas ini."
FUTURE_MONTH = "Bulan monitoring belum tiba."
BEFORE_BASELINE = "Bulan monitoring sebelum masalah diidentifikasi (%(month)s/%(year)s)."
TOO_EARLY = "Evaluasi %(months)s bulan baru dapat dilakukan %(months)s bulan setelah identifikasi masalah."
ALREADY_MONITORED = "Bulan ini sudah dicatat untuk jenis monitoring yang sama."
NOT_PUSTU_OR_POSYANDU = "Daftar tilik integrasi hanya untuk Pustu dan Posyandu."


def _require_head(actor, puskesmas: Facility) -> None:
    if actor.role != Role.KEPALA_PUSKESMAS or actor.facility_id != puskesmas.pk:
        raise PermissionDenied(HEAD_ONLY)


def _check_member_of(pathway_puskesmas: Facility, *members: NetworkMember | None) -> None:
    if any(m is not None and m.puskesmas_id != pathway_puskesmas.pk for m in members):
        raise ValidationError(NOT_OUR_MEMBER)


@transaction.atomic
def add_member(*, actor, kind: str, joined_on: dt.date, facility: Facility | None = None, name: str = "",
               contact: str = "") -> NetworkMember:
    """Join a facility (Pustu, Posyandu, klinik, DPM, lab, RS) or a named school, workplace or agency to the network."""
    puskesmas = actor.facility
    _require_head(actor, puskesmas)
    wanted = FACILITY_KIND_OF.get(kind)
    if wanted:
        if facility is None:
            raise ValidationError({"facility": [FACILITY_NEEDED]})
        if facility.kind != wanted:
            raise ValidationError({"facility": [WRONG_FACILITY_KIND % {"kind": Facility.Kind(wanted).label}]})
        if kind in (MemberKind.PUSTU, MemberKind.POSYANDU) and facility.parent_id != puskesmas.pk:
            raise ValidationError({"facility": [NOT_OUR_PUSTU]})
        if NetworkMember.objects.filter(puskesmas=puskesmas, facility=facility).exists():
            raise ValidationError({"facility": [ALREADY_MEMBER]})
        name = name.strip() or facility.name
    else:
        facility = None
        if not name.strip():
            raise ValidationError({"name": [NAME_NEEDED]})
    member = NetworkMember.objects.create(puskesmas=puskesmas, kind=kind, structure=STRUCTURE_OF[MemberKind(kind)],
                                          facility=facility, name=name.strip(), contact=contact, joined_on=joined_on,
                                          created_by=actor)
    audit.record(actor=actor, action="network.member_add", target=member, detail={"kind": kind})
    return member


@transaction.atomic
def add_agreement(*, actor, member: NetworkMember, kind: str, number: str, parties: str, starts_on: dt.date,
                  ends_on: dt.date, file=None) -> Agreement:
    """Record the MoU, PKS or SK of a member, with its scan stored through Django's storage."""
    _require_head(actor, member.puskesmas)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [ENDS_BEFORE_START % {"ends": ends_on.strftime("%d-%m-%Y"),
                                                                "starts": starts_on.strftime("%d-%m-%Y")}]})
    agreement = Agreement(member=member, kind=kind, number=number.strip(), parties=parties.strip(), starts_on=starts_on,
                          ends_on=ends_on, created_by=actor)
    if file:  # written only after every check passed, so refused input leaves no orphan scan behind
        agreement.file.save(file.name, file, save=False)
    agreement.save()
    audit.record(actor=actor, action="network.agreement_add", target=agreement, detail={"member": member.pk})
    return agreement


@transaction.atomic
def open_pathway(*, actor, problem: str, indicator_code: str, members: list[NetworkMember],
                 today: dt.date | None = None) -> Pathway:
    """IQ-Care tahap 1–2: the network for a priority problem, identified from an indicator of the wilayah."""
    puskesmas = actor.facility
    _require_head(actor, puskesmas)
    if indicator_code not in indicator_registry():
        raise ValidationError({"indicator_code": [UNKNOWN_INDICATOR % {"code": indicator_code}]})
    if not members:
        raise ValidationError({"members": [MEMBERS_NEEDED]})
    _check_member_of(puskesmas, *members)
    today = today or timezone.localdate()
    baseline = selectors.indicator_figure(puskesmas=puskesmas, code=indicator_code, year=today.year, month=today.month)
    pathway = Pathway.objects.create(puskesmas=puskesmas, problem=problem.strip(), indicator_code=indicator_code,
                                     baseline_year=today.year, baseline_month=today.month, baseline_value=baseline.value,
                                     created_by=actor)
    pathway.members.set(members)
    audit.record(actor=actor, action="network.pathway_open", target=pathway, detail={"indicator": indicator_code})
    return pathway


@transaction.atomic
def add_step(*, actor, pathway: Pathway, phase: str, task: str, member: NetworkMember | None = None,
             guideline: str = "") -> PathwayStep:
    """IQ-Care tahap 3: one task of the care pathway, and the PNPK/PPK the pathway follows."""
    _require_head(actor, pathway.puskesmas)
    _check_member_of(pathway.puskesmas, member)
    step = PathwayStep.objects.create(pathway=pathway, phase=phase, member=member, task=task.strip())
    if guideline.strip() and guideline.strip() != pathway.guideline:
        pathway.guideline = guideline.strip()
        pathway.save(update_fields=["guideline"])
    audit.record(actor=actor, action="network.pathway_step", target=pathway, detail={"phase": phase})
    return step


@transaction.atomic
def add_team_member(*, actor, pathway: Pathway, name: str, profession: str,
                    member: NetworkMember | None = None) -> TeamMember:
    """IQ-Care tahap 4: a professional joins the multidisciplinary team."""
    _require_head(actor, pathway.puskesmas)
    _check_member_of(pathway.puskesmas, member)
    person = TeamMember.objects.create(pathway=pathway, name=name.strip(), profession=profession.strip(), member=member)
    audit.record(actor=actor, action="network.team_add", target=pathway, detail={"name": person.name})
    return person


@transaction.atomic
def assign_task(*, actor, pathway: Pathway, description: str, assignee: TeamMember,
                due_on: dt.date | None = None) -> Task:
    """IQ-Care tahap 4: a task of the implementation given to a team member."""
    _require_head(actor, pathway.puskesmas)
    if assignee.pathway_id != pathway.pk:
        raise ValidationError({"assignee": [NOT_OUR_MEMBER]})
    task = Task.objects.create(pathway=pathway, description=description.strip(), assignee=assignee, due_on=due_on)
    audit.record(actor=actor, action="network.task_assign", target=task)
    return task


@transaction.atomic
def set_task_status(*, actor, task: Task, status: str) -> Task:
    _require_head(actor, task.pathway.puskesmas)
    task.status = status
    task.save(update_fields=["status"])
    audit.record(actor=actor, action="network.task_status", target=task, detail={"status": status})
    return task


def _months_between(y1: int, m1: int, y2: int, m2: int) -> int:
    return (y2 - y1) * 12 + (m2 - m1)


@transaction.atomic
def record_monitoring(*, actor, pathway: Pathway, kind: str, year: int, month: int, findings: str,
                      follow_up: str = "", today: dt.date | None = None) -> Monitoring:
    """IQ-Care tahap 5: a month's monitoring or a 6/12-month evaluation, the indicator before and after by the engine.

    "Before" is the value the engine gave when the problem was identified (kept on the pathway), not a recount of
    that month: services recorded later in the baseline month belong to the "after".
    """
    if kind == MonitoringKind.BULANAN and actor.role not in (Role.DINKES_KABKOTA, Role.KEPALA_PUSKESMAS):
        raise PermissionDenied(MONITOR_ROLES)
    if kind != MonitoringKind.BULANAN and actor.role != Role.DINKES_KABKOTA:
        raise PermissionDenied(EVALUATION_DINKES_ONLY)
    if actor.role == Role.KEPALA_PUSKESMAS:
        _require_head(actor, pathway.puskesmas)
    today = today or timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": [FUTURE_MONTH]})
    elapsed = _months_between(pathway.baseline_year, pathway.baseline_month, year, month)
    if elapsed < 0:
        raise ValidationError({"month": [BEFORE_BASELINE % {"month": pathway.baseline_month, "year": pathway.baseline_year}]})
    needed = {MonitoringKind.EVALUASI_6: 6, MonitoringKind.EVALUASI_12: 12}.get(kind, 0)
    if elapsed < needed:
        raise ValidationError({"kind": [TOO_EARLY % {"months": needed}]})
    after = selectors.indicator_figure(puskesmas=pathway.puskesmas, code=pathway.indicator_code, year=year, month=month)
    try:
        with transaction.atomic():
            monitoring = Monitoring.objects.create(
                pathway=pathway, kind=kind, year=year, month=month, before_value=pathway.baseline_value, after_value=after.value,
                after_numerator=after.numerator, after_denominator=after.denominator, findings=findings.strip(),
                follow_up=follow_up.strip(), recorded_by=actor)
    except IntegrityError:
        raise ValidationError({"month": [ALREADY_MONITORED]}) from None
    audit.record(actor=actor, action="network.monitoring", target=monitoring, detail={"kind": kind})
    return monitoring


@transaction.atomic
def set_checklist_item(*, actor, facility: Facility, area: str, status: str, note: str = "") -> ChecklistItem:
    """The status of one integration area (seed 001 C.5) at a Pustu or Posyandu of the Puskesmas."""
    if facility.kind not in (Facility.Kind.PUSTU, Facility.Kind.POSYANDU):
        raise ValidationError(NOT_PUSTU_OR_POSYANDU)
    _require_head(actor, facility.puskesmas)
    item, _created = ChecklistItem.objects.update_or_create(
        facility=facility, area=ChecklistArea(area),
        defaults={"status": status, "note": note.strip(), "updated_by": actor, "updated_at": timezone.now()})
    audit.record(actor=actor, action="network.checklist", target=item, detail={"area": area, "status": status})
    return item


@transaction.atomic
def create_partner_user(*, actor, member: NetworkMember, username: str, first_name: str, last_name: str,
                        password: str):
    """The login of a partner klinik's or DPM's doctor (decision 0020): role dokter, facility = the klinik, so
    ilp.accounts.scope limits it to the patients of the klinik's wilayah. Only the head of the member's Puskesmas;
    the password passes Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""
    _require_head(actor, member.puskesmas)
    if member.kind not in (MemberKind.KLINIK, MemberKind.DPM) or member.facility_id is None:
        raise ValidationError(NOT_A_PARTNER_CLINIC)
    users = get_user_model()
    username = username.strip()
    if users.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [USERNAME_TAKEN % {"username": username}]})
    user = users(username=username, first_name=first_name.strip(), last_name=last_name.strip(), role=Role.DOKTER,
                 facility=member.facility)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="network.partner_user_create", target=user,
                 detail={"member": member.pk, "facility": member.facility_id, "role": Role.DOKTER})
    return user
