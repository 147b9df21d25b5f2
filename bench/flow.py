"""Patient flow under load over HTTP: `python -m bench.flow [--seconds 30] [--clients 8]`.

PostgreSQL database `ilp_bench_flow` (created, migrated and seeded with a small demo population the
first time), gunicorn serving ilp.wsgi (4 workers x 2 threads, ILP_DEBUG=0) with the BPJS stand-in
as a process of its own, and N client threads that take visits through the JSON API as the demo
staff: kiosk → Pandu PTM → loket → (kasir) → skrining → klaster (some to the lab and back) → farmasi
→ home. A client works like a clerk: it calls the next number at a station and serves whoever
comes, then goes where that patient was sent. Figures: completed visits/s, requests/s, p50/p95 per
request type, with HTTP Basic on every request (as the issue asks: each request checks the password)
and with a logged-in session; then the same load on a bare Django view that inserts one row (a
throwaway project in a temp dir, same gunicorn flags, same database) and the ratio. Goal in the
issue: ≥100 visits/s and p95 ≤150 ms on 2 cores. Only 127.0.0.1; every process is stopped at the end.

`python -m bench.flow --in-process N` takes N visits the same way through the same JSON API in this
one process (Django's test client, no HTTP server), on $DATABASE_URL or else a SQLite file of its own,
and prints what a shared machine cannot blur: SQL queries per visit, CPU seconds per visit (so visits
per CPU-second), and visits/s of wall time.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_FLOW_PG_URL", "postgres://postgres@127.0.0.1:5432/ilp_bench_flow")
PASSWORD = "demo12345"
GOAL_VISITS, GOAL_P95_MS = 100, 150
STATION_USER = {"pandu_ptm": "perawat", "pendaftaran": "pendaftaran", "kasir": "pendaftaran", "skrining_k2": "bidan",
                "skrining_k3": "perawat", "klaster2": "bidan", "klaster3": "dokter", "lab": "perawat", "farmasi": "perawat"}
VITALS = {"sbp": 124, "dbp": 80, "heart_rate": 84, "resp_rate": 18, "temperature": 36.7, "weight": 58.5, "height": 156}
BARE_APP = {
    "bare_settings.py": "import os\nimport dj_database_url\nSECRET_KEY = os.environ['SECRET_KEY']\nDEBUG = False\n"
                        "ALLOWED_HOSTS = ['127.0.0.1']\nINSTALLED_APPS = ['bare']\nMIDDLEWARE = []\nROOT_URLCONF = 'bare.urls'\n"
                        "USE_TZ = True\nDATABASES = {'default': dj_database_url.parse(os.environ['DATABASE_URL'], conn_max_age=60,"
                        " conn_health_checks=True)}\n",
    "bare/__init__.py": "",
    "bare/models.py": "from django.db import models\n\n\nclass Hit(models.Model):\n    at = models.DateTimeField()\n"
                      "    note = models.CharField(max_length=50)\n\n    class Meta:\n        db_table = 'bench_bare_hit'\n",
    "bare/urls.py": "from django.http import JsonResponse\nfrom django.urls import path\nfrom django.utils import timezone\n"
                    "from django.views.decorators.csrf import csrf_exempt\n\nfrom .models import Hit\n\n\n@csrf_exempt\n"
                    "def hit(request):\n    return JsonResponse({'id': Hit.objects.create(at=timezone.now(), note='x').pk}, status=201)\n\n\n"
                    "urlpatterns = [path('hit', hit)]\n",
    "bare_wsgi.py": "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n"
                    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bare_settings')\napplication = get_wsgi_application()\n",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def prepare(population: int, database_url: str = PG_URL) -> list[tuple[int, bool]]:
    """Create, migrate and seed the bench database; returns the clerk's patients (id, has a BPJS card)."""
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
                       capture_output=True, check=False)
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="ilp.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections

    from ilp.people.selectors import patient_list
    from ilp.visits.models import Visit

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", population=population, seed=7, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare_hit (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
                       " note varchar(50) NOT NULL)")
    clerk = get_user_model().objects.get(username="pendaftaran")
    # Not someone already in the flow (an open visit from the demo day or a stopped run): the loket would refuse them.
    in_flow = Visit.objects.filter(status=Visit.Status.OPEN, patient__isnull=False).values("patient")
    patients = [(pk, bool(card)) for pk, card in patient_list(user=clerk).exclude(pk__in=in_flow).order_by("pk")
                .values_list("pk", "bpjs_number")[:2000]]
    connections.close_all()
    return patients


