"""Desa boundaries as GeoJSON, and their drawing as an SVG (no tile server, no script).

No official desa boundary data ships with the project (the Kemendagri list in `idn-area-data`
has codes and names only). A kab/kota therefore gets *generated* boundaries until its Dinkes
uploads real ones: a Voronoi tessellation around desa points placed deterministically from
their codes (kecamatan around the kab/kota centre, desa around their kecamatan), clipped to a
rounded outline. They are labelled as such on every map (docs/decisions/0017).
"""

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError

from .models import Region

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
CODE_KEYS = ("kode_desa", "kode", "code", "kdepum", "KDEPUM", "kode_kemendagri")

NOT_GEOJSON = "Berkas bukan GeoJSON FeatureCollection."
NO_CODE = "Fitur ke-%(n)s tidak punya kode desa (properti kode_desa)."
NOT_POLYGON = "Fitur ke-%(n)s bukan Polygon/MultiPolygon."
OUTSIDE = "Fitur ke-%(n)s: kode desa %(code)s bukan desa di %(kabkota)s."
BAD_COORDINATES = "Fitur ke-%(n)s: koordinat tidak valid (bujur −180..180, lintang −90..90)."
EMPTY = "GeoJSON tidak berisi satu pun desa."


def _unit(*parts: str) -> float:
    """A number in [0, 1) fixed by the parts (the same on every machine, every run)."""
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _spiral(index: int, count: int, radius: float, key: str) -> tuple[float, float]:
    """The index-th point of a sunflower spiral (evenly spread in a disc), jittered by `key`."""
    r = radius * math.sqrt((index + 0.5) / max(count, 1))
    angle = index * GOLDEN_ANGLE + 0.6 * (_unit(key, "a") - 0.5)
    r *= 0.85 + 0.3 * _unit(key, "r")
    return r * math.cos(angle), r * math.sin(angle)


