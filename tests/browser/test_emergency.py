"""UGD in the real browser: an unidentified arrival (“Tn. X”), triage merah with vitals, a refused triage without a
level, identification on the same visit, the ICD-10 diagnosis, and disposition to a ward bed (seed 004 step b)."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ilp.emergency.models import EmergencyCase
from ilp.inpatient.services import set_ward_beds

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


def test_arrival_triage_identification_and_admission_from_ugd(page: Page, dokter, puskesmas, desa):
    set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=2)
    register(dokter, "Yusri Chaniago", sex="M", birth_date=dt.date(1984, 4, 12), desa=desa, serial=31)
    login(page, "dokter")
    page.goto("/ugd/")
    page.get_by_test_id("arrive-link").click()
    form = page.get_by_test_id("arrival-form")
    form.get_by_label("Keluhan utama / keadaan saat datang").fill("Tidak sadar setelah kecelakaan motor")
    form.get_by_label("Cara datang").select_option("polisi")
    form.get_by_label("Jenis kelamin").select_option("M")
    form.get_by_label("Perkiraan umur (tahun)").fill("40")
    form.get_by_role("button", name="Terima di UGD").click()
    expect(page.get_by_test_id("case-name")).to_have_text("Tn. X, ±40 th")

    triage = page.get_by_test_id("step-triase")
    triage.get_by_label("Tekanan darah sistolik (mmHg)").fill("85")
    triage.get_by_role("button", name="Simpan").click()  # no level chosen
    triage = page.get_by_test_id("step-triase")
    expect(triage).to_contain_text("Pilih level triase")
    expect(triage.get_by_label("Tekanan darah sistolik (mmHg)")).to_have_value("85")
    triage.get_by_label("1 · Merah — resusitasi, segera").check()
    triage.get_by_label("Tekanan darah diastolik (mmHg)").fill("55")
    triage.get_by_label("Nadi (/menit)").fill("128")
    triage.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").filter(has_text="Triase tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("observations")).to_contain_text("85/55")

    page.goto("/ugd/")
    expect(page.get_by_test_id("ugd-board").get_by_test_id("case-row").first).to_contain_text("MERAH")
    expect(page.get_by_test_id("ugd-board")).to_contain_text("belum teridentifikasi")
    page.get_by_role("link", name="Tn. X, ±40 th").click()

    identify = page.get_by_test_id("step-identitas")
    identify.get_by_label("Cari pasien").fill("yusri")
    identify.get_by_role("button", name="Cari").click()
    page.get_by_test_id("candidates").get_by_role("button", name="Ini pasiennya").click()
    expect(page.get_by_test_id("case-name")).to_have_text("Yusri Chaniago")

    exam = page.get_by_test_id("step-periksa")
    exam.get_by_label("Anamnesis").fill("Kecelakaan motor, sempat tidak sadar 5 menit")
    exam.get_by_label("Diagnosis (ICD-10 atau nama penyakit)").fill("S06.0")
    exam.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("diagnosis")).to_contain_text("S06.0 Concussion")

    disposition = page.get_by_test_id("step-disposisi")
    disposition.get_by_label("rawat inap", exact=True).check()
    disposition.get_by_label("Catatan / indikasi rawat / alasan rujukan").fill("Observasi cedera kepala ringan 24 jam")
    disposition.get_by_label("Tempat tidur (rawat inap)").select_option(label="Ruang Rawat Inap Umum · 1")
    shot(page, "ugd-disposisi")
    disposition.get_by_role("button", name="Simpan disposisi").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("rawat inap")
    page.get_by_test_id("admission-link").click()
    expect(page.get_by_test_id("admission-status")).to_contain_text("Ruang Rawat Inap Umum · 1")
    case = EmergencyCase.objects.get()
    assert (case.triage_level, case.visit.patient.name, case.admission.bed.code) == (1, "Yusri Chaniago", "1")