class Server:
    """A process group started here and stopped here (SIGTERM, then SIGKILL after 10 s)."""

    def __init__(self, args: list[str], env: dict, port: int, log: Path, cwd: Path = ROOT):
        self.port, self.log = port, log
        with open(log, "w") as out:
            self.process = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(300):  # up to 30 s for the workers to import Django
            if self.process.poll() is not None:
                raise RuntimeError(f"{args[:3]} stopped at start:\n{log.read_text()[-2000:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{args[:3]} did not listen on {port}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """One HTTP/1.1 keep-alive connection; latencies per request type, in ms."""

    def __init__(self, port: int, headers: dict[str, dict[str, str]]):
        self.port, self.headers = port, headers
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.record, self.stop = True, threading.Event()

    def call(self, kind: str, path: str, user: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body or {}).encode()
        headers = {"Content-Type": "application/json", **self.headers.get(user, {})}
        for attempt in range(2):  # once more on a connection the server closed while idle
            started = time.perf_counter()
            try:
                self.connection.request("POST", path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.connection.close()
                if attempt:
                    raise
        if self.record:
            self.times[kind].append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                self.errors[kind] += 1
        try:
            return response.status, json.loads(payload or b"{}")
        except ValueError:  # an HTML error page
            return response.status, {}


def login(port: int, username: str) -> dict[str, str]:
    """Log in through the login page once; the API then takes the session cookie and the CSRF header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/masuk/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    connection.request("POST", "/masuk/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken'].value}"})
    response = connection.getresponse()
    response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    connection.close()
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login as {username} failed: HTTP {response.status}")
    return {"Cookie": f"sessionid={cookies['sessionid'].value}; csrftoken={cookies['csrftoken'].value}",
            "X-CSRFToken": cookies["csrftoken"].value}


def basic(username: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()}


class FlowClient(Client):
    """Takes visits through the stations; `done` counts visits that went home."""

    def __init__(self, port, headers, patients, seed: int):
        super().__init__(port, headers)
        self.patients, self.rng, self.done = patients, random.Random(seed), 0

    def call_next(self, code: str) -> dict | None:
        for _ in range(20):  # another clerk may have taken the last number a moment ago
            status, entry = self.call("call-next", f"/api/stations/{code}/call-next", STATION_USER[code])
            if status == 200:
                return entry
            time.sleep(0.01)
        return None

    def visit(self) -> None:
        status, _visit = self.call("open", "/api/visits", "pendaftaran", {})
        code = "pandu_ptm" if status == 201 else None
        for _ in range(20):  # a visit passes at most ~9 stations; bounded in case a step fails
            entry = self.call_next(code) if code and not self.stop.is_set() else None
            if not entry:
                return
            self.call("start", f"/api/entries/{entry['id']}/start", STATION_USER[code])
            code = self.serve(code, f"/api/entries/{entry['id']}", STATION_USER[code])
            if code == "pulang":
                self.done += self.record
                return

    def serve(self, code: str, entry: str, user: str) -> str | None:
        """The station's step for the entry in service; returns where the patient waits next."""
        if code == "pandu_ptm":
            self.call("vitals", f"{entry}/vitals", user, VITALS)
            status, visit = self.call("finish", f"{entry}/finish", user, {"send_to": "pendaftaran"})
        elif code == "pendaftaran":
            patient, has_card = self.rng.choice(self.patients)
            status, visit = self.call("register", f"{entry}/register", user, {"patient_id": patient, "payer": "bpjs" if has_card else "umum"})
        elif code == "kasir":
            status, visit = self.call("pay", f"{entry}/pay", user, {"items": ["karcis"]})
        elif code.startswith("skrining_"):
            status, visit = self.call("finish", f"{entry}/finish", user, {"send_to": "klaster" + code[-1]})
        elif code.startswith("klaster") and self.rng.random() < 0.15:
            status, visit = self.call("refer", f"{entry}/refer", user, {"to_code": "lab", "reason": "Cek gula darah"})
        else:
            send_to = {"lab": "kembali", "farmasi": "pulang"}.get(code, "farmasi")
            status, visit = self.call("finish", f"{entry}/finish", user, {"send_to": send_to, "note": "bench"})
            if send_to == "pulang" and status == 200:
                return "pulang"
        waiting = [e["station"] for e in visit.get("entries", []) if e["status"] == "waiting"] if status == 200 else []
        return waiting[0] if waiting else None


