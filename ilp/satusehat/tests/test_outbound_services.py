"""Every service of a visit reaches SATUSEHAT: lab, pharmacy, immunization and dental, once each, in order."""

import collections
import time

from ilp.satusehat import selectors, worker
from ilp.satusehat.models import Delivery

from .factories import every_service_visit
from .test_worker import FAST, created


def deliver():
    """Until nothing waits, within a minute (a resource that keeps waiting fails the test instead of hanging it)."""
    return worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)


SENT = {"Encounter": 1, "Observation": 7, "Condition": 1, "ServiceRequest": 1, "Specimen": 2, "DiagnosticReport": 1,
        "Medication": 1, "MedicationRequest": 1, "MedicationDispense": 1, "Immunization": 1, "Procedure": 1}


def test_a_visit_with_every_service_is_delivered_to_the_stand_in_exactly_once(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    rows = list(Delivery.objects.filter(visit=visit))
    assert {row.status for row in rows} == {Delivery.Status.ACCEPTED}, [(r.resource_type, r.status, r.reason, r.error[:300]) for r in rows if r.status != "accepted"]
    assert collections.Counter(row.resource_type for row in rows) == SENT
    counts = created(satusehat)
    assert len(counts) == sum(SENT.values()) and set(counts.values()) == {1}

    deliver()  # a second run sends nothing again
    assert created(satusehat) == counts and satusehat.state.stats()["updates"] == {}


def test_what_each_resource_refers_to_is_the_server_id_of_what_went_before(db, satusehat):
    visit, records = every_service_visit()
    deliver()
    ids = collections.defaultdict(dict)
    for row in Delivery.objects.filter(visit=visit):
        ids[row.resource_type][row.local_id] = row.server_id
    held = satusehat.state.resources
    order, item = records["order"], records["prescription"].items.get(drug_code="TTD")
    report = held["DiagnosticReport"][ids["DiagnosticReport"][order.pk]]
    hb = order.results.get(test_code="hb")
    assert report["basedOn"] == [{"reference": f"ServiceRequest/{ids['ServiceRequest'][order.pk]}"}]
    assert report["result"] == [{"reference": f"Observation/{ids['Observation'][hb.observation_id]}"}]
    assert {s["reference"] for s in report["specimen"]} == {f"Specimen/{sid}" for sid in ids["Specimen"].values()}
    lab_obs = held["Observation"][ids["Observation"][hb.observation_id]]
    assert lab_obs["category"][0]["coding"][0]["code"] == "laboratory"
    dispense = held["MedicationDispense"][ids["MedicationDispense"][item.pk]]
    assert dispense["authorizingPrescription"] == [{"reference": f"MedicationRequest/{ids['MedicationRequest'][item.pk]}"}]
    assert dispense["medicationReference"]["reference"] == f"Medication/{ids['Medication'][item.pk]}"
    encounter = f"Encounter/{ids['Encounter'][visit.pk]}"
    assert held["Immunization"][ids["Immunization"][records["td"].pk]]["encounter"]["reference"] == encounter
    assert held["Procedure"][ids["Procedure"][records["filling"].pk]]["encounter"]["reference"] == encounter


def test_status_page_counts_each_resource_type_and_says_what_stays_local(db, satusehat, kapus):
    visit, records = every_service_visit()
    deliver()
    types = {t["resource_type"]: t for t in selectors.type_summary(user=kapus, day=visit.date)}
    assert {kind: t["accepted"] for kind, t in types.items()} == SENT
    assert all(t["rejected"] == t["waiting"] == 0 for t in types.values())
    [status] = selectors.visit_statuses(user=kapus, day=visit.date)
    kept = " ".join(status.kept)
    assert "Parasetamol 500 mg belum punya kode KFA" in kept
    assert "HPV1 belum punya kode vaksin" in kept
    assert "Protein urin" in kept
