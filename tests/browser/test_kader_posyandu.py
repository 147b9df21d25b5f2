"""A Posyandu ILP session in the browser: the kader opens it, registers a balita, weighs, skips a table,
refers, closes and reads the recap and the month's SKDN."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.visits.models import FollowUp

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def posyandu(puskesmas):
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


@pytest.fixture
def kader(posyandu):
    return make_user("kader", Role.KADER, facility=posyandu, first_name="Rina", last_name="Marlina")


def test_a_posyandu_session_from_registration_to_recap_and_skdn(page, kader, pendaftaran, posyandu):
    desa = posyandu.wilayah.select_related("parent").get()
    today = dt.date.today()
    register(pendaftaran, "Nabila Putri", sex="F", birth_date=today - dt.timedelta(days=300), desa=desa, serial=31)
    register(pendaftaran, "Fajar Ramadhan", sex="M", birth_date=today - dt.timedelta(days=700), desa=desa, serial=32)
    login(page, "kader")
    page.get_by_role("link", name="Posyandu", exact=True).click()
    page.get_by_text("Atur hari buka").click()
    page.get_by_label("Hari", exact=True).select_option(label="Selasa")
    page.get_by_role("button", name="Simpan hari buka").click()
    expect(page.get_by_test_id("hari-buka")).to_contain_text("Selasa minggu ke-2, 08:00")
    shot(page, "posyandu-daftar-sesi")
    page.get_by_role("button", name="Buka sesi").click()
    expect(page.get_by_role("heading", name=posyandu.name)).to_be_visible()

    page.get_by_placeholder("Cari nama, NIK atau tanggal lahir warga").press_sequentially("nabila", delay=40)
    row = page.locator("#found form", has_text="Nabila Putri")
    row.get_by_label("Buku KIA/KMS").check()
    row.get_by_role("button", name="Daftarkan").click()
    attendee = page.get_by_test_id("attendance-table").locator("tbody tr", has_text="Nabila Putri")
    attendee.get_by_role("link", name="Timbang").click()
    page.get_by_label("Berat badan (kg)").fill("8.1")
    page.get_by_label("Panjang/tinggi badan (cm)").fill("70.2")
    page.get_by_label("Cara ukur").select_option("L")
    shot(page, "posyandu-meja-2-timbang")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Hasil penimbangan Nabila Putri tersimpan.")
    attendee = page.get_by_test_id("attendance-table").locator("tbody tr", has_text="Nabila Putri")
    expect(attendee).to_contain_text("8.1 kg")
    attendee.locator("td").nth(5).get_by_role("button", name="Lewati").click()
    attendee = page.get_by_test_id("attendance-table").locator("tbody tr", has_text="Nabila Putri")
    expect(attendee).to_contain_text("dilewati")
    attendee.get_by_placeholder("Alasan rujukan").fill("Demam tiga hari")
    attendee.get_by_role("button", name="Rujuk").click()
    expect(page.get_by_role("status")).to_contain_text("Tindak lanjut dikirim ke Pustu.")
    shot(page, "posyandu-sesi")
    assert FollowUp.objects.get().reason == "Demam tiga hari"

    page.get_by_role("button", name="Tutup sesi").click()
    expect(page.get_by_role("heading", name="Rekap sesi Posyandu")).to_be_visible()
    expect(page.get_by_test_id("absent")).to_contain_text("Fajar Ramadhan")
    expect(page.get_by_test_id("follow-ups")).to_contain_text("Demam tiga hari")
    shot(page, "posyandu-rekap")

    page.goto(f"/posyandu/{posyandu.pk}/skdn/")
    skdn = page.get_by_test_id("skdn")
    expect(skdn.locator("thead th")).to_have_text(["S", "K", "D", "N", "T", "O", "B", "2T", "BGM", "K/S", "D/S", "N/D", "T/D"])
    expect(skdn.locator("tbody td").nth(0)).to_have_text("2")  # S: both balita of the desa
    expect(skdn.locator("tbody td").nth(2)).to_have_text("1")  # D: Nabila weighed
    shot(page, "posyandu-skdn")
