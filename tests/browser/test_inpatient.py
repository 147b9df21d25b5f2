"""Rawat inap in the real browser: admission from a room to a free bed, a SOAP note, vitals on the chart, a discharge
dated before the admission refused, then the discharge and its printable resume."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ilp.inpatient.models import Admission
from ilp.inpatient.services import set_ward_beds

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


def test_admission_daily_note_and_discharge(page: Page, dokter, puskesmas, desa):
    set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=2)
    register(dokter, "Rosna Dewi", sex="F", birth_date=dt.date(1979, 8, 2), desa=desa, serial=41)
    login(page, "dokter")
    page.goto("/rawat-inap/")
    page.get_by_test_id("admit-link").click()
    page.get_by_label("Cari pasien").fill("rosna")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Pilih").click()
    expect(page.get_by_test_id("chosen-patient")).to_contain_text("Rosna Dewi")
    form = page.get_by_test_id("admit-form")
    form.get_by_label("Tempat tidur").select_option(label="Ruang Rawat Inap Umum · 2")
    form.get_by_label("Indikasi rawat inap").fill("Demam hari ke-5, trombosit turun")
    form.get_by_label("Diagnosis masuk (ICD-10)").fill("A97.9")
    form.get_by_role("button", name="Rawat inap").click()
    expect(page.get_by_test_id("admission-status")).to_contain_text("Ruang Rawat Inap Umum · 2")

    note = page.get_by_test_id("step-catatan")
    note.get_by_label("S — subjektif (keluhan)").fill("Demam, nyeri kepala")
    note.get_by_label("O — objektif (pemeriksaan)").fill("Suhu 38,6 °C, petekie")
    note.get_by_label("A — asesmen").fill("DBD derajat I")
    note.get_by_label("P — rencana").fill("Infus RL, cek trombosit besok")
    note.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("notes")).to_contain_text("DBD derajat I")

    vitals = page.get_by_test_id("step-vital")
    vitals.get_by_label("Suhu tubuh (°C)").fill("38.6")
    vitals.get_by_label("Nadi (/menit)").fill("104")
    vitals.get_by_label("Tekanan darah sistolik (mmHg)").fill("110")
    vitals.get_by_label("Tekanan darah diastolik (mmHg)").fill("70")
    vitals.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("vitals-table")).to_contain_text("38,6")  # Indonesian decimal comma
    expect(page.locator("#vitals-chart")).to_be_visible()

    admission = Admission.objects.get()
    discharge = page.get_by_test_id("step-pulang")
    before = (admission.admitted_at - dt.timedelta(days=2)).astimezone().strftime("%Y-%m-%dT%H:%M")
    discharge.get_by_label("Waktu keluar").fill(before)
    discharge.get_by_label("Keadaan keluar").select_option("pulang")
    discharge.get_by_label("Ringkasan perawatan").fill("Trombosit naik, demam turun")
    discharge.get_by_role("button", name="Pulangkan").click()
    discharge = page.get_by_test_id("step-pulang")
    expect(discharge).to_contain_text("tidak boleh sebelum waktu masuk")
    expect(discharge.get_by_label("Ringkasan perawatan")).to_have_value("Trombosit naik, demam turun")
    shot(page, "rawat-inap-pulang-ditolak")
    discharge.get_by_label("Waktu keluar").fill(dt.datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M"))
    discharge.get_by_role("button", name="Pulangkan").click()
    expect(page.get_by_test_id("admission-status")).to_contain_text("pulang (diizinkan dokter)")
    page.get_by_test_id("summary-link").click()
    expect(page.get_by_test_id("discharge-summary")).to_contain_text("RESUME MEDIS PASIEN PULANG RAWAT INAP")
    expect(page.get_by_test_id("discharge-summary")).to_contain_text("A97.9")
    shot(page, "rawat-inap-resume")
