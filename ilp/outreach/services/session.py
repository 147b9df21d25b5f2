"""Posyandu sessions: open, register who came, pass the five tables, weigh through the balita package, refer."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.packages.services import record_package
from ilp.visits.services import create_follow_up

from ..choices import Meja
from ..models import Attendance, AttendanceStep, BukuKia, PosyanduSchedule, PosyanduSession

NOT_A_POSYANDU = "Pilih Posyandu."
NOT_YOUR_POSYANDU = "Anda tidak bertugas di %(posyandu)s."
SESSION_CLOSED = "Sesi Posyandu ini sudah ditutup."
ALREADY_REGISTERED = "%(name)s sudah terdaftar di sesi ini."
NOT_BALITA = "Penimbangan di meja 2 dicatat untuk balita (0–59 bulan); layanan lain lewat paket pasien."
UNKNOWN_MEJA = "Meja tidak dikenal."
FUTURE_SESSION = "Sesi tidak boleh dibuka untuk tanggal yang akan datang."
DEFAULT_ORDER = [m.value for m in Meja]


def meja_order() -> list[str]:
    """The order of the tables; configurable per deployment (ILP_POSYANDU_MEJA), five by default."""
    order = list(getattr(settings, "ILP_POSYANDU_MEJA", DEFAULT_ORDER))
    return [code for code in order if code in DEFAULT_ORDER] or DEFAULT_ORDER


def _check_posyandu(actor, posyandu: Facility) -> None:
    if posyandu.kind != Facility.Kind.POSYANDU:
        raise ValidationError(_(NOT_A_POSYANDU))
    own = posyandu.pk == actor.facility_id if actor.role == Role.KADER else posyandu.parent_id == actor.facility.puskesmas.pk
    if not actor.sees_patients or not own:
        raise ValidationError(_(NOT_YOUR_POSYANDU) % {"posyandu": posyandu.name})


@transaction.atomic
def open_session(*, actor, posyandu: Facility, date: dt.date | None = None, kader_present=()) -> PosyanduSession:
    """Open the day's session of a Posyandu (or return the one already open that day)."""
    _check_posyandu(actor, posyandu)
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": [_(FUTURE_SESSION)]})
    session, created = PosyanduSession.objects.get_or_create(
        posyandu=posyandu, date=date,
        defaults={"opened_by": actor, "opened_at": timezone.now(), "meja_order": meja_order()})
    present = [k for k in kader_present if k.facility_id == posyandu.pk] or ([actor] if actor.role == Role.KADER else [])
    session.kader_present.add(*present)
    if created:
        audit.record(actor=actor, action="posyandu.open", target=session)
    return session


def _check_open(session: PosyanduSession) -> None:
    if session.status != PosyanduSession.Status.OPEN:
        raise ValidationError(_(SESSION_CLOSED))


@transaction.atomic
def register_attendance(*, actor, session: PosyanduSession, patient, has_buku_kia: bool = False) -> Attendance:
    """Meja 1: the person has come; a Buku KIA/KMS seen now counts the child in K."""
    _check_posyandu(actor, session.posyandu)
    _check_open(session)
    now = timezone.now()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(session=session, patient=patient, arrived_at=now, registered_by=actor)
    except IntegrityError:
        raise ValidationError(_(ALREADY_REGISTERED) % {"name": patient.name}) from None
    AttendanceStep.objects.create(attendance=attendance, meja=Meja.PENDAFTARAN, at=now, by=actor)
    if has_buku_kia:
        BukuKia.objects.get_or_create(patient=patient, defaults={"since": session.date, "recorded_by": actor})
    audit.record(actor=actor, action="posyandu.attend", target=attendance)
    return attendance


@transaction.atomic
def mark_step(*, actor, attendance: Attendance, meja: str, skipped: bool = False) -> AttendanceStep:
    """A table done (or skipped) for one attendee, time-stamped; marking again keeps the first time."""
    if meja not in DEFAULT_ORDER:
        raise ValidationError(_(UNKNOWN_MEJA))
    _check_posyandu(actor, attendance.session.posyandu)
    _check_open(attendance.session)
    step, _created = AttendanceStep.objects.get_or_create(
        attendance=attendance, meja=meja, defaults={"at": timezone.now(), "skipped": skipped, "by": actor})
    return step


