"""Surveillance in the browser: a doctor records a suspect measles case for a patient; the alert appears on the
home page and its own page; the Dinkes sees it on its home page without the patient's name."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR, first_name="Andi",
                     last_name="Pratama")


def test_a_suspect_measles_case_raises_an_alert_seen_by_the_puskesmas_and_the_dinkes(page, browser, live_server, dokter,
                                                                                       dinkes, desa):
    child = register(dokter, "Putri Anggraini", sex="F", birth_date=dt.date(2019, 4, 2), desa=desa, serial=31)
    login(page, "dokter")
    page.goto("/surveilans/")
    page.get_by_placeholder("Catat kasus bernama: cari pasien (nama, NIK, no. RM)").fill("Putri")
    page.get_by_role("button", name="Cari").click()
    page.get_by_test_id(f"case-for-{child.pk}").click()
    form = page.get_by_test_id("case-form")
    form.get_by_label("Penyakit (SKDR)").select_option("K")
    form.get_by_label("Tanggal (kasus ditemukan)").fill((timezone.localdate() + dt.timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tanggal tidak boleh di masa depan.")).to_be_visible()  # refused, nothing saved
    form.get_by_label("Tanggal (kasus ditemukan)").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("case")).to_contain_text("Putri Anggraini")

    page.goto("/")
    alerts = page.get_by_test_id("skdr-alerts")
    expect(alerts).to_contain_text("Suspek campak")
    expect(alerts).to_contain_text(desa.name)
    alerts.get_by_role("link", name="Suspek campak").click()
    expect(page.get_by_test_id("alert-status")).to_have_text("Baru, belum diverifikasi")
    expect(page.get_by_text("Putri Anggraini")).to_be_visible()
    shot(page, "surveillance-alert")
    page.goto("/surveilans/mingguan/")
    expect(page.get_by_test_id("weekly-table").locator('tr[data-disease="K"] td').nth(9)).to_contain_text("1")
    shot(page, "surveillance-weekly")

    other = browser.new_context(base_url=live_server.url, locale="id-ID")
    dinkes_page = other.new_page()
    login(dinkes_page, "dinkes")
    expect(dinkes_page.get_by_test_id("skdr-alerts")).to_contain_text("Suspek campak")
    dinkes_page.get_by_test_id("skdr-alerts").get_by_role("link", name="Suspek campak").click()
    step = dinkes_page.get_by_test_id("step-verifikasi")
    step.get_by_label("Catatan verifikasi").fill("Dikonfirmasi dengan petugas surveilans")
    step.get_by_role("button", name="Simpan").click()
    expect(dinkes_page.get_by_test_id("alert-status")).to_have_text("Diverifikasi")
    expect(dinkes_page.get_by_text("Putri Anggraini")).to_have_count(0)
    expect(dinkes_page).to_have_url(re.compile(r"/surveilans/sinyal/\d+/$"))
    other.close()
