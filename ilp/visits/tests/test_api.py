"""The flow's JSON API (/api/): the same services as the pages, HTTP Basic for scripts, errors as {"errors": ...}."""

import base64

import pytest

from ilp.accounts.tests.factories import PASSWORD
from ilp.clinical.models import Observation
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import Visit
from ilp.visits.services.queue import BAD_NEXT, NO_ONE_WAITING, NOT_CALLED
from ilp.visits.services.referral import REASON_REQUIRED
from ilp.visits.services.registration import NO_BPJS_NUMBER

from .factories import adult, arrive, entry_at, measure, serve, walk_to

pytestmark = pytest.mark.django_db


def basic(user) -> dict:
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def api(client, pendaftaran):
    """POST and GET as a script of the loket would: HTTP Basic, JSON bodies."""
    class Api:
        def post(self, path, body=None, user=pendaftaran):
            return client.post(f"/api{path}", body or {}, content_type="application/json", **basic(user))

        def get(self, path, user=pendaftaran):
            return client.get(f"/api{path}", **basic(user))
    return Api()


# Opening and reading a visit


def test_post_visits_takes_a_number_for_pandu_ptm(api):
    response = api.post("/visits")
    body = response.json()
    assert response.status_code == 201
    assert (body["number"], body["status"], body["emergency"], body["patient_id"]) == ("A001", "open", False, None)
    assert [(e["station"], e["status"]) for e in body["entries"]] == [("pandu_ptm", "waiting")]


def test_post_visits_for_an_emergency_queues_at_ugd(api):
    body = api.post("/visits", {"emergency": True}).json()
    assert (body["number"], body["entries"][0]["station"]) == ("U001", "ugd")


