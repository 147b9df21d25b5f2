"""Data quality for one month (docs/decisions/0017): are Posyandu and Pustu reporting, on time, and are
the values believable?

- Posyandu: one opening is scheduled a month (its hari buka, PosyanduSchedule; the default second
  Tuesday when none is set). Completeness = an opening held that month; on schedule = held on the
  scheduled day (±3 days).
- Pustu: a report is expected every week (W2 rhythm). Completeness = weeks (Monday–Sunday, those
  starting in the month and not in the future) with at least one service recorded.
- Timeliness, both: services of the month entered (recorded_at) by day `ILP_REPORT_DUE_DAY`
  (default 5) of the next month.
- Outliers: a WHO z-score beyond ±5, a blood pressure outside 70–250 / 40–150 mmHg or with the
  systolic less than 10 above the diastolic.
- Score per facility: the mean of its completeness and timeliness; per desa: the mean over its
  Posyandu and Pustu, less the share of its residents' records that are outliers.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ilp.accounts import scope
from ilp.facilities.models import Facility
from ilp.regions.models import Region

from . import selectors

Z_LIMIT = 5
SBP_RANGE, DBP_RANGE, MIN_PULSE_PRESSURE = (70, 250), (40, 150), 10
SCHEDULE_SLACK_DAYS = 3
DEFAULT_WEEK, DEFAULT_WEEKDAY = 2, 1  # the model's defaults: second Tuesday


@dataclass
class FacilityQuality:
    facility: Facility
    expected: int            # openings (Posyandu) or weeks (Pustu) expected
    held: int                # openings held / weeks with a report
    on_schedule: int | None  # Posyandu: openings on the scheduled day; Pustu: None
    records: int
    timely: int              # records entered by the due day
    schedule_set: bool = True

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.held, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.timely, self.records) if self.records else (Decimal(0) if self.expected else None)

    @property
    def score(self) -> Decimal | None:
        parts = [p for p in (self.completeness, self.timeliness) if p is not None]
        return _mean(parts)


@dataclass(frozen=True)
class Outlier:
    record_id: int
    date: dt.date
    facility: str
    desa: str
    package: str
    what: str
    value: str


@dataclass
class DesaQuality:
    desa: Region
    facilities: list[FacilityQuality] = field(default_factory=list)
    records: int = 0
    outliers: int = 0

    @property
    def reporting(self) -> Decimal | None:
        return _mean([f.score for f in self.facilities if f.score is not None])

    @property
    def outlier_rate(self) -> Decimal | None:
        return _pct(self.outliers, self.records)

    @property
    def score(self) -> Decimal | None:
        if self.reporting is None:
            return None
        return max(Decimal(0), self.reporting - (self.outlier_rate or 0)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Report:
    year: int
    month: int
    due: dt.date
    posyandu: list[FacilityQuality]
    pustu: list[FacilityQuality]
    desa: list[DesaQuality]
    outliers: list[Outlier]
    records: int


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def due_date(year: int, month: int) -> dt.date:
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(ny, nm, min(int(getattr(settings, "ILP_REPORT_DUE_DAY", 5)), 28))


def scheduled_day(year: int, month: int, *, week_of_month: int, weekday: int) -> dt.date:
    """The n-th weekday of the month (the last one when the month has no n-th)."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week_of_month - 1))
    while day.month != month:
        day -= dt.timedelta(days=7)
    return day


def report_weeks(year: int, month: int, *, today: dt.date) -> list[dt.date]:
    """Mondays of the weeks starting in the month, up to today."""
    first = dt.date(year, month, 1)
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday.month == month and monday <= today:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def outlier_reasons(*, values: dict, computed: dict) -> list[tuple[str, str]]:
    """(what, value) for each implausible or extreme value of one record."""
    from ilp.growth.engine import INDICATORS

    reasons = []
    for name in INDICATORS:
        z = computed.get(name)
        if isinstance(z, int | float) and abs(z) > Z_LIMIT:
            reasons.append((f"z-skor {name.upper()} di luar ±{Z_LIMIT}", f"{z:+.2f}"))
    sbp, dbp = _number(values.get("sbp")), _number(values.get("dbp"))
    if sbp is not None and not SBP_RANGE[0] <= sbp <= SBP_RANGE[1]:
        reasons.append(("tekanan sistolik ekstrem", f"{sbp:g} mmHg"))
    if dbp is not None and not DBP_RANGE[0] <= dbp <= DBP_RANGE[1]:
        reasons.append(("tekanan diastolik ekstrem", f"{dbp:g} mmHg"))
    if sbp is not None and dbp is not None and sbp - dbp < MIN_PULSE_PRESSURE:
        reasons.append(("selisih sistolik–diastolik < 10", f"{sbp:g}/{dbp:g}"))
    return reasons


