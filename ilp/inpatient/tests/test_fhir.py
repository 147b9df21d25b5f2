"""A discharged stay reaches SATUSEHAT as an Encounter of class IMP, part of the visit it was admitted from."""

import datetime as dt
import time

from django.utils import timezone

from ilp.inpatient import services
from ilp.inpatient.fhir import KEY
from ilp.satusehat import validator, worker
from ilp.satusehat.fhirjson import instant
from ilp.satusehat.models import Delivery
from ilp.satusehat.tests import conftest as satusehat_conftest
from ilp.satusehat.tests.conftest import ORG_ID
from ilp.satusehat.tests.factories import delivered, doctor, finished_visit
from ilp.satusehat.tests.test_worker import FAST

standin, satusehat = satusehat_conftest.standin, satusehat_conftest.satusehat  # the stand-in over real HTTP


def deliver():
    worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)


def stays(standin, visit) -> list[tuple]:
    rows = Delivery.objects.filter(visit=visit, resource_type=KEY, status=Delivery.Status.ACCEPTED).order_by("id")
    return [(row, standin.state.resources["Encounter"][row.server_id]) for row in rows]


def test_a_stay_discharged_after_the_visit_was_closed_goes_out_as_an_imp_encounter(db, satusehat):
    dokter = doctor()
    visit = finished_visit(actor=dokter)
    ward = services.set_ward_beds(facility=visit.facility, name="Ruang Rawat Inap Umum", kind="umum", beds=2)
    bed = ward.beds.order_by("code").first()
    admitted_at = timezone.now() - dt.timedelta(days=2)
    admission = services.admit_patient(actor=dokter, facility=visit.facility, patient=visit.patient, bed=bed,
                                       reason="Diare dengan dehidrasi sedang", source="ruang", visit=visit,
                                       diagnosis_code="A09", admitted_at=admitted_at)
    deliver()
    [(visit_row, _visit_encounter)] = delivered(satusehat, visit, "Encounter")
    assert stays(satusehat, visit) == []  # still on the ward: nothing sent yet

    discharged_at = timezone.now() - dt.timedelta(hours=1)
    services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", course="Rehidrasi, membaik.",
                               discharged_at=discharged_at)
    deliver()
    [(row, stay)] = stays(satusehat, visit)
    assert row.local_id == admission.pk and row.depends_on == visit_row
    assert validator.is_valid(validator.validate(stay, org_id=ORG_ID))
    assert stay["class"]["code"] == "IMP"
    assert stay["status"] == "finished"
    assert [h["status"] for h in stay["statusHistory"]] == ["arrived", "in-progress", "finished"]
    assert stay["period"] == {"start": instant(admitted_at), "end": instant(discharged_at)}
    assert stay["partOf"] == {"reference": f"Encounter/{visit_row.server_id}"}
    assert stay["location"][0]["location"]["display"].startswith(f"Ruang Rawat Inap Umum, tempat tidur {bed.code}")
    assert stay["identifier"][0]["value"] != _visit_encounter["identifier"][0]["value"]
    assert stay["reasonCode"][0]["coding"][0]["code"] == "A09"
    assert len(satusehat.state.resources["Encounter"]) == 2  # the visit and the stay, each once
