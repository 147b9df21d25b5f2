"""Writes on Klaster 1 records: one function per use case, each in one transaction with its audit row.

Only the kepala Puskesmas writes, and only for their own Puskesmas (selectors.managed_puskesmas).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.facilities.models import Location

from . import choices, inm
from .models import (
    Asset,
    Attendee,
    DutyShift,
    FinanceEntry,
    FollowUpAction,
    Incident,
    Licence,
    PerformanceValue,
    PlanActivity,
    QualityMeasure,
    Staff,
    SurveyResponse,
    Training,
    Workshop,
)
from .selectors import managed_puskesmas, network_facilities

ROOM_ELSEWHERE = "Ruang %(room)s milik %(facility)s, bukan Puskesmas Anda: pegawai hanya ditugaskan di ruang Puskesmasnya sendiri."
LOGIN_ELSEWHERE = "Akun %(username)s bukan akun Puskesmas Anda."
IN_FUTURE = "Tanggal tidak boleh di masa depan."
START_IN_FUTURE = "Tanggal mulai bertugas tidak boleh di masa depan."
LICENCE_ENDS_BEFORE = "Tanggal akhir berlaku harus sesudah tanggal mulai berlaku."
SIP_NEEDS_END = "SIP selalu punya masa berlaku (5 tahun): isi tanggal akhir berlaku."
NAME_REQUIRED = "Nama wajib diisi."
NUMERATOR_ABOVE = "Numerator (%(numerator)s) tidak boleh lebih besar dari denominator (%(denominator)s)."
DENOMINATOR_ZERO = "Denominator harus lebih dari 0."
COMPUTED_INM = "Indikator %(name)s dihitung otomatis dari catatan layanan, tidak diisi manual."
UNKNOWN_INM = "Indikator mutu tidak dikenal."
DAYS_OUTSIDE_MONTH = "Tanggal %(first)s sampai %(last)s harus dalam satu bulan yang sama dan berurutan."
RETRIBUTION_COMPUTED = "Pendapatan retribusi dihitung dari pembayaran di kasir, tidak diisi manual."
AMOUNT_ZERO = "Jumlah harus lebih dari Rp 0."
DUE_BEFORE_WORKSHOP = "Batas waktu RTL tidak boleh sebelum tanggal lokakarya mini."
PLAN_YEAR = "RUK disusun untuk tahun depan (%(year)s); RPK untuk tahun berjalan (%(this)s)."
NOT_IN_NETWORK = "%(facility)s bukan jejaring di wilayah kerja Puskesmas Anda."
ACHIEVEMENT_RANGE = "Target dan capaian diisi dalam persen, 0 sampai 100."
DUPLICATE_PKP = "Indikator %(name)s tahun %(year)s sudah dinilai."


def _not_future(field: str, day: dt.date, message: str = IN_FUTURE) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [_(message)]})


def _check_rooms(puskesmas, rooms) -> None:
    for room in rooms:
        if room.facility_id != puskesmas.pk:
            raise ValidationError({"rooms": [_(ROOM_ELSEWHERE) % {"room": room.name, "facility": room.facility.name}]})


# ---- SDM ----------------------------------------------------------------------------------------

@transaction.atomic
def save_staff(*, actor, name: str, kind: str, employment: str, education: str, started_on: dt.date,
               nip: str = "", klaster: str = "", rooms: list[Location] = (), user=None, active: bool = True,
               staff: Staff | None = None) -> Staff:
    """Add a staff member of the actor's Puskesmas, or correct one (`active=False` when they leave: kept, not
    counted); rooms must be rooms of that Puskesmas."""
    puskesmas = managed_puskesmas(user=actor)
    if not name.strip():
        raise ValidationError({"name": [_(NAME_REQUIRED)]})
    _not_future("started_on", started_on, START_IN_FUTURE)
    _check_rooms(puskesmas, rooms)
    if user is not None and user.facility_id != puskesmas.pk:
        raise ValidationError({"user": [_(LOGIN_ELSEWHERE) % {"username": user.username}]})
    fields = {"name": name.strip(), "kind": kind, "employment": employment, "education": education,
              "started_on": started_on, "nip": nip.strip(), "klaster": klaster, "user": user, "active": active}
    if staff is None:
        staff = Staff.objects.create(facility=puskesmas, **fields)
        action = "management.staff.add"
    else:
        if staff.facility_id != puskesmas.pk:
            raise ValidationError(_("Pegawai ini bukan pegawai Puskesmas Anda."))
        for field, value in fields.items():
            setattr(staff, field, value)
        staff.save()
        action = "management.staff.change"
    staff.rooms.set(rooms)
    audit.record(actor=actor, action=action, target=staff, detail={"rooms": [r.pk for r in rooms]})
    return staff


@transaction.atomic
def assign_staff(*, actor, staff: Staff, klaster: str, rooms: list[Location]) -> Staff:
    """Assign a staff member to a klaster and rooms of their own Puskesmas."""
    puskesmas = managed_puskesmas(user=actor)
    if staff.facility_id != puskesmas.pk:
        raise ValidationError(_("Pegawai ini bukan pegawai Puskesmas Anda."))
    _check_rooms(puskesmas, rooms)
    staff.klaster = klaster
    staff.save(update_fields=["klaster"])
    staff.rooms.set(rooms)
    audit.record(actor=actor, action="management.staff.assign", target=staff,
                 detail={"klaster": klaster, "rooms": [r.pk for r in rooms]})
    return staff


@transaction.atomic
def add_licence(*, actor, staff: Staff, kind: str, number: str, valid_from: dt.date,
                valid_until: dt.date | None) -> Licence:
    """Record an STR or SIP; an STR may be for life (no end date), a SIP never is."""
    managed_puskesmas(user=actor)
    if not number.strip():
        raise ValidationError({"number": [_(NAME_REQUIRED)]})
    if kind == choices.LicenceKind.SIP and valid_until is None:
        raise ValidationError({"valid_until": [_(SIP_NEEDS_END)]})
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationError({"valid_until": [_(LICENCE_ENDS_BEFORE)]})
    licence = Licence.objects.create(staff=staff, kind=kind, number=number.strip(), valid_from=valid_from,
                                     valid_until=valid_until)
    audit.record(actor=actor, action="management.licence.add", target=licence, detail={"staff": staff.pk})
    return licence


@transaction.atomic
def add_training(*, actor, staff: Staff, name: str, finished_on: dt.date, hours: int | None = None,
                 organiser: str = "") -> Training:
    managed_puskesmas(user=actor)
    if not name.strip():
        raise ValidationError({"name": [_(NAME_REQUIRED)]})
    _not_future("finished_on", finished_on)
    training = Training.objects.create(staff=staff, name=name.strip(), finished_on=finished_on, hours=hours,
                                       organiser=organiser.strip())
    audit.record(actor=actor, action="management.training.add", target=training, detail={"staff": staff.pk})
    return training


@transaction.atomic
def set_shifts(*, actor, staff: Staff, first: dt.date, last: dt.date, shift: str) -> int:
    """Put a staff member on one shift for consecutive days of one month (the roster is monthly)."""
    managed_puskesmas(user=actor)
    if last < first or (first.year, first.month) != (last.year, last.month):
        raise ValidationError({"last": [_(DAYS_OUTSIDE_MONTH) % {"first": f"{first:%d-%m-%Y}", "last": f"{last:%d-%m-%Y}"}]})
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    DutyShift.objects.filter(staff=staff, date__in=days).delete()
    DutyShift.objects.bulk_create([DutyShift(staff=staff, date=day, shift=shift) for day in days])
    audit.record(actor=actor, action="management.roster.set", target=staff,
                 detail={"from": first.isoformat(), "to": last.isoformat(), "shift": shift})
    return len(days)


# ---- Aset ---------------------------------------------------------------------------------------

@transaction.atomic
def save_asset(*, actor, category: str, name: str, condition: str, quantity: int = 1, code: str = "",
               room: Location | None = None, acquired_year: int | None = None, calibration_due: dt.date | None = None,
               note: str = "", asset: Asset | None = None) -> Asset:
    """Add an inventory line of the actor's Puskesmas, or correct it (condition, calibration)."""
    puskesmas = managed_puskesmas(user=actor)
    if not name.strip():
        raise ValidationError({"name": [_(NAME_REQUIRED)]})
    if room is not None and room.facility_id != puskesmas.pk:
        raise ValidationError({"room": [_(ROOM_ELSEWHERE) % {"room": room.name, "facility": room.facility.name}]})
    if acquired_year and acquired_year > timezone.localdate().year:
        raise ValidationError({"acquired_year": [_(IN_FUTURE)]})
    fields = {"category": category, "name": name.strip(), "condition": condition, "quantity": quantity,
              "code": code.strip(), "room": room, "acquired_year": acquired_year, "calibration_due": calibration_due,
              "note": note.strip()}
    if asset is None:
        asset = Asset.objects.create(facility=puskesmas, **fields)
    else:
        for field, value in fields.items():
            setattr(asset, field, value)
        asset.save()
    audit.record(actor=actor, action="management.asset.save", target=asset, detail={"condition": condition})
    return asset


