"""Reads for outreach, always inside the user's scope: a kader sees her own Posyandu and its desa only."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts import scope
from ilp.facilities.models import Facility
from ilp.packages.models import PackageRecord
from ilp.people import selectors as people_selectors
from ilp.people.age import completed_months, completed_years
from ilp.people.models import Patient

from .. import skdn as rules
from ..models import Attendance, AttendanceStep, BukuKia, PosyanduSession

FINAL = PackageRecord.Status.FINAL


def posyandu_list(*, user) -> QuerySet[Facility]:
    """The Posyandu the user works for: her own (kader), or those of her Puskesmas (bidan)."""
    if not user.sees_patients:
        # Regional roles steer by aggregates (SKDN and IKS reach them through the dashboards), never by name.
        raise PermissionDenied(people_selectors.AGGREGATES_ONLY)
    return (Facility.objects.filter(scope.facility_q(user), kind=Facility.Kind.POSYANDU)
            .select_related("region", "parent", "schedule").order_by("name"))


def with_next_opening(posyandu, *, on: dt.date) -> list[Facility]:
    """The Posyandu with `next_opening` set from their hari buka (None where none is set)."""
    from ..services.session import next_opening

    result = []
    for facility in posyandu:
        schedule = getattr(facility, "schedule", None)  # RelatedObjectDoesNotExist is an AttributeError
        facility.next_opening = next_opening(schedule, after=on) if schedule else None
        result.append(facility)
    return result


def posyandu_get(*, user, pk: int) -> Facility:
    return get_object_or_404(posyandu_list(user=user), pk=pk)


def session_list(*, user, posyandu: Facility | None = None) -> QuerySet[PosyanduSession]:
    """Sessions of the Posyandu in scope, newest first."""
    sessions = PosyanduSession.objects.filter(posyandu__in=posyandu_list(user=user))
    if posyandu:
        sessions = sessions.filter(posyandu=posyandu)
    return sessions.select_related("posyandu__region").order_by("-date", "posyandu__name")


def session_get(*, user, pk: int) -> PosyanduSession:
    """One session in scope, with its attendees, their steps and measurements."""
    attendances = Attendance.objects.select_related("patient", "record", "follow_up").prefetch_related(
        Prefetch("steps", queryset=AttendanceStep.objects.order_by("at")))
    return get_object_or_404(
        session_list(user=user).prefetch_related(Prefetch("attendances", queryset=attendances), "kader_present"), pk=pk)


def posyandu_kader(*, posyandu: Facility) -> QuerySet:
    """The kader of a Posyandu (the caller has read the Posyandu through posyandu_get or a session)."""
    from ilp.accounts.models import Role, User

    return User.objects.filter(facility=posyandu, role=Role.KADER, is_active=True).order_by("first_name", "username")


def attendance_get(*, user, session: PosyanduSession, pk: int) -> Attendance:
    return get_object_or_404(Attendance.objects.filter(session=session).select_related("patient", "session"), pk=pk)


def residents(*, user, posyandu: Facility) -> QuerySet[Patient]:
    """People living in the Posyandu's desa, as far as the user may see them by name."""
    desa_ids = list(posyandu.wilayah.values_list("id", flat=True)) or [posyandu.region_id]
    return people_selectors.patient_list(user=user).filter(desa_id__in=desa_ids)


def balita_list(*, user, posyandu: Facility, on: dt.date) -> list[Patient]:
    """Balita (0–59 completed months) of the Posyandu's area in the month of `on` (the S of SKDN)."""
    oldest = dt.date(on.year - 5, on.month, 1) - dt.timedelta(days=31)
    candidates = residents(user=user, posyandu=posyandu).filter(birth_date__gt=oldest, birth_date__lte=on)
    return [p for p in candidates if rules.is_balita(p.birth_date, on.year, on.month)]


def pregnant_list(*, user, posyandu: Facility, on: dt.date) -> list[tuple[Patient, dt.date | None]]:
    """Women of the area with an ongoing pregnancy (an ANC contact whose HPL is not 2 weeks past), with the HPL."""
    since = on - dt.timedelta(days=300)
    women = residents(user=user, posyandu=posyandu).filter(sex="F")
    records = (PackageRecord.objects.filter(patient__in=women, package_id="anc", status=FINAL, service_date__gte=since)
               .select_related("patient").order_by("patient_id", "-service_date"))
    delivered = set(PackageRecord.objects.filter(patient__in=women, package_id="persalinan", status=FINAL,
                                                 service_date__gte=since).values_list("patient_id", flat=True))
    found: dict[int, tuple[Patient, dt.date | None]] = {}
    for record in records:
        if record.patient_id in found or record.patient_id in delivered:
            continue
        hpl = _date(record.computed.get("hpl"))
        if hpl is None or hpl >= on - dt.timedelta(days=14):
            found[record.patient_id] = (record.patient, hpl)
    return sorted(found.values(), key=lambda item: (item[1] or dt.date.max, item[0].name))


