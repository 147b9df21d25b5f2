"""The Beranda: aggregate counts and the population pyramid, for clinic staff and for Dinkes."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import login, register, shot

pytestmark = pytest.mark.browser

CHART_CREATED = "Chart.getChart(document.getElementById('pyramid')) !== undefined"


@pytest.fixture
def residents(pendaftaran, desa):
    born = [("Siti Aminah", "F", dt.date(1988, 3, 14)), ("Budi Hartono", "M", dt.date(1979, 7, 25)),
            ("Andi Saputra", "M", dt.date(2016, 1, 9))]
    return [register(pendaftaran, name, sex=sex, birth_date=birth, desa=desa, serial=n)
            for n, (name, sex, birth) in enumerate(born, start=1)]


def stat(page, label: str):
    return page.get_by_test_id("summary").locator(".card-body", has_text=label).locator(".stat-value")


def pyramid_drawn(page) -> None:
    canvas = page.locator("canvas#pyramid")
    expect(canvas).to_be_visible()
    page.wait_for_function(f"window.Chart !== undefined && {CHART_CREATED}")
    box = canvas.bounding_box()
    assert box["width"] > 0 and box["height"] > 0
    size = page.evaluate("(() => { const c = document.getElementById('pyramid'); return [c.width, c.height]; })()")
    assert size[0] > 0 and size[1] > 0
    assert page.evaluate(CHART_CREATED) is True


def test_home_pyramid_chart_is_rendered_by_chartjs(page, pendaftaran, residents):
    login(page, "pendaftaran")

    pyramid_drawn(page)
    data = page.evaluate("Chart.getChart(document.getElementById('pyramid')).data.datasets.map(d => d.data)")
    male, female = data
    assert sum(-v for v in male) == 2 and sum(female) == 1
    expect(stat(page, "Penduduk terdaftar")).to_have_text("3")
    shot(page, "beranda-piramida")


def test_dinkes_sees_aggregates_but_no_patient_pages(page, dinkes, residents):
    login(page, "dinkes")

    expect(page.get_by_test_id("whoami")).to_contain_text("Budi Santoso · Dinkes Kabupaten/Kota")
    expect(page.get_by_text("data agregat, tanpa nama")).to_be_visible()
    expect(stat(page, "Penduduk terdaftar")).to_have_text("3")
    expect(stat(page, "Keluarga")).to_have_text("0")
    expect(stat(page, "Pendaftaran hari ini")).to_have_text("3")
    pyramid_drawn(page)
    nav = page.get_by_role("navigation").first
    expect(nav.get_by_role("link", name="Beranda")).to_be_visible()
    expect(nav.get_by_role("link", name="Pasien")).to_have_count(0)
    expect(nav.get_by_role("link", name="Keluarga")).to_have_count(0)
    expect(page.get_by_text("Siti Aminah")).to_have_count(0)
    shot(page, "beranda-dinkes")

    response = page.goto("/pasien/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("403")
    expect(page).to_have_url(re.compile(r"/pasien/$"))
    shot(page, "dinkes-pasien-403")


def test_the_403_page_explains_itself_in_indonesian(page, dinkes):
    login(page, "dinkes")

    page.goto("/pasien/")

    expect(page.get_by_text("Peran Anda hanya melihat data agregat, bukan data pasien.")).to_be_visible(timeout=1_000)
    expect(page.get_by_role("link", name="Beranda", exact=True)).to_be_visible(timeout=1_000)