# ---- Mutu ---------------------------------------------------------------------------------------

@transaction.atomic
def record_quality_measure(*, actor, code: str, month: dt.date, numerator: int, denominator: int) -> QualityMeasure:
    """Enter (or replace) a month's numerator and denominator of an observed INM indicator."""
    puskesmas = managed_puskesmas(user=actor)
    indicator = inm.BY_CODE.get(code)
    if indicator is None:
        raise ValidationError({"code": [_(UNKNOWN_INM)]})
    if indicator.computed:
        raise ValidationError({"code": [_(COMPUTED_INM) % {"name": indicator.name}]})
    if denominator <= 0:
        raise ValidationError({"denominator": [_(DENOMINATOR_ZERO)]})
    if numerator > denominator:
        raise ValidationError({"numerator": [_(NUMERATOR_ABOVE) % {"numerator": numerator, "denominator": denominator}]})
    month = month.replace(day=1)
    _not_future("month", month)
    measure, _created = QualityMeasure.objects.update_or_create(
        facility=puskesmas, code=code, month=month,
        defaults={"numerator": numerator, "denominator": denominator, "entered_by": actor})
    audit.record(actor=actor, action="management.inm.record", target=measure,
                 detail={"code": code, "numerator": numerator, "denominator": denominator})
    return measure


