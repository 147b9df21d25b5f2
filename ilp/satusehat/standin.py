"""A local SATUSEHAT-compatible server over real HTTP, for tests, the demo and the benchmark (127.0.0.1 only).

- POST /oauth2/v1/accesstoken?grant_type=client_credentials (form client_id, client_secret): a token.
- GET  /fhir-r4/v1/Patient?identifier=https://fhir.kemkes.go.id/id/nik|<NIK>: the IHS number, the same
  for the same NIK every time; newborns by identifier=.../nik-ibu|<NIK ibu>&birthdate=YYYY-MM-DD.
  NIKs starting 0000 are unknown to the platform. Practitioner search by NIK likewise.
- POST /fhir-r4/v1/<Type> (If-None-Exist honoured), PUT /fhir-r4/v1/<Type>/<id>, POST /fhir-r4/v1
  with a transaction Bundle; all validated with ilp.satusehat.validator, answered 400 with an
  OperationOutcome when invalid or when a referenced Encounter does not exist.
- Fault injection at `fault_rate`: timeouts (the answer comes too late, the work is done), 503
  before or 500 after the work, 429 with Retry-After, connections dropped before or after the work.
- GET /_standin/stats: how many times each resource was created (to prove exactly-once delivery).

Run: `ilp satusehat standin --port 8092 [--fault-rate 0.2]`.
"""

import argparse
import collections
import contextlib
import datetime as dt
import hashlib
import random
import secrets
import socket
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import validator
from .fhirjson import dumps, loads

FHIR = "/fhir-r4/v1"
TOKEN_PATH = "/oauth2/v1/accesstoken"
NIK = "https://fhir.kemkes.go.id/id/nik"
NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu"
FAULTS = ("timeout", "503", "500-after", "429", "drop", "drop-after")


def ihs_number(kind: str, key: str) -> str:
    """Deterministic IHS numbers: P + 11 digits for patients, 11 digits for practitioners."""
    digits = str(int(hashlib.sha256(f"{kind}|{key}".encode()).hexdigest(), 16))[:11]
    return f"P{digits}" if kind == "Patient" else digits


class State:
    """What the platform holds, and what it counted."""

    def __init__(self, *, fault_rate: float = 0.0, seed: int | None = None, timeout_delay: float = 2.0,
                 retry_after: float = 1.0, token_seconds: int = 14399):
        self.lock = threading.Lock()
        self.fault_rate, self.timeout_delay, self.retry_after = fault_rate, timeout_delay, retry_after
        self.token_seconds = token_seconds
        self.random = random.Random(seed)
        self.resources: dict[str, dict[str, dict]] = collections.defaultdict(dict)
        self.by_identifier: dict[tuple[str, str], str] = {}
        self.creates: collections.Counter = collections.Counter()  # (type, system|value) -> creations
        self.updates: collections.Counter = collections.Counter()
        self.faults: collections.Counter = collections.Counter()
        self.tokens: dict[str, float] = {}
        self.token_requests = 0
        self.requests = 0
        self.rejected = 0

    def fault(self, *, enabled: bool = True) -> str:
        with self.lock:
            self.requests += 1
            if not enabled or self.random.random() >= self.fault_rate:
                return ""
            kind = self.random.choice(FAULTS)
            self.faults[kind] += 1
            return kind

    def stats(self) -> dict:
        with self.lock:
            return {"creates": {f"{t}|{k}": n for (t, k), n in self.creates.items()},
                    "updates": {f"{t}|{k}": n for (t, k), n in self.updates.items()},
                    "resources": {t: len(r) for t, r in self.resources.items()},
                    "duplicates": sum(n - 1 for n in self.creates.values() if n > 1),
                    "faults": dict(self.faults), "requests": self.requests, "rejected": self.rejected,
                    "token_requests": self.token_requests}

    # --- the FHIR store (call with the lock held) ---

    def find(self, kind: str, identifier: str) -> dict | None:
        found = self.by_identifier.get((kind, identifier))
        return self.resources[kind].get(found) if found else None

    def check(self, resource: dict, refs: dict[str, str] | None = None) -> dict | None:
        """An OperationOutcome when the platform would refuse the resource, else None."""
        answer = validator.validate(resource)
        if not validator.is_valid(answer):
            return answer
        target = ((resource.get("encounter") or {}).get("reference") or "")
        target = (refs or {}).get(target, target)
        if target.startswith("Encounter/") and target.split("/", 1)[1] not in self.resources["Encounter"]:
            return validator.outcome([validator.issue("not-found", f"{resource['resourceType']}.encounter",
                                                      f"{target} tidak ditemukan.")])
        return None

    def store(self, resource: dict, server_id: str | None = None) -> tuple[dict, bool]:
        kind = resource["resourceType"]
        created = server_id is None or server_id not in self.resources[kind]
        server_id = server_id or str(uuid.uuid4())
        stamped = {**resource, "id": server_id, "meta": {"versionId": secrets.token_hex(4),
                                                         "lastUpdated": dt.datetime.now(dt.UTC).isoformat()}}
        self.resources[kind][server_id] = stamped
        for n, ident in enumerate(resource.get("identifier") or ()):
            key = f"{ident.get('system')}|{ident.get('value')}"
            self.by_identifier[(kind, key)] = server_id
            if n == 0:  # counted once per resource, by its own identifier (a prescription number is shared by its lines)
                (self.creates if created else self.updates)[(kind, key)] += 1
        return stamped, created


