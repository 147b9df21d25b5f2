"""The kader app's sync over real HTTP: `python -m bench.sync [--households 500] [--district-households 5000]`.

A throwaway SQLite database (or BENCH_SYNC_DATABASE_URL) gets the Dharmasraya regions and network, the
kader's Posyandu desa with N households of 3–6 people and a year of history (a weighing a month for every
balita, ANC contacts for some women), and the rest of the district filled with other households (the
server holds the whole district; the kader's scope is one desa). The app is served by a WSGI server on
127.0.0.1 in this process, and the phone's sync runs over that loopback HTTP with Basic auth:
1. initial sync (me, forms, every page of changes from an empty cursor), without and with gzip;
2. one Posyandu day: the phone uploads the day's weighings and two newborns registered offline, then pulls
   the changes since its cursor.
Figures: requests, rows, wall time, bytes on the wire with and without gzip, and what those bytes take on
a 1.6 Mbps link with 300 ms per request. Goal (issue #8): initial sync ≤ 10 s on this machine over loopback.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import http.client
import json
import os
import random
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

LINK_BPS, RTT_S = 1_600_000, 0.3
PASSWORD = "bench-12345"


def setup_database() -> None:
    url = os.environ.get("BENCH_SYNC_DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["ILP_SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="ilp-bench-sync-")) / "sync.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _households(desa_list, count: int, today: dt.date, rng: random.Random, prefix: int):
    from ilp.demo.names import FEMALE_FIRST, MALE_FIRST, SECOND
    from ilp.people.models import Family, FamilyRelation, Patient, name_key

    families = Family.objects.bulk_create(
        Family(kk_number=f"{prefix}{n:015d}"[:16], desa=desa_list[n % len(desa_list)], address=f"Jorong {n // 50 + 1}",
               rt=f"{n % 20 + 1:03d}", rw=f"{n // 20 % 9 + 1:03d}") for n in range(count))
    people = []
    for family in families:
        for k in range(rng.randint(3, 6)):
            sex = "M" if (k == 0 or (k > 1 and rng.random() < 0.5)) else "F"
            years = rng.randint(30, 70) if k < 2 else rng.choice([0, 1, 2, 3, 4, 8, 12, 16, 20])
            birth = today - dt.timedelta(days=years * 365 + rng.randint(30, 360))
            name = f"{rng.choice(MALE_FIRST if sex == 'M' else FEMALE_FIRST)} {rng.choice(SECOND)}"
            relation = FamilyRelation.KEPALA if k == 0 else FamilyRelation.PASANGAN if k == 1 else FamilyRelation.ANAK
            people.append(Patient(name=name, name_key=name_key(name), birth_date=birth, sex=sex, desa=family.desa,
                                  family=family, family_relation=relation, address=family.address))
    Patient.objects.bulk_create(people, batch_size=2000)
    return len(people)


def populate(households: int, district_households: int, seed: int):
    """The kader's desa with a year of history, and the rest of the district; returns the kader and counts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ilp.accounts.models import Role
    from ilp.demo.facilities import build_network
    from ilp.facilities.models import Facility
    from ilp.packages.engine.loader import registry
    from ilp.packages.models import PackageRecord
    from ilp.packages.services import record_package
    from ilp.people.models import FamilyRelation, Patient
    from ilp.regions.models import Region
    from ilp.regions.services import import_regions

    rng = random.Random(seed)
    if not Region.objects.filter(code="13.10").exists():
        import_regions(provinces=["13"])
    build_network(kabkota=Region.objects.get(code="13.10"), rng=random.Random(1))
    posyandu = Facility.objects.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()
    desa = posyandu.wilayah.get()
    users = get_user_model().objects
    kader = users.create_user("kader_bench", password=PASSWORD, role=Role.KADER, facility=posyandu)
    bidan = users.create_user("bidan_bench", password=PASSWORD, role=Role.BIDAN, facility=posyandu.parent)
    today = timezone.localdate()
    in_scope = _households([desa], households, today, rng, prefix=9)
    others = list(Region.objects.filter(code__startswith="13.10.", level=Region.Level.DESA).exclude(pk=desa.pk))
    elsewhere = _households(others, district_households, today, rng, prefix=8)
    # A year of monthly weighings for every balita of the desa (stored as the package stores them, in bulk).
    version, now, history = registry()["balita"].version, timezone.now(), []
    balita = list(Patient.objects.filter(desa=desa, birth_date__gt=today - dt.timedelta(days=59 * 30)))
    for child in balita:
        for month in range(12):
            day = today - dt.timedelta(days=30 * month + rng.randint(1, 20))
            if day > child.birth_date:
                history.append(PackageRecord(patient=child, facility=posyandu, package_id="balita", package_version=version,
                                             service_date=day, recorded_at=now, performer=kader,
                                             values={"weight": f"{rng.uniform(3, 18):.1f}"}))
    PackageRecord.objects.bulk_create(history, batch_size=2000)
    women = list(Patient.objects.filter(desa=desa, sex="F", family_relation=FamilyRelation.PASANGAN,
                                        birth_date__gt=today - dt.timedelta(days=45 * 365))[: max(1, households // 20)])
    for woman in women:
        record_package(actor=bidan, patient=woman, package_id="anc", confirmed=True, service_date=today,
                       values={"hpht": today - dt.timedelta(days=rng.randint(40, 250)), "lila": Decimal("25"),
                               "sbp": Decimal("110"), "dbp": Decimal("70")})
    return kader, balita, {"households in scope": households, "people in scope": in_scope, "balita": len(balita),
                           "weighings (a year)": len(history), "anc": len(women), "people elsewhere in the district": elsewhere}


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve() -> tuple[str, int]:
    """The project's WSGI application on a free loopback port, in a background thread."""
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_ThreadingServer, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address


class PhoneClient:
    """What the phone sends and receives, counted on the wire."""

    def __init__(self, address, *, gzip_ok: bool):
        self.address, self.gzip_ok = address, gzip_ok
        self.auth = "Basic " + base64.b64encode(f"kader_bench:{PASSWORD}".encode()).decode()
        self.requests = self.wire_bytes = 0

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        connection = http.client.HTTPConnection(*self.address, timeout=120)
        headers = {"Authorization": self.auth, "Content-Type": "application/json",
                   "Accept-Encoding": "gzip" if self.gzip_ok else "identity"}
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        assert response.status == 200, raw[:300]
        self.requests += 1
        self.wire_bytes += len(raw) + len(payload or b"")
        return json.loads(gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw)

    def pull(self, cursor: str, limit: int) -> tuple[str, int]:
        rows = 0
        while True:
            page = self.call("GET", f"/api/kader/changes?limit={limit}&cursor={cursor}")
            rows += len(page["people"]) + len(page["families"]) + len(page["records"])
            cursor = page["cursor"]
            if not page["more"]:
                return cursor, rows


def _figures(client: PhoneClient, rows: int, seconds: float) -> dict:
    return {"requests": client.requests, "rows": rows, "seconds": round(seconds, 2), "bytes": client.wire_bytes,
            "link_s": round(client.wire_bytes * 8 / LINK_BPS + client.requests * RTT_S, 1)}


def initial_sync(address, *, limit: int, gzip_ok: bool) -> tuple[dict, str]:
    client = PhoneClient(address, gzip_ok=gzip_ok)
    started = time.perf_counter()
    client.call("GET", "/api/kader/me")
    client.call("GET", "/api/kader/forms")
    cursor, rows = client.pull("", limit)
    return _figures(client, rows, time.perf_counter() - started), cursor


def posyandu_day(address, balita, cursor: str, *, limit: int, rng: random.Random) -> dict:
    """The day's weighings and two newborns registered offline go up in one batch; then the changes come down."""
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    weighed = rng.sample(balita, min(len(balita), 60))
    records = [{"uuid": str(uuid.uuid4()), "kind": "weighing",
                "payload": {"patient_id": child.pk, "service_date": today, "values": {"weight": f"{rng.uniform(6, 16):.1f}"},
                            "confirmed": True}} for child in weighed]
    for n in range(2):
        family = weighed[n].family_id
        newborn = {"uuid": str(uuid.uuid4()), "kind": "person",
                   "payload": {"family_id": family, "name": f"Bayi Baru {n + 1}", "sex": "F", "relation": "anak",
                               "birth_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat()}}
        records += [newborn, {"uuid": str(uuid.uuid4()), "kind": "weighing",
                              "payload": {"patient_uuid": newborn["uuid"], "service_date": today, "values": {"weight": "3.2"},
                                          "confirmed": True}}]
    client = PhoneClient(address, gzip_ok=True)
    started = time.perf_counter()
    results = client.call("POST", "/api/kader/uploads", {"records": records, "sent_at": timezone.now().isoformat()})["results"]
    _cursor, rows = client.pull(cursor, limit)
    figures = _figures(client, rows, time.perf_counter() - started)
    figures["uploaded"] = len(records)
    figures["accepted"] = sum(1 for r in results if r["status"] in ("accepted", "conflict"))
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=500, help="households in the kader's desa")
    parser.add_argument("--district-households", type=int, default=5000, help="households elsewhere in the district")
    parser.add_argument("--limit", type=int, default=500, help="rows per stream per page")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    setup_database()
    started = time.perf_counter()
    kader, balita, counts = populate(args.households, args.district_households, args.seed)
    print(f"populated in {time.perf_counter() - started:.1f} s: {counts}", flush=True)
    address = serve()
    PhoneClient(address, gzip_ok=True).call("GET", "/api/kader/me")  # warm up: the first Basic auth checks the hash
    raw, _cursor = initial_sync(address, limit=args.limit, gzip_ok=False)
    packed, cursor = initial_sync(address, limit=args.limit, gzip_ok=True)
    day = posyandu_day(address, balita, cursor, limit=args.limit, rng=random.Random(args.seed))
    for label, f in (("initial sync, no gzip", raw), ("initial sync, gzip", packed)):
        print(f"{label}: {f['requests']} requests, {f['rows']} rows, {f['seconds']} s over loopback, "
              f"{f['bytes'] / 1024:.0f} KiB on the wire; on 1.6 Mbps + 300 ms/request ≈ {f['link_s']} s")
    print(f"gzip: {raw['bytes'] / 1024:.0f} KiB -> {packed['bytes'] / 1024:.0f} KiB ({packed['bytes'] / raw['bytes']:.0%}); "
          f"goal: initial sync ≤ 10 s on this machine over loopback -> {'met' if packed['seconds'] <= 10 else 'NOT met'}")
    print(f"after one Posyandu day: {day['uploaded']} records uploaded ({day['accepted']} accepted) and changes pulled in "
          f"{day['requests']} requests, {day['rows']} rows, {day['seconds']} s, {day['bytes'] / 1024:.0f} KiB; "
          f"on 1.6 Mbps ≈ {day['link_s']} s")
    return {"counts": counts, "initial_raw": raw, "initial_gzip": packed, "posyandu_day": day}


if __name__ == "__main__":
    main()