def test_an_anonymous_script_gets_401(client, db):
    assert client.post("/api/visits", {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("persona", ["dinkes", "kader"])
def test_dinkes_and_kader_get_403(api, request, persona):
    response = api.post("/visits", user=request.getfixturevalue(persona))
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_get_visit_gives_the_status_history(api, pendaftaran):
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    body = api.get(f"/visits/{visit.pk}").json()
    assert [e["kind"] for e in body["events"]] == ["arrived", "queued", "called", "started", "vitals", "finished", "queued"]
    assert [(e["station"], e["status"]) for e in body["entries"]] == [("pandu_ptm", "done"), ("pendaftaran", "waiting")]
    assert body["events"][5]["detail"] == {"send_to": "pendaftaran"}


def test_get_visit_lists_where_the_patient_may_go_next(api, pendaftaran):
    entry = walk_to(pendaftaran, "klaster3")
    assert api.get(f"/visits/{entry.visit_id}").json()["next_allowed"] == ["farmasi", "pulang"]


def test_another_puskesmas_gets_404_on_our_visit_and_entries(api, pendaftaran, petugas_lain):
    visit = arrive(pendaftaran)
    entry = entry_at(visit, "pandu_ptm")
    assert api.get(f"/visits/{visit.pk}", user=petugas_lain).status_code == 404
    assert api.post(f"/entries/{entry.pk}/call", user=petugas_lain).status_code == 404
    assert entry_at(visit, "pandu_ptm").status == "waiting"


# The whole walk


def test_the_whole_walk_through_the_api(api, desa):
    patient = adult(name="Siti Aminah", bpjs_number=None)
    visit_id = api.post("/visits").json()["id"]

    def serve_next(code: str) -> int:
        called = api.post(f"/stations/{code}/call-next")
        assert (called.status_code, called.json()["station"], called.json()["status"]) == (200, code, "called")
        started = api.post(f"/entries/{called.json()['id']}/start")
        assert started.json()["status"] == "in_service"
        return started.json()["id"]

    def do(entry_id: int, action: str, body: dict) -> dict:
        response = api.post(f"/entries/{entry_id}/{action}", body)
        assert response.status_code == 200, response.json()
        return response.json()

    def last_station(body: dict) -> str:
        return body["entries"][-1]["station"]

    pandu = serve_next("pandu_ptm")
    do(pandu, "vitals", {"sbp": 128, "dbp": 82, "weight": "61.5", "height": 158})
    assert last_station(do(pandu, "finish", {"send_to": "pendaftaran"})) == "pendaftaran"
    registered = do(serve_next("pendaftaran"), "register", {"patient_id": patient.pk, "payer": "umum"})
    assert (registered["patient_id"], registered["klaster"], registered["payer"]) == (patient.pk, "k3", "umum")
    assert last_station(registered) == "kasir"
    assert last_station(do(serve_next("kasir"), "pay", {"items": ["karcis"]})) == "skrining_k3"
    assert last_station(do(serve_next("skrining_k3"), "finish", {"send_to": "klaster3"})) == "klaster3"
    assert last_station(do(serve_next("klaster3"), "refer", {"to_code": "lab", "reason": "Cek gula darah"})) == "lab"
    assert last_station(do(serve_next("lab"), "finish", {"send_to": "kembali", "note": "GDP 142 mg/dL"})) == "klaster3"
    assert last_station(do(serve_next("klaster3"), "finish", {"send_to": "farmasi"})) == "farmasi"
    home = do(serve_next("farmasi"), "finish", {"send_to": "pulang"})

    assert home["status"] == "finished"
    assert [e["station"] for e in home["entries"]] == ["pandu_ptm", "pendaftaran", "kasir", "skrining_k3", "klaster3",
                                                       "lab", "klaster3", "farmasi"]
    assert {e["status"] for e in home["entries"]} == {"done"}
    assert home["events"][-1]["kind"] == "went_home"
    assert Observation.objects.filter(visit_id=visit_id, patient=patient).count() == 4
    history = api.get(f"/visits/{visit_id}").json()
    assert history["events"] == home["events"]


# Errors


def test_call_next_with_nobody_waiting_is_400_with_the_message(api, db):
    response = api.post("/stations/pandu_ptm/call-next")
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": [NO_ONE_WAITING % {"station": "Pandu PTM"}]}}


def test_call_next_at_an_unknown_station_is_404(api, db):
    assert api.post("/stations/radiologi/call-next").status_code == 404


def test_start_before_calling_is_400(api, pendaftaran):
    entry = entry_at(arrive(pendaftaran), "pandu_ptm")
    response = api.post(f"/entries/{entry.pk}/start")
    assert (response.status_code, response.json()) == (400, {"errors": {"__all__": [NOT_CALLED % {"number": "A001"}]}})


def test_vitals_beyond_the_limits_are_400_per_field_and_nothing_is_stored(api, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = api.post(f"/entries/{entry.pk}/vitals", {"sbp": 120, "dbp": 80, "weight": 350})
    assert response.status_code == 400
    assert response.json() == {"errors": {"weight": ["Berat badan 350 kg di luar batas yang mungkin (0.3–300)."]}}
    assert not Observation.objects.exists()


def test_vitals_that_are_not_numbers_are_400(api, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = api.post(f"/entries/{entry.pk}/vitals", {"sbp": "tinggi"})
    assert (response.status_code, response.json()) == (400, {"errors": {"sbp": ["Isi dengan angka."]}})


def test_finish_to_a_station_not_allowed_from_here_is_400(api, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = api.post(f"/entries/{entry.pk}/finish", {"send_to": "farmasi"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": [BAD_NEXT % {"station": "Pandu PTM", "target": "farmasi"}]}}
    assert entry_at(entry.visit, "pandu_ptm").status == "in_service"


def test_finish_posted_twice_is_rejected_the_second_time(api, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    assert api.post(f"/entries/{entry.pk}/finish", {"send_to": "pendaftaran"}).status_code == 200
    assert api.post(f"/entries/{entry.pk}/finish", {"send_to": "pendaftaran"}).status_code == 400
    assert entry.visit.entries.filter(station__code="pendaftaran").count() == 1


def test_register_a_patient_outside_our_scope_is_404(api, pendaftaran, desa_lain):
    entry = walk_to(pendaftaran, "pendaftaran")
    stranger = PatientFactory(desa=desa_lain)
    response = api.post(f"/entries/{entry.pk}/register", {"patient_id": stranger.pk, "payer": "umum"})
    assert response.status_code == 404
    visit = Visit.objects.get(pk=entry.visit_id)
    assert (visit.patient, visit.klaster) == (None, "")


def test_register_an_unknown_patient_id_is_404(api, pendaftaran):
    entry = walk_to(pendaftaran, "pendaftaran")
    assert api.post(f"/entries/{entry.pk}/register", {"patient_id": 987654321, "payer": "umum"}).status_code == 404


def test_register_bpjs_without_a_card_is_400(api, pendaftaran):
    entry = walk_to(pendaftaran, "pendaftaran")
    response = api.post(f"/entries/{entry.pk}/register", {"patient_id": adult(bpjs_number=None).pk, "payer": "bpjs"})
    assert (response.status_code, response.json()) == (400, {"errors": {"__all__": [NO_BPJS_NUMBER]}})


def test_register_with_a_payer_that_does_not_exist_is_400_and_skips_no_kasir(api, pendaftaran):
    # SOP step e: a patient without (active) BPJS pays at the kasir; any other word must not open a way round it.
    entry = walk_to(pendaftaran, "pendaftaran")
    response = api.post(f"/entries/{entry.pk}/register", {"patient_id": adult().pk, "payer": "gratis"})
    visit = Visit.objects.get(pk=entry.visit_id)
    assert (visit.payer, [e.station.code for e in visit.entries.all()][-1:]) == ("", ["pendaftaran"])
    assert response.status_code == 400
    assert response.json()["errors"]


def test_refer_without_a_reason_is_400_on_the_field(api, pendaftaran):
    entry = walk_to(pendaftaran, "klaster3")
    response = api.post(f"/entries/{entry.pk}/refer", {"to_code": "lab", "reason": ""})
    assert (response.status_code, response.json()) == (400, {"errors": {"reason": [REASON_REQUIRED]}})


def test_a_missing_field_is_400_in_words_a_clerk_understands(api, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = api.post(f"/entries/{entry.pk}/finish", {})
    assert (response.status_code, response.json()) == (400, {"errors": {"send_to": ["Wajib diisi."]}})