def lansia_list(*, user, posyandu: Facility, on: dt.date) -> QuerySet[Patient]:
    """People aged 60 years or more in the area."""
    return residents(user=user, posyandu=posyandu).filter(birth_date__lte=dt.date(on.year - 60, on.month, min(on.day, 28)))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def weighings_of(patient_ids: list[int], *, until: dt.date) -> dict[int, list[rules.Weighing]]:
    """Every balita weighing up to `until`, and the birth weight from the neonatal visits, by child."""
    result: dict[int, list[rules.Weighing]] = defaultdict(list)
    records = (PackageRecord.objects.filter(patient_id__in=patient_ids, package_id="balita", status=FINAL,
                                            service_date__lte=until)
               .order_by("service_date", "recorded_at").values_list("patient_id", "service_date", "values"))
    for order, (patient_id, date, values) in enumerate(records, start=1):
        if values.get("weight") not in (None, ""):
            result[patient_id].append(rules.Weighing(date, order, Decimal(str(values["weight"]))))
    births = (PackageRecord.objects.filter(patient_id__in=patient_ids, package_id="neonatal", status=FINAL)
              .order_by("service_date").values_list("patient_id", "patient__birth_date", "values"))
    seen = set()
    for patient_id, birth_date, values in births:
        grams = values.get("birth_weight")
        if grams not in (None, "") and patient_id not in seen:
            seen.add(patient_id)
            result[patient_id].append(rules.Weighing(birth_date, 0, Decimal(str(grams)) / 1000, at_birth=True))
    return result


@dataclass
class SkdnChild:
    patient: Patient
    category: str | None
    two_t: bool
    has_kia: bool
    bgm: bool = False


@dataclass
class SkdnReport:
    """SKDN of one Posyandu area for one month, with the children behind each letter."""

    year: int
    month: int
    children: list[SkdnChild] = field(default_factory=list)

    def count(self, letter: str) -> int:
        return sum(1 for c in self.children if c.category == letter)

    @property
    def s(self) -> int:
        return len(self.children)

    @property
    def k(self) -> int:
        return sum(1 for c in self.children if c.has_kia)

    @property
    def d(self) -> int:
        return sum(1 for c in self.children if c.category)

    @property
    def letters(self) -> dict[str, int]:
        return {"S": self.s, "K": self.k, "D": self.d, **{x: self.count(x) for x in (rules.N, rules.T, rules.O, rules.B)},
                "2T": sum(1 for c in self.children if c.two_t), "BGM": sum(1 for c in self.children if c.bgm)}

    @property
    def ratios(self) -> dict[str, float | None]:
        def pct(num, den):
            return round(100 * num / den, 1) if den else None
        return {"K/S": pct(self.k, self.s), "D/S": pct(self.d, self.s), "N/D": pct(self.count(rules.N), self.d),
                "T/D": pct(self.count(rules.T), self.d)}


def skdn(*, user, posyandu: Facility, year: int, month: int) -> SkdnReport:
    """SKDN per DOMAIN.md §2: D counts a balita weighing at any unit; N/T by the KBM 'N rule'."""
    last_day = rules.month_bounds(year, month)[1]
    children = balita_list(user=user, posyandu=posyandu, on=last_day)
    ids = [c.pk for c in children]
    weighings = weighings_of(ids, until=last_day)
    with_kia = set(BukuKia.objects.filter(patient_id__in=ids, since__lte=last_day).values_list("patient_id", flat=True))
    bgm = _bgm(ids, year, month)
    report = SkdnReport(year, month)
    for child in children:
        own = weighings.get(child.pk, [])
        report.children.append(SkdnChild(
            patient=child, category=rules.category(own, birth_date=child.birth_date, year=year, month=month),
            two_t=rules.two_t(own, birth_date=child.birth_date, year=year, month=month),
            has_kia=child.pk in with_kia, bgm=child.pk in bgm))
    return report


def _bgm(ids: list[int], year: int, month: int) -> set[int]:
    """Children whose last weighing of the month has WAZ < −3 (the old 'bawah garis merah')."""
    first, last = rules.month_bounds(year, month)
    latest: dict[int, dict] = {}
    for patient_id, computed in (PackageRecord.objects.filter(
            patient_id__in=ids, package_id="balita", status=FINAL, service_date__range=(first, last))
            .order_by("service_date", "recorded_at").values_list("patient_id", "computed")):
        latest[patient_id] = computed
    return {pid for pid, computed in latest.items() if computed.get("waz") is not None and Decimal(str(computed["waz"])) < -3}