def _number(raw) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def month_report(*, user, year: int, month: int, today: dt.date | None = None, desa: list[Region] | None = None) -> Report:
    """Completeness, timeliness and outliers for one month (counts, no names), over the user's desa or `desa`
    (an area the caller has checked against the user's scope)."""
    from ilp.outreach.models import PosyanduSchedule, PosyanduSession
    from ilp.packages.models import PackageRecord

    today = today or timezone.localdate()
    start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    due = due_date(year, month)
    desa_list = selectors.desa_in_scope(user=user) if desa is None else desa
    facilities = list(Facility.objects.filter(scope.facility_q(user), kind__in=[Facility.Kind.POSYANDU, Facility.Kind.PUSTU],
                                              region_id__in=[d.pk for d in desa_list])
                      .select_related("region").order_by("region__code", "name"))
    ids = [f.pk for f in facilities]
    records = PackageRecord.objects.filter(status="final", service_date__range=(start, end))
    per_facility = {row["facility_id"]: row for row in records.filter(facility_id__in=ids).values("facility_id").annotate(
        n=Count("id"), timely=Count("id", filter=Q(recorded_at__date__lte=due))).order_by()}
    weeks_with_records: dict[int, set[dt.date]] = {}
    for facility_id, day in records.filter(facility_id__in=ids, facility__kind=Facility.Kind.PUSTU).values_list(
            "facility_id", "service_date").distinct():
        weeks_with_records.setdefault(facility_id, set()).add(day - dt.timedelta(days=day.weekday()))
    schedules = {s.posyandu_id: s for s in PosyanduSchedule.objects.filter(posyandu_id__in=ids)}
    sessions: dict[int, list[dt.date]] = {}
    for posyandu_id, day in PosyanduSession.objects.filter(posyandu_id__in=ids, date__range=(start, end)).values_list("posyandu_id", "date"):
        sessions.setdefault(posyandu_id, []).append(day)

    posyandu, pustu = [], []
    for facility in facilities:
        counted = per_facility.get(facility.pk, {"n": 0, "timely": 0})
        if facility.kind == Facility.Kind.POSYANDU:
            schedule = schedules.get(facility.pk)
            planned = scheduled_day(year, month, week_of_month=schedule.week_of_month if schedule else DEFAULT_WEEK,
                                    weekday=schedule.weekday if schedule else DEFAULT_WEEKDAY)
            held = sessions.get(facility.pk, [])
            expected = 1 if planned <= today else 0
            on_time = any(abs((day - planned).days) <= SCHEDULE_SLACK_DAYS for day in held)
            posyandu.append(FacilityQuality(facility, expected, min(len(held), expected),
                                            int(on_time), counted["n"], counted["timely"], schedule is not None))
        else:
            weeks = report_weeks(year, month, today=today)
            reported = weeks_with_records.get(facility.pk, set())
            pustu.append(FacilityQuality(facility, len(weeks), len([w for w in weeks if w in reported]), None,
                                         counted["n"], counted["timely"]))

    by_desa = {d.pk: DesaQuality(d) for d in desa_list}
    for item in posyandu + pustu:
        if item.facility.region_id in by_desa:
            by_desa[item.facility.region_id].facilities.append(item)
    outliers, scanned = [], 0
    in_area = records.filter(patient__desa_id__in=list(by_desa)).select_related("facility", "patient__desa")
    for record in in_area.only("id", "service_date", "package_id", "values", "computed", "facility__name",
                               "patient__desa__name", "patient__desa_id").iterator(chunk_size=2000):
        scanned += 1
        quality = by_desa[record.patient.desa_id]
        quality.records += 1
        reasons = outlier_reasons(values=record.values or {}, computed=record.computed or {})
        if reasons:
            quality.outliers += 1
            outliers += [Outlier(record.pk, record.service_date, record.facility.name, record.patient.desa.name,
                                 record.package_id, what, value) for what, value in reasons]
    return Report(year, month, due, posyandu, pustu, [q for q in by_desa.values() if q.facilities or q.records],
                  sorted(outliers, key=lambda o: (o.date, o.record_id)), scanned)
