"""A Klaster 3 patient goes to the lab and back: the doctor orders, the analyst takes the specimen, enters
and validates, and the result with its flags is on the doctor's panel when the patient returns.
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.lab.models import LabOrder
from ilp.visits.tests.factories import adult, walk_to

from .conftest import login, serve_next, shot, signed_in

pytestmark = pytest.mark.browser


def test_a_klaster_3_patient_is_sent_to_the_lab_and_the_validated_result_shows_back_in_the_room(
        page, browser, live_server, puskesmas, desa, dokter):
    make_user("analis", Role.ANALIS_LAB, facility=puskesmas, first_name="Rahmi", last_name="Analis")
    entry = walk_to(dokter, "klaster3", patient=adult(name="Siti Aminah", desa=desa))

    # The doctor, serving the patient in Klaster 3, orders Hb and fasting glucose.
    login(page, "dokter")
    page.goto(f"/antrean/klaster3/?entry={entry.pk}")
    page.get_by_test_id("open-lab-order").click()
    form = page.get_by_test_id("lab-order-form")
    form.get_by_label("Hemoglobin").check()
    form.get_by_label("Glukosa darah puasa").check()
    form.get_by_label("Keterangan klinis / diagnosis kerja").fill("Lemas, riwayat DM keluarga")
    shot(page, "lab-order")
    form.get_by_role("button", name=re.compile("Buat order")).click()
    expect(page.get_by_role("status").filter(has_text="pasien dikirim ke laboratorium")).to_be_visible()
    order = LabOrder.objects.get()

    # The analyst: the order waits for its specimen; take it, enter the results, validate.
    lab = signed_in(browser, live_server, "analis")
    lab.goto("/lab/")
    shot(lab, "lab-worklist")
    lab.get_by_test_id("column-ordered").get_by_test_id(f"order-{order.number}").click()
    lab.get_by_test_id("specimen-form").get_by_role("button", name="Spesimen sudah diambil").click()
    results = lab.get_by_test_id("results-form")
    results.get_by_label("Hemoglobin (g/dL)").fill("30")  # impossible: refused, nothing saved
    results.get_by_label("Glukosa darah puasa (mg/dL)").fill("142")
    results.get_by_role("button", name="Simpan hasil").click()
    expect(lab.get_by_test_id("results-form")).to_contain_text("Hemoglobin 30 g/dL di luar rentang yang mungkin (1–25)")
    expect(lab.get_by_test_id("results-form").get_by_label("Glukosa darah puasa (mg/dL)")).to_have_value("142")
    shot(lab, "lab-hasil-ditolak")
    lab.get_by_test_id("results-form").get_by_label("Hemoglobin (g/dL)").fill("10,5")
    lab.get_by_test_id("results-form").get_by_role("button", name="Simpan hasil").click()
    expect(lab.get_by_test_id("order-status")).to_have_text("menunggu validasi")
    lab.get_by_test_id("validate-form").get_by_role("button", name="Validasi dan kirim hasil").click()
    expect(lab.get_by_test_id("order-status")).to_have_text("selesai (tervalidasi)")
    expect(lab.get_by_test_id("result-hb")).to_contain_text("L")
    lab.get_by_test_id("sheet-link").click()
    expect(lab.get_by_test_id("lab-sheet")).to_contain_text("HASIL PEMERIKSAAN LABORATORIUM")
    shot(lab, "lab-lembar-hasil")

    # The lab room sends the patient back for re-consultation.
    panel = serve_next(lab, "lab")
    panel.get_by_test_id("finish-form").get_by_label("Kembali ke klaster perujuk (konsultasi ulang)", exact=True).check()
    panel.get_by_test_id("finish-form").get_by_role("button", name="Selesai dan kirim").click()

    # Back in Klaster 3: the panel shows the validated results with their flags.
    panel = serve_next(page, "klaster3")
    results = panel.get_by_test_id(f"lab-order-{order.number}")
    expect(page.get_by_test_id(f"lab-ready-{order.visit.number}")).to_have_text("hasil lab siap")
    expect(results).to_contain_text("selesai (tervalidasi)")
    expect(results).to_contain_text("Hemoglobin: 10,5 g/dL (12,0–15,0) L")
    expect(results).to_contain_text("Glukosa darah puasa: 142 mg/dL (70–99) H")
    shot(page, "lab-hasil-di-klaster3")
    lab.context.close()
