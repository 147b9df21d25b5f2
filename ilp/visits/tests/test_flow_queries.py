"""One whole visit through the JSON API costs a bounded number of SQL queries (bench.flow's path, decision 0024).

The bound is the level reached in decision 0024 with a little room; a change that brings back a query
per station (a re-read after each compare-and-set, the station list per queueing, a savepoint per
audit row) goes over it.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ilp.audit.services import verify_chain

from .factories import adult

pytestmark = pytest.mark.django_db
VISIT_QUERY_BOUND = 375  # 25 requests; 358 after decision 0024, 456 before it
VITALS = {"sbp": 124, "dbp": 80, "heart_rate": 84, "resp_rate": 18, "temperature": 36.7, "weight": 58.5, "height": 156}


@pytest.fixture
def desks(pendaftaran, bidan):
    """A logged-in browser session per member of staff, as bench.flow's clients keep one."""
    sessions = {}
    for user in (pendaftaran, bidan):
        sessions[user.username] = Client()
        sessions[user.username].force_login(user)
    return sessions


def walk_one_visit(desks, patient) -> list[str]:
    """Kiosk → Pandu PTM → loket → kasir → skrining → Klaster 3 → lab and back → farmasi → home; the stations."""
    def post(user, path, body=None):
        response = desks[user].post(f"/api{path}", body or {}, content_type="application/json")
        assert response.status_code in (200, 201), (path, response.content)
        return response.json()

    def serve(code, user="bidan"):
        entry = post(user, f"/stations/{code}/call-next")
        post(user, f"/entries/{entry['id']}/start")
        return f"/entries/{entry['id']}"

    post("pendaftaran", "/visits")
    pandu_ptm = serve("pandu_ptm")
    post("bidan", f"{pandu_ptm}/vitals", VITALS)
    visit = post("bidan", f"{pandu_ptm}/finish", {"send_to": "pendaftaran"})
    visited = ["pandu_ptm"]
    route = [("pendaftaran", "register", {"patient_id": patient.pk, "payer": "umum"}, "pendaftaran"),
             ("kasir", "pay", {"items": ["karcis"]}, "pendaftaran"),
             ("skrining_k3", "finish", {"send_to": "klaster3"}, "bidan"),
             ("klaster3", "refer", {"to_code": "lab", "reason": "Cek gula darah"}, "bidan"),
             ("lab", "finish", {"send_to": "kembali", "note": "GDS 110"}, "bidan"),
             ("klaster3", "finish", {"send_to": "farmasi"}, "bidan"),
             ("farmasi", "finish", {"send_to": "pulang"}, "bidan")]
    for code, step, body, user in route:
        waiting = [e["station"] for e in visit["entries"] if e["status"] == "waiting"]
        assert waiting == [code]
        visit = post(user, f"{serve(code, user)}/{step}", body)
        visited.append(code)
    assert visit["status"] == "finished"
    return visited


def test_one_whole_visit_takes_a_bounded_number_of_queries(desks):
    patient = adult(bpjs_number=None)
    walk_one_visit(desks, adult(bpjs_number=None))  # warm: stations made, routing and tariffs parsed
    with CaptureQueriesContext(connection) as queries:
        visited = walk_one_visit(desks, patient)
    assert visited == ["pandu_ptm", "pendaftaran", "kasir", "skrining_k3", "klaster3", "lab", "klaster3", "farmasi"]
    assert len(queries) <= VISIT_QUERY_BOUND, f"{len(queries)} queries for one visit"
    assert verify_chain()[1] is None
