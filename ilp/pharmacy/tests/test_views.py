"""The pharmacy pages through the client, as each person would use them; bad input keeps what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ilp.audit.models import AuditEntry

from .. import services
from ..models import Batch, Prescription, StockMovement
from .conftest import receive


def post(client, user, name, data, *args):
    client.force_login(user)
    return client.post(reverse(f"pharmacy:{name}", args=args), data)


def formset(*rows) -> dict:
    data = {"form-TOTAL_FORMS": "4", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "12"}
    for i, (code, quantity, signa) in enumerate(rows):
        data |= {f"form-{i}-drug_code": code, f"form-{i}-quantity": quantity, f"form-{i}-signa": signa}
    return data


def test_a_doctor_writes_a_prescription_and_goes_back_to_the_room(client, dokter, visit):
    back = reverse("visits:worklist", args=["klaster3"]) + "?entry=1"
    client.force_login(dokter)
    response = client.post(reverse("pharmacy:prescribe", args=[visit.pk]) + f"?ruang=klaster3&next={back}",
                           formset(("AMX500K", "15", "3 x 1"), ("PCT500T", "10", "3 x 1 bila demam")))
    assert response.status_code == 302 and response["Location"] == back
    prescription = Prescription.objects.get()
    assert (prescription.station_code, prescription.items.count()) == ("klaster3", 2)


@pytest.mark.parametrize(("row", "message"), [
    (("AMX500K", "-5", ""), "Jumlah harus lebih dari 0."),
    (("XYZ", "5", ""), "Kode obat XYZ tidak ada di katalog obat."),
    (("AMX500K", "", ""), "Isi jumlahnya."),
])
def test_a_bad_prescription_line_is_refused_and_nothing_is_saved(client, dokter, visit, row, message):
    response = post(client, dokter, "prescribe", formset(("PCT500T", "10", "3 x 1"), row), visit.pk)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'value="3 x 1"' in page  # what was typed stays
    assert not Prescription.objects.exists()


def test_the_apoteker_dispenses_from_the_worklist_and_stock_goes_down(client, apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, quantity=100)
    prescription = services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "PCT500T", "quantity": 10}])
    client.force_login(apoteker)
    worklist = client.get(reverse("pharmacy:worklist")).content.decode()
    assert prescription.number in worklist and visit.patient.name in worklist
    response = client.post(reverse("pharmacy:dispense", args=[prescription.pk]))
    assert response.status_code == 302
    assert Batch.objects.get().on_hand == 90
    assert AuditEntry.objects.filter(action="prescription.dispense", patient_id=visit.patient_id).exists()


def test_dispensing_more_than_in_stock_says_so_and_changes_nothing(client, apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, quantity=4)
    prescription = services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "PCT500T", "quantity": 10}])
    response = post(client, apoteker, "dispense", {}, prescription.pk)
    assert response.status_code == 400
    assert "Stok Parasetamol 500 mg tidak cukup: diminta 10 tablet, tersedia 4 tablet" in response.content.decode()
    assert Batch.objects.get().on_hand == 4
    assert not StockMovement.objects.filter(kind="dispense").exists()


def test_a_doctor_may_not_dispense(client, apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, quantity=100)
    prescription = services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "PCT500T", "quantity": 10}])
    assert post(client, dokter, "dispense", {}, prescription.pk).status_code == 403
    assert Batch.objects.get().on_hand == 100


RECEIVE = {"drug_code": "AMX500K", "batch_number": "bx-77", "expiry_date": "2028-01-31", "quantity": "300",
           "document": "SBBK/IFK/2026/11/001"}


def test_stock_in_from_the_ifk(client, kapus):
    response = post(client, kapus, "receive", RECEIVE | {"received_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    batch = Batch.objects.get()
    assert (batch.drug_code, batch.batch_number, batch.on_hand) == ("AMX500K", "BX-77", 300)


@pytest.mark.parametrize(("change", "message"), [
    ({"quantity": "-10"}, "Jumlah harus lebih dari 0."),
    ({"expiry_date": "2020-01-31"}, "sudah kedaluwarsa (31-01-2020): tidak boleh diterima."),
    ({"drug_code": "NOPE"}, "Kode obat NOPE tidak ada di katalog obat."),
])
def test_stock_in_refuses_bad_input_keeping_what_was_typed(client, kapus, change, message):
    response = post(client, kapus, "receive", RECEIVE | {"received_on": timezone.localdate().isoformat()} | change)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "SBBK/IFK/2026/11/001" in page
    assert not Batch.objects.filter(on_hand__gt=0).exists()


def test_transfer_and_opname_pages(client, kapus, puskesmas, pustu):
    receive(kapus, puskesmas, quantity=100)
    response = post(client, kapus, "transfer", {"destination": pustu.pk, "drug_code": "PCT500T", "quantity": "30",
                                                "document": "DIST/11/01"})
    assert response.status_code == 302
    held = Batch.objects.get(facility=puskesmas)
    response = post(client, kapus, "opname", {"counted_on": timezone.localdate().isoformat(), "note": "selisih 2",
                                              f"batch_{held.pk}": "68"})
    assert response.status_code == 302
    assert dict(Batch.objects.values_list("facility", "on_hand")) == {puskesmas.pk: 68, pustu.pk: 30}


def test_opname_refuses_a_negative_count(client, kapus, puskesmas):
    receive(kapus, puskesmas, quantity=100)
    batch = Batch.objects.get()
    response = post(client, kapus, "opname", {"counted_on": timezone.localdate().isoformat(), f"batch_{batch.pk}": "-1"})
    assert response.status_code == 400
    assert "Hasil hitung tidak boleh negatif." in response.content.decode()
    assert Batch.objects.get().on_hand == 100


def test_stock_page_warns_of_expiry_and_the_stock_card_runs_the_balance(client, apoteker, puskesmas):
    today = timezone.localdate()
    receive(apoteker, puskesmas, batch="SOON", expiry=today + dt.timedelta(days=30), quantity=20, on=today)
    receive(apoteker, puskesmas, batch="LATER", expiry=today + dt.timedelta(days=400), quantity=80, on=today)
    client.force_login(apoteker)
    page = client.get(reverse("pharmacy:stock")).content.decode()
    assert 'data-testid="expiry-warnings"' in page and "batch SOON" in page and "batch LATER" not in page
    card = client.get(reverse("pharmacy:stock_card", args=["PCT500T"])).content.decode()
    assert 'data-testid="closing">100<' in card


def test_other_puskesmas_cannot_open_our_prescription(client, petugas_lain, dokter, visit):
    prescription = services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "PCT500T", "quantity": 10}])
    client.force_login(petugas_lain)
    assert client.get(reverse("pharmacy:dispense", args=[prescription.pk])).status_code == 404
    assert prescription.number not in client.get(reverse("pharmacy:worklist")).content.decode()


def test_worklist_queries_do_not_grow_with_prescriptions(client, apoteker, dokter, pendaftaran, puskesmas, desa,
                                                         django_assert_max_num_queries):
    from .conftest import visit_of

    for _ in range(6):
        services.prescribe(actor=dokter, visit=visit_of(pendaftaran, puskesmas, desa), station_code="klaster3",
                           items=[{"drug_code": "PCT500T", "quantity": 10}, {"drug_code": "CTM4T", "quantity": 5}])
    client.force_login(apoteker)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("pharmacy:worklist")).status_code == 200


def test_an_unknown_room_in_the_link_is_ignored(client, dokter, visit):
    client.force_login(dokter)
    response = client.get(reverse("pharmacy:prescribe", args=[visit.pk]) + "?ruang=<script>")
    assert response.status_code == 200
    assert "&lt;script&gt;" not in response.content.decode() and "<script>" not in response.content.decode().split("</head>")[1]


def test_the_bidan_of_a_pustu_keeps_its_own_stock_but_distributes_nothing(client, bidan_pustu, pustu, puskesmas):
    response = post(client, bidan_pustu, "receive", RECEIVE | {"received_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert Batch.objects.get().facility == pustu
    assert client.get(reverse("pharmacy:transfer")).status_code == 403
    assert "AMX500K" in client.get(reverse("pharmacy:stock")).content.decode()
