"""A Klaster 3 patient's prescription goes to Farmasi: the doctor writes it in the room (a negative quantity
is refused, the rest kept), sends the patient on, the apoteker dispenses it, the patient goes home, and the
stock went down by FEFO.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.pharmacy import services
from ilp.pharmacy.models import Batch, Prescription
from ilp.visits.tests.factories import adult, walk_to

from .conftest import login, shot, signed_in

pytestmark = pytest.mark.browser


def test_a_prescription_from_klaster_3_is_dispensed_at_the_pharmacy_and_stock_goes_down(
        page, browser, live_server, puskesmas, desa, dokter):
    apoteker = make_user("apoteker", Role.APOTEKER, facility=puskesmas, first_name="apt. Dewi")
    today = dt.date.today()
    for batch, expiry, units in (("AMX-LATE", today + dt.timedelta(days=600), 100),
                                 ("AMX-SOON", today + dt.timedelta(days=60), 10)):
        services.receive_stock(actor=apoteker, facility=puskesmas, drug_code="AMX500K", batch_number=batch,
                               expiry_date=expiry, quantity=units, document="SBBK/IFK/001")
    services.receive_stock(actor=apoteker, facility=puskesmas, drug_code="PCT500T", batch_number="PCT-1",
                           expiry_date=today + dt.timedelta(days=400), quantity=50, document="SBBK/IFK/001")
    entry = walk_to(dokter, "klaster3", patient=adult(name="Siti Aminah", desa=desa))

    # The doctor, in Klaster 3, writes the prescription; a negative quantity is refused, the rest is kept.
    login(page, "dokter")
    page.goto(f"/antrean/klaster3/?entry={entry.pk}")
    page.get_by_test_id("open-prescribe").click()
    form = page.get_by_test_id("prescribe-form")
    form.locator("#id_form-0-drug_code").select_option("AMX500K")
    form.locator("#id_form-0-quantity").fill("15")
    form.locator("#id_form-0-signa").fill("3 x 1 (habiskan)")
    form.locator("#id_form-1-drug_code").select_option("PCT500T")
    form.locator("#id_form-1-quantity").fill("-10")
    form.get_by_role("button", name="Kirim resep ke farmasi").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("prescribe-form")).to_contain_text("Jumlah harus lebih dari 0.")
    expect(page.locator("#id_form-0-signa")).to_have_value("3 x 1 (habiskan)")
    assert not Prescription.objects.exists()
    shot(page, "farmasi-resep-ditolak")
    page.locator("#id_form-1-quantity").fill("10")
    page.get_by_role("button", name="Kirim resep ke farmasi").click()
    expect(page.get_by_role("status").filter(has_text="Resep dikirim ke farmasi")).to_be_visible()
    panel = page.get_by_test_id("panel")
    panel.get_by_test_id("finish-form").get_by_label("Farmasi", exact=True).check()
    panel.get_by_test_id("finish-form").get_by_role("button", name="Selesai dan kirim").click()
    prescription = Prescription.objects.get()

    # The apoteker calls the number at Farmasi, opens the patient's prescription and hands the drugs over.
    pharmacy = signed_in(browser, live_server, "apoteker")
    pharmacy.goto("/antrean/farmasi/")
    pharmacy.get_by_test_id("call-next").click()
    pharmacy.get_by_test_id("panel").get_by_role("button", name="Mulai layani").click()
    pharmacy.get_by_test_id("open-prescriptions").click()
    expect(pharmacy.get_by_test_id("waiting-prescriptions")).to_contain_text("Siti Aminah")
    shot(pharmacy, "farmasi-resep-menunggu")
    pharmacy.get_by_test_id(f"open-{prescription.number}").click()
    expect(pharmacy.get_by_test_id("usable-AMX500K")).to_have_text("110")
    expect(pharmacy.get_by_test_id("expiry-warnings")).to_have_count(0)  # warnings are on the stock pages
    shot(pharmacy, "farmasi-serahkan")
    pharmacy.get_by_test_id("dispense-form").get_by_role("button", name="Serahkan obat").click()
    expect(pharmacy.get_by_role("status").filter(has_text=re.compile(r"sudah diserahkan"))).to_be_visible()

    # Back at the Farmasi station the patient goes home: the visit is finished.
    pharmacy.goto(f"/antrean/farmasi/?entry={entry.visit.entries.get(station__code='farmasi').pk}")
    finish = pharmacy.get_by_test_id("panel").get_by_test_id("finish-form")
    finish.get_by_label("Pulang", exact=True).check()
    finish.get_by_role("button", name="Selesai dan kirim").click()
    expect(pharmacy.get_by_role("status").filter(has_text="selesai di sini")).to_be_visible()
    entry.visit.refresh_from_db()
    assert entry.visit.status == "finished"

    # Stock: the 10 of the batch expiring first, then 5 of the later one; paracetamol 50 - 10.
    pharmacy.goto("/farmasi/stok/")
    expect(pharmacy.get_by_test_id("usable-AMX500K")).to_have_text("95")
    expect(pharmacy.get_by_test_id("usable-PCT500T")).to_have_text("40")
    expect(pharmacy.get_by_test_id("expiry-warnings")).to_have_count(0)  # the batch expiring soon is used up
    shot(pharmacy, "farmasi-stok")
    assert dict(Batch.objects.filter(drug_code="AMX500K").values_list("batch_number", "on_hand")) == {
        "AMX-SOON": 0, "AMX-LATE": 95}
    pharmacy.context.close()
