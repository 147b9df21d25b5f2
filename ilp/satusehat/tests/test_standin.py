"""The stand-in answers like SATUSEHAT: tokens, IHS numbers by NIK, conditional create, transaction Bundles."""

import datetime as dt

import pytest

from ilp.satusehat import standin as standin_module
from ilp.satusehat.client import NIK, Client, Refused
from ilp.satusehat.conf import Config

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)


@pytest.fixture
def client(standin):
    return Client(Config(url=f"{standin.url}{standin_module.FHIR}",
                         auth_url=f"{standin.url}/oauth2/v1", client_id="uji", client_secret="rahasia", org_id="1",
                         timeout=2))


def encounter(value: str = "K-1") -> dict:
    start = NOW.isoformat()
    return {"resourceType": "Encounter", "status": "arrived",
            "identifier": [{"system": "http://sys-ids.kemkes.go.id/encounter/1", "value": value}],
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
            "subject": {"reference": "Patient/P1"}, "period": {"start": start},
            "statusHistory": [{"status": "arrived", "period": {"start": start}}],
            "serviceProvider": {"reference": "Organization/1"}}


def test_same_nik_gives_the_same_ihs_number_and_unknown_niks_none(client):
    first = client.search("Patient", identifier=f"{NIK}|1310014101800001")
    again = client.search("Patient", identifier=f"{NIK}|1310014101800001")
    assert first[0]["id"] == again[0]["id"] == standin_module.ihs_number("Patient", "1310014101800001")
    assert client.search("Patient", identifier=f"{NIK}|0000014101800001") == []


def test_conditional_create_returns_the_existing_resource(client, standin):
    one = client.create(encounter(), if_none_exist="identifier=http://sys-ids.kemkes.go.id/encounter/1|K-1")
    two = client.create(encounter(), if_none_exist="identifier=http://sys-ids.kemkes.go.id/encounter/1|K-1")
    assert one["id"] == two["id"]
    assert standin.state.stats()["creates"] == {"Encounter|http://sys-ids.kemkes.go.id/encounter/1|K-1": 1}


def test_an_invalid_resource_is_refused_with_an_operation_outcome(client):
    with pytest.raises(Refused) as refused:
        client.create(encounter() | {"period": {"start": "2025-01-01T08:00:00+07:00"}})
    assert refused.value.status == 400
    assert refused.value.outcome["issue"][0]["diagnostics"] == "Waktu 2025-01-01T08:00:00+07:00 harus dalam UTC dan ditulis dengan +00:00."


def test_a_transaction_bundle_resolves_urn_uuid_references(client, standin):
    obs = {"resourceType": "Observation", "status": "final", "code": {"text": "nadi"},
           "subject": {"reference": "Patient/P1"}, "encounter": {"reference": "urn:uuid:6f1c2b4e-1111-4a2b-9c3d-123456789abc"}}
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:6f1c2b4e-1111-4a2b-9c3d-123456789abc", "resource": encounter(),
         "request": {"method": "POST", "url": "Encounter"}},
        {"fullUrl": "urn:uuid:6f1c2b4e-2222-4a2b-9c3d-123456789abc", "resource": obs,
         "request": {"method": "POST", "url": "Observation"}}]}
    answer = client.fhir("POST", "", bundle)
    encounter_id = answer["entry"][0]["response"]["location"].split("/")[1]
    stored = next(iter(standin.state.resources["Observation"].values()))
    assert stored["encounter"]["reference"] == f"Encounter/{encounter_id}"


def test_a_wrong_token_is_refused(standin):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{standin.url}/fhir-r4/v1/Patient?identifier=x", headers={"Authorization": "Bearer salah"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=2)
    assert raised.value.code == 401
