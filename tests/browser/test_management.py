"""Klaster 1 in the browser: the kepala Puskesmas runs a month. The dashboard warns of an expired SIP and
one about to expire, shows the drug stock from the pharmacy and the quality indicators (the waiting time
computed from today's flow); the head renews the SIP, enters the hand-hygiene audit, holds a lokakarya mini
with a partner clinic and records its RTL, which then shows on the dashboard as open."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.management import choices, services
from ilp.pharmacy import services as pharmacy
from ilp.visits.models import QueueEntry, Visit
from ilp.visits.services.queue import ensure_stations

from .conftest import login, menu, shot

pytestmark = pytest.mark.browser


def _flow_visit(puskesmas, *, waited_minutes: int) -> None:
    """A visit of today seen in the Klaster 3 room `waited_minutes` after taking its ticket."""
    arrived = timezone.now() - dt.timedelta(hours=3)
    visit = Visit.objects.create(facility=puskesmas, date=timezone.localdate(), number="A001", arrived_at=arrived,
                                 routing_version="test")
    QueueEntry.objects.create(visit=visit, station=ensure_stations(facility=puskesmas)["klaster3"], queued_at=arrived,
                              started_at=arrived + dt.timedelta(minutes=waited_minutes), status=QueueEntry.Status.DONE)


@pytest.fixture
def month_of_records(puskesmas):
    kapus = make_user("kapus", Role.KEPALA_PUSKESMAS, facility=puskesmas, first_name="dr. Andri", last_name="Kapus")
    apoteker = make_user("apoteker", Role.APOTEKER, facility=puskesmas)
    today = timezone.localdate()
    common = {"education": choices.Education.PROFESI, "started_on": dt.date(2018, 2, 1), "employment": choices.Employment.PNS}
    fadli = services.save_staff(actor=kapus, name="dr. Fadli Rahman", kind=choices.StaffKind.DOKTER, **common)
    wahyuni = services.save_staff(actor=kapus, name="Bd. Sri Wahyuni", kind=choices.StaffKind.BIDAN, **common)
    services.add_licence(actor=kapus, staff=fadli, kind="sip", number="SIP/002/2021", valid_from=today - dt.timedelta(days=1830),
                         valid_until=today - dt.timedelta(days=5))
    services.add_licence(actor=kapus, staff=wahyuni, kind="sip", number="SIP/005/2021", valid_from=today - dt.timedelta(days=1800),
                         valid_until=today + dt.timedelta(days=30))
    pharmacy.receive_stock(actor=apoteker, facility=puskesmas, drug_code="PCT500T", batch_number="PCT-1",
                           expiry_date=today + dt.timedelta(days=400), quantity=500, document="SBBK/IFK/011")
    _flow_visit(puskesmas, waited_minutes=40)
    return {"fadli": fadli, "wahyuni": wahyuni}


def test_the_head_of_the_puskesmas_runs_a_month(page, month_of_records):
    login(page, "kapus")
    menu(page, "Manajemen", "Klaster 1 Manajemen")
    expect(page.get_by_role("heading", name="Dasbor Klaster 1 Manajemen")).to_be_visible()
    alerts = page.get_by_test_id("licence-alerts")
    expect(alerts).to_contain_text("dr. Fadli Rahman")
    expect(alerts).to_contain_text("kedaluwarsa")
    expect(alerts).to_contain_text("30 hari lagi")
    stock = page.get_by_test_id("stock-summary")
    expect(stock).to_contain_text("Jenis obat tersedia")
    expect(stock.locator("tr").first).to_contain_text("1 /")
    inm = page.get_by_test_id("inm-table")
    expect(inm.locator("tr", has_text="Waktu tunggu rawat jalan")).to_contain_text("100,0%")
    shot(page, "management-dashboard")

    # SDM: the expired SIP is renewed on the staff page; the list then warns only of the other one.
    page.get_by_test_id("management-tabs").get_by_role("link", name="SDM").click()
    page.get_by_test_id("licence-alerts").get_by_role("link", name="dr. Fadli Rahman").first.click()
    page.get_by_text("Tambah STR/SIP").click()
    form = page.get_by_test_id("licence-form")
    form.get_by_label("Jenis").select_option("sip")
    form.get_by_label("Nomor").fill("SIP/031/2026")
    form.get_by_label("Berlaku sejak").fill(f"{timezone.localdate():%Y-%m-%d}")
    form.get_by_role("button", name="Simpan STR/SIP").click()
    expect(page.get_by_text("Tanggal akhir berlaku")).to_be_visible()  # a SIP always ends: refused, form kept open
    expect(page.get_by_test_id("licence-form").get_by_label("Nomor")).to_have_value("SIP/031/2026")
    until = timezone.localdate().replace(year=timezone.localdate().year + 5) - dt.timedelta(days=1)
    page.get_by_test_id("licence-form").get_by_label("Berlaku sampai").fill(f"{until:%Y-%m-%d}")
    page.get_by_test_id("licence-form").get_by_role("button", name="Simpan STR/SIP").click()
    expect(page.get_by_test_id("licences")).to_contain_text("SIP/031/2026")
    page.get_by_test_id("management-tabs").get_by_role("link", name="SDM").click()
    expect(page.get_by_test_id("licence-alerts")).not_to_contain_text("SIP/002/2021")
    expect(page.get_by_test_id("licence-alerts")).to_contain_text("Bd. Sri Wahyuni")

    # Mutu: the hand-hygiene audit of the month; the waiting time is already computed from the flow.
    page.get_by_test_id("management-tabs").get_by_role("link", name="Mutu (INM)").click()
    form = page.get_by_test_id("inm-form")
    form.get_by_label("Indikator").select_option("kebersihan_tangan")
    form.get_by_label("Numerator").fill("45")
    form.get_by_label("Denominator").fill("50")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator("tr[data-code=kebersihan_tangan]")).to_contain_text("90,0%")
    expect(page.locator("tr[data-code=waktu_tunggu]")).to_contain_text("100,0%")

    # P2: a quarterly lokakarya mini with the staff and a partner clinic; its RTL with who and when.
    page.get_by_test_id("management-tabs").get_by_role("link", name="P2 Lokakarya mini").click()
    page.get_by_test_id("workshop-new").click()
    form = page.get_by_test_id("workshop-form")
    form.get_by_label("Jenis").select_option("tribulanan")
    form.get_by_label("Tempat").fill("Aula Puskesmas")
    form.get_by_label("Masalah yang dibahas").fill("Cakupan K1 di bawah target; skrining PTM rendah")
    form.get_by_label("dr. Fadli Rahman").check()
    form.get_by_label("Bd. Sri Wahyuni").check()
    form.get_by_label("Peserta lain (jejaring, lintas sektor)").fill("dr. Rina Oktavia; Klinik Pratama Sehat Bersama; Penanggung jawab")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("attendees")).to_contain_text("Klinik Pratama Sehat Bersama")
    expect(page.get_by_test_id("attendees").locator("tr")).to_have_count(3)
    rtl = page.get_by_test_id("action-form")
    rtl.get_by_label("Masalah").fill("Cakupan K1 rendah di Desa Sitiung")
    rtl.get_by_label("Rencana tindak lanjut").fill("Sweeping ibu hamil bersama kader")
    rtl.get_by_label("Penanggung jawab").fill("Bd. Sri Wahyuni")
    rtl.get_by_label("Batas waktu").fill(f"{timezone.localdate() - dt.timedelta(days=1):%Y-%m-%d}")
    rtl.get_by_role("button", name="Simpan RTL").click()
    expect(page.get_by_text("Batas waktu RTL tidak boleh sebelum tanggal lokakarya mini.")).to_be_visible()
    rtl = page.get_by_test_id("action-form")
    expect(rtl.get_by_label("Rencana tindak lanjut")).to_have_value("Sweeping ibu hamil bersama kader")
    rtl.get_by_label("Batas waktu").fill(f"{timezone.localdate() + dt.timedelta(days=30):%Y-%m-%d}")
    rtl.get_by_role("button", name="Simpan RTL").click()
    actions = page.get_by_test_id("actions")
    expect(actions).to_contain_text("Sweeping ibu hamil bersama kader")
    actions.get_by_label("Status").select_option("berjalan")
    actions.get_by_role("button", name="Ubah").click()
    expect(page.get_by_text("Status RTL diperbarui.")).to_be_visible()
    shot(page, "management-lokakarya-mini")

    page.get_by_test_id("management-tabs").get_by_role("link", name="Dasbor Klaster 1").click()
    expect(page.get_by_test_id("open-rtl")).to_contain_text("Sweeping ibu hamil bersama kader")
    expect(page.get_by_test_id("open-rtl")).to_contain_text("Berjalan")
