"""Reads on Klaster 1 records. The kepala Puskesmas reads the records of their own Puskesmas; the Dinkes
and the administrator read the dashboard's aggregates over the Puskesmas of their area, never names."""

import calendar
import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.facilities.models import Facility, Location

from . import choices, inm
from .models import (
    Asset,
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
    Workshop,
    expiry_status,
)

HEAD_ONLY = "Catatan manajemen Puskesmas hanya dibuka oleh kepala Puskesmas."
NOT_ALLOWED = "Peran Anda tidak membuka dasbor Klaster 1."
DASHBOARD_ROLES = frozenset({Role.KEPALA_PUSKESMAS, Role.DINKES_KABKOTA, Role.DINKES_PROVINSI, Role.PUSAT, Role.ADMIN})


def managed_puskesmas(*, user) -> Facility:
    """The Puskesmas whose Klaster 1 records this user keeps: the kepala Puskesmas' own, nobody else's."""
    if user.role != Role.KEPALA_PUSKESMAS or not user.facility_id or user.facility.kind != Facility.Kind.PUSKESMAS:
        raise PermissionDenied(HEAD_ONLY)
    return user.facility


def dashboard_facilities(*, user) -> list[Facility]:
    """The Puskesmas a dashboard covers: the kepala's own, or every Puskesmas in a Dinkes' or admin's area."""
    if user.role not in DASHBOARD_ROLES:
        raise PermissionDenied(NOT_ALLOWED)
    if user.role == Role.KEPALA_PUSKESMAS:
        return [managed_puskesmas(user=user)]
    return list(Facility.objects.filter(scope.facility_q(user), kind=Facility.Kind.PUSKESMAS).order_by("name"))


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


# ---- SDM ----------------------------------------------------------------------------------------

def staff_list(*, user, kind: str = "", active: bool = True) -> QuerySet[Staff]:
    """Staff of the user's Puskesmas with their licences (for the expiry column)."""
    staff = Staff.objects.filter(facility=managed_puskesmas(user=user), active=active).prefetch_related("licences")
    return staff.filter(kind=kind) if kind else staff


def staff_get(*, user, pk: int) -> Staff:
    # Another Puskesmas' staff is a 404 like a missing one.
    return get_object_or_404(Staff.objects.filter(facility=managed_puskesmas(user=user)).prefetch_related(
        "rooms", "licences", "trainings").select_related("user"), pk=pk)


def room_choices(*, user) -> QuerySet[Location]:
    return Location.objects.filter(facility=managed_puskesmas(user=user))


def login_choices(*, user, staff: Staff | None = None):
    """Accounts of the Puskesmas not yet linked to a staff record (and the one `staff` already has)."""
    from django.contrib.auth import get_user_model

    free = Q(staff_record__isnull=True) | Q(pk=staff.user_id if staff else None)
    return get_user_model().objects.filter(free, facility=managed_puskesmas(user=user)).order_by("username")


@dataclass(frozen=True)
class LicenceAlert:
    licence: Licence
    status: str  # kedaluwarsa | segera
    days_left: int


def licence_alerts(*, facilities: list[Facility], today: dt.date) -> list[LicenceAlert]:
    """Current STR/SIP of active staff that expired or expire within 90 days, soonest first.

    Only the latest licence of each kind per person counts: a SIP renewed before it ran out clears its warning.
    """
    licences = Licence.objects.filter(staff__facility__in=facilities, staff__active=True).select_related(
        "staff").order_by("valid_from", "pk")
    current = {(lic.staff_id, lic.kind): lic for lic in licences}  # the last one wins
    alerts = [LicenceAlert(lic, expiry_status(lic.valid_until, today), (lic.valid_until - today).days)
              for lic in current.values() if lic.valid_until and expiry_status(lic.valid_until, today) != "berlaku"]
    return sorted(alerts, key=lambda alert: (alert.licence.valid_until, alert.licence.pk))


def unlicensed_staff(*, facilities: list[Facility]) -> QuerySet[Staff]:
    """Active health workers with no STR on record."""
    return Staff.objects.filter(facility__in=facilities, active=True, kind__in=choices.LICENSED_KINDS).exclude(
        licences__kind=choices.LicenceKind.STR)


