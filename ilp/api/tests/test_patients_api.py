"""The JSON API for patients (/api/): same scope, rules and messages as the pages."""

import base64
import datetime as dt

import pytest
from django.test import Client

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import PASSWORD, UserFactory
from ilp.audit.models import AuditEntry
from ilp.people.api import UNKNOWN_DESA
from ilp.people.models import Patient
from ilp.people.nik import NOT_16_DIGITS, build_nik
from ilp.people.services import BIRTH_IN_FUTURE, NIK_TAKEN
from ilp.people.tests.factories import PatientFactory

BIRTH = dt.date(1990, 4, 12)


def basic(user) -> dict:
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def siti(desa, **overrides) -> dict:
    nik = build_nik(kecamatan_code=desa.parent.code, birth_date=BIRTH, sex="F", serial=7)
    return {"name": "Siti Aminah", "birth_date": "1990-04-12", "sex": "F", "desa_code": desa.code, "nik": nik} | overrides


@pytest.fixture
def post(client, pendaftaran):
    """POST /api/patients as a script would: HTTP Basic, JSON body."""
    def send(body, user=pendaftaran):
        return client.post("/api/patients", body, content_type="application/json", **basic(user))
    return send


def nothing_written() -> bool:
    return not Patient.objects.exists() and not AuditEntry.objects.exists()


# Schema


def test_openapi_schema_is_served_without_login(client, db):
    response = client.get("/api/openapi.json")
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert "/api/patients" in response.json()["paths"]


def test_openapi_schema_declares_http_basic_for_scripts(client, db):
    schemes = client.get("/api/openapi.json").json()["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "basic"} in schemes.values()


# Authentication


def test_api_answers_401_and_does_not_redirect_an_anonymous_script(client, db):
    response = client.get("/api/patients")
    assert response.status_code == 401


def test_api_refuses_a_wrong_basic_password(client, pendaftaran):
    token = base64.b64encode(b"pendaftaran:salah").decode()
    assert client.get("/api/patients", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 401


def test_api_refuses_a_browser_session_post_without_csrf_token(pendaftaran, desa):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(pendaftaran)
    response = browser.post("/api/patients", siti(desa), content_type="application/json")
    assert response.status_code == 403
    assert nothing_written()


def test_api_basic_auth_needs_no_csrf_token(pendaftaran, desa):
    response = Client(enforce_csrf_checks=True).post("/api/patients", siti(desa), content_type="application/json",
                                                     **basic(pendaftaran))
    assert response.status_code == 201


# Create


def test_create_patient_answers_201_with_the_dotted_desa_code(post, desa):
    response = post(siti(desa, desa_code=desa.plain_code))
    body = response.json()
    assert response.status_code == 201
    assert (body["name"], body["desa_code"], body["birth_date"], body["id"]) == (
        "Siti Aminah", desa.code, "1990-04-12", Patient.objects.get().pk)


def test_create_patient_gives_a_no_rm_and_audits_like_the_page(post, desa, pendaftaran):
    post(siti(desa))
    patient = Patient.objects.get()
    actions = set(AuditEntry.objects.filter(patient_id=patient.pk).values_list("action", flat=True))
    assert (patient.medical_records.get().number, actions) == ("000001", {"patient.create", "medicalrecord.create"})


def test_create_patient_rejects_an_invalid_nik(post, desa):
    response = post(siti(desa, nik="12345"))
    assert (response.status_code, response.json()) == (400, {"errors": {"nik": [NOT_16_DIGITS]}})
    assert nothing_written()


def test_create_patient_rejects_an_unknown_desa_code(post, desa):
    response = post(siti(desa, desa_code="13.10.04.9999"))
    assert response.json() == {"errors": {"desa_code": [UNKNOWN_DESA % {"code": "13.10.04.9999"}]}}
    assert nothing_written()


def test_create_patient_rejects_a_desa_of_another_kabupaten(post, desa):
    response = post(siti(desa, desa_code="13.01.01.2001"))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["desa_code"])


def test_create_patient_rejects_a_code_that_is_not_a_region_code(post, desa):
    response = post(siti(desa, desa_code="Sitiung"))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["desa_code"])


def test_create_patient_rejects_a_kecamatan_code(post, desa):
    response = post(siti(desa, desa_code=desa.parent.code))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["desa_code"])


@pytest.mark.parametrize("sex", ["L", "P", "", "male"])
def test_create_patient_rejects_a_sex_other_than_m_or_f(post, desa, sex):
    response = post(siti(desa, sex=sex))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["sex"])
    assert nothing_written()


def test_create_patient_rejects_a_birth_date_in_the_future(post, desa):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = post(siti(desa, nik=None, birth_date=future))
    assert (response.status_code, response.json()) == (400, {"errors": {"birth_date": [BIRTH_IN_FUTURE]}})
    assert nothing_written()


def test_create_patient_rejects_a_taken_nik_and_names_its_owner(post, desa):
    owner = PatientFactory(name="Rosmaini Chaniago")
    response = post(siti(desa, nik=owner.nik))
    message = NIK_TAKEN % {"nik": owner.nik, "name": "Rosmaini Chaniago"}
    assert (response.status_code, response.json()) == (400, {"errors": {"nik": [message]}})
    assert Patient.objects.count() == 1 and not AuditEntry.objects.exists()


def test_create_patient_reports_every_bad_field_at_once(post, desa):
    response = post(siti(desa, nik="1", sex="X", desa_code="99"))
    assert sorted(response.json()["errors"]) == ["desa_code", "nik", "sex"]


def test_create_patient_answers_a_malformed_date_in_the_same_error_shape(post, desa):
    response = post(siti(desa, birth_date="31-02-1990"))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["birth_date"]


@pytest.mark.parametrize("role", [Role.DINKES_KABKOTA, Role.KASIR])
def test_create_patient_is_forbidden_to_roles_that_do_not_register(post, desa, puskesmas, role):
    scope = {"region": desa.parent.parent} if role == Role.DINKES_KABKOTA else {"facility": puskesmas}
    response = post(siti(desa), user=UserFactory(role=role, **scope))
    assert response.status_code == 403
    assert nothing_written()


# Read


def test_list_patients_searches_within_the_scope(client, bidan):
    siti_aminah = PatientFactory(name="Siti Aminah", sex="F")
    PatientFactory(name="Budi Santoso", sex="M")
    response = client.get("/api/patients", {"q": "amin"}, **basic(bidan))
    assert [p["id"] for p in response.json()] == [siti_aminah.pk]


def test_list_patients_is_forbidden_to_dinkes(client, dinkes):
    PatientFactory()
    assert client.get("/api/patients", **basic(dinkes)).status_code == 403


def test_get_patient_returns_one_in_scope_and_audits_the_read(client, bidan):
    patient = PatientFactory()
    response = client.get(f"/api/patients/{patient.pk}", REMOTE_ADDR="10.1.2.3", **basic(bidan))
    entry = AuditEntry.objects.get(action="patient.read")
    assert (response.json()["nik"], entry.actor, entry.ip_address) == (patient.nik, bidan, "10.1.2.3")


def test_get_patient_of_another_puskesmas_is_not_found(client, petugas_lain):
    patient = PatientFactory()
    response = client.get(f"/api/patients/{patient.pk}", **basic(petugas_lain))
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()
