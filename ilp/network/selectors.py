"""Reads on the network and IQ-Care, inside the user's scope; figures come from the indicator engine."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.indicators import engine, pws
from ilp.indicators import selectors as indicator_selectors
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Fact

from .choices import ChecklistArea
from .models import (
    EXPIRY_WARNING_DAYS,
    Agreement,
    ChecklistItem,
    Monitoring,
    NetworkMember,
    Pathway,
    Task,
    TeamMember,
)

# Who manages the network: the head of the Puskesmas; the Dinkes facilitates and monitors; the admin looks.
MANAGERS = frozenset({Role.KEPALA_PUSKESMAS, Role.DINKES_KABKOTA, Role.DINKES_PROVINSI, Role.PUSAT, Role.ADMIN})
NOT_A_MANAGER = "Halaman jejaring untuk Kepala Puskesmas dan Dinkes."
HEAD_ONLY = "Hanya Kepala Puskesmas yang mengelola jejaring Puskesmasnya."


def require_manager(user) -> None:
    if user.role not in MANAGERS:
        raise PermissionDenied(NOT_A_MANAGER)


def require_head(user) -> None:
    """Pages that build the network are the head of the Puskesmas' own (the services check the same)."""
    if user.role != Role.KEPALA_PUSKESMAS or not user.facility_id:
        raise PermissionDenied(HEAD_ONLY)


def member_list(*, user) -> QuerySet[NetworkMember]:
    """Network members of the Puskesmas in scope, with their agreements."""
    require_manager(user)
    return (NetworkMember.objects.filter(scope.facility_q(user, "puskesmas"))
            .select_related("puskesmas", "facility").prefetch_related("agreements"))


def member_get(*, user, pk: int) -> NetworkMember:
    return get_object_or_404(member_list(user=user), pk=pk)


def partner_users(*, member: NetworkMember):
    """The logins of a member facility (a partner klinik's doctors), by username; none for a named member."""
    if not member.facility_id:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(facility_id=member.facility_id).order_by("username")


def agreement_get(*, user, pk: int) -> Agreement:
    require_manager(user)
    return get_object_or_404(Agreement.objects.filter(scope.facility_q(user, "member__puskesmas")), pk=pk)


def agreement_alerts(*, user, today: dt.date | None = None) -> list[Agreement]:
    """Agreements expired or ending within 60 days, latest per member only (a renewed MoU silences the old one)."""
    today = today or timezone.localdate()
    members = member_list(user=user)
    alerts = []
    for member in members:
        latest = max(member.agreements.all(), key=lambda a: a.ends_on, default=None)
        if latest and latest.days_left(today) <= EXPIRY_WARNING_DAYS:
            alerts.append(latest)
    return sorted(alerts, key=lambda a: a.ends_on)


def pathway_list(*, user) -> QuerySet[Pathway]:
    require_manager(user)
    return (Pathway.objects.filter(scope.facility_q(user, "puskesmas")).select_related("puskesmas")
            .annotate(member_count=Count("members", distinct=True)))


def pathway_get(*, user, pk: int) -> Pathway:
    require_manager(user)
    queryset = (Pathway.objects.filter(scope.facility_q(user, "puskesmas")).select_related("puskesmas")
                .prefetch_related(Prefetch("members", NetworkMember.objects.select_related("facility")),
                                  Prefetch("steps__member"), Prefetch("team", TeamMember.objects.select_related("member")),
                                  Prefetch("tasks", Task.objects.select_related("assignee")),
                                  Prefetch("monitorings", Monitoring.objects.select_related("recorded_by"))))
    return get_object_or_404(queryset, pk=pk)


def task_get(*, user, pk: int) -> Task:
    require_manager(user)
    return get_object_or_404(Task.objects.filter(scope.facility_q(user, "pathway__puskesmas")).select_related("pathway"), pk=pk)


def checklist(*, user) -> list[tuple[Facility, list[ChecklistItem | None]]]:
    """Every Pustu and Posyandu in scope with its integration item per area (in ChecklistArea order; None: not yet)."""
    require_manager(user)
    facilities = (Facility.objects.filter(scope.facility_q(user), kind__in=[Facility.Kind.PUSTU, Facility.Kind.POSYANDU])
                  .select_related("parent").prefetch_related("integration_items").order_by("parent__name", "kind", "name"))
    rows = []
    for facility in facilities:
        items = {item.area: item for item in facility.integration_items.all()}
        rows.append((facility, [items.get(area) for area in ChecklistArea.values]))
    return rows