class BareClient(Client):
    def __init__(self, port: int):
        super().__init__(port, {})
        self.done = 0

    def visit(self) -> None:
        self.call("insert", "/hit", "")
        self.done += self.record


def load(clients: list[Client], seconds: float, warmup: float) -> float:
    """Run every client's loop for warmup + seconds; only the measured window is recorded."""

    def loop(client: Client) -> None:
        while not client.stop.is_set():
            try:
                client.visit()
            except (OSError, http.client.HTTPException) as error:  # counted, and the loop goes on
                client.errors[type(error).__name__] += 1
                client.connection.close()

    for client in clients:
        client.record = False
    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    for client in clients:
        client.record = True
    started = time.perf_counter()
    time.sleep(seconds)
    for client in clients:
        client.record = False
    elapsed = time.perf_counter() - started
    for client in clients:
        client.stop.set()  # each client ends its current request, not its whole visit
    for thread in threads:
        thread.join(timeout=120)
    return elapsed


def report(label: str, clients: list[Client], elapsed: float, unit: str) -> float:
    times, errors = defaultdict(list), defaultdict(int)
    for client in clients:
        for kind, values in client.times.items():
            times[kind].extend(values)
        for kind, count in client.errors.items():
            errors[kind] += count
    requests = sum(len(v) for v in times.values())
    done = sum(c.done for c in clients)
    every = [t for values in times.values() for t in values]
    each = f"{requests / done:.1f} requests each" if done else "none completed"
    print(f"[{label}] {elapsed:.0f} s, {len(clients)} clients: {done / elapsed:.2f} {unit}/s ({each}), {requests / elapsed:.1f} requests/s"
          + (f", all requests p50 {statistics.median(every):.0f} ms p95 {percentile(every, 0.95):.0f} ms" if every else ""))
    for kind, values in sorted(times.items()):
        print(f"    {kind:<10} n {len(values):6d}   p50 {statistics.median(values):8.1f} ms   p95 {percentile(values, 0.95):8.1f} ms"
              + (f"   errors {errors[kind]}" if errors[kind] else ""))
    return requests / elapsed


def run_flow(port: int, patients: list[tuple[int, bool]], args) -> dict[str, tuple[float, float, float]]:
    """The flow with HTTP Basic, then with sessions: (requests/s, visits/s, p95 ms) per run."""
    users = sorted(set(STATION_USER.values()))
    rates = {}
    for label, headers, seconds in (("flow, HTTP Basic", {u: basic(u) for u in users}, args.basic_seconds),
                                    ("flow, session", {u: login(port, u) for u in users}, args.seconds)):
        clients = [FlowClient(port, headers, patients, seed=n) for n in range(args.clients)]
        elapsed = load(clients, seconds, warmup=5)
        every = [t for c in clients for values in c.times.values() for t in values] or [0]
        rates[label] = (report(label, clients, elapsed, "visits"), sum(c.done for c in clients) / elapsed, percentile(every, 0.95))
    return rates


class InProcessClient(FlowClient):
    """FlowClient on Django's test client: the same requests, views and services, without HTTP or gunicorn."""

    def __init__(self, patients, seed: int):
        from django.contrib.auth import get_user_model
        from django.test import Client as DjangoClient

        self.port, self.headers, self.connection = 0, {}, None
        self.times, self.errors = defaultdict(list), defaultdict(int)
        self.record, self.stop = True, threading.Event()
        self.patients, self.rng, self.done = patients, random.Random(seed), 0
        self.clients = {}
        for username in sorted(set(STATION_USER.values())):
            self.clients[username] = DjangoClient()
            self.clients[username].force_login(get_user_model().objects.get(username=username))

    def call(self, kind: str, path: str, user: str, body: dict | None = None) -> tuple[int, dict]:
        started = time.perf_counter()
        response = self.clients[user].post(path, data=json.dumps(body or {}), content_type="application/json")
        if self.record:
            self.times[kind].append((time.perf_counter() - started) * 1000)
            if response.status_code >= 300:
                self.errors[kind] += 1
        try:
            return response.status_code, json.loads(response.content or b"{}")
        except ValueError:
            return response.status_code, {}