def _clip(polygon: list[tuple[float, float]], a: float, b: float, c: float) -> list[tuple[float, float]]:
    """Keep the part of `polygon` where a·x + b·y ≤ c (Sutherland–Hodgman against one half-plane)."""
    out = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        p_in, q_in = a * p[0] + b * p[1] <= c, a * q[0] + b * q[1] <= c
        if p_in:
            out.append(p)
        if p_in != q_in:
            dp, dq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
            t = dp / (dp - dq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def voronoi_cells(points: list[tuple[float, float]], outline: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The Voronoi cell of each point inside `outline`: the outline clipped by every perpendicular bisector."""
    cells = []
    for i, (x, y) in enumerate(points):
        cell = list(outline)
        for j, (u, v) in enumerate(points):
            if i == j or not cell:
                continue
            # Points nearer to (x, y) than to (u, v): 2(u−x)·X + 2(v−y)·Y ≤ u²+v²−x²−y².
            cell = _clip(cell, 2 * (u - x), 2 * (v - y), u * u + v * v - x * x - y * y)
        cells.append(cell)
    return cells


def _centre(kabkota_code: str) -> tuple[float, float]:
    """A nominal (lon, lat) for a kab/kota without real boundaries, inside Indonesia's extent."""
    return 96 + 44 * _unit(kabkota_code, "lon"), -10 + 15 * _unit(kabkota_code, "lat")


@dataclass(frozen=True)
class _Desa:
    code: str
    parent_code: str
    name: str


@lru_cache(maxsize=64)
def _generated(kabkota_code: str, desa_codes: tuple[tuple[str, str, str], ...]) -> dict:
    """Boundaries for (desa code, kecamatan code, name) of one kab/kota; cached by exactly those desa."""
    desa = [_Desa(*row) for row in desa_codes]
    kecamatan = sorted({d.parent_code for d in desa})
    size = 0.12 * math.sqrt(max(len(desa), 1))  # degrees: ~50 desa span about 0.85°
    lon0, lat0 = _centre(kabkota_code)
    centres = {code: _spiral(i, len(kecamatan), size * 0.8, code) for i, code in enumerate(kecamatan)}
    by_kecamatan: dict[str, list[_Desa]] = {}
    for d in desa:
        by_kecamatan.setdefault(d.parent_code, []).append(d)
    points = []
    for code, members in by_kecamatan.items():
        cx, cy = centres[code]
        spread = size * 0.9 / math.sqrt(max(len(kecamatan), 1))
        for i, d in enumerate(members):
            dx, dy = _spiral(i, len(members), spread, d.code)
            points.append((d, cx + dx, cy + dy))
    outline = [((size * (1.05 + 0.12 * _unit(kabkota_code, str(k)))) * math.cos(2 * math.pi * k / 40),
                (size * (1.05 + 0.12 * _unit(kabkota_code, str(k)))) * math.sin(2 * math.pi * k / 40)) for k in range(40)]
    cells = voronoi_cells([(x, y) for _d, x, y in points], outline)
    features = []
    for (d, _x, _y), cell in zip(points, cells, strict=True):
        ring = [[round(lon0 + x, 6), round(lat0 + y, 6)] for x, y in cell]
        ring.append(ring[0])
        features.append({"type": "Feature", "properties": {"kode_desa": d.code, "nama": d.name, "sintetis": True},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def generated_boundaries(kabkota: Region) -> dict:
    """Plausible, deterministic (not official) boundaries for every desa of a kab/kota."""
    rows = (Region.objects.filter(level=Region.Level.DESA, code__startswith=kabkota.code + ".")
            .order_by("code").values_list("code", "parent__code", "name"))
    return _generated(kabkota.code, tuple(rows))


def boundaries(kabkota: Region) -> tuple[dict, str]:
    """(GeoJSON, source) for a kab/kota: the Dinkes upload when there is one, else the generated set."""
    from .models import BoundaryMap

    uploaded = BoundaryMap.objects.filter(kabkota=kabkota).first()
    if uploaded:
        return uploaded.geojson, "dinkes"
    return generated_boundaries(kabkota), "sintetis"


def _code_of(properties: dict) -> str:
    for key in CODE_KEYS:
        if properties.get(key) not in (None, ""):
            raw = str(properties[key]).strip()
            digits = raw.replace(".", "")
            if digits.isdigit() and len(digits) == 10:
                return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
            return raw
    return ""


def _rings(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return geometry.get("coordinates") or []
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry.get("coordinates") or [] for ring in polygon]
    return []


def validate(geojson, *, kabkota: Region) -> dict:
    """Check an uploaded FeatureCollection: polygons, lon/lat, every feature a desa of `kabkota`.

    Returns it normalised (properties reduced to kode_desa and nama); raises ValidationError listing
    the first problems.
    """
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection" or not isinstance(geojson.get("features"), list):
        raise ValidationError(NOT_GEOJSON)
    names = dict(Region.objects.filter(level=Region.Level.DESA, code__startswith=kabkota.code + ".").values_list("code", "name"))
    errors, features = [], []
    for n, feature in enumerate(geojson["features"], start=1):
        properties = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry") or {}
        code = _code_of(properties)
        if not code:
            errors.append(NO_CODE % {"n": n})
        elif code not in names:
            errors.append(OUTSIDE % {"n": n, "code": code, "kabkota": kabkota.name})
        elif not _rings(geometry):
            errors.append(NOT_POLYGON % {"n": n})
        elif not all(_valid_ring(ring) for ring in _rings(geometry)):
            errors.append(BAD_COORDINATES % {"n": n})
        else:
            features.append({"type": "Feature", "properties": {"kode_desa": code, "nama": names[code]},
                             "geometry": {"type": geometry["type"], "coordinates": geometry["coordinates"]}})
        if len(errors) >= 10:
            break
    if errors:
        raise ValidationError(errors)
    if not features:
        raise ValidationError(EMPTY)
    return {"type": "FeatureCollection", "features": features}


def _valid_ring(ring) -> bool:
    try:
        return len(ring) >= 3 and all(-180 <= float(p[0]) <= 180 and -90 <= float(p[1]) <= 90 for p in ring)
    except (TypeError, ValueError, IndexError):
        return False


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str       # SVG path data in the map's own units
    label_x: str    # SVG numbers as text: a template would localise a float ("12,5")
    label_y: str


def to_svg_paths(geojson: dict, *, width: int = 600, height: int = 440, pad: int = 8,
                 focus: set[str] | None = None) -> list[Shape]:
    """Project lon/lat (equirectangular, x scaled by cos of the mid latitude) into a width × height box.

    With `focus`, the box fits those desa (the neighbours around them are still drawn, cut at the edge).
    """
    rings_by_feature = [(_code_of(f.get("properties") or {}), (f.get("properties") or {}).get("nama", ""), _rings(f["geometry"]))
                        for f in geojson.get("features", [])]
    fitted = [item for item in rings_by_feature if item[0] in focus] if focus else []
    points = [p for _c, _n, rings in (fitted or rings_by_feature) for ring in rings for p in ring]
    if not points:
        return []
    lons, lats = [float(p[0]) for p in points], [float(p[1]) for p in points]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = max((max(lons) - min(lons)) * kx, 1e-9), max(max(lats) - min(lats), 1e-9)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    off_x = pad + ((width - 2 * pad) - span_x * scale) / 2
    off_y = pad + ((height - 2 * pad) - span_y * scale) / 2

    def xy(p) -> tuple[float, float]:
        return off_x + (float(p[0]) - min(lons)) * kx * scale, off_y + (max(lats) - float(p[1])) * scale

    shapes = []
    for code, name, rings in rings_by_feature:
        parts, xs, ys = [], [], []
        for ring in rings:
            projected = [xy(p) for p in ring]
            xs += [x for x, _ in projected]
            ys += [y for _, y in projected]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + " Z")
        if parts:
            shapes.append(Shape(code, name, " ".join(parts), f"{sum(xs) / len(xs):.1f}", f"{sum(ys) / len(ys):.1f}"))
    return shapes
