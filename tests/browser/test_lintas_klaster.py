"""One visit across the lintas-klaster units: Klaster 3 sends the patient to the lab, the validated result
is read back in the room, the doctor prescribes, Farmasi dispenses from stock, and the patient goes home.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.lab.models import LabOrder
from ilp.pharmacy import services as pharmacy
from ilp.pharmacy.models import Batch, Prescription
from ilp.visits.tests.factories import adult, walk_to

from .conftest import login, serve_next, shot, signed_in

pytestmark = pytest.mark.browser


def test_klaster_3_to_the_lab_and_back_then_to_the_pharmacy_and_home(page, browser, live_server, puskesmas, desa, dokter):
    make_user("analis", Role.ANALIS_LAB, facility=puskesmas, first_name="Rahmi")
    apoteker = make_user("apoteker", Role.APOTEKER, facility=puskesmas, first_name="apt. Dewi")
    pharmacy.receive_stock(actor=apoteker, facility=puskesmas, drug_code="MET500T", batch_number="MET-1",
                           expiry_date=dt.date.today() + dt.timedelta(days=500), quantity=100, document="SBBK/IFK/7")
    entry = walk_to(dokter, "klaster3", patient=adult(name="Rusdi Hamzah", desa=desa))
    visit = entry.visit

    # Klaster 3: fasting glucose ordered, the patient goes to the lab.
    login(page, "dokter")
    page.goto(f"/antrean/klaster3/?entry={entry.pk}")
    page.get_by_test_id("open-lab-order").click()
    order_form = page.get_by_test_id("lab-order-form")
    order_form.get_by_label("Glukosa darah puasa").check()
    order_form.get_by_role("button", name=re.compile("Buat order")).click()
    expect(page.get_by_role("status").filter(has_text="pasien dikirim ke laboratorium")).to_be_visible()
    order = LabOrder.objects.get(visit=visit)

    # The lab: specimen, result, validation, and back to the referring room.
    lab = signed_in(browser, live_server, "analis")
    lab.goto(f"/lab/order/{order.pk}/")
    lab.get_by_test_id("specimen-form").get_by_role("button", name="Spesimen sudah diambil").click()
    lab.get_by_test_id("results-form").get_by_label("Glukosa darah puasa (mg/dL)").fill("168")
    lab.get_by_test_id("results-form").get_by_role("button", name="Simpan hasil").click()
    lab.get_by_test_id("validate-form").get_by_role("button", name="Validasi dan kirim hasil").click()
    expect(lab.get_by_test_id("order-status")).to_have_text("selesai (tervalidasi)")
    back = serve_next(lab, "lab")
    back.get_by_test_id("finish-form").get_by_label("Kembali ke klaster perujuk (konsultasi ulang)", exact=True).check()
    back.get_by_test_id("finish-form").get_by_role("button", name="Selesai dan kirim").click()

    # Klaster 3 again: the result is on the panel; metformin prescribed, the patient sent to Farmasi.
    panel = serve_next(page, "klaster3")
    expect(panel.get_by_test_id(f"lab-order-{order.number}")).to_contain_text("Glukosa darah puasa: 168 mg/dL (70–99) H")
    page.get_by_test_id("open-prescribe").click()
    prescribe = page.get_by_test_id("prescribe-form")
    prescribe.locator("#id_form-0-drug_code").select_option("MET500T")
    prescribe.locator("#id_form-0-quantity").fill("30")
    prescribe.locator("#id_form-0-signa").fill("2 x 1 sesudah makan")
    prescribe.get_by_role("button", name="Kirim resep ke farmasi").click()
    expect(page.get_by_role("status").filter(has_text="Resep dikirim ke farmasi")).to_be_visible()
    finish = page.get_by_test_id("panel").get_by_test_id("finish-form")
    finish.get_by_label("Farmasi", exact=True).check()
    finish.get_by_role("button", name="Selesai dan kirim").click()
    shot(page, "lintas-klaster-ke-farmasi")

    # Farmasi: dispense, then home.
    desk = signed_in(browser, live_server, "apoteker")
    serve_next(desk, "farmasi")
    desk.get_by_test_id("open-prescriptions").click()
    prescription = Prescription.objects.get(visit=visit)
    desk.get_by_test_id(f"open-{prescription.number}").click()
    desk.get_by_test_id("dispense-form").get_by_role("button", name="Serahkan obat").click()
    expect(desk.get_by_role("status").filter(has_text=re.compile(r"sudah diserahkan"))).to_be_visible()
    desk.goto(f"/antrean/farmasi/?entry={visit.entries.get(station__code='farmasi').pk}")
    home = desk.get_by_test_id("panel").get_by_test_id("finish-form")
    home.get_by_label("Pulang", exact=True).check()
    home.get_by_role("button", name="Selesai dan kirim").click()
    expect(desk.get_by_role("status").filter(has_text="selesai di sini")).to_be_visible()

    visit.refresh_from_db()
    stations = list(visit.entries.order_by("pk").values_list("station__code", flat=True))
    assert stations[-4:] == ["klaster3", "lab", "klaster3", "farmasi"]
    assert visit.status == "finished"
    result = order.results.get()
    assert result.flag == "H" and result.observation.value_quantity == 168
    assert Batch.objects.get(batch_number="MET-1").on_hand == 70
    lab.context.close()
    desk.context.close()
