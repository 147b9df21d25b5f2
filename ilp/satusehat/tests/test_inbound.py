"""Third-party apps send FHIR R4 to /fhir/R4/ over real HTTP (live server): auth, scope, validation, NIK,
joined into our record and facts once, resends idempotent, everything audited (decision 0018)."""

import base64
import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import time_machine
from django.utils import timezone

from conftest import load_base_data
from ilp.audit.models import AuditEntry
from ilp.clinical.models import Condition, Observation
from ilp.facilities.models import Facility
from ilp.immunization.models import Immunization
from ilp.indicators.models import Fact
from ilp.people.tests.factories import PatientFactory
from ilp.satusehat.inbound import receive
from ilp.satusehat.inbound.apps import register_app
from ilp.satusehat.models import InboundRecord
from ilp.visits.models import Visit
from ilp.visits.tests.factories import adult

from .factories import finished_visit

ORG, ORG_LAIN = "100025001", "100025002"
NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ours(live_server, settings):
    """Our Puskesmas and another, each with its SATUSEHAT organization; an app registered for ours only."""
    if not Facility.objects.filter(name="Puskesmas Sitiung I").exists():
        load_base_data()  # live_server empties the database after each test
    puskesmas = Facility.objects.get(name="Puskesmas Sitiung I")
    lain = Facility.objects.filter(kind=Facility.Kind.PUSKESMAS).exclude(pk=puskesmas.pk).order_by("code").first()
    settings.ILP_SATUSEHAT_ORGS = {puskesmas.code: {"org_id": ORG}, lain.code: {"org_id": ORG_LAIN}}
    app, secret = register_app(actor=None, name="Aplikasi Posyandu Digital", facilities=[puskesmas])
    return {"url": live_server.url, "app": app, "secret": secret, "puskesmas": puskesmas, "lain": lain}


def post(url: str, body, *, token: str = "", basic: tuple[str, str] | None = None, form: bool = False):
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(basic).encode()).decode()
    data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method="POST"), timeout=20) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def token_of(ours) -> str:
    status, body = post(f"{ours['url']}/fhir/oauth2/v1/accesstoken?grant_type=client_credentials",
                        {"client_id": ours["app"].client_id, "client_secret": ours["secret"]}, form=True)
    assert status == 200
    return body["access_token"]


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def ident(kind: str, value: str, org: str = ORG) -> list[dict]:
    return [{"system": f"http://sys-ids.kemkes.go.id/{kind.lower()}/{org}", "value": value}]


def home_visit_bundle(patient, *, at: dt.datetime, org: str = ORG, key: str = "HV-1") -> dict:
    """A home visit: the Encounter (class HH), a systolic pressure, a diagnosis; the patient by NIK."""
    subject = {"reference": "urn:uuid:7d6f3a52-7c1e-4d3e-9f1a-0c5a3c7f1b01"}
    encounter = "urn:uuid:7d6f3a52-7c1e-4d3e-9f1a-0c5a3c7f1b02"
    resources = [
        (subject["reference"], {"resourceType": "Patient", "identifier": [{"system": NIK_SYSTEM, "value": patient.nik}]}),
        (encounter, {"resourceType": "Encounter", "identifier": ident("Encounter", key, org), "status": "finished",
                     "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH", "display": "home health"},
                     "subject": subject, "period": {"start": utc(at), "end": utc(at + dt.timedelta(minutes=30))},
                     "statusHistory": [{"status": "arrived", "period": {"start": utc(at)}},
                                       {"status": "finished", "period": {"start": utc(at + dt.timedelta(minutes=30))}}],
                     "serviceProvider": {"reference": f"Organization/{org}"}}),
        ("urn:uuid:7d6f3a52-7c1e-4d3e-9f1a-0c5a3c7f1b03",
         {"resourceType": "Observation", "identifier": ident("Observation", f"{key}-sbp", org), "status": "final",
          "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}]},
          "subject": subject, "encounter": {"reference": encounter}, "effectiveDateTime": utc(at + dt.timedelta(minutes=5)),
          "valueQuantity": {"value": 152, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}),
        ("urn:uuid:7d6f3a52-7c1e-4d3e-9f1a-0c5a3c7f1b04",
         {"resourceType": "Condition", "identifier": ident("Condition", f"{key}-dx", org),
          "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "I10", "display": "Essential hypertension"}]},
          "subject": subject, "encounter": {"reference": encounter}, "recordedDate": utc(at + dt.timedelta(minutes=20))}),
    ]
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": url, "resource": r, "request": {"method": "POST", "url": r["resourceType"]}} for url, r in resources]}