@transaction.atomic
def report_incident(*, actor, occurred_on: dt.date, kind: str, grade: str, unit: str, description: str) -> Incident:
    """A patient-safety incident report; a sentinel event is always graded red (PMK 11/2017)."""
    puskesmas = managed_puskesmas(user=actor)
    _not_future("occurred_on", occurred_on)
    if not description.strip():
        raise ValidationError({"description": [_("Tuliskan kronologi singkat insiden.")]})
    if kind == choices.IncidentKind.SENTINEL and grade != choices.RiskGrade.MERAH:
        raise ValidationError({"grade": [_("Kejadian sentinel selalu berisiko ekstrem (merah).")]})
    incident = Incident.objects.create(facility=puskesmas, occurred_on=occurred_on, kind=kind, grade=grade,
                                       unit=unit.strip(), description=description.strip(), reported_by=actor)
    audit.record(actor=actor, action="management.incident.report", target=incident, detail={"kind": kind, "grade": grade})
    return incident


@transaction.atomic
def follow_up_incident(*, actor, incident: Incident, status: str, follow_up: str) -> Incident:
    managed_puskesmas(user=actor)
    if status == choices.IncidentStatus.CLOSED and not follow_up.strip():
        raise ValidationError({"follow_up": [_("Tuliskan tindak lanjut sebelum insiden ditutup.")]})
    incident.status, incident.follow_up = status, follow_up.strip()
    incident.save(update_fields=["status", "follow_up"])
    audit.record(actor=actor, action="management.incident.follow_up", target=incident, detail={"status": status})
    return incident