def _conditional(header: str) -> str:
    query = urllib.parse.parse_qs(header)
    return (query.get("identifier") or [""])[0]


class Handler(BaseHTTPRequestHandler):
    server_version = "SatusehatStandIn/1"

    @property
    def state(self) -> State:
        return self.server.state

    def log_message(self, *args):  # quiet in tests
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_standin/stats":
            return self._send(200, self.state.stats())
        self._fhir(lambda: self._get(url))

    def do_POST(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path == TOKEN_PATH:
            return self._token()
        self._fhir(lambda: self._post(url))

    def do_PUT(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        self._fhir(lambda: self._put(url))

    # --- plumbing ---

    def _fhir(self, work) -> None:
        if not self._authorised():
            return self._send(401, validator.outcome([validator.issue("login", "", "Token tidak sah atau kedaluwarsa.")]))
        fault = self.state.fault()
        if fault == "503":
            return self._send(503, {"fault": "service unavailable"})
        if fault == "429":
            return self._send(429, {"fault": "too many requests"}, {"Retry-After": f"{self.state.retry_after:g}"})
        if fault == "drop":
            return self._drop()
        status, body = work()
        if fault == "timeout":
            time.sleep(self.state.timeout_delay)  # the work is done; the answer is late
        elif fault == "500-after":
            return self._send(500, {"fault": "internal error after commit"})
        elif fault == "drop-after":
            return self._drop()
        self._send(status, body)

    def _authorised(self) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        with self.state.lock:
            return self.state.tokens.get(token, 0) > time.monotonic()

    def _token(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        grant = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("grant_type", [""])[0]
        if grant != "client_credentials" or not form.get("client_id") or not form.get("client_secret"):
            return self._send(401, {"error": "invalid_client"})
        token = secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.token_requests += 1
            self.state.tokens[token] = time.monotonic() + self.state.token_seconds
        self._send(200, {"access_token": token, "token_type": "BearerToken", "expires_in": str(self.state.token_seconds),
                         "client_id": form["client_id"][0], "status": "approved"})

    def _body(self) -> dict | None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return loads(self.rfile.read(length))
        except ValueError:
            return None

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout it was meant to have)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # --- FHIR interactions ---

    def _get(self, url) -> tuple[int, dict]:
        kind = url.path.removeprefix(FHIR).strip("/")
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if "/" in kind:
            kind, server_id = kind.split("/", 1)
            with self.state.lock:
                found = self.state.resources[kind].get(server_id)
            return (200, found) if found else (404, validator.outcome([validator.issue("not-found", kind, "Tidak ditemukan.")]))
        return 200, {"resourceType": "Bundle", "type": "searchset", "entry": [
            {"fullUrl": f"{FHIR}/{r['resourceType']}/{r['id']}", "resource": r} for r in self._search(kind, query)]}

    def _search(self, kind: str, query: dict) -> list[dict]:
        system, _bar, value = query.get("identifier", "").partition("|")
        if kind in ("Patient", "Practitioner") and system in (NIK, NIK_IBU):
            if not (value.isdigit() and len(value) == 16) or value.startswith("0000"):
                return []
            key = value if system == NIK else f"ibu|{value}|{query.get('birthdate', '')}"
            return [{"resourceType": kind, "id": ihs_number(kind, key),
                     "identifier": [{"system": system, "value": value}]}]
        with self.state.lock:
            found = self.state.find(kind, f"{system}|{value}")
        return [found] if found else []

    def _post(self, url) -> tuple[int, dict]:
        resource = self._body()
        kind = url.path.removeprefix(FHIR).strip("/")
        if not isinstance(resource, dict):
            return 400, validator.outcome([validator.issue("structure", "", "Isi permintaan bukan JSON.")])
        if kind == "" and resource.get("resourceType") == "Bundle":
            return self._transaction(resource)
        if resource.get("resourceType") != kind:
            return 400, validator.outcome([validator.issue("structure", "", f"resourceType harus {kind}.")])
        with self.state.lock:
            existing = self.state.find(kind, _conditional(self.headers.get("If-None-Exist") or ""))
            if existing:
                return 200, existing  # conditional create: already there, nothing new
            if problem := self.state.check(resource):
                self.state.rejected += 1
                return 400, problem
            stored, _created = self.state.store(resource)
        return 201, stored

    def _put(self, url) -> tuple[int, dict]:
        resource = self._body()
        kind, _slash, server_id = url.path.removeprefix(FHIR).strip("/").partition("/")
        if not isinstance(resource, dict) or resource.get("resourceType") != kind or resource.get("id") != server_id:
            return 400, validator.outcome([validator.issue("structure", "", "resourceType/id tidak cocok dengan URL.")])
        with self.state.lock:
            if problem := self.state.check(resource):
                self.state.rejected += 1
                return 400, problem
            stored, created = self.state.store(resource, server_id)
        return (201 if created else 200), stored

    def _transaction(self, bundle: dict) -> tuple[int, dict]:
        answer = validator.validate(bundle)
        if not validator.is_valid(answer) or bundle.get("type") != "transaction":
            return 400, answer
        with self.state.lock:
            refs, plan = {}, []
            for entry in bundle.get("entry") or ():
                resource = entry["resource"]
                existing = self.state.find(resource["resourceType"], _conditional(entry["request"].get("ifNoneExist", "")))
                server_id = existing["id"] if existing else str(uuid.uuid4())
                refs[entry.get("fullUrl", "")] = f"{resource['resourceType']}/{server_id}"
                plan.append((resource, existing, server_id))
            stored_encounters = {sid for r, _e, sid in plan if r["resourceType"] == "Encounter"}
            for resource, existing, _server_id in plan:
                target = refs.get(((resource.get("encounter") or {}).get("reference") or ""), "")
                if existing is None and target and target.split("/")[1] not in stored_encounters | set(self.state.resources["Encounter"]):
                    self.state.rejected += 1
                    return 400, validator.outcome([validator.issue("not-found", "Bundle.entry", f"{target} tidak ditemukan.")])
            responses = []
            for resource, existing, server_id in plan:
                if existing:
                    responses.append({"response": {"status": "200 OK", "location": f"{resource['resourceType']}/{existing['id']}"}})
                    continue
                self.state.store(_rewrite(resource, refs), server_id)
                responses.append({"response": {"status": "201 Created", "location": f"{resource['resourceType']}/{server_id}"}})
        return 200, {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}


def _rewrite(resource: dict, refs: dict[str, str]):
    """urn:uuid references replaced by the ids the platform gave."""
    text = dumps(resource)
    for urn, target in refs.items():
        text = text.replace(f'"{urn}"', f'"{target}"')
    return loads(text) if refs else resource


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, state: State):
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def start(port: int = 0, **options) -> StandInServer:
    """Start in a daemon thread; `server.url` is the base, `server.state` what it holds and counted."""
    server = StandInServer(port, State(**options))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SATUSEHAT stand-in (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--timeout-delay", type=float, default=2.0)
    parser.add_argument("--retry-after", type=float, default=1.0)
    args = parser.parse_args(argv)
    server = StandInServer(args.port, State(fault_rate=args.fault_rate, seed=args.seed,
                                            timeout_delay=args.timeout_delay, retry_after=args.retry_after))
    print(f"SATUSEHAT stand-in on {server.url} (fault rate {args.fault_rate:g})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