def roster(*, user, year: int, month: int) -> dict:
    """The month's duty roster: one row per active staff member, one cell per day."""
    first, last = month_bounds(year, month)
    days = [first + dt.timedelta(days=i) for i in range(last.day)]
    shifts = DutyShift.objects.filter(date__range=(first, last))
    staff = staff_list(user=user).prefetch_related(Prefetch("shifts", queryset=shifts, to_attr="month_shifts"))
    rows = []
    for member in staff:
        by_day = {s.date: s.shift for s in member.month_shifts}
        cells = [by_day.get(day, "") for day in days]
        rows.append({"staff": member, "cells": cells, "counts": Counter(c for c in cells if c)})
    return {"days": days, "rows": rows}


# ---- Aset ---------------------------------------------------------------------------------------

def asset_list(*, user, category: str = "") -> QuerySet[Asset]:
    assets = Asset.objects.filter(facility=managed_puskesmas(user=user)).select_related("room")
    return assets.filter(category=category) if category else assets


def asset_get(*, user, pk: int) -> Asset:
    return get_object_or_404(asset_list(user=user), pk=pk)


def calibration_alerts(*, facilities: list[Facility], today: dt.date) -> QuerySet[Asset]:
    return Asset.objects.filter(facility__in=facilities, calibration_due__lte=today + dt.timedelta(days=90)).order_by(
        "calibration_due")


# ---- Mutu ---------------------------------------------------------------------------------------

def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def waiting_time(*, facilities: list[Facility], year: int, month: int) -> dict:
    """Outpatient waiting time of a month from the flow: arrival (queue ticket) to the start of service in the
    first examination room (a `clinical` station of routing.yaml). UGD arrivals are not outpatients."""
    from ilp.visits.models import QueueEntry
    from ilp.visits.routing import routing

    clinical = [code for code, station in routing().stations.items() if station.clinical]
    first, last = month_bounds(year, month)
    seen = (QueueEntry.objects.filter(visit__facility__in=facilities, visit__date__range=(first, last),
                                      visit__emergency=False, station__code__in=clinical, started_at__isnull=False)
            .values("visit_id", "visit__arrived_at").annotate(first_seen=Min("started_at")).order_by())
    minutes = [(row["first_seen"] - row["visit__arrived_at"]).total_seconds() / 60 for row in seen]
    within = sum(1 for m in minutes if m <= inm.WAIT_LIMIT_MINUTES)
    return {"numerator": within, "denominator": len(minutes),
            "median": round(statistics.median(minutes), 1) if minutes else None}


def satisfaction(*, facilities: list[Facility], year: int, month: int) -> dict:
    """Survey answers of a month: the share satisfied (3–4), and per unit the mean score on a 0–100 scale."""
    first, last = month_bounds(year, month)
    answers = SurveyResponse.objects.filter(facility__in=facilities, answered_on__range=(first, last))
    per_unit = answers.values("unit").annotate(n=Count("id"), total=Sum("score")).order_by("unit")
    units = [{"unit": r["unit"], "n": r["n"], "score": round(25 * r["total"] / r["n"], 1)} for r in per_unit]
    satisfied = answers.filter(score__gte=3).count()
    return {"numerator": satisfied, "denominator": sum(u["n"] for u in units), "units": units}


@dataclass(frozen=True)
class InmRow:
    indicator: inm.InmIndicator
    numerator: int | None
    denominator: int | None
    value: Decimal | None

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.indicator.target


def inm_month(*, facilities: list[Facility], year: int, month: int) -> list[InmRow]:
    """Every INM indicator for a month: computed ones from the records, the others as entered (summed)."""
    entered = QualityMeasure.objects.filter(facility__in=facilities, month=dt.date(year, month, 1)).values("code").annotate(
        n=Sum("numerator"), d=Sum("denominator")).order_by()
    sums = {r["code"]: (r["n"], r["d"]) for r in entered}
    sums[inm.WAITING_TIME] = _pair(waiting_time(facilities=facilities, year=year, month=month))
    sums[inm.SATISFACTION] = _pair(satisfaction(facilities=facilities, year=year, month=month))
    rows = []
    for indicator in inm.INDICATORS:
        numerator, denominator = sums.get(indicator.code, (None, None))
        value = _percent(numerator, denominator) if denominator else None
        rows.append(InmRow(indicator, numerator, denominator, value))
    return rows


def _pair(figures: dict) -> tuple[int, int]:
    return figures["numerator"], figures["denominator"]


