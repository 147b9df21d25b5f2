"""Jejaring in the browser: the head of the Puskesmas records the partner klinik's PKS (a wrong end date is refused
first), opens an IQ-Care pathway for hypertension with the klinik, the klinik's doctor records hypertension control
through the package page, and the pathway's monitoring shows the figures computed from both facilities' records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.network import services
from ilp.network.choices import MemberKind
from ilp.network.models import Agreement
from ilp.network.tests.factories import ht_control, klinik, klinik_dokter
from ilp.people.tests.factories import PatientFactory

from .conftest import login, menu, shot, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(puskesmas, desa, settings, tmp_path):
    """Puskesmas: Ani uncontrolled (150/95), Budi controlled (130/80). The klinik is a member, without papers yet."""
    settings.MEDIA_ROOT = tmp_path
    kapus = make_user("kapus", Role.KEPALA_PUSKESMAS, facility=puskesmas, first_name="Kepala")
    perawat = make_user("perawat", Role.PERAWAT, facility=puskesmas)
    clinic = klinik(puskesmas)
    klinik_dokter(clinic)
    ani, budi, citra = (PatientFactory(desa=desa, birth_date=dt.date(1965 + n, 3, 1)) for n in range(3))
    today = timezone.localdate()
    ht_control(perawat, ani, today, 150, 95)
    ht_control(perawat, budi, today, 130, 80)
    member = services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=today)
    return {"member": member, "clinic": clinic, "ani": ani, "citra": citra}


def record_ht_control(page, patient, sbp: str, dbp: str) -> None:
    page.goto(f"/pasien/{patient.pk}/layanan/ptm_kontrol/")
    page.locator("[name=diagnosis]").select_option("HT")
    page.locator("[name=place]").select_option("puskesmas")
    page.locator("[name=sbp]").fill(sbp)
    page.locator("[name=dbp]").fill(dbp)
    page.locator("[name=education]").select_option("true")
    page.locator("[name=therapy]").select_option("farmakologi")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Hipertensi terkendali").first).to_be_visible()


def test_the_head_runs_an_iq_care_for_hypertension_with_a_partner_klinik(page, browser, live_server, setting, puskesmas):
    login(page, "kapus")
    menu(page, "Manajemen", "Jejaring")
    page.get_by_role("link", name=setting["clinic"].name).first.click()
    form = page.get_by_test_id("agreement-form")
    form.get_by_label("Jenis dokumen").select_option("pks")
    form.get_by_label("Nomor").fill("445/2026/PKS-IQC/01")
    form.get_by_label("Para pihak").fill("Puskesmas Sitiung I; Klinik Pratama Sitiung Medika")
    form.get_by_label("Berlaku mulai").fill("2026-07-01")
    form.get_by_label("Berlaku sampai").fill("2026-06-30")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tanggal berakhir (30-06-2026) tidak boleh sebelum tanggal mulai (01-07-2026).")).to_be_visible()
    expect(form.get_by_label("Nomor")).to_have_value("445/2026/PKS-IQC/01")
    assert not Agreement.objects.exists()
    form.get_by_label("Berlaku sampai").fill("2028-06-30")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("agreements")).to_contain_text("445/2026/PKS-IQC/01")

    menu(page, "Manajemen", "Jejaring")
    page.get_by_test_id("pathway-create").click()
    form = page.get_by_test_id("pathway-form")
    form.get_by_label("Masalah kesehatan prioritas").fill("Hipertensi tidak terkendali")
    form.get_by_label("Diidentifikasi dari indikator").select_option("ht_terkendali")
    form.get_by_label(setting["clinic"].name).check()
    form.get_by_role("button", name="Buka IQ-Care").click()
    expect(page.get_by_test_id("baseline")).to_have_text("50,0%")  # Budi of Ani and Budi, at the Puskesmas
    page.get_by_text("Tambah tugas care pathway").click()
    steps = page.get_by_test_id("form-langkah")
    steps.get_by_label("Tahap layanan").select_option("kuratif")
    steps.get_by_label("Pelaksana").select_option(label=setting["clinic"].name)
    steps.locator("[name=task]").fill("Kontrol HT bulanan sesuai PPK")
    steps.get_by_label("PNPK / PPK yang diikuti").fill("PNPK Hipertensi Dewasa")
    steps.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("steps")).to_contain_text("Kontrol HT bulanan sesuai PPK")

    klinik_page = signed_in(browser, live_server, "dokter.klinik")
    record_ht_control(klinik_page, setting["ani"], "128", "80")   # Ani, seen at both: counted once
    record_ht_control(klinik_page, setting["citra"], "126", "78")
    klinik_page.context.close()

    page.reload()
    expect(page.get_by_test_id("current")).to_have_text("100,0%")
    served = page.get_by_test_id("served")
    expect(served.get_by_role("row", name=setting["clinic"].name)).to_contain_text("2")
    expect(served.get_by_role("row", name=puskesmas.name)).to_contain_text("1")
    page.get_by_text("Catat monitoring / evaluasi").click()
    monitoring = page.get_by_test_id("form-monitoring")
    monitoring.get_by_label("Temuan").fill("Klinik melapor kontrol HT")
    monitoring.get_by_role("button", name="Simpan").click()
    row = page.get_by_test_id("monitorings").locator("tbody tr").first
    expect(row).to_contain_text("50,0")
    expect(row).to_contain_text("100,0")
    expect(row).to_contain_text("(3/3)")
    shot(page, "network-iqcare")
    assert setting["member"].pathways.get().monitorings.get().after_value == Decimal("100.0")
