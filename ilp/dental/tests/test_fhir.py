"""A dental treatment reaches SATUSEHAT as a Procedure in ICD-9-CM, shaped like the official example."""

import time

from ilp.satusehat import validator, worker
from ilp.satusehat.tests import conftest as satusehat_conftest
from ilp.satusehat.tests.conftest import ORG_ID
from ilp.satusehat.tests.factories import delivered, every_service_visit, official, paths
from ilp.satusehat.tests.test_worker import FAST

from ..fhir import THERAPEUTIC

standin, satusehat = satusehat_conftest.standin, satusehat_conftest.satusehat  # the stand-in over real HTTP


def test_a_filling_is_a_therapeutic_procedure_in_icd9cm_on_its_tooth(db, satusehat):
    visit, records = every_service_visit()
    worker.run(until_idle=True, options=FAST, deadline=time.monotonic() + 60)
    [(row, procedure)] = delivered(satusehat, visit, "Procedure")
    example = official("ANC/Procedure-Tindakan-1.json")
    assert row.local_id == records["filling"].pk
    assert validator.is_valid(validator.validate(procedure, org_id=ORG_ID))
    assert procedure["code"]["coding"] == [{"system": example["code"]["coding"][0]["system"], "code": "23.2",
                                            "display": "Tumpatan (penambalan) gigi"}]
    assert procedure["category"]["coding"] == [THERAPEUTIC]
    # Beyond the example: our identifier (a resend matches it), the tooth, and the diagnosis as the reason (ICD-10).
    assert paths(procedure) - paths(example) == {
        "identifier", "identifier.system", "identifier.value", "bodySite", "bodySite.text", "reasonCode",
        "reasonCode.coding", "reasonCode.coding.system", "reasonCode.coding.code", "reasonCode.coding.display"}
    assert paths(example) <= paths(procedure)
    assert procedure["bodySite"] == [{"text": "Gigi 36 (FDI)"}]
    assert procedure["reasonCode"][0]["coding"][0]["code"] == "K02.1"
