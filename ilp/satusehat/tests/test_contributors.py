"""Other modules' records reach SATUSEHAT through the contributor registry: a fake lab contributor here."""

import pytest

from ilp.satusehat import contributors, mapping, worker
from ilp.satusehat.contributors import Contributor, Planned
from ilp.satusehat.models import Delivery

from .factories import finished_visit
from .test_worker import FAST

LAB_ORDER = {"system": "http://loinc.org", "code": "718-7", "display": "Hemoglobin [Mass/volume] in Blood"}


def service_request(visit_id: int, context) -> dict:
    from ilp.visits.models import Visit

    visit = Visit.objects.select_related("patient", "facility").get(pk=visit_id)
    return {"resourceType": "ServiceRequest",
            "identifier": [{"system": mapping.system_id("ServiceRequest", context.org_id), "value": f"lab-{visit_id}"}],
            "status": "active", "intent": "order", "code": {"coding": [LAB_ORDER]},
            "subject": {"reference": f"Patient/{context.resolver.patient(visit.patient)}"},
            "encounter": {"reference": context.encounter}}


def specimen(visit_id: int, context) -> dict:
    from ilp.visits.models import Visit

    visit = Visit.objects.select_related("patient").get(pk=visit_id)
    return {"resourceType": "Specimen",
            "identifier": [{"system": mapping.system_id("Specimen", context.org_id), "value": f"spesimen-{visit_id}"}],
            "status": "available", "subject": {"reference": f"Patient/{context.resolver.patient(visit.patient)}"},
            "request": [{"reference": context.reference("ServiceRequest", visit_id)}]}


@pytest.fixture
def fake_lab():
    """A lab module's two resources: an order per visit, its specimen sent after it."""
    contributors.register(Contributor("ServiceRequest", plan=lambda visit: [Planned(visit.pk)], build=service_request))
    contributors.register(Contributor("Specimen", plan=lambda visit: [Planned(visit.pk, after=("ServiceRequest", visit.pk))],
                                      build=specimen))
    yield
    contributors.unregister("ServiceRequest")
    contributors.unregister("Specimen")


def test_a_contributed_resource_is_queued_after_what_it_refers_to(db, fake_lab):
    visit = finished_visit()
    order = Delivery.objects.get(visit=visit, resource_type="ServiceRequest")
    sample = Delivery.objects.get(visit=visit, resource_type="Specimen")
    assert order.depends_on.resource_type == "Encounter" and sample.depends_on == order


def test_contributed_resources_are_delivered_with_the_server_ids_of_what_they_refer_to(db, satusehat, fake_lab):
    visit = finished_visit()
    worker.run(until_idle=True, options=FAST)
    rows = {row.resource_type: row for row in Delivery.objects.filter(visit=visit)}
    assert {row.status for row in rows.values()} == {Delivery.Status.ACCEPTED}
    held = satusehat.state.resources
    assert held["ServiceRequest"][rows["ServiceRequest"].server_id]["encounter"]["reference"] == \
        f"Encounter/{rows['Encounter'].server_id}"
    assert held["Specimen"][rows["Specimen"].server_id]["request"] == [
        {"reference": f"ServiceRequest/{rows['ServiceRequest'].server_id}"}]


def test_a_contributed_resource_the_validator_refuses_is_a_dead_letter_with_the_reason(db, satusehat, fake_lab):
    contributors.unregister("Specimen")
    contributors.register(Contributor("Specimen", plan=lambda visit: [Planned(visit.pk, after=("ServiceRequest", visit.pk))],
                                      build=lambda pk, context: {**specimen(pk, context),
                                                                  "receivedTime": "2026-01-05T08:00:00+07:00"}))
    visit = finished_visit()
    worker.run(until_idle=True, options=FAST)
    row = Delivery.objects.get(visit=visit, resource_type="Specimen")
    assert row.status == Delivery.Status.REJECTED and "+00:00" in row.reason
    assert "Specimen" not in satusehat.state.resources


def test_a_second_contributor_for_the_same_resource_is_refused(fake_lab):
    with pytest.raises(ValueError):
        contributors.register(Contributor("ServiceRequest", plan=lambda visit: [], build=service_request))
