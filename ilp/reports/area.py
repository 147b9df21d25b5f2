"""The area a report covers: its desa (by the user's scope or a CLI code) and how the title block names it."""

from dataclasses import dataclass

from ilp.facilities.models import Facility
from ilp.indicators.selectors import desa_in_scope, desa_in_scope_code
from ilp.regions.models import Region, normalize_code

LEVEL_LABELS = {Region.Level.PROVINSI: "Provinsi", Region.Level.KABKOTA: "Kabupaten/Kota",
                Region.Level.KECAMATAN: "Kecamatan", Region.Level.DESA: "Desa/Kelurahan"}


@dataclass(frozen=True)
class Area:
    """Desa counted, the title block lines, who signs and where (the kab/kota on the date line)."""

    desa: tuple[Region, ...]
    header: tuple[tuple[str, str], ...]
    signer: str
    place: str
    everywhere: bool = False  # the whole deployment: counts need no desa filter
    facility_ids: tuple[int, ...] = ()  # stock-holding facilities of a facility's own report (LPLPO)

    @property
    def desa_ids(self) -> list[int]:
        return [d.pk for d in self.desa]


def _region_lines(region: Region | None) -> list[tuple[str, str]]:
    """From the region up to its province, as the paper forms list them (kecamatan, kab/kota, provinsi)."""
    if region is None:
        return []
    chain = [region, *reversed(region.ancestors())]
    return [(LEVEL_LABELS[r.level], r.name) for r in chain if r.level in LEVEL_LABELS]


def _place(region: Region | None) -> str:
    kabkota = next((r for r in ([*region.ancestors(), region] if region else []) if r.level == Region.Level.KABKOTA), None)
    return kabkota.name.removeprefix("Kabupaten ").removeprefix("Kota ") if kabkota else ""


def facility_area(facility: Facility, desa: list[Region]) -> Area:
    """A Puskesmas (or its Pustu/Posyandu): the Puskesmas names the form, its kecamatan up to the province below."""
    puskesmas = facility.puskesmas
    lines = [("Puskesmas", puskesmas.name.removeprefix("Puskesmas ").removeprefix("UPT Puskesmas "))]
    if facility.pk != puskesmas.pk:
        lines.append((facility.get_kind_display(), facility.name))
    region = puskesmas.region
    lines += [line for line in _region_lines(region) if line[0] != LEVEL_LABELS[Region.Level.DESA]]
    # LPLPO: a Puskesmas reports its stock with its Pustu's (distribution between them is internal).
    stock = [facility.pk] if facility.kind == Facility.Kind.PUSTU else [
        puskesmas.pk, *puskesmas.children.filter(kind=Facility.Kind.PUSTU).values_list("pk", flat=True)]
    return Area(tuple(desa), tuple(lines), "Kepala Puskesmas", _place(region), facility_ids=tuple(stock))


def region_area(region: Region, desa: list[Region]) -> Area:
    """A Dinkes (or a region given on the command line): the region and everything above it."""
    signer = "Kepala Dinas Kesehatan" if region.level <= Region.Level.KABKOTA else "Kepala Puskesmas"
    return Area(tuple(desa), tuple(_region_lines(region)), signer, _place(region))


def area_for_user(user) -> Area:
    """The user's scope: a facility's wilayah kerja, a Dinkes region, or the whole deployment."""
    desa = desa_in_scope(user=user)
    if user.facility_id:
        return facility_area(user.facility, desa)
    if user.region_id:
        return region_area(user.region, desa)
    return Area(tuple(desa), (("Wilayah", "Seluruh wilayah"),), "Kepala Dinas Kesehatan", "", everywhere=bool(desa))


def area_for_code(code: str) -> Area:
    """`--scope`: a facility code (its wilayah kerja), a region code, or empty for the whole deployment."""
    desa = desa_in_scope_code(code)
    if not code:
        return Area(tuple(desa), (("Wilayah", "Seluruh wilayah"),), "Kepala Dinas Kesehatan", "", everywhere=True)
    facility = Facility.objects.filter(code=code).select_related("region", "parent").first()
    if facility:
        return facility_area(facility, desa)
    try:
        region = Region.objects.get(code=normalize_code(code))
    except (ValueError, Region.DoesNotExist):
        return Area((), (), "", "")
    return region_area(region, desa)
