"""Reads on SATUSEHAT deliveries, for the head of the Puskesmas and the administrator, in their scope."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts.models import Role
from ilp.accounts.scope import facility_q
from ilp.visits.models import Visit

from .contributors import kept_of
from .models import Delivery

VIEWERS = frozenset({Role.KEPALA_PUSKESMAS, Role.ADMIN})
ACCEPTED, REJECTED, WAITING = Delivery.Status.ACCEPTED, Delivery.Status.REJECTED, Delivery.Status.WAITING


def delivery_list(*, user) -> QuerySet[Delivery]:
    """Deliveries of the facilities in the user's scope; other roles may not look (403)."""
    if user.role not in VIEWERS:
        raise PermissionDenied
    return Delivery.objects.filter(facility_q(user, "facility"))


def daily_summary(*, user, days: int = 14, today: dt.date) -> list[dict]:
    """Per visit day: resources sent at least once, accepted, rejected and still waiting."""
    since = today - dt.timedelta(days=days - 1)
    return list(delivery_list(user=user).filter(visit__date__gte=since).values("visit__date").annotate(
        total=Count("id"), sent=Count("id", filter=Q(attempts__gt=0)), accepted=Count("id", filter=Q(status=ACCEPTED)),
        rejected=Count("id", filter=Q(status=REJECTED)), waiting=Count("id", filter=Q(status=WAITING)),
    ).order_by("-visit__date"))


@dataclass
class VisitStatus:
    visit: Visit
    counts: dict = field(default_factory=lambda: {ACCEPTED: 0, REJECTED: 0, WAITING: 0})
    reasons: list[str] = field(default_factory=list)
    blocked: int = 0  # waiting behind a refused Encounter
    kept: list[str] = field(default_factory=list)  # records of the visit that stay local, and why


def visit_statuses(*, user, day: dt.date) -> list[VisitStatus]:
    """Every visit of the day that has deliveries, with its counts and what to fix first."""
    rows = (delivery_list(user=user).filter(visit__date=day)
            .select_related("visit__patient", "depends_on").order_by("visit__number", "id"))
    found: dict[int, VisitStatus] = {}
    for row in rows:
        status = found.setdefault(row.visit_id, VisitStatus(visit=row.visit))
        status.counts[row.status] += 1
        if row.status == WAITING and row.depends_on_id and row.depends_on.status == REJECTED:
            status.blocked += 1
        if row.reason and row.reason not in status.reasons and row.status != ACCEPTED:
            status.reasons.append(row.reason)
    for visit_id, reasons in kept_of(Visit.objects.filter(pk__in=found)).items():
        found[visit_id].kept = reasons
    return sorted(found.values(), key=lambda s: (-s.counts[REJECTED], -s.counts[WAITING], s.visit.number))


def type_summary(*, user, day: dt.date) -> list[dict]:
    """Per resource type (Encounter, Observation, ..., MedicationDispense) of the day's visits: counts per state."""
    labels = dict(Delivery.Resource.choices)
    rows = (delivery_list(user=user).filter(visit__date=day).values("resource_type").annotate(
        accepted=Count("id", filter=Q(status=ACCEPTED)), rejected=Count("id", filter=Q(status=REJECTED)),
        waiting=Count("id", filter=Q(status=WAITING))).order_by())
    order = list(labels)
    return sorted(({**row, "label": labels.get(row["resource_type"], row["resource_type"])} for row in rows),
                  key=lambda row: order.index(row["resource_type"]) if row["resource_type"] in order else len(order))


def visit_get(*, user, pk: int) -> Visit:
    """A visit with deliveries in the user's scope (the same 404 for out of scope and missing)."""
    return get_object_or_404(Visit.objects.filter(pk__in=delivery_list(user=user).values("visit_id")), pk=pk)