def checklist_facility_get(*, user, pk: int) -> Facility:
    require_manager(user)
    return get_object_or_404(Facility.objects.filter(scope.facility_q(user), kind__in=[Facility.Kind.PUSTU, Facility.Kind.POSYANDU]),
                             pk=pk)


def priority_indicators() -> list[tuple[str, str]]:
    """Indicators a priority problem can be identified from (code, name)."""
    return [(code, indicator.name) for code, indicator in indicator_registry().items()]


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: Decimal | None
    value: Decimal | None


def indicator_figure(*, puskesmas: Facility, code: str, year: int, month: int) -> Figure:
    """The indicator over the Puskesmas wilayah at a month, by the PWS engine: every facility's facts, a person once."""
    indicator = indicator_registry()[code]
    total = pws.aggregate(indicator, pws.compute(indicator, year=year, month=month, desa=indicator_selectors.desa_in_scope_code(puskesmas.code)),
                          name=puskesmas.name)
    return Figure(total.numerator, total.denominator, total.value)


def served_by_facility(*, puskesmas: Facility, code: str, year: int, month: int) -> list[tuple[str, int]]:
    """People counted in the indicator's numerator, per facility that served them (one person may be in two rows).

    A breakdown for the monitoring team, not the indicator: the indicator itself counts a person once.
    """
    indicator = indicator_registry()[code]
    count, period = indicator.numerator, engine.month_period(year, month, cumulative=indicator.period == "cumulative_year")
    facts = Fact.objects.filter(kind=count.kind, date__range=(period.start, period.end), desa__in=puskesmas.wilayah.all())
    if count.codes:
        facts = facts.filter(code__in=count.codes)
    if count.age_days[0] is not None:
        facts = facts.filter(age_days__gte=count.age_days[0])
    if count.age_days[1] is not None:
        facts = facts.filter(age_days__lt=count.age_days[1])
    rows = facts.values("facility__name").annotate(people=Count("person", distinct=True)).order_by("-people")
    return [(row["facility__name"] or "—", row["people"]) for row in rows]


def partner_facilities(*, puskesmas: Facility) -> QuerySet[Facility]:
    """Facilities that can join as a member: the Puskesmas' own Pustu/Posyandu and any FKTP/FKRTL of the kab/kota."""
    kabkota = puskesmas.region.code[:5] + "."
    return Facility.objects.filter(Q(parent=puskesmas) | Q(kind__in=["klinik", "dpm", "lab", "fkrtl"], region__code__startswith=kabkota)
                                   ).order_by("kind", "name")


def workshop_attendance(*, members: list[NetworkMember], since: dt.date) -> dict[int, tuple[int, int]]:
    """Per member: (lokakarya mini attended, lokakarya mini held by its Puskesmas) since a date (seed 001 C.4.c).

    Attendance is recorded by ilp.management on the lokakarya's sheet: a jejaring facility by `member_facility`,
    anyone else by the institution written on the sheet, matched to the member's name.
    """
    from ilp.management.models import Attendee, Workshop

    puskesmas_ids = {m.puskesmas_id for m in members}
    held = dict(Workshop.objects.filter(facility_id__in=puskesmas_ids, held_on__gte=since).values("facility_id")
                .annotate(n=Count("pk")).values_list("facility_id", "n"))
    sheet = list(Attendee.objects.filter(workshop__facility_id__in=puskesmas_ids, workshop__held_on__gte=since)
                 .values_list("workshop_id", "workshop__facility_id", "member_facility_id", "institution"))
    result = {}
    for member in members:
        attended = {workshop for workshop, puskesmas, facility, institution in sheet if puskesmas == member.puskesmas_id and (
            (member.facility_id and facility == member.facility_id) or institution.strip().lower() == member.name.lower())}
        result[member.pk] = (len(attended), held.get(member.puskesmas_id, 0))
    return result
