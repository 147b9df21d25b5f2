"""Sasaran (yearly target populations) per desa: the Dinkes figure where uploaded, else an estimate.

Estimates follow DOMAIN.md §6.2 (PWS-KIA): live births = CBR × P; ibu hamil = 1.10 × CBR × P;
ibu bersalin = ibu nifas = 1.05 × CBR × P; surviving infants = live births × (1 − IMR). Age
groups (baduta, balita, 15–59, lansia) are counted from the resident register at 1 July.
P is the registered population of the desa (project decision: the register is what a Puskesmas
has; an official projection uploaded by the Dinkes replaces it). Every figure says its source.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q

from ilp.people.models import Patient

from .models import Sasaran

FACTORS = {"lahir_hidup": Decimal("1"), "bumil": Decimal("1.10"), "bersalin": Decimal("1.05"), "nifas": Decimal("1.05")}
AGE_GROUPS = {  # completed years at 1 July: [from, to)
    "baduta": (0, 2), "balita": (0, 5), "usia_15_59": (15, 60), "lansia": (60, 200), "penduduk": (0, 200),
}


@dataclass(frozen=True)
class Figure:
    value: Decimal
    source: str  # "dinkes" or "estimasi"


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def register_counts(*, year: int, desa_ids: list[int]) -> dict[str, dict[int, int]]:
    """Residents per desa by age group at 1 July of `year` (merged duplicates excluded)."""
    midyear = dt.date(year, 7, 1)
    aggregates = {group: Count("id", filter=Q(birth_date__lte=_years_before(midyear, low), birth_date__gt=_years_before(midyear, high)))
                  for group, (low, high) in AGE_GROUPS.items()}
    rows = (Patient.objects.filter(desa_id__in=desa_ids, merged_into__isnull=True).values("desa_id")
            .annotate(**aggregates).order_by())
    counts = {group: {} for group in AGE_GROUPS}
    for row in rows:
        for group in AGE_GROUPS:
            counts[group][row["desa_id"]] = row[group]
    return counts


def estimate(group: str, *, population: int) -> Decimal:
    cbr = Decimal(str(settings.ILP_CBR_PER_1000)) / 1000
    if group == "bayi":
        return (cbr * population * (1 - Decimal(str(settings.ILP_IMR_PER_1000)) / 1000)).quantize(Decimal("0.01"))
    return (FACTORS[group] * cbr * population).quantize(Decimal("0.01"))


def sasaran_for(*, year: int, group: str, desa_ids: list[int], memo: dict | None = None) -> dict[int, Figure]:
    """The sasaran of `group` per desa: the Dinkes figure where there is one, otherwise the estimate.

    `memo` (kept by the caller for one page or batch) counts the register once for every group.
    """
    official = {s.desa_id: s.value for s in Sasaran.objects.filter(year=year, group=group, desa_id__in=desa_ids,
                                                                  source=Sasaran.Source.DINKES)}
    if memo is None:
        counts = register_counts(year=year, desa_ids=[d for d in desa_ids if d not in official])
    else:
        key = ("register", year, tuple(desa_ids))
        if key not in memo:
            memo[key] = register_counts(year=year, desa_ids=list(desa_ids))
        counts = memo[key]
    figures = {desa: Figure(value, "dinkes") for desa, value in official.items()}
    for desa in desa_ids:
        if desa in figures:
            continue
        if group in AGE_GROUPS:
            figures[desa] = Figure(Decimal(counts[group].get(desa, 0)), "estimasi")
        else:
            figures[desa] = Figure(estimate(group, population=counts["penduduk"].get(desa, 0)), "estimasi")
    return figures