def absent_sasaran(*, user, session: PosyanduSession) -> dict[str, list]:
    """Sasaran of the area who did not come to the session: balita (not weighed elsewhere this month), bumil, lansia."""
    came = set(session.attendances.values_list("patient_id", flat=True))
    first, last = rules.month_bounds(session.date.year, session.date.month)
    balita = [p for p in balita_list(user=user, posyandu=session.posyandu, on=session.date) if p.pk not in came]
    weighed_elsewhere = set(PackageRecord.objects.filter(
        patient_id__in=[p.pk for p in balita], package_id="balita", status=FINAL, service_date__range=(first, last),
    ).values_list("patient_id", flat=True))
    return {
        "balita": [p for p in balita if p.pk not in weighed_elsewhere],
        "bumil": [(p, hpl) for p, hpl in pregnant_list(user=user, posyandu=session.posyandu, on=session.date)
                  if p.pk not in came],
        "lansia": list(lansia_list(user=user, posyandu=session.posyandu, on=session.date).exclude(pk__in=came)),
    }


GROUP_LABELS = {"balita": "Balita", "anak_remaja": "Anak sekolah dan remaja", "dewasa": "Usia dewasa", "lansia": "Lansia"}


def life_group(patient: Patient, on: dt.date) -> str:
    """Balita, anak/remaja, dewasa or lansia, as the recap counts attendees."""
    months = completed_months(patient.birth_date, on)
    if months < 60:
        return "balita"
    years = completed_years(patient.birth_date, on)
    return "anak_remaja" if years < 18 else "lansia" if years >= 60 else "dewasa"


def session_recap(*, session: PosyanduSession) -> dict:
    """Counts of the session: attendees per group, weighed, flagged, referred, and the time per table."""
    attendances = list(session.attendances.all())
    groups: dict[str, int] = defaultdict(int)
    for attendance in attendances:
        groups[life_group(attendance.patient, session.date)] += 1
    minutes: dict[str, list[float]] = defaultdict(list)
    skipped: dict[str, int] = defaultdict(int)
    for attendance in attendances:
        previous = attendance.arrived_at
        for step in attendance.steps.all():
            if step.skipped:
                skipped[step.meja] += 1
                continue
            minutes[step.meja].append(max(0.0, (step.at - previous).total_seconds() / 60))
            previous = step.at
    return {
        "total": len(attendances), "groups": {GROUP_LABELS[g]: n for g, n in groups.items()},
        "weighed": sum(1 for a in attendances if a.record_id),
        "flagged": sum(1 for a in attendances if a.record_id and a.record.flags),
        "referred": sum(1 for a in attendances if a.follow_up_id),
        "meja": [(code, label, len(minutes[code]), skipped[code],
                  round(sorted(minutes[code])[len(minutes[code]) // 2], 1) if minutes[code] else None)
                 for code, label in meja_labels(session)],
    }


def meja_labels(session: PosyanduSession) -> list[tuple[str, str]]:
    from ..choices import Meja

    labels = dict(Meja.choices)
    return [(code, labels[code]) for code in session.meja_order]


def follow_up_rows(*, session: PosyanduSession) -> list[Attendance]:
    """Attendees who need something after the session: a flag on their measurement, or a referral."""
    return [a for a in session.attendances.all() if a.follow_up_id or (a.record_id and a.record.flags)]


def today() -> dt.date:
    return timezone.localdate()


def search_residents(*, user, posyandu: Facility, search: str) -> QuerySet[Patient]:
    patients = residents(user=user, posyandu=posyandu)
    if search.strip():
        patients = patients.filter(people_selectors.search_q(search))
    return patients.filter(Q(merged_into__isnull=True))[:20]


def conflict_list(*, user, open_only: bool = True) -> QuerySet:
    """Offline records in conflict with another record of the same child and day, for the supervisor."""
    from ..models import SyncConflict

    if not user.sees_patients:
        raise PermissionDenied(people_selectors.AGGREGATES_ONLY)
    conflicts = SyncConflict.objects.filter(upload__record__patient__in=people_selectors.patient_list(user=user).order_by()
                                            .values("pk"))
    if open_only:
        conflicts = conflicts.filter(reviewed_at__isnull=True)
    return conflicts.select_related("upload__user", "upload__record__patient", "existing__performer")


def conflict_get(*, user, pk: int):
    return get_object_or_404(conflict_list(user=user, open_only=False), pk=pk)
