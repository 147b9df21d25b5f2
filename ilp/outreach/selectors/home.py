"""Reads for home visits: a family's PIS-PK surveys, IKS per desa and Puskesmas, and the kader's visit plan."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from ilp.accounts import scope
from ilp.facilities.models import Facility
from ilp.packages.models import PackageRecord
from ilp.people.models import Family
from ilp.regions.models import Region

from .. import pispk
from ..choices import IksCategory
from ..models import FamilySurvey
from .posyandu import absent_sasaran, balita_list, lansia_list, pregnant_list, residents, session_list


def survey_list(*, family: Family):
    """A family's PIS-PK surveys, newest first (the caller has read the family through its selector)."""
    return FamilySurvey.objects.filter(family=family).select_related("recorded_by").order_by("-visit_date", "-recorded_at")


@dataclass
class IksRow:
    """Families registered and surveyed in an area, by IKS category; IKS of the area = sehat / surveyed."""

    name: str
    registered: int = 0
    surveyed: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def iks(self) -> Decimal | None:
        if not self.surveyed:
            return None
        return (Decimal(self.counts[IksCategory.SEHAT]) / self.surveyed).quantize(Decimal("0.001"), ROUND_HALF_UP)

    @property
    def category(self) -> str:
        return pispk.category(self.iks)

    def add(self, other: "IksRow") -> None:
        self.registered += other.registered
        self.surveyed += other.surveyed
        for key, n in other.counts.items():
            self.counts[key] += n


def latest_surveys(*, user) -> list[FamilySurvey]:
    """Each family's latest survey inside the user's area (aggregates: regional roles may read them)."""
    surveys = (FamilySurvey.objects.filter(scope.region_q(user, "family__desa"))
               .order_by("family_id", "-visit_date", "-recorded_at").values_list("family_id", "family__desa_id", "category",
                                                                                 "answers"))
    latest, seen = [], set()
    for family_id, desa_id, category, answers in surveys:
        if family_id not in seen:
            seen.add(family_id)
            latest.append((desa_id, category, answers))
    return latest


def iks_summary(*, user) -> dict:
    """IKS per desa and per Puskesmas of the user's area, and the coverage of each of the 12 indicators."""
    desa_rows: dict[int, IksRow] = {}
    desa_q = scope.region_q(user, "desa")
    for desa_id, n in Family.objects.filter(desa_q).values_list("desa_id").annotate(n=Count("id")).order_by():
        desa_rows.setdefault(desa_id, IksRow("")).registered = n
    coverage = {i.code: [0, 0] for i in pispk.INDICATORS}
    for desa_id, category, answers in latest_surveys(user=user):
        row = desa_rows.setdefault(desa_id, IksRow(""))
        row.surveyed += 1
        row.counts[category] += 1
        for code, answer in answers.items():
            if code in coverage and answer in (pispk.YA, pispk.TIDAK):
                coverage[code][0 if answer == pispk.YA else 1] += 1
    names = dict(Region.objects.filter(pk__in=desa_rows).values_list("pk", "name"))
    for desa_id, row in desa_rows.items():
        row.name = names.get(desa_id, "")
    puskesmas_rows = []
    for puskesmas in Facility.objects.filter(scope.facility_q(user), kind=Facility.Kind.PUSKESMAS).prefetch_related("wilayah"):
        total = IksRow(puskesmas.name)
        for desa in puskesmas.wilayah.all():
            if desa.pk in desa_rows:
                total.add(desa_rows[desa.pk])
        puskesmas_rows.append(total)
    indicators = [(i, ya, tidak, round(100 * ya / (ya + tidak), 1) if ya + tidak else None)
                  for i, (ya, tidak) in ((i, coverage[i.code]) for i in pispk.INDICATORS)]
    return {"desa": sorted(desa_rows.values(), key=lambda r: r.name), "puskesmas": puskesmas_rows,
            "indicators": indicators}


KN_WINDOWS = (("KN1", 0, 2), ("KN2", 3, 7), ("KN3", 8, 28))


def visit_plan(*, user, posyandu: Facility, on: dt.date) -> dict:
    """Whom the kader visits at home: balita who missed the Posyandu, bumil near term, newborns in a KN window, lansia."""
    sessions = list(session_list(user=user, posyandu=posyandu).filter(date__year=on.year, date__month=on.month))
    if sessions:
        missed = absent_sasaran(user=user, session=sessions[0])["balita"]
    else:
        first = on.replace(day=1)
        weighed = set(PackageRecord.objects.filter(package_id="balita", status=PackageRecord.Status.FINAL,
                                                   service_date__range=(first, on)).values_list("patient_id", flat=True))
        missed = [p for p in balita_list(user=user, posyandu=posyandu, on=on) if p.pk not in weighed]
    near_term = [(p, hpl) for p, hpl in pregnant_list(user=user, posyandu=posyandu, on=on)
                 if hpl and hpl <= on + dt.timedelta(days=30)]
    newborns = []
    babies = residents(user=user, posyandu=posyandu).filter(birth_date__gte=on - dt.timedelta(days=28), birth_date__lte=on)
    done = defaultdict(set)
    for patient_id, computed in PackageRecord.objects.filter(
            patient__in=babies, package_id="neonatal", status=PackageRecord.Status.FINAL).values_list("patient_id", "computed"):
        done[patient_id].add(computed.get("kn"))
    for baby in babies:
        age = (on - baby.birth_date).days
        slot = next(s for s, first_day, last_day in KN_WINDOWS if first_day <= age <= last_day)
        if slot not in done[baby.pk]:
            newborns.append((baby, slot))
    visited = set(PackageRecord.objects.filter(package_id="kunjungan_rumah_lansia", status=PackageRecord.Status.FINAL,
                                               service_date__gte=on - dt.timedelta(days=90))
                  .values_list("patient_id", flat=True))
    lansia = [p for p in lansia_list(user=user, posyandu=posyandu, on=on) if p.pk not in visited]
    return {"missed": missed, "near_term": near_term, "newborns": newborns, "lansia": lansia}


def home_records(*, patient_ids: list[int]):
    """Home-visit checklists recorded for these people (already read through their family), newest first."""
    return (PackageRecord.objects.filter(patient_id__in=patient_ids, package_id__startswith="kunjungan_rumah_",
                                         status=PackageRecord.Status.FINAL)
            .select_related("patient", "performer").order_by("-service_date", "-recorded_at"))


def family_follow_ups(*, user, patient_ids: list[int]):
    """Open tindak lanjut of these people (already read through their family), from the user's inbox."""
    from ilp.visits import selectors as visit_selectors

    return visit_selectors.follow_up_list(user=user).filter(patient_id__in=patient_ids).order_by("-created_at")


def family_for_visit(*, user, pk: int) -> Family:
    """A household in scope for a home visit; regional roles are told they see aggregates only."""
    from django.core.exceptions import PermissionDenied

    from ilp.people import selectors as people_selectors

    if not user.sees_patients:
        raise PermissionDenied(people_selectors.AGGREGATES_ONLY)
    return people_selectors.family_get(user=user, pk=pk)
