"""A household (Kartu Keluarga) registered and filled with patients already on file."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from ilp.people.models import Family, Patient

from .conftest import login, register, shot

pytestmark = pytest.mark.browser

KK = "1310012008150003"


def test_create_a_family_and_add_registered_patients_as_members(page, pendaftaran, desa):
    register(pendaftaran, "Hendra Gunawan", sex="M", birth_date=dt.date(1984, 6, 30), desa=desa, serial=11)
    register(pendaftaran, "Putri Gunawati", sex="F", birth_date=dt.date(2012, 4, 3), desa=desa, serial=12)
    login(page, "pendaftaran")
    page.get_by_role("link", name="Keluarga", exact=True).click()
    page.get_by_role("link", name="Keluarga baru").click()
    page.get_by_label("Nomor KK").fill(KK)
    page.get_by_label("Desa/kelurahan").select_option(str(desa.pk))
    page.get_by_label("Alamat").fill("Jorong Sitiung Baru")
    page.get_by_label("RT").fill("003")
    page.get_by_label("RW").fill("001")
    page.get_by_role("button", name="Simpan").click()

    family = Family.objects.get(kk_number=KK)
    expect(page).to_have_url(re.compile(rf"/keluarga/{family.pk}/$"))
    expect(page.get_by_role("status")).to_have_text("Keluarga tersimpan. Tambahkan anggota keluarga di bawah.")
    members = page.get_by_test_id("family-members").locator("tbody tr")
    expect(members).to_have_text(["Belum ada anggota."])
    shot(page, "keluarga-baru")

    search = page.get_by_placeholder("Cari pasien terdaftar: NIK atau nama")
    search.press_sequentially("hendra", delay=40)
    candidate = page.locator("#candidates form", has_text="Hendra Gunawan")
    expect(page.locator("#candidates form")).to_have_count(1)
    candidate.locator("select[name=relation]").select_option(label="Kepala keluarga")
    shot(page, "keluarga-cari-anggota")
    candidate.get_by_role("button", name="Tambahkan").click()

    expect(page.get_by_role("status")).to_have_text("Hendra Gunawan ditambahkan ke keluarga.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keluarga Hendra Gunawan")
    expect(members).to_have_count(1)
    expect(members.first.locator("td").nth(0)).to_have_text("Hendra Gunawan")
    expect(members.first.locator("td").nth(1)).to_have_text("Kepala keluarga")

    search.press_sequentially("putri", delay=40)
    candidate = page.locator("#candidates form", has_text="Putri Gunawati")
    candidate.locator("select[name=relation]").select_option(label="Anak")
    candidate.get_by_role("button", name="Tambahkan").click()

    expect(members).to_have_count(2)
    expect(members.locator("td:first-child")).to_have_text(["Hendra Gunawan", "Putri Gunawati"])
    expect(members.nth(1).locator("td").nth(1)).to_have_text("Anak")
    shot(page, "keluarga-anggota")
    assert dict(Patient.objects.filter(family=family).values_list("name", "family_relation")) == {
        "Hendra Gunawan": "kepala", "Putri Gunawati": "anak"}