def incident_list(*, user, status: str = "") -> QuerySet[Incident]:
    incidents = Incident.objects.filter(facility=managed_puskesmas(user=user))
    return incidents.filter(status=status) if status else incidents


def incident_get(*, user, pk: int) -> Incident:
    return get_object_or_404(incident_list(user=user), pk=pk)


def incident_counts(*, facilities: list[Facility], year: int) -> dict[str, int]:
    rows = Incident.objects.filter(facility__in=facilities, occurred_on__year=year).values("kind").annotate(
        n=Count("id")).order_by()
    return {r["kind"]: r["n"] for r in rows}


# ---- Perencanaan, penggerakan, penilaian ---------------------------------------------------------

def plan_list(*, user, year: int) -> QuerySet[PlanActivity]:
    return PlanActivity.objects.filter(facility=managed_puskesmas(user=user), year=year)


def plan_get(*, user, pk: int) -> PlanActivity:
    return get_object_or_404(PlanActivity.objects.filter(facility=managed_puskesmas(user=user)), pk=pk)


def plan_progress(*, facilities: list[Facility], year: int) -> list[dict]:
    """Activities of this year's RPK and next year's RUK, counted by status."""
    rows = PlanActivity.objects.filter(facility__in=facilities, year__in=[year, year + 1]).values(
        "kind", "year", "status").annotate(n=Count("id")).order_by()
    counts = {(r["kind"], r["year"], r["status"]): r["n"] for r in rows}
    return [{"label": f"{kind.label.split(' ')[0]} {plan_year}",
             "counts": [(status.label, counts.get((kind.value, plan_year, status.value), 0)) for status in choices.WorkStatus],
             "total": sum(counts.get((kind.value, plan_year, status), 0) for status in choices.WorkStatus.values)}
            for kind, plan_year in [(choices.PlanKind.RPK, year), (choices.PlanKind.RUK, year + 1)]]


def indicator_target(*, user, code: str, year: int) -> dict:
    """The target and the sasaran (persons, summed over the wilayah) of a PWS indicator for a year."""
    from ilp.indicators import sasaran
    from ilp.indicators.definitions_loader import indicator_registry

    indicator = indicator_registry().get(code)
    if indicator is None:
        return {}
    figures = {}
    if indicator.denominator_sasaran:
        desa_ids = scope.wilayah_desa_ids(user)
        per_desa = sasaran.sasaran_for(year=year, group=indicator.denominator_sasaran, desa_ids=desa_ids)
        figures["sasaran"] = int(sum((f.value for f in per_desa.values()), Decimal(0)).to_integral_value(ROUND_HALF_UP))
    if indicator.target is not None:
        figures["target"] = Decimal(str(indicator.target))
    return figures


def indicator_choices() -> list[tuple[str, str]]:
    from ilp.indicators.definitions_loader import indicator_registry

    return [(code, f"{code} — {i.name}") for code, i in sorted(indicator_registry().items())]


def workshop_list(*, user) -> QuerySet[Workshop]:
    return Workshop.objects.filter(facility=managed_puskesmas(user=user)).annotate(
        n_attendees=Count("attendees", distinct=True), n_actions=Count("actions", distinct=True))


def workshop_get(*, user, pk: int) -> Workshop:
    return get_object_or_404(Workshop.objects.filter(facility=managed_puskesmas(user=user)).prefetch_related(
        "attendees", "actions"), pk=pk)


NETWORK_KINDS = (Facility.Kind.PUSTU, Facility.Kind.KLINIK, Facility.Kind.DPM, Facility.Kind.LAB, Facility.Kind.FKRTL)


def network_facilities(*, user) -> QuerySet[Facility]:
    """Facilities that may attend our lokakarya mini as network members: our Pustu, and the jejaring FKTP
    (klinik, DPM, lab) and hospitals located in our wilayah kerja."""
    puskesmas = managed_puskesmas(user=user)
    return Facility.objects.filter(kind__in=NETWORK_KINDS).filter(
        Q(parent=puskesmas) | Q(region_id__in=scope.wilayah_desa_ids(user))).order_by("kind", "name")


def action_get(*, user, pk: int) -> FollowUpAction:
    return get_object_or_404(FollowUpAction.objects.filter(workshop__facility=managed_puskesmas(user=user)), pk=pk)


