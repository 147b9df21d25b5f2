"""Drill-down areas: Nasional → Provinsi → Kab/Kota → Puskesmas → desa, within what a user may see.

An area is a node of that ladder; its desa are what an indicator is computed over, and its
children are the next rung (a Puskesmas' children are the desa of its wilayah kerja). A user
starts at the top of their own scope and can only open areas whose desa lie inside it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from ilp.facilities.models import Facility
from ilp.regions.models import Region, normalize_code

from . import pws, selectors

NASIONAL, PROVINSI, KABKOTA, PUSKESMAS, DESA = "nasional", "provinsi", "kabkota", "puskesmas", "desa"
LEVEL_LABELS = {NASIONAL: "Nasional", PROVINSI: "Provinsi", KABKOTA: "Kab/Kota", PUSKESMAS: "Puskesmas", DESA: "Desa"}
_REGION_LEVELS = {Region.Level.PROVINSI: PROVINSI, Region.Level.KABKOTA: KABKOTA, Region.Level.DESA: DESA}
OUTSIDE_SCOPE = "Wilayah ini di luar cakupan Anda."


@dataclass(frozen=True)
class Area:
    level: str
    code: str   # region code, facility code, or "" for the nation
    name: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def title(self) -> str:
        """"Kabupaten Dharmasraya", "Puskesmas Sitiung I", "Desa Sitiung", "Nasional"."""
        if self.level == NASIONAL:
            return "Nasional"
        if self.level in (KABKOTA, PUSKESMAS):
            return self.name
        return f"{self.level_label} {self.name}"


def _region_area(region: Region) -> Area:
    level = _REGION_LEVELS.get(region.level)
    if level is None:  # a kecamatan is not a rung: its Puskesmas is
        raise PermissionDenied(OUTSIDE_SCOPE)
    return Area(level, region.code, region.name)


def root(*, user) -> Area:
    """The top of the user's scope."""
    if user.region_id:
        return _region_area(user.region)
    if user.facility_id:
        facility = user.facility
        if facility.kind == Facility.Kind.PUSKESMAS:
            return Area(PUSKESMAS, facility.code, facility.name)
        return _region_area(facility.region)  # a Pustu, a Posyandu: their own desa
    return Area(NASIONAL, "", "Indonesia")


def resolve(*, user, code: str) -> Area:
    """The area named by `code` (region or Puskesmas code), checked against the user's scope."""
    if not code:
        return root(user=user)
    facility = Facility.objects.filter(code=code, kind=Facility.Kind.PUSKESMAS).first()
    if facility:
        area = Area(PUSKESMAS, facility.code, facility.name)
    else:
        try:
            area = _region_area(Region.objects.get(code=normalize_code(code)))
        except (ValueError, Region.DoesNotExist):
            raise PermissionDenied(OUTSIDE_SCOPE) from None
    allowed = {d.pk for d in selectors.desa_in_scope(user=user)}
    if not allowed or not {d.pk for d in desa_of(area)} <= allowed:
        raise PermissionDenied(OUTSIDE_SCOPE)
    return area


def desa_of(area: Area) -> list[Region]:
    return selectors.desa_in_scope_code(area.code)


def path(*, user, area: Area) -> list[Area]:
    """The breadcrumb from the user's root down to `area`."""
    top = root(user=user)
    trail = [area]
    current = area
    while current != top and current.level != NASIONAL:
        current = _parent(current)
        if current is None:
            break
        trail.append(current)
    return list(reversed(trail))


def _parent(area: Area) -> Area | None:
    if area.level == PUSKESMAS:
        facility = Facility.objects.select_related("region").get(code=area.code)
        return _region_area(Region.objects.get(code=".".join(facility.region.code.split(".")[:2])))
    if area.level == DESA:
        facility = (Facility.objects.filter(kind=Facility.Kind.PUSKESMAS, wilayah__code=area.code).order_by("code").first())
        if facility:
            return Area(PUSKESMAS, facility.code, facility.name)
        return _region_area(Region.objects.get(code=".".join(area.code.split(".")[:2])))
    if area.level == KABKOTA:
        return _region_area(Region.objects.get(code=area.code.split(".")[0]))
    if area.level == PROVINSI:
        return Area(NASIONAL, "", "Indonesia")
    return None


def children(area: Area, desa: list[Region] | None = None) -> list[tuple[Area, list[Region]]]:
    """The next rung down with the desa of each child (for grouping one computation)."""
    desa = desa_of(area) if desa is None else desa
    if area.level == NASIONAL:
        names = dict(Region.objects.filter(level=Region.Level.PROVINSI).values_list("code", "name"))
        return _group(desa, lambda d: d.code[:2], lambda code: Area(PROVINSI, code, names.get(code, code)))
    if area.level == PROVINSI:
        names = dict(Region.objects.filter(level=Region.Level.KABKOTA, code__startswith=area.code + ".").values_list("code", "name"))
        return _group(desa, lambda d: d.code[:5], lambda code: Area(KABKOTA, code, names.get(code, code)))
    if area.level == KABKOTA:
        ids = {d.pk: d for d in desa}
        out = []
        puskesmas = Facility.objects.filter(kind=Facility.Kind.PUSKESMAS).filter(
            region__code__startswith=area.code + ".").prefetch_related("wilayah").order_by("name")
        for facility in puskesmas:
            members = [ids[r.pk] for r in facility.wilayah.all() if r.pk in ids]
            if members:
                out.append((Area(PUSKESMAS, facility.code, facility.name), sorted(members, key=lambda d: d.code)))
        return out
    if area.level == PUSKESMAS:
        return [(Area(DESA, d.code, d.name), [d]) for d in desa]
    return []


def _group(desa: list[Region], key, make) -> list[tuple[Area, list[Region]]]:
    groups: dict[str, list[Region]] = {}
    for d in desa:
        groups.setdefault(key(d), []).append(d)
    return [(make(code), members) for code, members in sorted(groups.items())]


@dataclass(frozen=True)
class Breakdown:
    area: Area
    rows: list[tuple[Area | None, pws.Row]]  # one per child (or per desa), with the child to drill into
    total: pws.Row | None
    desa_rows: list[pws.Row]                 # every desa of the area (the map colours these)


def breakdown(indicator, *, area: Area, year: int, month: int) -> Breakdown:
    """The indicator for each child of `area` and its total, from one computation over all its desa."""
    desa = desa_of(area)
    if not desa:
        return Breakdown(area, [], None, [])
    desa_rows = pws.compute(indicator, year=year, month=month, desa=desa)
    by_code = {r.desa_code: r for r in desa_rows}
    out: list[tuple[Area | None, pws.Row]] = []
    for child, members in children(area, desa):
        member_rows = [by_code[d.code] for d in members]
        out.append((child, member_rows[0] if child.level == DESA else pws.aggregate(indicator, member_rows, name=child.name)))
    if not out:  # a desa: its own row
        out = [(None, r) for r in desa_rows]
    return Breakdown(area, out, pws.aggregate(indicator, desa_rows, name=area.name), desa_rows)
