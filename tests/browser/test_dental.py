"""Poli Gigi in the browser: a patient referred from Klaster 3, the odontogram opened from the worklist, teeth
clicked on the SVG chart and set, an impossible status refused with its message, a filling recorded with its
ICD-10 diagnosis, DMF-T following every change."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.visits.services import refer_internally
from ilp.visits.tests.factories import serve, walk_to

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def dokter_gigi(puskesmas):
    return make_user("drg", Role.DOKTER, facility=puskesmas, first_name="Nadia", last_name="Putri")


def test_the_dentist_charts_teeth_and_records_a_filling(page: Page, dokter_gigi, desa):
    patient = register(dokter_gigi, "Rahmat Hidayat", sex="M", birth_date=dt.date(1990, 4, 2), desa=desa, serial=31)
    entry = walk_to(dokter_gigi, "klaster3", patient=patient, payer="umum")
    refer_internally(actor=dokter_gigi, entry=entry, to_code="gigi", reason="Gigi geraham berlubang", return_requested=True)
    at_gigi = serve(dokter_gigi, entry.visit, "gigi")

    login(page, "drg")
    page.goto(f"/antrean/gigi/?entry={at_gigi.pk}")
    page.get_by_test_id("open-odontogram").click()
    chart = page.get_by_test_id("odontogram")
    expect(chart.locator("a[data-tooth]")).to_have_count(52)
    expect(page.get_by_test_id("dmft")).to_contain_text("DMF-T 0")

    chart.locator('a[data-tooth="36"]').click()
    expect(page.locator("#gigi-form .card-header")).to_have_text("Gigi 36")
    page.get_by_label("Karies (gigi berlubang)").check()
    page.get_by_role("button", name="Simpan status gigi").click()
    expect(chart.locator('a[data-tooth="36"]')).to_have_attribute("data-status", "karies")
    expect(page.get_by_test_id("dmft")).to_contain_text("DMF-T 1")

    chart.locator('a[data-tooth="46"]').click()
    page.get_by_label("Hilang karena karies (sudah dicabut)").check()
    page.get_by_role("button", name="Simpan status gigi").click()
    expect(page.get_by_test_id("dmft")).to_contain_text("DMF-T 2")

    chart.locator('a[data-tooth="11"]').click()
    page.get_by_label("Persistensi gigi sulung").check()
    page.get_by_role("button", name="Simpan status gigi").click()
    expect(page.get_by_test_id("tooth-form")).to_contain_text("Persistensi hanya untuk gigi sulung (51–85); gigi 11 adalah gigi tetap.")
    expect(chart.locator('a[data-tooth="11"]')).to_have_attribute("data-status", "sehat")

    form = page.get_by_test_id("treatment-form")
    form.get_by_label("Tindakan (ICD-9-CM)").select_option("23.2")
    form.get_by_label("Nomor gigi").select_option("46")
    form.get_by_label("Diagnosis (ICD-10)").fill("K02.1")
    form.get_by_role("button", name="Catat tindakan").click()
    expect(form).to_contain_text("tidak bisa dilakukan")  # a lost tooth cannot be filled
    expect(form.get_by_label("Diagnosis (ICD-10)")).to_have_value("K02.1")

    form.get_by_label("Nomor gigi").select_option("36")
    form.get_by_role("button", name="Catat tindakan").click()
    expect(page.get_by_test_id("treatments")).to_contain_text("Tumpatan (penambalan) gigi")
    expect(page.get_by_test_id("treatments")).to_contain_text("K02.1")
    expect(chart.locator('a[data-tooth="36"]')).to_have_attribute("data-status", "tumpatan")
    expect(page.get_by_test_id("dmft")).to_contain_text("(D 0 · M 1 · F 1)")
    shot(page, "dental-odontogram")
