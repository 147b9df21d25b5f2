"""Reads on surveillance, always through ilp.accounts.scope: cases by name for facility staff, weekly
counts and alerts (no names) for everyone in their area, the Dinkes included."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.indicators.selectors import desa_in_scope
from ilp.regions.models import Region

from .diseases import Disease, diseases, week_label, week_start
from .models import Alert, Case

AGGREGATES_ONLY = "Peran Anda hanya melihat data agregat, bukan data pasien."


def _require_patients(user) -> None:
    if not user.sees_patients:
        raise PermissionDenied(AGGREGATES_ONLY)


def case_list(*, user, disease: str = "") -> QuerySet[Case]:
    """Cases of the desa of the user's wilayah, newest first (facility staff only: they carry names)."""
    _require_patients(user)
    cases = Case.objects.filter(scope.region_q(user, "desa")).select_related("desa", "patient")
    return cases.filter(disease=disease) if disease else cases


def case_get(*, user, pk: int) -> Case:
    """One case in scope, audited as a read of the patient's record when it names one."""
    case = get_object_or_404(case_list(user=user).select_related("condition", "recorder", "facility"), pk=pk)
    if case.patient_id:
        audit.record_read(actor=user, target=case)
    return case


def case_counts(*, desa_ids: list[int] | None, start: dt.date, end: dt.date) -> list[dict]:
    """New cases (`n`) and deaths (`deaths`) per disease and day between two dates, for reports whose area
    already applied the scope (`desa_ids` None: the whole deployment). No names."""
    cases = Case.objects.filter(reported_on__gte=start, reported_on__lte=end)
    if desa_ids is not None:
        cases = cases.filter(desa_id__in=desa_ids)
    return list(cases.values("disease", "reported_on").annotate(n=Sum("count"), deaths=Sum("deaths")).order_by())


def desa_choices(*, user) -> list[Region]:
    """The desa whose weekly counts the user may read (their wilayah, or their region's desa), by name."""
    return sorted(desa_in_scope(user=user), key=lambda desa: desa.name)


@dataclass(frozen=True)
class WeeklyTable:
    """Diseases × ISO weeks for one desa (or the whole area): the numbers a surveillance officer counts by hand."""

    weeks: list[dt.date]  # Mondays, oldest first
    rows: list[tuple[Disease, list[int], int]]  # disease, count per week, total
    totals: list[int]
    alerts: set[tuple[str, dt.date]]  # (disease, Monday) with an alert
    deaths: dict[str, int]  # deaths per disease over the weeks shown (the W2 "M" column)

    @property
    def death_total(self) -> int:
        return sum(self.deaths.values())

    @property
    def labels(self) -> list[str]:
        return [week_label(monday) for monday in self.weeks]


def weekly_table(*, user, desa: Region | None, last_week: dt.date, weeks: int = 8) -> WeeklyTable:
    """The `weeks` ISO weeks up to the one holding `last_week`, in the desa (or every desa the user may read)."""
    mondays = [week_start(last_week) - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    everywhere = not (user.facility_id or user.region_id)  # the administrator and pusat: the whole deployment
    area = [desa.pk] if desa else None if everywhere else [d.pk for d in desa_in_scope(user=user)]
    counts: dict[tuple[str, dt.date], int] = defaultdict(int)
    deaths: dict[str, int] = defaultdict(int)
    for row in case_counts(desa_ids=area, start=mondays[0], end=mondays[-1] + dt.timedelta(days=6)):
        counts[(row["disease"], week_start(row["reported_on"]))] += row["n"]
        deaths[row["disease"]] += row["deaths"]
    rows = []
    for disease in diseases().values():
        values = [counts[(disease.code, monday)] for monday in mondays]
        rows.append((disease, values, sum(values)))
    totals = [sum(values[i] for _, values, _ in rows) for i in range(weeks)]
    alerts = alert_list(user=user).filter(week_start__in=mondays)
    alerts = set((alerts if area is None else alerts.filter(desa_id__in=area)).values_list("disease", "week_start"))
    return WeeklyTable(mondays, rows, totals, alerts, {code: deaths[code] for code in diseases()})


def alert_list(*, user, status: str = "", open_only: bool = False) -> QuerySet[Alert]:
    """Alerts of the desa in the user's area: the Puskesmas its wilayah, the Dinkes its region. No names."""
    alerts = Alert.objects.filter(scope.region_q(user, "desa")).select_related("desa__parent", "facility")
    if status:
        alerts = alerts.filter(status=status)
    if open_only:
        alerts = alerts.exclude(status=Alert.Status.CLOSED)
    return alerts


def alert_get(*, user, pk: int) -> Alert:
    return get_object_or_404(alert_list(user=user).select_related("verified_by", "investigated_by", "closed_by"), pk=pk)


def alert_cases(*, user, alert: Alert) -> QuerySet[Case]:
    """The cases behind an alert, by name, for facility staff; regional roles get none (they see the count)."""
    if not user.sees_patients:
        return Case.objects.none()
    return case_list(user=user, disease=alert.disease).filter(
        desa=alert.desa, reported_on__gte=alert.week_start, reported_on__lte=alert.week_start + dt.timedelta(days=6))


def wilayah_desa(*, user) -> QuerySet[Region]:
    """The desa a case may be entered for: the user's wilayah kerja."""
    return Region.objects.filter(pk__in=scope.wilayah_desa_ids(user)).order_by("name")
