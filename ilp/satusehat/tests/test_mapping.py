"""A finished visit as SATUSEHAT resources: Encounter with its history, vitals in LOINC/UCUM, the Bundle."""

import datetime as dt

import pytest

from ilp.people.tests.factories import PatientFactory
from ilp.satusehat import mapping, validator
from ilp.satusehat.client import Client
from ilp.satusehat.conf import config
from ilp.satusehat.fhirjson import dumps
from ilp.satusehat.identity import NO_NIK, PlatformResolver
from ilp.satusehat.standin import ihs_number
from ilp.visits.tests.factories import adult

from .conftest import ORG_ID
from .factories import DOCTOR_NIK, finished_visit


@pytest.fixture
def resolver(satusehat):
    return PlatformResolver(Client(config()))


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def test_finished_visit_maps_to_a_transaction_bundle_that_passes_the_validator(db, resolver):
    visit = finished_visit()
    bundle = mapping.visit_bundle(visit, org_id=ORG_ID, resolver=resolver)
    answer = validator.validate(bundle, org_id=ORG_ID)
    assert validator.is_valid(answer), answer
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Encounter"] + ["Observation"] * 6
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in bundle["entry"])
    assert {e["resource"]["encounter"]["reference"] for e in bundle["entry"][1:]} == {bundle["entry"][0]["fullUrl"]}


def test_encounter_history_follows_the_visit_events_in_utc(db, resolver):
    visit = finished_visit()
    encounter = mapping.encounter(visit, org_id=ORG_ID, resolver=resolver)
    care = visit.events.get(kind="started", station_code="klaster3").at
    assert encounter["class"]["code"] == "AMB"
    assert [h["status"] for h in encounter["statusHistory"]] == ["arrived", "in-progress", "finished"]
    assert encounter["statusHistory"][0]["period"] == {"start": utc(visit.arrived_at), "end": utc(care)}
    assert encounter["statusHistory"][1]["period"] == {"start": utc(care), "end": utc(visit.finished_at)}
    assert encounter["period"] == {"start": utc(visit.arrived_at), "end": utc(visit.finished_at)}
    assert encounter["period"]["start"].endswith("+00:00")
    assert encounter["identifier"][0]["system"] == f"http://sys-ids.kemkes.go.id/encounter/{ORG_ID}"
    assert encounter["serviceProvider"] == {"reference": f"Organization/{ORG_ID}"}
    assert encounter["location"][0]["location"]["identifier"]["value"] == "klaster3"


def test_patient_and_practitioner_are_referenced_by_ihs_number_found_by_nik(db, resolver):
    visit = finished_visit()
    encounter = mapping.encounter(visit, org_id=ORG_ID, resolver=resolver)
    assert encounter["subject"]["reference"] == f"Patient/{ihs_number('Patient', visit.patient.nik)}"
    assert encounter["participant"][0]["individual"]["reference"] == f"Practitioner/{ihs_number('Practitioner', DOCTOR_NIK)}"


def test_newborn_without_nik_is_found_by_the_mothers_nik(db, resolver):
    mother = PatientFactory(sex="F")
    baby = PatientFactory(nik=None, mother=mother, birth_date=dt.date.today() - dt.timedelta(days=3))
    visit = finished_visit(patient=baby, room="klaster2")
    encounter = mapping.encounter(visit, org_id=ORG_ID, resolver=resolver)
    key = f"ibu|{mother.nik}|{baby.birth_date.isoformat()}"
    assert encounter["subject"]["reference"] == f"Patient/{ihs_number('Patient', key)}"


def test_patient_without_any_nik_cannot_be_mapped(db, resolver):
    # An adult, so the factory's walk to Klaster 3 holds whatever birth date the sequence would give.
    visit = finished_visit(patient=adult(nik=None))
    with pytest.raises(mapping.MappingError) as raised:
        mapping.encounter(visit, org_id=ORG_ID, resolver=resolver)
    assert raised.value.reason == NO_NIK % {"name": visit.patient.name}


def test_vital_signs_are_loinc_with_ucum_units_and_keep_their_decimals(db, resolver):
    visit = finished_visit()
    bundle = mapping.visit_bundle(visit, org_id=ORG_ID, resolver=resolver)
    quantities = {e["resource"]["code"]["coding"][0]["code"]: e["resource"]["valueQuantity"] for e in bundle["entry"][1:]}
    assert quantities["8480-6"]["code"] == "mm[Hg]" and quantities["8480-6"]["system"] == "http://unitsofmeasure.org"
    assert quantities["8310-5"]["code"] == "Cel"
    text = dumps(bundle)
    # Measured to one decimal: 158.0 cm stays 158.0 (not 158 or 158.000), 36.5 °C stays 36.5.
    assert '"value":158.0,' in text and '"value":36.5,' in text and '"value":128,' in text


def test_observations_carry_utc_times_and_the_vital_signs_category(db, resolver):
    visit = finished_visit()
    obs = visit.observations.first()
    resource = mapping.observation(obs, org_id=ORG_ID, resolver=resolver, encounter_ref="Encounter/abc")
    assert resource["effectiveDateTime"] == utc(obs.effective_at)
    assert resource["category"][0]["coding"][0]["code"] == "vital-signs"
    assert resource["identifier"][0]["system"] == f"http://sys-ids.kemkes.go.id/observation/{ORG_ID}"


def test_a_diagnosis_becomes_a_condition_in_icd10(db, resolver):
    from ilp.clinical.services import record_diagnosis

    visit = finished_visit()
    diagnosis = record_diagnosis(actor=visit.entries.last().served_by, visit=visit, code="I10", case="baru")
    resource = mapping.condition(diagnosis, org_id=ORG_ID, resolver=resolver, encounter_ref="Encounter/abc")
    assert resource["code"]["coding"][0] == {"system": "http://hl7.org/fhir/sid/icd-10", "code": "I10",
                                             "display": diagnosis.display}
    assert resource["recordedDate"].endswith("+00:00")


def test_a_visit_dated_before_the_platform_opened_is_refused_before_sending(db, resolver):
    visit = finished_visit()
    visit.arrived_at = dt.datetime(2022, 8, 1, 1, 0, tzinfo=dt.UTC)  # as if typed in from an old register
    with pytest.raises(mapping.MappingError) as raised:
        mapping.encounter(visit, org_id=ORG_ID, resolver=resolver)
    assert raised.value.reason.startswith("Data belum memenuhi aturan SATUSEHAT: Tanggal 2022-08-01T01:00:00+00:00 sebelum")
