"""Other modules' records reach SATUSEHAT through the contributor registry: a fake module's two resources here.

The fake uses resource types no module of ours sends (Goal, then a CarePlan that refers to it), so the
real lab, pharmacy, immunization and dental contributors stay registered while these tests run.
"""

import pytest

from ilp.satusehat import contributors, mapping, worker
from ilp.satusehat.contributors import Contributor, Planned
from ilp.satusehat.models import Delivery

from .factories import finished_visit
from .test_worker import FAST


def goal(visit_id: int, context) -> dict:
    from ilp.visits.models import Visit

    visit = Visit.objects.select_related("patient", "facility").get(pk=visit_id)
    return {"resourceType": "Goal",
            "identifier": [{"system": mapping.system_id("Goal", context.org_id), "value": f"target-{visit_id}"}],
            "lifecycleStatus": "active", "description": {"text": "Tekanan darah < 140/90 mmHg"},
            "subject": {"reference": f"Patient/{context.resolver.patient(visit.patient)}"}}


def care_plan(visit_id: int, context) -> dict:
    from ilp.visits.models import Visit

    visit = Visit.objects.select_related("patient").get(pk=visit_id)
    return {"resourceType": "CarePlan",
            "identifier": [{"system": mapping.system_id("CarePlan", context.org_id), "value": f"rencana-{visit_id}"}],
            "status": "active", "intent": "plan", "subject": {"reference": f"Patient/{context.resolver.patient(visit.patient)}"},
            "encounter": {"reference": context.encounter},
            "goal": [{"reference": context.reference("Goal", visit_id)}]}


@pytest.fixture
def fake_module():
    """A module's two resources: a goal per visit, its care plan sent after it."""
    contributors.register(Contributor("Goal", plan=lambda visit: [Planned(visit.pk)], build=goal))
    contributors.register(Contributor("CarePlan", plan=lambda visit: [Planned(visit.pk, after=("Goal", visit.pk))],
                                      build=care_plan))
    yield
    contributors.unregister("Goal")
    contributors.unregister("CarePlan")


def test_a_contributed_resource_is_queued_after_what_it_refers_to(db, fake_module):
    visit = finished_visit()
    target = Delivery.objects.get(visit=visit, resource_type="Goal")
    plan = Delivery.objects.get(visit=visit, resource_type="CarePlan")
    assert target.depends_on.resource_type == "Encounter" and plan.depends_on == target


def test_contributed_resources_are_delivered_with_the_server_ids_of_what_they_refer_to(db, satusehat, fake_module):
    visit = finished_visit()
    worker.run(until_idle=True, options=FAST)
    rows = {row.resource_type: row for row in Delivery.objects.filter(visit=visit)}
    assert {row.status for row in rows.values()} == {Delivery.Status.ACCEPTED}
    held = satusehat.state.resources
    assert held["CarePlan"][rows["CarePlan"].server_id]["encounter"]["reference"] == \
        f"Encounter/{rows['Encounter'].server_id}"
    assert held["CarePlan"][rows["CarePlan"].server_id]["goal"] == [{"reference": f"Goal/{rows['Goal'].server_id}"}]


def test_a_contributed_resource_the_validator_refuses_is_a_dead_letter_with_the_reason(db, satusehat, fake_module):
    contributors.unregister("CarePlan")
    contributors.register(Contributor("CarePlan", plan=lambda visit: [Planned(visit.pk, after=("Goal", visit.pk))],
                                      build=lambda pk, context: {**care_plan(pk, context),
                                                                  "created": "2026-01-05T08:00:00+07:00"}))
    visit = finished_visit()
    worker.run(until_idle=True, options=FAST)
    row = Delivery.objects.get(visit=visit, resource_type="CarePlan")
    assert row.status == Delivery.Status.REJECTED and "+00:00" in row.reason
    assert "CarePlan" not in satusehat.state.resources


def test_a_reference_to_a_resource_not_yet_accepted_is_retried_not_refused(db, satusehat, fake_module):
    contributors.unregister("CarePlan")
    contributors.register(Contributor("CarePlan", plan=lambda visit: [Planned(visit.pk)], build=care_plan))  # no `after`
    visit = finished_visit()
    worker.run(until_idle=True, options=FAST)
    rows = {row.resource_type: row for row in Delivery.objects.filter(visit=visit)}
    assert rows["CarePlan"].status == Delivery.Status.ACCEPTED
    assert satusehat.state.resources["CarePlan"][rows["CarePlan"].server_id]["goal"] == [
        {"reference": f"Goal/{rows['Goal'].server_id}"}]


def test_a_second_contributor_for_the_same_resource_is_refused(fake_module):
    with pytest.raises(ValueError):
        contributors.register(Contributor("Goal", plan=lambda visit: [], build=goal))


def test_the_lab_pharmacy_immunization_and_dental_contributors_are_registered():
    assert {"ServiceRequest", "Specimen", "DiagnosticReport", "Medication", "MedicationRequest", "MedicationDispense",
            "Immunization", "Procedure"} <= {c.resource_type for c in contributors.contributors()}
