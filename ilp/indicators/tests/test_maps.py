"""The PWS desa map: generated boundaries until the Dinkes uploads GeoJSON; drawn as inline SVG coloured by status."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ilp.indicators import services
from ilp.regions import geo
from ilp.regions.models import BoundaryMap, Region


@pytest.fixture
def kabkota(db):
    return Region.objects.get(code="13.10")


def square(code: str, x: float, y: float, size: float = 0.01) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "properties": {"kode_desa": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def point_in(ring, x, y) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))) / 2


def test_generated_boundaries_give_every_desa_one_polygon_the_same_every_time(kabkota):
    first = geo.generated_boundaries(kabkota)
    geo._generated.cache_clear()
    again = geo.generated_boundaries(kabkota)
    desa = Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.").count()
    assert len(first["features"]) == desa and first == again
    assert all(f["properties"]["sintetis"] and f["geometry"]["type"] == "Polygon" for f in first["features"])
    assert all(area(f["geometry"]["coordinates"][0]) > 0 for f in first["features"])


def test_voronoi_cells_tile_the_outline_without_overlap():
    outline = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    points = [(1.0, 1.0), (3.0, 1.0), (1.0, 3.0), (3.0, 3.0), (2.0, 2.0)]
    cells = geo.voronoi_cells(points, outline)
    assert sum(area([*c, c[0]]) for c in cells) == pytest.approx(16.0)
    for (x, y), cell in zip(points, cells, strict=True):
        assert point_in([*cell, cell[0]], x, y)
    assert area([*cells[4], cells[4][0]]) == pytest.approx(2.0)  # the centre's cell is the diamond |x−2|+|y−2| ≤ 1


def test_svg_paths_fit_the_box(kabkota):
    shapes = geo.to_svg_paths(geo.generated_boundaries(kabkota), width=600, height=440)
    numbers = [float(n) for s in shapes for n in re.findall(r"-?\d+\.\d", s.path)]
    assert shapes and min(numbers) >= 0 and max(numbers) <= 600


def test_dinkes_uploads_geojson_that_replaces_the_generated_boundaries(dinkes, kabkota):
    desa = list(Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.").order_by("code")[:2])
    plain = desa[1].code.replace(".", "")
    content = json.dumps({"type": "FeatureCollection",
                          "features": [square(desa[0].code, 101.5, -1.0), square(plain, 101.52, -1.0)]}).encode()
    services.upload_boundaries(actor=dinkes, kabkota_code="", content=content)
    geojson, source = geo.boundaries(kabkota)
    assert source == "dinkes"
    assert [f["properties"]["kode_desa"] for f in geojson["features"]] == [desa[0].code, desa[1].code]


@pytest.mark.parametrize(("payload", "message"), [
    (b"{not json", "Berkas bukan JSON yang sah"),
    (json.dumps({"type": "Feature"}).encode(), geo.NOT_GEOJSON),
    (json.dumps({"type": "FeatureCollection", "features": [square("14.01.01.2001", 1, 1)]}).encode(), "bukan desa di"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": None}]}).encode(),
     "tidak punya kode desa"),
])
def test_a_wrong_upload_is_refused_with_the_reason_and_nothing_saved(dinkes, payload, message):
    with pytest.raises(ValidationError) as error:
        services.upload_boundaries(actor=dinkes, kabkota_code="", content=payload)
    assert message in " ".join(error.value.messages)
    assert not BoundaryMap.objects.exists()


def test_only_the_dinkes_or_admin_upload(bidan):
    with pytest.raises(ValidationError):
        services.upload_boundaries(actor=bidan, kabkota_code="13.10", content=b"{}")


def test_the_pws_page_draws_each_desa_of_the_puskesmas_coloured_with_a_legend(client, bidan, puskesmas):
    client.force_login(bidan)
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06"}).content.decode()
    svg = re.search(r'<svg viewBox="0 0 600 440".*?</svg>', page, re.S).group(0)
    wilayah = set(puskesmas.wilayah.values_list("code", flat=True))
    drawn = set(re.findall(r'data-desa="([\d.]+)"', svg))
    assert wilayah <= drawn
    assert 'data-testid="map-synthetic"' in page and 'data-testid="map-legend"' in page
    assert "tile" not in svg and "<script" not in svg


def test_upload_page_through_the_browser_form(client, dinkes):
    desa = Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.").order_by("code").first()
    client.force_login(dinkes)
    upload = SimpleUploadedFile("batas.geojson", json.dumps(
        {"type": "FeatureCollection", "features": [square(desa.code, 101.5, -1.0)]}).encode())
    response = client.post("/pws/batas-desa/", {"berkas": upload}, follow=True)
    assert "Batas 1 desa" in response.content.decode()
    page = client.get("/pws/", {"indikator": "k1", "wilayah": "13.10"}).content.decode()
    assert "batas dari Dinkes" in page
