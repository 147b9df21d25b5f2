"""Soak test of the kader sync over real HTTP: 1,000 syncs against the live server, with the connection cut and
the app killed at random moments; afterwards no record is lost or duplicated, on the phone or on the server.

The phone is modelled as the app keeps it: an outbox of records keyed by the UUID made on the phone, the rows
pulled (keyed by server id) and the cursor, each written only when a step completes (IndexedDB transactions).
Faults, chosen at random for each sync:
- upload cut half-way: the request body stops part way and the socket closes (the server must apply nothing);
- upload answered but never read: the server applied the batch, the phone did not hear (a retry must not duplicate);
- a page of changes cut while downloading;
- the app killed between steps: after an upload answer or a page arrived, before the phone stored it.
"""

import base64
import datetime as dt
import http.client
import json
import random
import socket
import time
import urllib.parse
import uuid
from collections import Counter

import pytest

from conftest import PASSWORD, make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.outreach.models import SyncUpload
from ilp.packages.models import PackageRecord
from ilp.people.tests.factories import PatientFactory

pytestmark = pytest.mark.browser

SYNCS = 1000
CHILDREN = 30


class Killed(Exception):
    """The app was closed (or the connection died) in the middle of a sync."""


class Phone:
    """The app's stored state and its sync, over raw HTTP to the live server."""

    def __init__(self, url: str, username: str, rng: random.Random):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.auth = "Basic " + base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
        self.rng = rng
        self.outbox: dict[str, dict] = {}
        self.records: dict[int, dict] = {}
        self.rows_received = Counter()
        self.cursor = ""
        self.faults = Counter()

    def record_weighing(self, patient_id: int, on: dt.date, kg: str) -> None:
        key = str(uuid.uuid4())
        self.outbox[key] = {"uuid": key, "kind": "weighing", "state": "pending",
                            "payload": {"patient_id": patient_id, "service_date": on.isoformat(), "values": {"weight": kg},
                                        "confirmed": True}}

    def _request(self, method: str, path: str, body: bytes = b"", fault: str = "") -> dict:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAuthorization: {self.auth}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        if fault == "cut_upload":
            with socket.create_connection((self.host, self.port), timeout=30) as sock:
                sock.sendall(head + body[: self.rng.randint(0, max(0, len(body) - 1))])
            raise Killed
        if fault in ("unheard", "cut_download"):
            with socket.create_connection((self.host, self.port), timeout=30) as sock:
                sock.sendall(head + body)
                if fault == "cut_download":
                    sock.recv(self.rng.randint(1, 200))
                else:
                    # Wait until the server has answered (so it has applied the batch), then drop the answer.
                    sock.recv(1)
            raise Killed
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        connection.request(method, path, body=body or None, headers={"Authorization": self.auth,
                                                                     "Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        assert response.status == 200, data[:500]
        return json.loads(data)

    def sync(self, faults: dict[str, float]) -> None:
        def maybe(name):
            if self.rng.random() < faults.get(name, 0):
                self.faults[name] += 1
                return name
            return ""

        pending = [o for o in self.outbox.values() if o["state"] in ("pending", "retry")]
        if pending:
            body = json.dumps({"records": [{k: o[k] for k in ("uuid", "kind", "payload")} for o in pending]}).encode()
            answer = self._request("POST", "/api/kader/uploads", body, fault=maybe("cut_upload") or maybe("unheard"))
            if maybe("kill_after_upload"):
                raise Killed
            for result in answer["results"]:
                self.outbox[result["uuid"]].update(state=result["status"], result=result)
        while True:
            path = "/api/kader/changes?limit=50&cursor=" + urllib.parse.quote(self.cursor)
            page = self._request("GET", path, fault=maybe("cut_download"))
            if maybe("kill_after_page"):
                raise Killed
            for row in page["records"]:
                self.records[row["id"]] = row
                self.rows_received[row["id"]] += 1
            self.cursor = page["cursor"]
            if not page["more"]:
                return


@pytest.fixture
def area_children(live_server, base_data, puskesmas):
    posyandu = puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()
    kader = make_user("kader", Role.KADER, facility=posyandu, first_name="Rina")
    desa = posyandu.wilayah.get()
    today = dt.date.today()
    children = [PatientFactory(desa=desa, nik=None, sex="F" if n % 2 else "M",
                               birth_date=today - dt.timedelta(days=200 + 37 * n)) for n in range(CHILDREN)]
    return kader, children


def test_a_thousand_syncs_with_cut_connections_and_killed_app_lose_and_duplicate_nothing(live_server, area_children):
    kader, children = area_children
    rng = random.Random(2026)
    phone = Phone(live_server.url, kader.username, rng)
    faults = {"cut_upload": 0.08, "unheard": 0.08, "kill_after_upload": 0.05, "cut_download": 0.05, "kill_after_page": 0.05}
    today = dt.date.today()
    started, killed = time.perf_counter(), 0
    for _ in range(SYNCS):
        for _made in range(rng.choice([0, 1, 1, 2])):
            kg = rng.choice(["7.5", "8.1", "9.4", "10.2", "11.8", "12.6", "400"])  # 400 kg: refused by the package
            phone.record_weighing(rng.choice(children).pk, today - dt.timedelta(days=rng.randint(0, 120)), kg)
        try:
            phone.sync(faults)
        except Killed:
            killed += 1
    for _ in range(20):  # the signal comes back for good
        try:
            phone.sync({})
            break
        except Killed:
            continue
    seconds = time.perf_counter() - started

    made = set(phone.outbox)
    uploads = {str(u.uuid): u for u in SyncUpload.objects.filter(user=kader)}
    applied = [u.record_id for u in uploads.values() if u.record_id]
    server_records = set(PackageRecord.objects.filter(package_id="balita").values_list("pk", flat=True))
    states = Counter(o["state"] for o in phone.outbox.values())
    print(f"\nsoak: {SYNCS} syncs in {seconds:.0f} s ({killed} interrupted: {dict(phone.faults)}); {len(made)} weighings made "
          f"on the phone -> {dict(states)}; server: {len(uploads)} uploads, {len(server_records)} records; phone holds "
          f"{len(phone.records)} records, {sum(phone.rows_received.values())} rows received")

    assert set(uploads) == made  # nothing lost, nothing the phone did not make
    assert states["pending"] == states["retry"] == 0
    assert all(phone.outbox[k]["state"] == u.status for k, u in uploads.items())
    assert all(u.payload == phone.outbox[k]["payload"] for k, u in uploads.items())
    assert len(applied) == len(set(applied)) == len(server_records)  # each accepted upload made exactly one record
    assert set(applied) == server_records
    assert set(phone.records) == server_records  # the phone holds every server record once (keyed by id)
    assert states["rejected"] == sum(1 for o in phone.outbox.values() if o["payload"]["values"]["weight"] == "400")
    assert sum(phone.faults.values()) >= 100


def test_an_upload_cut_half_way_stores_nothing_and_the_resend_applies_once(live_server, area_children):
    kader, children = area_children
    phone = Phone(live_server.url, kader.username, random.Random(3))
    phone.record_weighing(children[0].pk, dt.date.today(), "9.4")
    with pytest.raises(Killed):
        phone.sync({"cut_upload": 1.0})
    assert not SyncUpload.objects.exists() and not PackageRecord.objects.exists()
    with pytest.raises(Killed):
        phone.sync({"unheard": 1.0})  # applied, but the phone never heard the answer
    phone.sync({})
    assert [o["state"] for o in phone.outbox.values()] == ["accepted"]
    assert SyncUpload.objects.count() == PackageRecord.objects.count() == len(phone.records) == 1