def test_a_home_visit_bundle_joins_our_record_and_the_facts(ours):
    patient = adult(desa=ours["puskesmas"].wilayah.order_by("code").first(), bpjs_number=None)
    at = timezone.now() - dt.timedelta(hours=3)
    status, answer = post(f"{ours['url']}/fhir/R4/", home_visit_bundle(patient, at=at), token=token_of(ours))
    assert status == 200, answer
    assert [e["response"]["status"] for e in answer["entry"]] == ["200 OK", "201 Created", "201 Created", "201 Created"]
    visit = Visit.objects.get(patient=patient)
    assert (visit.facility, visit.status, visit.routing_version) == (ours["puskesmas"], "finished", receive.ROUTING)
    obs = Observation.objects.get(patient=patient, code="8480-6")
    assert (obs.visit, obs.value_quantity, obs.unit) == (visit, 152, "mm[Hg]")
    assert Condition.objects.get(patient=patient).case == Condition.Case.NEW
    assert sorted(Fact.objects.filter(person=patient.pk).values_list("kind", "code")) == [("dx", "I10"), ("visit", "")]
    actions = AuditEntry.objects.filter(actor_name=f"app:{ours['app'].client_id}").values_list("action", flat=True)
    assert sorted(actions) == ["satusehat.inbound.created"] * 3


def test_resending_the_same_bundle_answers_with_the_same_ids_and_writes_nothing(ours):
    patient = adult(desa=ours["puskesmas"].wilayah.order_by("code").first(), bpjs_number=None)
    bundle, token = home_visit_bundle(patient, at=timezone.now() - dt.timedelta(hours=3)), token_of(ours)
    _status, first = post(f"{ours['url']}/fhir/R4/", bundle, token=token)
    status, again = post(f"{ours['url']}/fhir/R4/", bundle, token=token)
    assert status == 200
    assert [e["response"]["location"] for e in again["entry"]] == [e["response"]["location"] for e in first["entry"]]
    assert {e["response"]["status"] for e in again["entry"]} == {"200 OK"}
    assert (Visit.objects.filter(patient=patient).count(), Observation.objects.filter(patient=patient).count()) == (1, 1)
    assert Fact.objects.filter(person=patient.pk).count() == 2


# Mid-morning in Jakarta: the app's measurement 40 minutes before ours is on the same day (matching is by day;
# run just after midnight WIB without this, the two fell on two days and the test failed for the clock's sake).
MORNING = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@time_machine.travel(MORNING, tick=True)
def test_a_visit_and_measurement_our_own_app_recorded_are_linked_not_counted_twice(ours):
    visit = finished_visit(patient=adult(bpjs_number=None))
    patient, ours_sbp = visit.patient, Observation.objects.get(visit=visit, code="8480-6")
    facts_before = Fact.objects.filter(person=patient.pk).count()
    status, answer = post(f"{ours['url']}/fhir/R4/", home_visit_bundle(patient, at=ours_sbp.effective_at - dt.timedelta(minutes=40)),
                          basic=(ours["app"].client_id, ours["secret"]))
    assert status == 200, answer
    assert Visit.objects.filter(patient=patient).count() == 1
    assert Observation.objects.filter(patient=patient, code="8480-6").count() == 1
    matched = InboundRecord.objects.filter(outcome=InboundRecord.Outcome.MATCHED)
    assert sorted(matched.values_list("resource_type", "target_id")) == [("Encounter", visit.pk), ("Observation", ours_sbp.pk)]
    assert Fact.objects.filter(person=patient.pk).count() == facts_before + 1  # only the new diagnosis counts
    assert Fact.objects.filter(person=patient.pk, kind="visit").count() == 1


def test_single_resources_by_http_basic_an_observation_refers_to_the_encounter_sent_before(ours):
    patient = adult(desa=ours["puskesmas"].wilayah.order_by("code").first(), bpjs_number=None)
    bundle, basic = home_visit_bundle(patient, at=timezone.now() - dt.timedelta(hours=2)), (ours["app"].client_id, ours["secret"])
    encounter = bundle["entry"][1]["resource"]
    encounter["subject"] = {"identifier": {"system": NIK_SYSTEM, "value": patient.nik}}
    status, created = post(f"{ours['url']}/fhir/R4/Encounter", encounter, basic=basic)
    assert status == 201 and created["id"]
    observation = {**bundle["entry"][2]["resource"], "subject": encounter["subject"],
                   "encounter": {"reference": f"Encounter/{created['id']}"}}
    status, answer = post(f"{ours['url']}/fhir/R4/Observation", observation, basic=basic)
    assert status == 201, answer
    assert Observation.objects.get(patient=patient).visit == Visit.objects.get(patient=patient)
    status, again = post(f"{ours['url']}/fhir/R4/Observation", observation, basic=basic)
    assert (status, again["id"]) == (200, answer["id"])