def open_actions(*, facilities: list[Facility]) -> QuerySet[FollowUpAction]:
    """RTL not yet done or cancelled, the overdue first."""
    return FollowUpAction.objects.filter(workshop__facility__in=facilities, status__in=[
        choices.WorkStatus.PLANNED, choices.WorkStatus.RUNNING]).select_related("workshop").order_by("due_on")


@dataclass(frozen=True)
class PkpRow:
    name: str
    source: str  # "data" (counted by the indicator engine) or "manual"
    target: Decimal | None
    achievement: Decimal | None

    @property
    def score(self) -> Decimal | None:
        """Capaian ÷ target × 100, at most 100 (PKP: one indicator cannot make up for another)."""
        if self.achievement is None or not self.target:
            return None
        return min(Decimal(100), (100 * self.achievement / self.target).quantize(Decimal("0.1"), ROUND_HALF_UP))


def pkp(*, user, year: int, today: dt.date) -> dict:
    """PKP of a year: every PWS indicator with a target, computed over the wilayah, plus the manual values."""
    from ilp.indicators import pws
    from ilp.indicators.definitions_loader import indicator_registry
    from ilp.indicators.selectors import desa_in_scope

    facility = managed_puskesmas(user=user)
    month = 12 if year < today.year else today.month
    desa, memo, rows = desa_in_scope(user=user), {}, []
    for indicator in indicator_registry().values():
        if indicator.target is None or not desa:
            continue
        total = pws.aggregate(indicator, pws.compute(indicator, year=year, month=month, desa=desa, memo=memo), name="")
        # The PWS target is pro rata for cumulative indicators, so the score compares like with like.
        rows.append(PkpRow(indicator.name, "data", total.target, total.value))
    manual = PerformanceValue.objects.filter(facility=facility, year=year)
    rows += [PkpRow(v.name, "manual", v.target, v.achievement) for v in manual]
    scores = [r.score for r in rows if r.score is not None]
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP) if scores else None
    return {"rows": rows, "mean": mean, "category": pkp_category(mean), "month": month}


def pkp_category(mean: Decimal | None) -> str:
    """Kinerja baik ≥ 91, cukup 81–90, kurang ≤ 80 (Pedoman PKP)."""
    if mean is None:
        return ""
    return "Baik" if mean >= 91 else "Cukup" if mean > 80 else "Kurang"


# ---- Keuangan -----------------------------------------------------------------------------------

def retribution_by_month(*, facilities: list[Facility], year: int) -> dict[int, int]:
    """Retribution paid at the kasir per month of the year (by the local day of payment)."""
    from ilp.visits.models import Payment

    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    totals = defaultdict(int)
    for paid_at, total in Payment.objects.filter(visit__facility__in=facilities, paid_at__gte=start,
                                                 paid_at__lt=end).values_list("paid_at", "total"):
        totals[timezone.localtime(paid_at).month] += total
    return dict(totals)


def finance_year(*, facilities: list[Facility], year: int) -> dict:
    """Revenue and spending per source and month; retribution from the kasir payments."""
    table = {(d, s): [0] * 12 for d in choices.Direction.values for s in choices.FundSource.values}
    rows = FinanceEntry.objects.filter(facility__in=facilities, month__year=year).values(
        "direction", "source", "month").annotate(total=Sum("amount")).order_by()
    for r in rows:
        table[(r["direction"], r["source"])][r["month"].month - 1] += r["total"]
    for month, total in retribution_by_month(facilities=facilities, year=year).items():
        table[(choices.Direction.REVENUE, choices.FundSource.RETRIBUSI)][month - 1] += total
    lines = []
    for direction in choices.Direction:
        for source in choices.FundSource:
            values = table[(direction.value, source.value)]
            if any(values) or direction == choices.Direction.REVENUE:
                lines.append({"direction": direction, "source": source, "months": values, "total": sum(values)})
    revenue = [sum(table[(choices.Direction.REVENUE, s)][m] for s in choices.FundSource.values) for m in range(12)]
    spending = [sum(table[(choices.Direction.SPENDING, s)][m] for s in choices.FundSource.values) for m in range(12)]
    return {"lines": lines, "revenue": revenue, "spending": spending}


def finance_entries(*, user, year: int) -> QuerySet[FinanceEntry]:
    return FinanceEntry.objects.filter(facility=managed_puskesmas(user=user), month__year=year)


