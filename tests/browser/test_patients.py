"""Finding and registering patients at the registration desk of Puskesmas Sitiung I."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from ilp.people.models import Patient
from ilp.people.nik import build_nik

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def patients(pendaftaran, desa):
    return {
        "siti_aminah": register(pendaftaran, "Siti Aminah", sex="F", birth_date=dt.date(1988, 3, 14), desa=desa, serial=1),
        "siti_rahma": register(pendaftaran, "Siti Rahmawati", sex="F", birth_date=dt.date(1995, 11, 2), desa=desa, serial=2),
        "budi": register(pendaftaran, "Budi Hartono", sex="M", birth_date=dt.date(1979, 7, 25), desa=desa, serial=3),
        "andi": register(pendaftaran, "Andi Saputra", sex="M", birth_date=dt.date(2016, 1, 9), desa=desa, serial=4),
    }


def test_search_updates_the_table_through_htmx_without_reloading(page, pendaftaran, patients):
    login(page, "pendaftaran")
    page.get_by_role("link", name="Pasien", exact=True).click()
    expect(page).to_have_url(re.compile(r"/pasien/$"))
    rows = page.get_by_test_id("patient-table").locator("tbody tr")
    expect(rows).to_have_count(4)
    shot(page, "pasien-daftar")

    documents = []  # a full page load would request a new document
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
    page.evaluate("window.sameDocument = true")
    search = page.get_by_role("searchbox", name="Cari pasien")

    search.press_sequentially("sit", delay=40)
    expect(page).to_have_url(re.compile(r"/pasien/\?q=sit$"))
    expect(rows).to_have_count(2)
    expect(rows.locator("td:first-child")).to_have_text(["Siti Aminah", "Siti Rahmawati"])
    shot(page, "pasien-cari-nama")

    search.fill(patients["budi"].nik)
    expect(page).to_have_url(re.compile(rf"/pasien/\?q={patients['budi'].nik}$"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text("Budi Hartono")
    expect(rows.first.locator("td").nth(1)).to_have_text(patients["budi"].nik)

    search.fill("Zulkarnain")
    expect(page).to_have_url(re.compile(r"/pasien/\?q=Zulkarnain$"))
    expect(page.get_by_test_id("empty-state")).to_contain_text("Tidak ada pasien yang cocok.")
    expect(page.get_by_test_id("patient-table")).to_have_count(0)
    shot(page, "pasien-cari-kosong")

    assert page.evaluate("window.sameDocument") is True
    assert documents == []


def fill_patient_form(page, *, nik, name, sex, birth_date, desa, birth_place="", address="", phone="", bpjs=""):
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Jenis kelamin").select_option(sex)
    page.get_by_label("Tanggal lahir").fill(birth_date.isoformat())
    page.get_by_label("Tempat lahir").fill(birth_place)
    page.get_by_label("Desa/kelurahan domisili").select_option(str(desa.pk))
    page.get_by_label("Alamat").fill(address)
    page.get_by_label("Nomor HP").fill(phone)
    page.get_by_label("Nomor kartu BPJS").fill(bpjs)


def test_registration_lands_on_the_patient_page_with_a_record_number(page, pendaftaran, desa):
    birth_date = dt.date(1992, 8, 17)
    nik = build_nik(kecamatan_code=desa.parent.code, birth_date=birth_date, sex="F", serial=21)
    login(page, "pendaftaran")
    page.goto("/pasien/")
    page.get_by_test_id("register-patient").click()
    expect(page.get_by_role("heading", name="Daftarkan pasien baru")).to_be_visible()

    fill_patient_form(page, nik=nik, name="Rina Marlina", sex="F", birth_date=birth_date, desa=desa,
                      birth_place="Sitiung", address="Jl. Lintas Sumatera No. 5", phone="081234567890",
                      bpjs="0001234567890")
    shot(page, "pasien-daftar-isi")
    page.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(re.compile(r"/pasien/\d+/$"))
    expect(page.get_by_test_id("patient-name")).to_have_text("Rina Marlina")
    expect(page.get_by_role("status")).to_have_text("Pasien Rina Marlina terdaftar.")
    identity = page.locator("table").first
    expect(identity.locator("tr", has_text="NIK")).to_contain_text(nik)
    expect(identity.locator("tr", has_text="No. BPJS")).to_contain_text("0001234567890")
    expect(identity.locator("tr", has_text="No. RM")).to_contain_text(re.compile(r"\d{6} \(Puskesmas Sitiung I\)"))
    shot(page, "pasien-detail")
    patient = Patient.objects.get(nik=nik)
    assert page.url.endswith(f"/pasien/{patient.pk}/")
    assert patient.medical_records.get().number in identity.locator("tr", has_text="No. RM").inner_text()


def test_bad_input_is_shown_next_to_the_fields_and_the_rest_is_kept(page, pendaftaran, desa):
    future = dt.date.today() + dt.timedelta(days=30)
    login(page, "pendaftaran")
    page.goto("/pasien/daftar/")
    fill_patient_form(page, nik="130801170892002", name="Yusuf Kurniawan", sex="M", birth_date=future, desa=desa,
                      birth_place="Pulau Punjung", address="Jorong Koto Baru RT 02", phone="0812 7654 3210")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("form-errors")).to_contain_text("Data belum tersimpan.")
    nik_group = page.locator(".mb-3", has=page.get_by_label("NIK"))
    expect(nik_group.locator("[data-field-error=nik]")).to_have_text("NIK harus 16 angka.")
    expect(page.get_by_label("NIK")).to_have_attribute("aria-invalid", "true")
    shot(page, "pasien-daftar-salah")
    expect(page.get_by_label("NIK")).to_have_value("130801170892002")
    expect(page.get_by_label("Nama lengkap")).to_have_value("Yusuf Kurniawan")
    expect(page.get_by_label("Jenis kelamin")).to_have_value("M")
    expect(page.get_by_label("Tanggal lahir")).to_have_value(future.isoformat())
    expect(page.get_by_label("Tempat lahir")).to_have_value("Pulau Punjung")
    expect(page.get_by_label("Desa/kelurahan domisili")).to_have_value(str(desa.pk))
    expect(page.get_by_label("Alamat")).to_have_value("Jorong Koto Baru RT 02")
    expect(page.get_by_label("Nomor HP")).to_have_value("0812 7654 3210")
    assert not Patient.objects.filter(name="Yusuf Kurniawan").exists()

    birth_date = dt.date(1990, 2, 11)
    page.get_by_label("NIK").fill(build_nik(kecamatan_code=desa.parent.code, birth_date=birth_date, sex="M", serial=5))
    page.get_by_label("Tanggal lahir").fill(birth_date.isoformat())
    page.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(re.compile(r"/pasien/\d+/$"))
    expect(page.get_by_test_id("patient-name")).to_have_text("Yusuf Kurniawan")
    assert Patient.objects.filter(name="Yusuf Kurniawan").count() == 1
    patient = Patient.objects.get(name="Yusuf Kurniawan")
    assert page.url.endswith(f"/pasien/{patient.pk}/")
    assert (patient.address, patient.phone, patient.birth_place) == ("Jorong Koto Baru RT 02", "081276543210", "Pulau Punjung")
    assert patient.medical_records.count() == 1


def test_a_future_birth_date_is_reported_together_with_a_bad_nik(page, pendaftaran, desa):
    login(page, "pendaftaran")
    page.goto("/pasien/daftar/")
    fill_patient_form(page, nik="130801170892002", name="Yusuf Kurniawan", sex="M",
                      birth_date=dt.date.today() + dt.timedelta(days=30), desa=desa)
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator("[data-field-error=nik]")).to_have_text("NIK harus 16 angka.")
    expect(page.locator("[data-field-error=birth_date]")).to_have_text("Tanggal lahir tidak boleh di masa depan.",
                                                                       timeout=1_000)