def test_an_immunization_is_counted_with_the_dose_as_the_card_names_it(ours):
    baby = PatientFactory(birth_date=timezone.localdate() - dt.timedelta(days=70), desa=ours["puskesmas"].wilayah.first())
    dose = {"resourceType": "Immunization", "identifier": ident("Immunization", "IM-1"), "status": "completed",
            "vaccineCode": {"coding": [{"system": "http://sys-ids.kemkes.go.id/kfa", "code": "DPT-HB-Hib"}]},
            "patient": {"identifier": {"system": NIK_SYSTEM, "value": baby.nik}},
            "occurrenceDateTime": utc(timezone.now() - dt.timedelta(hours=1)), "protocolApplied": [{"doseNumberPositiveInt": 1}]}
    status, answer = post(f"{ours['url']}/fhir/R4/Immunization", dose, token=token_of(ours))
    assert status == 201, answer
    given = Immunization.objects.get(patient=baby)
    assert (given.vaccine, given.dose, given.facility) == ("DPT-HB-Hib", 1, ours["puskesmas"])
    assert list(Fact.objects.filter(person=baby.pk).values_list("kind", "code")) == [("imm", "DPT-HB-Hib1")]


def test_no_credentials_a_wrong_secret_or_a_switched_off_app_get_401(ours):
    url, body = f"{ours['url']}/fhir/R4/", {"resourceType": "Bundle", "type": "transaction", "entry": []}
    token = token_of(ours)
    assert post(url, body)[0] == 401
    status, answer = post(url, body, basic=(ours["app"].client_id, "salah"))
    assert status == 401 and answer["issue"][0]["code"] == "login"
    assert post(f"{ours['url']}/fhir/oauth2/v1/accesstoken", {"client_id": ours["app"].client_id, "client_secret": "salah"},
                form=True)[0] == 401
    type(ours["app"]).objects.filter(pk=ours["app"].pk).update(active=False)
    assert post(url, body, token=token)[0] == 401


def test_a_puskesmas_the_app_is_not_registered_for_gets_403_and_the_refusal_is_audited(ours):
    patient = adult(desa=ours["lain"].wilayah.order_by("code").first(), bpjs_number=None)
    status, answer = post(f"{ours['url']}/fhir/R4/", home_visit_bundle(patient, at=timezone.now() - dt.timedelta(hours=1), org=ORG_LAIN),
                          token=token_of(ours))
    assert status == 403
    assert answer["issue"][0]["diagnostics"] == receive.NOT_YOURS % {"org": ORG_LAIN}
    assert not Visit.objects.filter(patient=patient).exists()
    assert AuditEntry.objects.filter(action="satusehat.inbound.refused", actor_name=f"app:{ours['app'].client_id}").count() == 1


def test_an_invalid_resource_gets_the_validators_operation_outcome_and_nothing_is_half_written(ours):
    patient = adult(desa=ours["puskesmas"].wilayah.order_by("code").first(), bpjs_number=None)
    bundle = home_visit_bundle(patient, at=timezone.now() - dt.timedelta(hours=1))
    bundle["entry"][2]["resource"]["effectiveDateTime"] = "2026-01-05T08:00:00+07:00"  # local time: SATUSEHAT refuses it
    status, answer = post(f"{ours['url']}/fhir/R4/", bundle, token=token_of(ours))
    assert status == 400 and answer["resourceType"] == "OperationOutcome"
    assert any("+00:00" in i["diagnostics"] for i in answer["issue"])
    assert not Visit.objects.filter(patient=patient).exists() and not InboundRecord.objects.exists()


def test_an_unknown_nik_is_refused_and_the_whole_bundle_with_it(ours):
    stranger = adult(desa=ours["lain"].wilayah.order_by("code").first(), bpjs_number=None)  # not in our wilayah
    status, answer = post(f"{ours['url']}/fhir/R4/", home_visit_bundle(stranger, at=timezone.now() - dt.timedelta(hours=1)),
                          token=token_of(ours))
    assert status == 422
    assert answer["issue"][0]["diagnostics"] == receive.UNKNOWN_NIK % {"nik": stranger.nik}
    assert not Visit.objects.filter(patient=stranger).exists()


def test_resources_we_do_not_join_are_refused_with_what_is_accepted(ours):
    token = token_of(ours)
    patient = {"resourceType": "Patient", "identifier": [{"system": NIK_SYSTEM, "value": "1310014101800009"}]}
    status, answer = post(f"{ours['url']}/fhir/R4/Patient", patient, token=token)
    assert status == 422 and answer["issue"][0]["diagnostics"] == receive.NOT_SUPPORTED % {"kind": "Patient"}
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:7d6f3a52-7c1e-4d3e-9f1a-0c5a3c7f1b09", "request": {"method": "POST", "url": "Procedure"},
         "resource": {"resourceType": "Procedure", "status": "completed", "subject": {"reference": "Patient/P1"}}}]}
    status, answer = post(f"{ours['url']}/fhir/R4/", bundle, token=token)
    assert status == 422 and answer["issue"][0]["diagnostics"] == receive.NOT_SUPPORTED % {"kind": "Procedure"}
    assert not InboundRecord.objects.exists()
