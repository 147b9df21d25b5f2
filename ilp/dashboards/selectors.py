"""Aggregates for the home dashboard: counts only, so every role may see them for its own scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ilp.accounts import scope
from ilp.facilities.models import Facility
from ilp.people.models import Family, Patient

AGE_BANDS = [(0, 4), (5, 9), (10, 14), (15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49),
             (50, 54), (55, 59), (60, 64), (65, 69), (70, 74), (75, 120)]


def _patients(user):
    # Aggregates follow the area (desa) the user oversees; facility staff their wilayah kerja.
    return Patient.objects.filter(scope.region_q(user, "desa"), merged_into__isnull=True)


@dataclass(frozen=True)
class Summary:
    patients: int
    families: int
    registered_today: int
    registered_month: int
    facilities: list[tuple[str, int]]


def home_summary(*, user) -> Summary:
    """Headline counts for the user's scope."""
    today = timezone.localdate()
    patients = _patients(user)
    counts = patients.aggregate(
        total=Count("id"),
        today=Count("id", filter=Q(created_at__date=today)),
        month=Count("id", filter=Q(created_at__date__gte=today.replace(day=1))),
    )
    by_kind = dict(Facility.objects.filter(scope.facility_q(user)).values_list("kind").annotate(n=Count("id")).order_by())
    facilities = [(label, by_kind[kind]) for kind, label in Facility.Kind.choices if kind in by_kind]
    return Summary(
        patients=counts["total"], families=Family.objects.filter(scope.region_q(user, "desa")).count(),
        registered_today=counts["today"], registered_month=counts["month"], facilities=facilities,
    )


def _years_before(on: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 Feb for 29 Feb in a common year)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def population_pyramid(*, user, on: dt.date | None = None) -> dict:
    """Residents by 5-year age band and sex, for the pyramid chart (counts, no names)."""
    on = on or timezone.localdate()
    aggregates = {}
    for low, high in AGE_BANDS:
        # Aged low..high completed years: born after the (high+1)th birthday cut-off, on or before the low-th.
        band = Q(birth_date__lte=_years_before(on, low), birth_date__gt=_years_before(on, high + 1))
        aggregates[f"m_{low}"] = Count("id", filter=band & Q(sex="M"))
        aggregates[f"f_{low}"] = Count("id", filter=band & Q(sex="F"))
    counts = _patients(user).aggregate(**aggregates)
    labels = [f"{low}–{high}" if high < 120 else f"{low}+" for low, high in AGE_BANDS]
    return {"labels": labels, "male": [counts[f"m_{low}"] for low, _ in AGE_BANDS],
            "female": [counts[f"f_{low}"] for low, _ in AGE_BANDS]}


def residents_by_desa(*, user, limit: int = 100) -> list[dict]:
    """Registered residents per desa, largest first."""
    return list(
        _patients(user).values("desa__name", "desa__parent__name").annotate(n=Count("id")).order_by("-n")[:limit]
    )