# ---- Dashboard ----------------------------------------------------------------------------------

def _count_by(queryset, field: str, labels) -> list[tuple[str, int]]:
    counts = dict(queryset.values_list(field).annotate(n=Count("id")).order_by())
    return [(str(label), counts.get(value, 0)) for value, label in labels if counts.get(value)]


def tenure_bands(staff: list[Staff], today: dt.date) -> list[tuple[str, int]]:
    bands = [("< 2 tahun", 0, 2), ("2–4 tahun", 2, 5), ("5–9 tahun", 5, 10), ("10–19 tahun", 10, 20), ("≥ 20 tahun", 20, 999)]
    years = [s.tenure_years(today) for s in staff]
    return [(label, sum(1 for y in years if low <= y < high)) for label, low, high in bands]


def facility_summary(*, facilities: list[Facility], today: dt.date) -> list[dict]:
    """One line per Puskesmas for a regional dashboard: staff, STR/SIP warnings, broken assets, open RTL."""
    if len(facilities) < 2:
        return []
    staff = dict(Staff.objects.filter(facility__in=facilities, active=True).values_list("facility").annotate(
        n=Count("id")).order_by())
    broken = dict(Asset.objects.filter(facility__in=facilities, condition=choices.Condition.RUSAK_BERAT).values_list(
        "facility").annotate(n=Sum("quantity")).order_by())
    actions = dict(open_actions(facilities=facilities).values_list("workshop__facility").annotate(n=Count("id")).order_by())
    alerts = Counter(alert.licence.staff.facility_id for alert in licence_alerts(facilities=facilities, today=today))
    return [{"facility": f, "staff": staff.get(f.pk, 0), "licence_alerts": alerts[f.pk], "broken": broken.get(f.pk, 0),
             "open_actions": actions.get(f.pk, 0)} for f in facilities]


def dashboard(*, user, year: int, month: int, today: dt.date) -> dict:
    """Every figure of the Klaster 1 dashboard (seed 000 §Dashboard Klaster 1) for the user's Puskesmas or area."""
    from ilp.inpatient.selectors import bed_occupancy
    from ilp.pharmacy.selectors import lplpo_rows, stock_summary

    facilities = dashboard_facilities(user=user)
    staff = Staff.objects.filter(facility__in=facilities, active=True)
    trained = dict(staff.values_list("trainings__name").annotate(n=Count("id", distinct=True)).exclude(
        trainings__name=None).order_by("-n")[:8])
    assets = Asset.objects.filter(facility__in=facilities)
    condition = dict(assets.values_list("condition").annotate(n=Sum("quantity")).order_by())
    first, last = month_bounds(year, month)
    ids = [f.pk for f in facilities]
    stock_rows = lplpo_rows(facility_ids=ids, start=first, end=last) if ids else []
    moving = sorted((r for r in stock_rows if r.received or r.used), key=lambda r: -r.used)[:10]
    occupancy = bed_occupancy(facility=facilities[0], year=year, month=month) if len(facilities) == 1 else None
    return {
        "facilities": facilities,
        "staff_total": staff.count(),
        "staff_by_kind": _count_by(staff, "kind", choices.StaffKind.choices),
        "staff_by_employment": _count_by(staff, "employment", choices.Employment.choices),
        "staff_by_education": _count_by(staff, "education", choices.Education.choices),
        "staff_by_tenure": tenure_bands(list(staff.only("started_on")), today),
        "competences": list(trained.items()),
        "licence_alerts": licence_alerts(facilities=facilities, today=today),
        "assets_by_condition": [(str(label), condition.get(value, 0)) for value, label in choices.Condition.choices],
        "assets_by_category": _count_by(assets, "category", choices.AssetCategory.choices),
        "calibration_alerts": calibration_alerts(facilities=facilities, today=today),
        "stock": stock_summary(facility_ids=ids, on=today) if ids else {},
        "stock_moves": moving,
        "occupancy": occupancy,
        "inm": inm_month(facilities=facilities, year=year, month=month),
        "incidents": incident_counts(facilities=facilities, year=year),
        "plan": plan_progress(facilities=facilities, year=year),
        "open_actions": open_actions(facilities=facilities)[:10],
        "finance": finance_year(facilities=facilities, year=year),
        "per_facility": facility_summary(facilities=facilities, today=today),
    }
