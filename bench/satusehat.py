"""SATUSEHAT throughput, and delivery under faults and kills: `python -m bench.satusehat [--kills 100 --visits 1000]`.

A database of its own (a temporary SQLite file, or a fresh PostgreSQL database on the server of
DATABASE_URL, dropped at the end) is migrated and seeded with finished visits (vital signs, some
diagnoses, some newborns known by the mother's NIK) queued in the outbox; the SATUSEHAT stand-in
runs in this process on 127.0.0.1.

Without --kills (what `make bench` runs): resources built and validated per second (goal >= 500/s),
and delivered per second end to end by worker processes to the stand-in over loopback (goal
>= 200/s), with the share of time in building, validating and sending. IHS numbers are looked up
once per patient beforehand (they are cached in IhsNumber, as in production).

With --kills N: worker processes (`ilp satusehat worker`) are started and SIGKILLed at random
moments once they are sending, N times, under `--fault-rate` faults (timeouts, 5xx, 429, dropped
connections); then one worker drains the rest. It checks that every outbox row is accepted, that
the platform created every resource exactly once and holds the server ids we stored, and prints
the figures (also as JSON with --json). The test suite runs a small one (test_kill.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG_ID = "100099001"


def database(kind: str) -> tuple[dict, callable]:
    """Environment naming a fresh database, and how to throw it away."""
    if kind == "postgres":
        base = os.environ["DATABASE_URL"]
        name = f"ilp_bench_satusehat_{os.getpid()}"
        import psycopg

        admin = urllib.parse.urlsplit(base)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return {"DATABASE_URL": urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()}, drop
    folder = tempfile.mkdtemp(prefix="ilp-bench-satusehat-")
    return {"DATABASE_URL": "", "ILP_SQLITE_PATH": f"{folder}/bench.sqlite3"}, lambda: shutil.rmtree(folder, True)


def seed(visits: int, rng: random.Random) -> int:
    """Finished visits with vitals (and every third a diagnosis), queued for SATUSEHAT; returns outbox rows."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from ilp.clinical.models import Condition, Observation
    from ilp.facilities.models import Facility
    from ilp.people.models import Patient
    from ilp.regions.models import Region
    from ilp.satusehat import outbox
    from ilp.satusehat.models import Delivery, StaffNik
    from ilp.visits.models import QueueEntry, Visit, VisitEvent
    from ilp.visits.services import ensure_stations

    parent = None
    for level, code in enumerate(["99", "99.01", "99.01.01", "99.01.01.2001"], start=1):
        parent = Region.objects.create(code=code, name=f"Wilayah {code}", level=level, parent=parent)
    facility = Facility.objects.create(code="B99001", name="Puskesmas Bench", kind="puskesmas", region=parent)
    doctor = get_user_model().objects.create_user(username="dokter_bench", password="x" * 12, role="dokter", facility=facility)
    StaffNik.objects.create(user=doctor, nik="1310014101800001")
    room = ensure_stations(facility=facility)["klaster3"]
    now = timezone.now()
    with transaction.atomic():
        for n in range(visits):
            mother = None
            if n % 10 == 9:  # a newborn without NIK: found through the mother's NIK
                mother = Patient.objects.create(nik=f"13100151{n:08d}", name=f"Ibu {n}", sex="F",
                                                birth_date=dt.date(1995, 1, 1), desa=parent)
            patient = Patient.objects.create(nik=None if mother else f"13100141{n:08d}", name=f"Pasien {n}",
                                             sex="FM"[n % 2], mother=mother, desa=parent,
                                             birth_date=(now - dt.timedelta(days=20)).date() if mother else dt.date(1980, 1, 1))
            arrived = now - dt.timedelta(days=n % 20, hours=3, minutes=rng.randrange(60))
            visit = Visit.objects.create(
                facility=facility, patient=patient, date=timezone.localdate(arrived), number=f"B{n:06d}", status="finished",
                klaster="k3", payer="bpjs", arrived_at=arrived, registered_at=arrived + dt.timedelta(minutes=10),
                finished_at=arrived + dt.timedelta(minutes=70), routing_version="alur-ilp@1", created_by=doctor)
            started = arrived + dt.timedelta(minutes=25)
            QueueEntry.objects.create(visit=visit, station=room, status="done", queued_at=started, started_at=started,
                                      finished_at=started + dt.timedelta(minutes=15), served_by=doctor)
            VisitEvent.objects.create(visit=visit, at=started, kind="started", station_code="klaster3", actor=doctor)
            measured = arrived + dt.timedelta(minutes=5)
            Observation.objects.bulk_create([
                Observation(patient=patient, visit=visit, facility=facility, code=code, display=display,
                            value_quantity=Decimal(value), unit=unit, effective_at=measured, performer=doctor, source="pandu_ptm")
                for code, display, value, unit in [("8480-6", "Systolic blood pressure", f"{110 + n % 40}", "mm[Hg]"),
                                                   ("8462-4", "Diastolic blood pressure", f"{70 + n % 20}", "mm[Hg]"),
                                                   ("8867-4", "Heart rate", f"{60 + n % 30}", "/min"),
                                                   ("8310-5", "Body temperature", f"36.{n % 10}", "Cel")]])
            if n % 3 == 0:
                Condition.objects.create(patient=patient, visit=visit, facility=facility, code="I10",
                                         display="Essential (primary) hypertension", case="baru", recorded_date=visit.date,
                                         recorded_at=started + dt.timedelta(minutes=10), recorder=doctor)
            outbox.enqueue_visit(visit)
    return Delivery.objects.count()


