"""The lab pages through the client, as the doctor and the analyst use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from ilp.lab import services
from ilp.lab.models import LabOrder
from ilp.visits import services as visit_services
from ilp.visits.tests.factories import entry_at, serve

from .factories import collected, klaster3_entry, ordered

pytestmark = pytest.mark.django_db


def test_the_doctor_orders_from_the_room_and_the_patient_goes_to_the_lab(client, doctor):
    entry = klaster3_entry(doctor)
    client.force_login(doctor)
    response = client.post(reverse("lab:order_create", args=[entry.pk]), {"tests": ["darah_rutin", "gds"], "clinical_note": "lemas"})
    assert response.status_code == 302 and response["Location"] == reverse("visits:worklist", args=["klaster3"])
    order = LabOrder.objects.get()
    assert order.results.count() == 6 and entry_at(order.visit, "lab").status == "waiting"


def test_an_unknown_code_posted_to_the_order_form_is_named_and_the_choices_kept(client, doctor):
    entry = klaster3_entry(doctor)
    client.force_login(doctor)
    response = client.post(reverse("lab:order_create", args=[entry.pk]), {"tests": ["hb", "rontgen"]})
    assertContains(response, "Kode pemeriksaan tidak dikenal: rontgen.", status_code=400)
    assertContains(response, 'value="hb" checked', status_code=400)
    assert not LabOrder.objects.exists()


def test_the_worklist_shows_each_order_in_its_column(client, doctor, lab, django_assert_max_num_queries):
    waiting, taken = ordered(doctor), collected(doctor, lab)
    client.force_login(lab)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lab:worklist"))
    columns = response.context["waiting"]
    assert columns["ordered"] == [waiting] and columns["collected"] == [taken]


def test_the_analyst_takes_the_specimen_enters_and_validates_through_the_pages(client, doctor, lab):
    order = ordered(doctor, tests=["hb", "hiv"])
    client.force_login(lab)
    client.post(reverse("lab:order_specimen", args=[order.pk]), {"taken_at": "", "note": ""})
    client.post(reverse("lab:order_results", args=[order.pk]), {"hb": "6,5", "hiv": "nr"})
    client.post(reverse("lab:order_validate", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == LabOrder.Status.VALIDATED
    sheet = client.get(reverse("lab:order_sheet", args=[order.pk]))
    assertContains(sheet, "6,5")
    assertContains(sheet, 'title="kritis rendah">LL</span>', html=False)


def test_a_bad_value_on_the_form_keeps_what_was_typed_and_names_the_test(client, doctor, lab):
    order = collected(doctor, lab, tests=["hb", "gds"])
    client.force_login(lab)
    response = client.post(reverse("lab:order_results", args=[order.pk]), {"hb": "12.5", "gds": "-4"})
    assertContains(response, "Glukosa darah sewaktu tidak boleh negatif.", status_code=400)
    assertContains(response, 'value="12.5"', status_code=400)
    assert not order.results.filter(value_quantity__isnull=False).exists()


def test_the_sheet_downloads_as_a_pdf(client, doctor, lab):
    order = collected(doctor, lab, tests=["hb"])
    client.force_login(lab)
    response = client.get(reverse("lab:order_sheet", args=[order.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_the_csv_page_lists_every_bad_line(client, doctor, lab):
    order = collected(doctor, lab, tests=["hb"])
    client.force_login(lab)
    upload = SimpleUploadedFile("hasil.csv", f"no_order,kode,hasil\n{order.number},hb,99\nLAB-X,hb,12\n".encode())
    response = client.post(reverse("lab:import_results"), {"file": upload})
    assertContains(response, "Baris 2: Hemoglobin 99 g/dL di luar rentang yang mungkin (1–25); periksa kembali.", status_code=400)
    assertContains(response, "Baris 3: order LAB-X tidak ditemukan di Puskesmas ini.", status_code=400)


def test_validated_results_show_in_the_ordering_room_and_on_the_visit_record(client, doctor, lab):
    order = collected(doctor, lab, tests=["gds"])
    services.enter_results(actor=lab, order=order, values={"gds": "245"})
    services.validate_order(actor=lab, order=order)
    client.force_login(doctor)
    record = client.get(order.visit.get_absolute_url())
    assertContains(record, f'data-testid="lab-order-{order.number}"')
    assertContains(record, "<strong>245</strong>")


def test_another_puskesmas_gets_404_for_our_order(client, doctor, petugas_lain):
    order = ordered(doctor)
    client.force_login(petugas_lain)
    assert client.get(reverse("lab:order_detail", args=[order.pk])).status_code == 404


def test_the_ordering_room_panel_shows_the_order_and_then_its_validated_result(client, doctor, lab):
    order = collected(doctor, lab, tests=["hb"])
    services.enter_results(actor=lab, order=order, values={"hb": "18.2"})
    services.validate_order(actor=lab, order=order)
    visit_services.finish_entry(actor=lab, entry=serve(lab, order.visit, "lab"), send_to="kembali")
    back = serve(doctor, order.visit, "klaster3")
    client.force_login(doctor)
    response = client.get(reverse("visits:worklist", args=["klaster3"]), {"entry": back.pk})
    assertContains(response, f'data-testid="lab-order-{order.number}"')
    assertContains(response, "<strong>18,2</strong>")
    assertContains(response, f'data-testid="lab-ready-{order.visit.number}"')
