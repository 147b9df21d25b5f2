"""The PWS map: each desa of the table drawn from its boundaries and coloured by its PWS status.

One map per kab/kota (each in its own projection); the SVG is built on the server, so the page
needs no tile server and no script, and it prints.
"""

from dataclasses import dataclass

from ilp.regions import geo
from ilp.regions.models import Region

from . import pws

COLOURS = {pws.BAIK: "#198754", pws.KURANG: "#ffc107", pws.CUKUP: "#ffc107", pws.JELEK: "#dc3545", "": "#e9ecef"}
LEGEND = [(pws.BAIK, "Baik: ≥ target, tren naik"), (pws.KURANG, "Kurang: ≥ target, tren turun"),
          (pws.CUKUP, "Cukup: < target, tren naik"), (pws.JELEK, "Jelek: < target, tren turun"),
          ("", "Tidak ada data / di luar tabel")]
MAX_MAPS = 6  # above this many kab/kota, drill down first


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    path: str
    fill: str
    status: str
    label: str        # tooltip: name, coverage, status
    label_x: str
    label_y: str
    in_table: bool


@dataclass(frozen=True)
class DesaMap:
    kabkota: Region
    source: str       # "dinkes" or "sintetis"
    shapes: list[MapShape]
    width: int = 600
    height: int = 440


def legend() -> list[tuple[str, str, str]]:
    return [(status, COLOURS[status], text) for status, text in LEGEND]


def desa_maps(rows) -> list[DesaMap] | None:
    """Maps for the kab/kota of these PWS rows (rows may be suppression.Shown); None when too many to draw."""
    by_code = {r.desa_code: r for r in rows if r.desa_code}
    kabkota_codes = sorted({code[:5] for code in by_code})
    if len(kabkota_codes) > MAX_MAPS:
        return None
    maps = []
    for kabkota in Region.objects.filter(code__in=kabkota_codes).order_by("code"):
        geojson, source = geo.boundaries(kabkota)
        shapes = []
        for shape in geo.to_svg_paths(geojson, focus=set(by_code) if len(by_code) < 40 else None):
            row = by_code.get(shape.code)
            status = (row.status or "") if row else ""
            if row:
                value = f"{row.value}%" if row.value is not None else "—"
                label = f"{shape.name or row.desa_name}: {value}, {row.status_label}"
            else:
                label = f"{shape.name}: di luar tabel"
            shapes.append(MapShape(shape.code, shape.name, shape.path, COLOURS[status], status, label,
                                   shape.label_x, shape.label_y, row is not None))
        maps.append(DesaMap(kabkota, source, shapes))
    return maps