@transaction.atomic
def record_survey(*, actor, unit: str, answered_on: dt.date, score: int, comment: str = "") -> SurveyResponse:
    puskesmas = managed_puskesmas(user=actor)
    _not_future("answered_on", answered_on)
    if score not in (1, 2, 3, 4):
        raise ValidationError({"score": [_("Nilai kepuasan 1 sampai 4.")]})
    if not unit.strip():
        raise ValidationError({"unit": [_(NAME_REQUIRED)]})
    response = SurveyResponse.objects.create(facility=puskesmas, unit=unit.strip(), answered_on=answered_on,
                                             score=score, comment=comment.strip())
    audit.record(actor=actor, action="management.survey.record", target=response, detail={"unit": unit, "score": score})
    return response


# ---- P1, P2, P3 ---------------------------------------------------------------------------------

@transaction.atomic
def add_plan_activity(*, actor, kind: str, year: int, name: str, fund_source: str, person_in_charge: str,
                      indicator_code: str = "", target_percent: Decimal | None = None, sasaran: int | None = None,
                      budget: int = 0) -> PlanActivity:
    """An activity of next year's RUK or this year's RPK."""
    puskesmas = managed_puskesmas(user=actor)
    this = timezone.localdate().year
    if (kind == choices.PlanKind.RUK and year != this + 1) or (kind == choices.PlanKind.RPK and year != this):
        raise ValidationError({"year": [_(PLAN_YEAR) % {"year": this + 1, "this": this}]})
    if not name.strip():
        raise ValidationError({"name": [_(NAME_REQUIRED)]})
    if target_percent is not None and not 0 <= target_percent <= 100:
        raise ValidationError({"target_percent": [_(ACHIEVEMENT_RANGE)]})
    activity = PlanActivity.objects.create(
        facility=puskesmas, kind=kind, year=year, name=name.strip(), indicator_code=indicator_code,
        target_percent=target_percent, sasaran=sasaran, budget=budget, fund_source=fund_source,
        person_in_charge=person_in_charge.strip())
    audit.record(actor=actor, action="management.plan.add", target=activity, detail={"kind": kind, "year": year})
    return activity


@transaction.atomic
def set_plan_status(*, actor, activity: PlanActivity, status: str) -> PlanActivity:
    managed_puskesmas(user=actor)
    activity.status = status
    activity.save(update_fields=["status"])
    audit.record(actor=actor, action="management.plan.status", target=activity, detail={"status": status})
    return activity


@transaction.atomic
def hold_workshop(*, actor, held_on: dt.date, kind: str, place: str, issues: str,
                  attendees: list[dict], actions: list[dict] = ()) -> Workshop:
    """Record a lokakarya mini with its attendance list and its RTL in one go.

    `attendees`: [{name, institution, position?, staff?, member_facility?}]; `actions`:
    [{problem, action, person_in_charge, due_on}].
    """
    puskesmas = managed_puskesmas(user=actor)
    _not_future("held_on", held_on)
    if not issues.strip():
        raise ValidationError({"issues": [_("Tuliskan masalah yang dibahas.")]})
    if not attendees:
        raise ValidationError({"attendees": [_("Daftar hadir tidak boleh kosong.")]})
    workshop = Workshop.objects.create(facility=puskesmas, held_on=held_on, kind=kind, place=place.strip(),
                                       issues=issues.strip(), created_by=actor)
    for person in attendees:
        add_attendee(actor=actor, workshop=workshop, **person)
    for item in actions:
        add_action(actor=actor, workshop=workshop, **item)
    audit.record(actor=actor, action="management.workshop.hold", target=workshop,
                 detail={"attendees": len(attendees), "actions": len(actions)})
    return workshop


