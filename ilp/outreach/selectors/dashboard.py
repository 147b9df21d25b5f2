"""Outreach per desa for one month (seed 000 Dashboard Utama, "Posyandu dan kunjungan rumah"): aggregates only.

Counts, never names, so the Dinkes reads them for its region as the Puskesmas reads them for its wilayah:
Posyandu sessions held and the people who came, SKDN (S, D, N with D/S and N/D, the same rules as the
Posyandu's SKDN page), home-visit checklists recorded, families surveyed and the IKS of the desa.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from ilp.accounts import scope
from ilp.indicators import suppression
from ilp.packages.models import PackageRecord
from ilp.people.models import Patient
from ilp.regions.models import Region

from .. import skdn as rules
from ..choices import IksCategory
from ..models import Attendance, FamilySurvey, PosyanduSession
from .home import IksRow, latest_surveys
from .posyandu import weighings_of

HOME_VISIT_PREFIX = "kunjungan_rumah_"


@dataclass
class DesaOutreach:
    """One desa's outreach in the month."""

    name: str
    sessions: int = 0
    attendance: int = 0
    skdn: Counter = field(default_factory=Counter)
    home_visits: int = 0
    families_surveyed: int = 0
    iks: object = None

    @property
    def d_s(self) -> float | None:
        return round(100 * self.skdn["D"] / self.skdn["S"], 1) if self.skdn["S"] else None

    @property
    def n_d(self) -> float | None:
        return round(100 * self.skdn[rules.N] / self.skdn["D"], 1) if self.skdn["D"] else None

    def add(self, other: "DesaOutreach") -> None:
        self.sessions += other.sessions
        self.attendance += other.attendance
        self.skdn.update(other.skdn)
        self.home_visits += other.home_visits
        self.families_surveyed += other.families_surveyed


def outreach_by_desa(*, user, year: int, month: int) -> dict:
    """Per desa of the user's area, and the total, for the month."""
    first, last = rules.month_bounds(year, month)
    area = scope.region_q(user, "desa")
    rows: dict[int, DesaOutreach] = defaultdict(lambda: DesaOutreach(""))
    sessions = PosyanduSession.objects.filter(scope.region_q(user, "posyandu__region"), date__range=(first, last))
    for desa_id, n in sessions.values_list("posyandu__region_id").annotate(n=Count("id")).order_by():
        rows[desa_id].sessions = n
    for desa_id, n in (Attendance.objects.filter(session__in=sessions).values_list("session__posyandu__region_id")
                       .annotate(n=Count("id")).order_by()):
        rows[desa_id].attendance = n
    _add_skdn(rows, area, year, month)
    for desa_id, n in (PackageRecord.objects.filter(scope.region_q(user, "patient__desa"), status=PackageRecord.Status.FINAL,
                                                    package_id__startswith=HOME_VISIT_PREFIX, service_date__range=(first, last))
                       .values_list("patient__desa_id").annotate(n=Count("id")).order_by()):
        rows[desa_id].home_visits = n
    for desa_id, n in (FamilySurvey.objects.filter(scope.region_q(user, "family__desa"), visit_date__range=(first, last))
                       .values_list("family__desa_id").annotate(n=Count("family_id", distinct=True)).order_by()):
        rows[desa_id].families_surveyed = n
    families: dict[int, IksRow] = defaultdict(lambda: IksRow(""))
    for desa_id, category, _answers in latest_surveys(user=user):
        families[desa_id].surveyed += 1
        families[desa_id].counts[category] += 1
    names = dict(Region.objects.filter(pk__in=set(rows) | set(families)).values_list("pk", "name"))
    total = DesaOutreach("Total", iks=IksRow("Total"))
    for desa_id in families:
        rows[desa_id].iks = families[desa_id]
        total.iks.add(families[desa_id])
    for desa_id, row in rows.items():
        row.name = names.get(desa_id, "")
        total.add(row)
    return {"desa": sorted(rows.values(), key=lambda r: r.name), "total": total}


def _add_skdn(rows: dict, area, year: int, month: int) -> None:
    """S, D, N, T, O, B per desa with the SKDN rules of the Posyandu page (DOMAIN.md §2), counted without names."""
    last = rules.month_bounds(year, month)[1]
    oldest = dt.date(year - 5, month, 1) - dt.timedelta(days=31)
    children = [(pk, desa_id, born) for pk, desa_id, born in Patient.objects.filter(
        area, merged_into__isnull=True, birth_date__gt=oldest, birth_date__lte=last).values_list("pk", "desa_id", "birth_date")
        if rules.is_balita(born, year, month)]
    weighings = weighings_of([pk for pk, _desa, _born in children], until=last)
    for pk, desa_id, born in children:
        counts = rows[desa_id].skdn
        counts["S"] += 1
        letter = rules.category(weighings.get(pk, []), birth_date=born, year=year, month=month)
        if letter:
            counts["D"] += 1
            counts[letter] += 1


# Person counts of the table (docs/decisions/0017 applies; sessions are events, not people, and are shown).
PERSON_COUNTS = {
    "attendance": lambda r: r.attendance, "S": lambda r: r.skdn["S"], "D": lambda r: r.skdn["D"],
    "N": lambda r: r.skdn[rules.N], "home_visits": lambda r: r.home_visits,
    "families_surveyed": lambda r: r.families_surveyed,
    # not shown, but IKS × families surveyed ever gives them back: hidden cells hide the IKS
    "sehat": lambda r: r.iks.counts[IksCategory.SEHAT] if r.iks else 0, "iks_surveyed": lambda r: r.iks.surveyed if r.iks else 0,
}
HIDDEN = "—"  # a cell of 5 or more hidden so that the small one beside it cannot be worked out from the total
DERIVED = {"d_s": ("S", "D"), "n_d": ("N", "D"), "iks": ("sehat", "iks_surveyed")}


@dataclass(frozen=True)
class ShownOutreach:
    """A row of the dashboard as the user may read it: each person count its number, "<5" or "—" (hidden to
    protect a small cell of its column), each
    percentage or IKS None when made from a hidden count."""

    name: str
    sessions: int
    cells: dict
    d_s: float | None
    n_d: float | None
    iks: object


def outreach_shown(data: dict, *, user) -> dict:
    """`outreach_by_desa` through ilp.indicators.suppression: for roles without patient names a person count
    of 1–4 reads "<5", and one hidden cell of a column hides the smallest other non-zero one (the total minus
    the shown cells never gives a hidden cell back); percentages made from a hidden count are hidden."""
    rows, total = data["desa"], data["total"]
    hidden: list[set[str]] = [set() for _ in rows]
    total_hidden: set[str] = set()
    if suppression.applies(user):
        for column, value in PERSON_COUNTS.items():
            for i in suppression.hidden_cells([value(r) for r in rows], value(total)):
                hidden[i].add(column)
            if suppression.small(value(total)):
                total_hidden.add(column)
    return {"desa": [_shown(r, h) for r, h in zip(rows, hidden, strict=True)], "total": _shown(total, total_hidden),
            "suppressed": suppression.applies(user)}


def _shown(row: DesaOutreach, hidden: set[str]) -> ShownOutreach:
    cells = {column: (suppression.SMALL if suppression.small(value(row)) else HIDDEN) if column in hidden else value(row)
             for column, value in PERSON_COUNTS.items()}
    derived = {name: None if hidden & set(parts) else getattr(row, name) if name != "iks" else (row.iks.iks if row.iks else None)
               for name, parts in DERIVED.items()}
    return ShownOutreach(row.name, row.sessions, cells, derived["d_s"], derived["n_d"], derived["iks"])
