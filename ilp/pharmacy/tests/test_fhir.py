"""A prescription line with a KFA code reaches SATUSEHAT as Medication, MedicationRequest and MedicationDispense."""

import datetime as dt
import time

from ilp.satusehat import validator, worker
from ilp.satusehat.tests import conftest as satusehat_conftest
from ilp.satusehat.tests.conftest import ORG_ID
from ilp.satusehat.tests.factories import delivered, every_service_visit, official, paths, top
from ilp.satusehat.tests.test_worker import FAST

from .. import catalogue

standin, satusehat = satusehat_conftest.standin, satusehat_conftest.satusehat  # the stand-in over real HTTP


def deliver():
    worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)


def valid(resource: dict) -> bool:
    return validator.is_valid(validator.validate(resource, org_id=ORG_ID))


def test_kfa_codes_are_the_ones_the_official_examples_show_for_that_exact_product():
    medication = official("ANC/Medication-Create-Obat-1.json")
    assert catalogue.drug_get("TTD").kfa == medication["code"]["coding"][0]["code"]  # ferrous fumarate 60 / folic acid 0.4
    oat = official("example/TB/Medication-Create-FDC-1.json")
    assert catalogue.drug_get("OAT4KDT").kfa == oat["code"]["coding"][0]["code"]  # RHZE 150/75/400/275
    assert "Rifampicin 150 mg / Isoniazid 75 mg / Pyrazinamide 400 mg / Ethambutol 275 mg" in oat["code"]["coding"][0]["display"]


def test_the_dispensed_line_goes_out_as_the_three_resources_shaped_like_the_official_examples(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    item = records["prescription"].items.get(drug_code="TTD")
    [(med_row, medication)] = delivered(satusehat, visit, "Medication")
    [(req_row, request)] = delivered(satusehat, visit, "MedicationRequest")
    [(disp_row, dispense)] = delivered(satusehat, visit, "MedicationDispense")
    assert med_row.local_id == req_row.local_id == disp_row.local_id == item.pk
    assert req_row.depends_on == med_row and disp_row.depends_on == req_row
    assert all(valid(r) for r in (medication, request, dispense))

    example = official("ANC/Medication-Create-Obat-1.json")
    assert paths(medication) <= paths(example)
    assert medication["code"]["coding"][0]["system"] == "http://sys-ids.kemkes.go.id/kfa"
    assert medication["batch"]["lotNumber"] == "B-TTD"  # the batch it was handed out from

    example = official("ANC/MedicationRequest-Create-Permintaan-Peresepan-Obat-1.json")
    assert paths(request) <= paths(example)
    assert top(example) - top(request) == {"courseOfTherapyType"}
    assert request["medicationReference"]["reference"] == f"Medication/{med_row.server_id}"
    assert request["dispenseRequest"]["quantity"] == {"value": 30, "unit": "TAB", "system": example[
        "dispenseRequest"]["quantity"]["system"], "code": "TAB"}
    number = records["prescription"].number
    assert request["identifier"] == [
        {"system": f"http://sys-ids.kemkes.go.id/prescription-item/{ORG_ID}", "use": "official", "value": f"{number}-1"},
        {"system": f"http://sys-ids.kemkes.go.id/prescription/{ORG_ID}", "use": "official", "value": number}]

    example = official("ANC/MedicationDispense-Create-Pengeluaran-Peresepan-Obat-1.json")
    assert paths(dispense) <= paths(example)
    assert top(example) - top(dispense) == {"daysSupply", "location"}
    assert dispense["authorizingPrescription"] == [{"reference": f"MedicationRequest/{req_row.server_id}"}]


def test_a_drug_without_a_kfa_code_stays_local(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    paracetamol = records["prescription"].items.get(drug_code="PCT500T")
    for kind in ("Medication", "MedicationRequest", "MedicationDispense"):
        assert paracetamol.pk not in {row.local_id for row, _r in delivered(satusehat, visit, kind)}
    assert not any(r["code"]["coding"][0]["display"].startswith("Parasetamol")
                   for r in satusehat.state.resources["Medication"].values())


def test_a_prescription_handed_over_after_the_visit_was_closed_still_reaches_satusehat(db, satusehat):
    from django.utils import timezone

    from ilp.pharmacy import services as pharmacy
    from ilp.satusehat.tests.factories import VITALS, adult, doctor, staff, walk_to, with_nik
    from ilp.visits import services as visits

    dokter = doctor()
    apoteker = with_nik(staff("apoteker", username="apoteker_late"), "1310014101800025")
    entry = walk_to(dokter, "klaster3", patient=adult(), vitals=VITALS)
    visit = entry.visit
    pharmacy.receive_stock(actor=apoteker, facility=visit.facility, drug_code="TTD", batch_number="B-TTD",
                           expiry_date=timezone.localdate() + dt.timedelta(days=400), quantity=100, document="SBBK/01")
    prescription = pharmacy.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "TTD", "quantity": 30}])
    visit.refresh_from_db()
    visits.close_visit(actor=dokter, visit=visit)
    deliver()
    assert delivered(satusehat, visit, "Encounter")
    assert not delivered(satusehat, visit, "MedicationDispense")  # waiting at the pharmacy: nothing handed over yet

    pharmacy.dispense_prescription(actor=apoteker, prescription=prescription)
    deliver()
    [(row, dispense)] = delivered(satusehat, visit, "MedicationDispense")
    assert row.local_id == prescription.items.get().pk
    assert dispense["medicationReference"]["reference"].startswith("Medication/")
    assert len(delivered(satusehat, visit, "Encounter")) == 1  # re-queued, not a second Encounter
    assert valid(dispense)