@transaction.atomic
def record_measurement(*, actor, attendance: Attendance, values: dict, confirmed: bool = False):
    """Meja 2–3: weigh and measure a balita into the balita package (z-scores, flags and facts come with it)."""
    _check_posyandu(actor, attendance.session.posyandu)
    _check_open(attendance.session)
    from ilp.people.age import completed_months

    if completed_months(attendance.patient.birth_date, attendance.session.date) >= 60:
        raise ValidationError(_(NOT_BALITA))
    record = record_package(actor=actor, patient=attendance.patient, package_id="balita", values=values,
                            service_date=attendance.session.date, confirmed=confirmed)
    attendance.record = record
    attendance.save(update_fields=["record"])
    mark_step(actor=actor, attendance=attendance, meja=Meja.PENGUKURAN)
    mark_step(actor=actor, attendance=attendance, meja=Meja.PENCATATAN)
    return record


@transaction.atomic
def refer_attendee(*, actor, attendance: Attendance, reason: str):
    """Meja 4: a referral from the Posyandu becomes a tindak lanjut in the Pustu's inbox."""
    _check_posyandu(actor, attendance.session.posyandu)
    follow_up = create_follow_up(actor=actor, patient=attendance.patient, reason=reason)
    attendance.follow_up = follow_up
    attendance.save(update_fields=["follow_up"])
    mark_step(actor=actor, attendance=attendance, meja=Meja.PELAYANAN)
    return follow_up


@transaction.atomic
def close_session(*, actor, session: PosyanduSession) -> PosyanduSession:
    """End the session; its recap and the list of sasaran who did not come are final from now."""
    _check_posyandu(actor, session.posyandu)
    _check_open(session)
    session.status = PosyanduSession.Status.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, action="posyandu.close", target=session)
    return session


def attend_for_upload(*, actor, patient, date: dt.date, record) -> Attendance | None:
    """A weighing made offline at the kader's Posyandu joins that day's session (opened if need be)."""
    session = open_session(actor=actor, posyandu=actor.facility, date=date)
    attendance, created = Attendance.objects.get_or_create(
        session=session, patient=patient, defaults={"arrived_at": timezone.now(), "registered_by": actor, "record": record})
    if not created:
        attendance.record = record
        attendance.save(update_fields=["record"])
    for meja in (Meja.PENDAFTARAN, Meja.PENGUKURAN, Meja.PENCATATAN):
        AttendanceStep.objects.get_or_create(attendance=attendance, meja=meja,
                                             defaults={"at": timezone.now(), "by": actor})
    return attendance


@transaction.atomic
def set_kader_present(*, actor, session: PosyanduSession, kader_ids: list[int]) -> None:
    """Who of the Posyandu's kader are at this session (only its own kader can be ticked)."""
    _check_posyandu(actor, session.posyandu)
    from django.contrib.auth import get_user_model

    present = get_user_model().objects.filter(pk__in=kader_ids, role=Role.KADER, facility=session.posyandu)
    session.kader_present.set(present)
    audit.record(actor=actor, action="posyandu.kader_present", target=session, detail={"kader": sorted(p.pk for p in present)})


BAD_WEEK = "Minggu ke- harus 1 sampai 5."


@transaction.atomic
def set_schedule(*, actor, posyandu: Facility, week_of_month: int, weekday: int, start_time: dt.time) -> PosyanduSchedule:
    """The Posyandu's opening day (hari buka), e.g. the second Tuesday of the month at 08:00."""
    _check_posyandu(actor, posyandu)
    if not 1 <= week_of_month <= 5:
        raise ValidationError({"week_of_month": [_(BAD_WEEK)]})
    schedule, _created = PosyanduSchedule.objects.update_or_create(
        posyandu=posyandu, defaults={"week_of_month": week_of_month, "weekday": weekday, "start_time": start_time})
    audit.record(actor=actor, action="posyandu.schedule", target=schedule)
    return schedule


def next_opening(schedule: PosyanduSchedule, *, after: dt.date) -> dt.date:
    """The next opening day on or after `after`: the n-th given weekday of a month (the last one if n = 5 is missing)."""
    year, month = after.year, after.month
    for _month in range(3):
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(schedule.weekday - first.weekday()) % 7 + 7 * (schedule.week_of_month - 1))
        while day.month != month:
            day -= dt.timedelta(days=7)
        if day >= after:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable: every month has the weekday")
