"""One patient walks the SOP "Alur Pelayanan ILP" (seed 004) in the real browser, while the waiting-room
screen calls the number, and the visit page answers the Daftar Tilik from what the staff did.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ilp.visits.models import Visit

from .conftest import login, register, shot

pytestmark = pytest.mark.browser

ACTIVE_CARD = "0001234567893"  # the BPJS stand-in answers "AKTIF" for a card ending in 0–6


@pytest.fixture
def board(browser, live_server, base_data, request) -> Page:
    """A second screen, not logged in: the waiting-room TV."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 720})
    screen = context.new_page()
    errors: list[str] = []
    screen.on("pageerror", lambda error: errors.append(str(error)))
    yield screen
    context.close()
    assert not errors, f"JavaScript errors on the display board: {errors}"


def said(page: Page, text: str) -> None:
    """The page shows a message (success, warning or error) containing `text`."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def call_and_start(page: Page, code: str, number: str = "A001") -> Locator:
    """At a station's worklist: call the next number, start serving it; returns the panel."""
    page.goto(f"/antrean/{code}/")
    expect(page.get_by_test_id(f"entry-{number}")).to_be_visible()
    page.get_by_test_id("call-next").click()
    panel = page.get_by_test_id("panel")
    expect(panel).to_contain_text("Nomor ini sudah dipanggil.")
    panel.get_by_role("button", name="Mulai layani").click()
    expect(panel.get_by_test_id("finish-form").or_(panel.get_by_test_id("register-visit-form"))).to_be_visible()
    return panel


def finish(page: Page, send_to: str, note: str = "") -> None:
    """Finish here and send the patient on; the usual next station is already chosen, check it anyway."""
    form = page.get_by_test_id("finish-form")
    form.get_by_label(send_to, exact=True).check()
    if note:
        form.get_by_label("Catatan untuk langkah berikutnya").fill(note)
    form.get_by_role("button", name="Selesai dan kirim").click()
    said(page, "Nomor A001 selesai di sini.")


def board_calls(board: Page, number: str, station: str) -> None:
    """The newest card on the board shows the number at the station (the board polls every 3 s)."""
    latest = board.get_by_test_id("board-called").first
    expect(latest).to_contain_text(number)
    expect(latest).to_contain_text(station)


def test_one_patient_walks_every_sop_step_while_the_board_calls_the_number(page, board, pendaftaran, puskesmas, desa):
    register(pendaftaran, "Siti Aminah", sex="F", birth_date=dt.date(1984, 5, 17), desa=desa, serial=1,
             bpjs_number=ACTIVE_CARD)
    board.goto(f"/layar/{puskesmas.pk}/")
    expect(board.get_by_text("Belum ada nomor yang dipanggil.")).to_be_visible()
    login(page, "pendaftaran")

    # a–c: the patient arrives and, not an emergency, takes a number for Pandu PTM at the kiosk.
    page.goto("/antrean/ambil/")
    page.get_by_test_id("kiosk-regular").click()
    expect(page.get_by_test_id("ticket-number")).to_have_text("A001")
    expect(page.get_by_test_id("ticket")).to_contain_text("Silakan menuju Pandu PTM")
    shot(page, "alur-tiket")

    # d: Pandu PTM measures vital signs, height and weight; the board calls A001 to Pandu PTM.
    panel = call_and_start(page, "pandu_ptm")
    board_calls(board, "A001", "Pandu PTM")
    shot(board, "alur-layar-pandu-ptm")
    vitals = panel.get_by_test_id("vitals-form")
    for label, value in [("Tekanan darah sistolik (mmHg)", "128"), ("Tekanan darah diastolik (mmHg)", "82"),
                         ("Berat badan (kg)", "61.5"), ("Tinggi badan (cm)", "158"), ("Lingkar perut (cm)", "84")]:
        vitals.get_by_label(label).fill(value)
    vitals.get_by_role("button", name="Simpan pengukuran").click()
    said(page, "Hasil pengukuran tersimpan; lanjutkan ke pendaftaran.")
    finish(page, "Loket Pendaftaran (Klaster 1)")

    # e–g: the loket finds the patient, checks BPJS (active) and routes her to Klaster 3 screening.
    panel = call_and_start(page, "pendaftaran")
    panel.get_by_test_id("loket-search").press_sequentially("aminah", delay=30)
    candidate = panel.get_by_label(re.compile(r"^Siti Aminah"))
    expect(candidate).to_be_checked()  # the only match is chosen for the clerk
    panel.get_by_label("BPJS Kesehatan").check()
    shot(page, "alur-loket")
    panel.get_by_role("button", name="Daftarkan kunjungan").click()
    said(page, "Siti Aminah terdaftar ke Klaster 3 Usia Dewasa dan Lansia (dewasa dan lansia). "
               "Cara bayar: BPJS Kesehatan; BPJS: aktif.")

    # h–i: screening, then the Klaster 3 room.
    call_and_start(page, "skrining_k3")
    finish(page, "Ruang Klaster 3 (Dewasa dan Lansia)")

    # j: the Klaster 3 room refers to the lab, asking for the patient back.
    panel = call_and_start(page, "klaster3")
    board_calls(board, "A001", "Ruang Klaster 3 (Dewasa dan Lansia)")
    expect(panel).to_contain_text("Hasil Pandu PTM")
    panel.get_by_text("Rujukan internal", exact=True).click()
    refer = panel.get_by_test_id("refer-form")
    refer.get_by_label("Rujuk ke").select_option(label="Laboratorium")
    refer.get_by_label("Alasan rujukan internal").fill("Cek gula darah puasa")
    expect(refer.get_by_label("Kembali ke ruang ini untuk konsultasi ulang")).to_be_checked()
    refer.get_by_role("button", name="Rujuk").click()
    said(page, "Rujukan internal terkirim.")

    # k: the lab answers and sends the patient back for re-consultation.
    page.goto("/antrean/lab/")
    expect(page.get_by_test_id("entry-A001")).to_contain_text("rujukan dari Ruang Klaster 3")
    call_and_start(page, "lab")
    finish(page, "Kembali ke klaster perujuk (konsultasi ulang)", note="GDP 142 mg/dL")

    # m: back in Klaster 3, then the pharmacy, then home.
    panel = call_and_start(page, "klaster3")
    expect(panel).to_contain_text("konsultasi ulang")
    finish(page, "Farmasi")
    call_and_start(page, "farmasi")
    board_calls(board, "A001", "Farmasi")
    expect(board.get_by_text("Siti Aminah")).to_have_count(0)  # the board shows numbers, never names
    finish(page, "Pulang")
    assert Visit.objects.get().status == Visit.Status.FINISHED

    # The visit page: the whole journey, and the Daftar Tilik answered from it.
    page.goto("/kunjungan/")
    page.get_by_role("link", name="A001").click()
    expect(page.get_by_role("heading", name=re.compile("Kunjungan A001"))).to_be_visible()
    expect(page.get_by_test_id("timeline").locator(".event")).to_have_count(7)  # no kasir: BPJS pays
    answers = page.get_by_test_id("tilik").locator("tr")
    expect(answers).to_have_count(15)
    for number, answer in [(1, "Ya"), (2, "Tidak berlaku"), (3, "Ya"), (4, "Ya"), (5, "Ya"), (10, "Ya"), (11, "Ya"),
                           (12, "Tidak berlaku"), (13, "Ya")]:
        expect(answers.nth(number - 1).locator("td").nth(2)).to_have_text(answer)
    shot(page, "alur-kunjungan-tilik")