@transaction.atomic
def add_attendee(*, actor, workshop: Workshop, name: str, institution: str, position: str = "",
                 staff: Staff | None = None, member_facility=None) -> Attendee:
    puskesmas = managed_puskesmas(user=actor)
    if not name.strip() or not institution.strip():
        raise ValidationError({"name": [_("Nama dan instansi peserta wajib diisi.")]})
    if staff is not None and staff.facility_id != puskesmas.pk:
        raise ValidationError({"staff": [_("Pegawai ini bukan pegawai Puskesmas Anda.")]})
    if member_facility is not None and not network_facilities(user=actor).filter(pk=member_facility.pk).exists():
        raise ValidationError({"member_facility": [_(NOT_IN_NETWORK) % {"facility": member_facility.name}]})
    attendee = Attendee.objects.create(workshop=workshop, name=name.strip(), institution=institution.strip(),
                                       position=position.strip(), staff=staff, member_facility=member_facility)
    audit.record(actor=actor, action="management.workshop.attendee", target=attendee, detail={"workshop": workshop.pk})
    return attendee


@transaction.atomic
def add_action(*, actor, workshop: Workshop, problem: str, action: str, person_in_charge: str,
               due_on: dt.date) -> FollowUpAction:
    """An RTL of a lokakarya mini: a problem, what will be done, who does it, by when."""
    managed_puskesmas(user=actor)
    if not problem.strip() or not action.strip() or not person_in_charge.strip():
        raise ValidationError({"action": [_("Masalah, rencana tindak lanjut dan penanggung jawab wajib diisi.")]})
    if due_on < workshop.held_on:
        raise ValidationError({"due_on": [_(DUE_BEFORE_WORKSHOP)]})
    item = FollowUpAction.objects.create(workshop=workshop, problem=problem.strip(), action=action.strip(),
                                         person_in_charge=person_in_charge.strip(), due_on=due_on)
    audit.record(actor=actor, action="management.rtl.add", target=item, detail={"workshop": workshop.pk})
    return item


@transaction.atomic
def set_action_status(*, actor, item: FollowUpAction, status: str, note: str = "") -> FollowUpAction:
    managed_puskesmas(user=actor)
    item.status, item.note = status, note.strip()
    item.save(update_fields=["status", "note"])
    audit.record(actor=actor, action="management.rtl.status", target=item, detail={"status": status})
    return item


@transaction.atomic
def record_performance(*, actor, year: int, name: str, target: Decimal, achievement: Decimal) -> PerformanceValue:
    """A PKP value entered by hand, for an indicator the records do not count."""
    puskesmas = managed_puskesmas(user=actor)
    if not name.strip():
        raise ValidationError({"name": [_(NAME_REQUIRED)]})
    if not (0 < target <= 100 and 0 <= achievement <= 100):
        raise ValidationError({"achievement": [_(ACHIEVEMENT_RANGE)]})
    try:
        with transaction.atomic():
            value = PerformanceValue.objects.create(facility=puskesmas, year=year, name=name.strip(), target=target,
                                                    achievement=achievement)
    except IntegrityError:
        raise ValidationError({"name": [_(DUPLICATE_PKP) % {"name": name, "year": year}]}) from None
    audit.record(actor=actor, action="management.pkp.record", target=value, detail={"year": year})
    return value


# ---- Keuangan -----------------------------------------------------------------------------------

@transaction.atomic
def record_finance(*, actor, month: dt.date, direction: str, source: str, amount: int, note: str = "") -> FinanceEntry:
    """Revenue or spending of a month; retribution revenue comes from the kasir and is refused here."""
    puskesmas = managed_puskesmas(user=actor)
    if direction == choices.Direction.REVENUE and source == choices.FundSource.RETRIBUSI:
        raise ValidationError({"source": [_(RETRIBUTION_COMPUTED)]})
    if amount <= 0:
        raise ValidationError({"amount": [_(AMOUNT_ZERO)]})
    month = month.replace(day=1)
    _not_future("month", month)
    entry = FinanceEntry.objects.create(facility=puskesmas, month=month, direction=direction, source=source,
                                        amount=amount, note=note.strip(), entered_by=actor)
    audit.record(actor=actor, action="management.finance.record", target=entry,
                 detail={"direction": direction, "source": source, "amount": amount})
    return entry
