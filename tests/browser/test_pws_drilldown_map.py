"""PWS in the browser: the Dinkes drills from its kab/kota to a Puskesmas and its desa, small counts read "<5",
the desa map is an inline SVG coloured by status with a legend; the Dinkes uploads real boundaries (GeoJSON)
and the map says they are official; the data quality page scores each desa."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory

from .conftest import login, shot

pytestmark = pytest.mark.browser
MONTH = "2025-06"


@pytest.fixture
def k1_records(puskesmas):
    """Two women with a first ANC contact in June 2025 in the first desa of Sitiung I, six in the second."""
    bidan = make_user("bidan", Role.BIDAN, facility=puskesmas)
    first, second = list(puskesmas.wilayah.order_by("code")[:2])
    for desa, n in ((first, 2), (second, 6)):
        for _ in range(n):
            woman = PatientFactory(desa=desa, sex="F", birth_date=dt.date(1994, 2, 2))
            record_package(actor=bidan, patient=woman, package_id="anc", service_date=dt.date(2025, 6, 12),
                           values={"hpht": dt.date(2025, 3, 1), "lila": Decimal("25"), "sbp": Decimal("115"),
                                   "dbp": Decimal("75")})
    return first, second


def test_dinkes_drills_down_to_the_desa_and_sees_the_map(page, dinkes, puskesmas, k1_records):
    first, second = k1_records
    login(page, "dinkes")
    page.goto(f"/pws/?indikator=k1&bulan={MONTH}")

    expect(page.get_by_test_id("trail")).to_contain_text("Kabupaten Dharmasraya")
    row = page.get_by_test_id(f"row-{puskesmas.code}")
    expect(row.locator("td").nth(2)).to_have_text("8")
    row.get_by_role("link", name=puskesmas.name).click()

    expect(page.get_by_test_id("trail")).to_contain_text(puskesmas.name)
    expect(page.get_by_test_id(f"row-{first.code}").locator("td").nth(2)).to_have_text("<5")
    # the 6 is hidden with it: otherwise the total (8) minus 6 would give the 2 back
    expect(page.get_by_test_id(f"row-{second.code}").locator("td").nth(2)).to_have_text("<5")
    expect(page.get_by_test_id("row-total").locator("td").nth(2)).to_have_text("8")
    expect(page.get_by_test_id("suppression-note")).to_be_visible()
    svg = page.locator("svg.pws-map").first
    expect(svg).to_be_visible()
    for desa in puskesmas.wilayah.all():
        path = svg.locator(f'path[data-desa="{desa.code}"]')
        expect(path).to_have_count(1)
    status = page.get_by_test_id(f"status-{second.code}").get_attribute("class")
    fill = svg.locator(f'path[data-desa="{second.code}"]').get_attribute("fill")
    assert ("pws-baik" in status) == (fill == "#198754")
    expect(page.get_by_test_id("map-legend")).to_contain_text("Jelek")
    expect(page.get_by_test_id("map-synthetic")).to_be_visible()
    shot(page, "pws-dinkes-puskesmas-peta")

    page.get_by_test_id("trail").get_by_role("link", name="Kabupaten Dharmasraya").click()
    expect(page.get_by_test_id(f"row-{puskesmas.code}")).to_be_visible()


def test_dinkes_uploads_official_boundaries(page, dinkes, puskesmas, tmp_path):
    desa = puskesmas.wilayah.order_by("code").first()
    ring = [[101.5, -1.0], [101.52, -1.0], [101.52, -0.98], [101.5, -0.98], [101.5, -1.0]]
    path = tmp_path / "batas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode_desa": desa.code.replace(".", "")}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
    login(page, "dinkes")
    page.goto("/pws/batas-desa/")
    page.set_input_files("#berkas", str(path))
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_text("Batas 1 desa Kabupaten Dharmasraya tersimpan.")).to_be_visible()
    page.goto(f"/pws/?indikator=k1&bulan={MONTH}&wilayah={puskesmas.code}")
    expect(page.get_by_text("batas dari Dinkes")).to_be_visible()
    expect(page.locator(f'svg.pws-map path[data-desa="{desa.code}"]')).to_have_count(1)

    bad = tmp_path / "salah.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kode_desa": "9999999999"}, '
                   '"geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}')
    page.goto("/pws/batas-desa/")
    page.set_input_files("#berkas", str(bad))
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_text("kode desa 99.99.99.9999 bukan desa di Kabupaten Dharmasraya")).to_be_visible()


def test_data_quality_page_scores_each_desa(page, dinkes, puskesmas, k1_records):
    login(page, "dinkes")
    page.goto(f"/mutu-data/?bulan={MONTH}")
    expect(page.get_by_role("heading", name="Skor per desa")).to_be_visible()
    first, _ = k1_records
    expect(page.get_by_test_id(f"desa-{first.code}")).to_contain_text("2")
    expect(page.get_by_test_id("quality-posyandu")).to_contain_text("Posyandu")
    shot(page, "mutu-data-dinkes")