def worker_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "ilp.cli", "satusehat", "worker", "--lease", "2", "--backoff-base", "0.05",
            "--batch", "5", *extra]


def hammer(*, env: dict, server, kills: int, workers: int, rng: random.Random, limit: float, window: float) -> dict:
    """Start workers, SIGKILL them once they are sending, `kills` times; then drain with one worker."""
    done_kills, started = 0, time.monotonic()
    while done_kills < kills and time.monotonic() - started < limit:
        before = server.state.stats()["requests"]
        procs = [subprocess.Popen(worker_command(), env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(workers)]
        wait_until = time.monotonic() + 30
        while server.state.stats()["requests"] == before and time.monotonic() < wait_until:
            if all(p.poll() is not None for p in procs):
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, window))  # a random moment in the middle of sending
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                done_kills += 1
            proc.wait()
        if server.state.stats()["requests"] == before:
            break  # nothing left to send: the workers found no work
    drain = subprocess.run(worker_command("--until-idle", "--seconds", str(max(limit, 60))), env=env, cwd=ROOT,
                           capture_output=True, text=True)
    return {"kills": done_kills, "drain_output": (drain.stdout + drain.stderr).strip()[-500:], "drain_rc": drain.returncode}


def build_and_validate(server) -> dict:
    """Every queued resource built from the records and validated, in this process; then validated again
    alone, to split the time between building and validating."""
    from ilp.satusehat import mapping, validator
    from ilp.satusehat.client import Client
    from ilp.satusehat.conf import config
    from ilp.satusehat.identity import PlatformResolver
    from ilp.satusehat.outbox import conditions_of, observations_of
    from ilp.visits.models import Visit

    resolver = PlatformResolver(Client(config()))
    visits = list(Visit.objects.select_related("patient__mother", "facility").order_by("id"))
    for visit in visits:  # IHS numbers once per patient (cached in IhsNumber), as the worker does
        resolver.patient(visit.patient)
        resolver.practitioner(visit.created_by)
    built, clock, cpu = [], time.perf_counter(), time.process_time()
    for visit in visits:
        built.append(mapping.encounter(visit, org_id=ORG_ID, resolver=resolver))
        for obs in observations_of(visit).select_related("patient__mother", "record", "facility"):
            built.append(mapping.observation(obs, org_id=ORG_ID, resolver=resolver, encounter_ref="Encounter/x"))
        for diagnosis in conditions_of(visit).select_related("patient__mother", "facility"):
            built.append(mapping.condition(diagnosis, org_id=ORG_ID, resolver=resolver, encounter_ref="Encounter/x"))
    total, cpu = time.perf_counter() - clock, time.process_time() - cpu
    clock = time.perf_counter()
    assert all(validator.is_valid(validator.validate(resource, org_id=ORG_ID)) for resource in built)
    validating = time.perf_counter() - clock
    return {"built_validated": len(built), "built_validated_per_s": round(len(built) / total, 1),
            "built_validated_per_cpu_s": round(len(built) / cpu, 1),
            "share_building": round(max(total - validating, 0) / total, 2), "share_validating": round(min(validating / total, 1), 2)}


