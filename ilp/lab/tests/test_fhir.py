"""A lab order reaches SATUSEHAT as the official examples show it: ServiceRequest, Specimen, DiagnosticReport, lab Observations."""

import time

from ilp.satusehat import validator, worker
from ilp.satusehat.tests import conftest as satusehat_conftest
from ilp.satusehat.tests.conftest import ORG_ID
from ilp.satusehat.tests.factories import delivered, every_service_visit, official, paths, top
from ilp.satusehat.tests.test_worker import FAST

from ..fhir import SPECIMEN_TYPES

standin, satusehat = satusehat_conftest.standin, satusehat_conftest.satusehat  # the stand-in over real HTTP


def deliver():
    worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)


def valid(resource: dict) -> bool:
    answer = validator.validate(resource, org_id=ORG_ID)
    return validator.is_valid(answer)


def test_the_order_is_a_service_request_in_loinc_shaped_like_the_official_example(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    [(_row, request)] = delivered(satusehat, visit, "ServiceRequest")
    example = official("ANC/ServiceRequest-Create-PermintaanPenunjang-Lab-1.json")
    assert valid(request)
    assert paths(request) - paths(example) == {"subject.display"}
    assert top(example) - top(request) == {"performer", "reasonCode"}  # no performer named at order; no note written
    assert [c["code"] for c in request["code"]["coding"]] == ["718-7", "20454-5"]
    assert {c["system"] for c in request["code"]["coding"]} == {"http://loinc.org"}
    assert request["category"] == example["category"] and request["intent"] == example["intent"]
    assert request["identifier"] == [{"system": f"http://sys-ids.kemkes.go.id/servicerequest/{ORG_ID}",
                                      "value": records["order"].number}]


def test_one_specimen_per_kind_sent_after_the_request_it_answers(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    [(request_row, _request)] = delivered(satusehat, visit, "ServiceRequest")
    specimens = delivered(satusehat, visit, "Specimen")
    example = official("ANC/Specimen-Create-Sputum-1.json")
    assert {s["type"]["coding"][0]["code"] for _row, s in specimens} == {SPECIMEN_TYPES["darah"]["code"],
                                                                         SPECIMEN_TYPES["urin"]["code"]}
    for row, specimen in specimens:
        assert valid(specimen) and row.depends_on == request_row
        assert paths(specimen) <= paths(example)
        assert specimen["request"] == [{"reference": f"ServiceRequest/{request_row.server_id}"}]


def test_results_are_laboratory_observations_gathered_by_a_diagnostic_report(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    [(_row, report)] = delivered(satusehat, visit, "DiagnosticReport")
    example = official("ANC/DiagnosticReport-Report-Lab-1.json")
    assert valid(report)
    assert paths(report) - paths(example) == {"subject.display", "performer.display"}
    assert paths(example) - paths(report) == set()
    hb = records["order"].results.get(test_code="hb")
    observations = {row.local_id: (row, o) for row, o in delivered(satusehat, visit, "Observation")}
    row, observation = observations.pop(hb.observation_id)
    assert observation["category"][0]["coding"][0]["code"] == "laboratory"
    assert report["result"] == [{"reference": f"Observation/{row.server_id}"}]
    assert {o["category"][0]["coding"][0]["code"] for _row, o in observations.values()} == {"vital-signs"}
