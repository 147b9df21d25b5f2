"""A dose given at a visit reaches SATUSEHAT as an Immunization in the examples' vaccine code system; unknown vaccines stay."""

import time

from ilp.satusehat import selectors, validator, worker
from ilp.satusehat.tests import conftest as satusehat_conftest
from ilp.satusehat.tests.conftest import ORG_ID
from ilp.satusehat.tests.factories import delivered, every_service_visit, official, paths, top
from ilp.satusehat.tests.test_worker import FAST

from ..fhir import VACCINE_CODES

standin, satusehat = satusehat_conftest.standin, satusehat_conftest.satusehat  # the stand-in over real HTTP


def deliver():
    worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)


def test_the_td_dose_is_an_immunization_shaped_like_the_official_example(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    [(row, dose)] = delivered(satusehat, visit, "Immunization")
    example = official("ANC/Immunization-Create-VG139-T1.json")
    assert row.local_id == records["td"].pk
    assert validator.is_valid(validator.validate(dose, org_id=ORG_ID))
    assert dose["vaccineCode"] == example["vaccineCode"]  # http://sys-ids.kemkes.go.id/kfa VG139 "Td"
    assert paths(dose) - paths(example) == {"identifier", "identifier.system", "identifier.value", "performer.actor.display"}
    # Not recalled (reportOrigin is for recalled doses); no expiry or reason code recorded with our doses.
    assert top(example) - top(dose) == {"reportOrigin", "expirationDate", "reasonCode"}
    assert dose["primarySource"] is True and dose["protocolApplied"] == [{"doseNumberPositiveInt": 1}]
    assert dose["lotNumber"] == "AB0092"


def test_the_codes_we_send_are_the_ones_the_examples_show():
    example = official("ANC/Immunization-Create-VG139-T1.json")["vaccineCode"]["coding"][0]
    assert {"Td": (example["code"], example["display"])} == VACCINE_CODES


def test_a_vaccine_without_a_known_code_stays_local_and_the_status_page_says_why(db, satusehat, kapus):
    visit, records = every_service_visit()
    deliver()
    assert {row.local_id for row, _d in delivered(satusehat, visit, "Immunization")} == {records["td"].pk}
    [status] = selectors.visit_statuses(user=kapus, day=visit.date)
    assert any(note.startswith("Imunisasi HPV1 belum punya kode vaksin") for note in status.kept)


def test_a_dose_recorded_after_the_visit_was_closed_still_reaches_satusehat(db, satusehat):
    from django.utils import timezone

    from ilp.immunization import services as immunization
    from ilp.satusehat.tests.factories import doctor, finished_visit

    dokter = doctor()
    visit = finished_visit(actor=dokter)
    deliver()
    assert delivered(satusehat, visit, "Encounter") and not delivered(satusehat, visit, "Immunization")

    td = immunization.record_immunization(actor=dokter, patient=visit.patient, vaccine="Td", dose=1,
                                          given_on=timezone.localdate(), facility=visit.facility, lot_number="AB0092")
    deliver()
    [(row, dose)] = delivered(satusehat, visit, "Immunization")
    assert row.local_id == td.pk
    assert dose["encounter"]["reference"] == f"Encounter/{delivered(satusehat, visit, 'Encounter')[0][0].server_id}"
    assert validator.is_valid(validator.validate(dose, org_id=ORG_ID))