def deliver(*, env: dict, server, workers: int) -> dict:
    """The whole outbox to the stand-in (no faults) by `workers` worker processes; per second and where time went."""
    from ilp.satusehat.models import Delivery

    clock, cpu, children = time.monotonic(), time.process_time(), _children_cpu()
    procs = [subprocess.Popen(worker_command("--until-idle", "--json"), env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(workers)]
    outputs = [proc.communicate() for proc in procs]
    elapsed = time.monotonic() - clock
    # CPU seconds of the workers (children) and of the stand-in (this process): the figure a busy machine does not bend.
    cpu = time.process_time() - cpu + _children_cpu() - children
    stats = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs if out.strip()]
    accepted = Delivery.objects.filter(status="accepted").count()
    busy = sum(s["process_seconds"] for s in stats) or 1.0
    building = sum(s["build_seconds"] for s in stats)
    return {"delivered": accepted, "deliver_s": round(elapsed, 1), "delivered_per_s": round(accepted / elapsed, 1),
            "delivered_per_cpu_s": round(accepted / cpu, 1),
            "worker_share_building_validating": round(building / busy, 2),
            "worker_share_sending": round((busy - building) / busy, 2), "workers": workers,
            "duplicates_on_platform": server.state.stats()["duplicates"]}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def verify(server) -> dict:
    from django.db.models import Count

    from ilp.satusehat.models import Delivery

    rows = list(Delivery.objects.values("resource_type", "server_id", "status", "attempts"))
    stats = server.state.stats()
    with server.state.lock:
        held = {kind: set(found) for kind, found in server.state.resources.items()}
    by_status = dict(Delivery.objects.values_list("status").annotate(n=Count("id")))
    return {
        "resources": len(rows),
        "accepted": by_status.get("accepted", 0),
        "by_status": by_status,
        "created_on_platform": len(stats["creates"]),
        "created_more_than_once": stats["duplicates"],
        "server_ids_match": all(r["server_id"] in held.get(r["resource_type"], ()) for r in rows),
        "attempts": sum(r["attempts"] for r in rows),
        "requests": stats["requests"], "faults": stats["faults"], "token_requests": stats["token_requests"],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=300)
    parser.add_argument("--kills", type=int, default=0, help="reliability run: SIGKILL workers this many times")
    parser.add_argument("--workers", type=int, default=2, help="worker processes running at once")
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=900.0, help="seconds for the kill phase, at most")
    parser.add_argument("--window", type=float, default=1.0, help="kill within this many seconds of the first request")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    kind = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    db_env, drop = database(kind)
    os.environ.update(db_env, DJANGO_SETTINGS_MODULE="ilp.settings", ILP_LOG_LEVEL="ERROR")
    if not db_env["DATABASE_URL"]:
        os.environ.pop("DATABASE_URL")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        clock = time.monotonic()
        call_command("migrate", verbosity=0)
        rows = seed(args.visits, rng)
        prepared = time.monotonic() - clock

        from ilp.satusehat import standin

        fault_rate = args.fault_rate if args.kills else 0.0
        server = standin.start(fault_rate=fault_rate, seed=args.seed, timeout_delay=0.6, retry_after=0.2)
        env = {**os.environ, "ILP_SATUSEHAT_URL": f"{server.url}{standin.FHIR}",
               "ILP_SATUSEHAT_AUTH_URL": f"{server.url}/oauth2/v1", "ILP_SATUSEHAT_CLIENT_ID": "bench",
               "ILP_SATUSEHAT_CLIENT_SECRET": "bench-secret", "ILP_SATUSEHAT_ORG_ID": ORG_ID,
               "ILP_SATUSEHAT_TIMEOUT": "0.3" if args.kills else "10"}
        os.environ.update({k: v for k, v in env.items() if k.startswith("ILP_SATUSEHAT_")})
        figures = {"database": kind, "visits": args.visits, "outbox_rows": rows, "prepare_s": round(prepared, 1),
                   "load_average": round(os.getloadavg()[0], 1), "cores": os.cpu_count()}
        if not args.kills:
            figures |= build_and_validate(server) | deliver(env=env, server=server, workers=args.workers)
            figures["goals_met"] = figures["built_validated_per_s"] >= 500 and figures["delivered_per_s"] >= 200
        else:
            clock = time.monotonic()
            run = hammer(env=env, server=server, kills=args.kills, workers=args.workers, rng=rng, limit=args.limit,
                         window=args.window)
            elapsed = time.monotonic() - clock
            figures |= {"fault_rate": fault_rate, "deliver_s": round(elapsed, 1), **run, **verify(server)}
            figures["resources_per_s"] = round(figures["accepted"] / elapsed, 1) if elapsed else None
            figures["exactly_once"] = (figures["accepted"] == rows == figures["created_on_platform"]
                                       and figures["created_more_than_once"] == 0 and figures["server_ids_match"])
        server.shutdown()
    finally:
        from django.db import connections

        connections.close_all()
        drop()
    if args.json:
        print(json.dumps(figures, default=str))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")
    return figures


if __name__ == "__main__":
    main()