def in_process(visits: int, args) -> None:
    """N visits through the API in this process: queries, CPU seconds and wall seconds per visit."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.gettempdir()}/ilp_bench_flow.sqlite3"
    started, bpjs_port = time.perf_counter(), free_port()
    bpjs = Server([sys.executable, "-m", "ilp.stubs.bpjs_server", "--port", str(bpjs_port)], dict(os.environ), bpjs_port,
                  Path(tempfile.mkdtemp(prefix="bench-flow-")) / "bpjs.log")
    os.environ["ILP_BPJS_URL"] = f"http://127.0.0.1:{bpjs_port}"
    try:
        patients = prepare(args.population, url)
        from django.db import connection

        from ilp.visits.models import Visit

        print(f"{connection.vendor} database ready in {time.perf_counter() - started:.0f} s ({len(patients)} patients); "
              f"load average {os.getloadavg()[0]:.1f}")
        client = InProcessClient(patients, seed=1)
        for _ in range(3):  # warm caches (routing, tariffs, stations) as a running server has them
            client.visit()
        client.times.clear()
        client.done, finished_before = 0, Visit.objects.filter(status=Visit.Status.FINISHED).count()
        queries = []  # every statement, counted without the query log's 9000-row cap

        def count(execute, sql, params, many, context):
            queries.append(1)
            return execute(sql, params, many, context)

        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            while client.done < visits:
                client.visit()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        bpjs.stop()
    done = Visit.objects.filter(status=Visit.Status.FINISHED).count() - finished_before
    requests = sum(len(v) for v in client.times.values())
    print(f"[in process, {connection.vendor}] {done} visits, {requests / done:.1f} requests and "
          f"{len(queries) / done:.1f} SQL queries each; {done / wall:.1f} visits/s wall, "
          f"{cpu / done * 1000:.1f} ms CPU each ({done / cpu:.1f} visits per CPU-second of this process)")
    for kind, values in sorted(client.times.items()):
        print(f"    {kind:<10} n {len(values):6d}   p50 {statistics.median(values):8.1f} ms   p95 {percentile(values, 0.95):8.1f} ms"
              + (f"   errors {client.errors[kind]}" if client.errors[kind] else ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30, help="measured window of the session run")
    parser.add_argument("--basic-seconds", type=float, default=15, help="measured window with HTTP Basic (slow)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--population", type=int, default=3000)
    parser.add_argument("--in-process", type=int, default=0, metavar="N",
                        help="N visits through the API in this process (no server): queries and CPU per visit")
    args = parser.parse_args(argv)
    if args.in_process:
        return in_process(args.in_process, args)
    started = time.perf_counter()
    patients = prepare(args.population)
    print(f"database ready in {time.perf_counter() - started:.0f} s ({len(patients)} patients in the clerk's wilayah); "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    temp = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    env = dict(os.environ, DATABASE_URL=PG_URL, ILP_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(40),
               ILP_ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="ilp.settings")
    gunicorn = [sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "2"]
    bpjs_port, port = free_port(), free_port()
    servers = []
    try:
        servers.append(Server([sys.executable, "-m", "ilp.stubs.bpjs_server", "--port", str(bpjs_port)], env, bpjs_port, temp / "bpjs.log"))
        env["ILP_BPJS_URL"] = f"http://127.0.0.1:{bpjs_port}"
        servers.append(Server([*gunicorn, "-b", f"127.0.0.1:{port}", "ilp.wsgi"], env, port, temp / "ilp.log"))
        flow_rates = run_flow(port, patients, args)
        servers.pop().stop()
        for name, text in BARE_APP.items():
            (temp / name).parent.mkdir(parents=True, exist_ok=True)
            (temp / name).write_text(text)
        bare_port = free_port()
        bare_env = dict(env, PYTHONPATH=str(temp), DJANGO_SETTINGS_MODULE="bare_settings")
        servers.append(Server([*gunicorn, "-b", f"127.0.0.1:{bare_port}", "bare_wsgi"], bare_env, bare_port, temp / "bare.log", cwd=temp))
        clients = [BareClient(bare_port) for _ in range(args.clients)]
        bare_rate = report("bare Django view, insert one row", clients, load(clients, 15, warmup=3), "inserts")
    finally:
        for server in reversed(servers):
            server.stop()
    for label, (rate, visits, p95) in flow_rates.items():
        print(f"[{label}] bare view serves {bare_rate / rate:.1f}x the requests/s; {visits:.2f} visits/s is "
              f"{100 * visits / GOAL_VISITS:.1f}% of the {GOAL_VISITS} visits/s goal; p95 {p95:.0f} ms (goal ≤{GOAL_P95_MS} ms)")
    print(f"total {time.perf_counter() - started:.0f} s; server logs in {temp}")


if __name__ == "__main__":
    main()
