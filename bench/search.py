"""Patient search at scale: `python -m bench.search [--population N] [--backend sqlite|postgres]`.

Seeds the demo Kabupaten with N persons (1,000,000 by default; kept between runs in
var/bench/ or the PostgreSQL database `ilp_bench`), then times what the patient list page asks
of the database for a search (scoped selector, count for the pager, first page of rows), as a
registration clerk of Puskesmas Sitiung I, for NIK searches and name searches. Prints p50/p95.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ilp_bench")
QUERIES = 300


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _environment(backend: str) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ilp.settings")
    if backend == "postgres":
        env["DATABASE_URL"] = PG_URL
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE ilp_bench"],
                       capture_output=True, check=False)
    else:
        env.pop("DATABASE_URL", None)
        env["ILP_SQLITE_PATH"] = str(ROOT / "var" / "bench" / "search.sqlite3")
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    return env


def prepare(backend: str, population: int) -> None:
    """Migrate and seed (once: an existing population of the right size is reused)."""
    env = _environment(backend)
    ilp = [sys.executable, "-m", "ilp.cli"]
    subprocess.run([*ilp, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*ilp, "seed-demo", "--population", str(population), "--seed", "7"], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def measure(backend: str) -> None:
    """Run inside a process whose environment selects the backend."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator
    from django.db import connection

    from ilp.people.models import Patient
    from ilp.people.selectors import patient_list

    clerk = get_user_model().objects.get(username="pendaftaran")
    rng = random.Random(11)
    total = Patient.objects.count()
    sample_ids = [rng.randrange(1, total) for _ in range(QUERIES)]
    niks = list(Patient.objects.filter(pk__in=sample_ids).values_list("nik", flat=True))
    names = [" ".join(word[: rng.randint(3, len(word))] for word in name.split()[: rng.choice([1, 2])])
             for name in Patient.objects.filter(pk__in=sample_ids).values_list("name", flat=True)]

    def timed(searches: list[str]) -> list[float]:
        times = []
        for text in searches:
            started = time.perf_counter()
            page = Paginator(patient_list(user=clerk, search=text), 25).get_page(1)
            list(page.object_list)
            times.append((time.perf_counter() - started) * 1000)
        return times

    timed(niks[:20])  # warm the caches as a running server has them
    print(f"[{backend}] {total:,} persons; {connection.vendor}")
    for label, searches in (("NIK", niks), ("nama", names)):
        times = timed(searches)
        print(f"[{backend}] search by {label:<4}: p50 {statistics.median(times):7.1f} ms   "
              f"p95 {percentile(times, 0.95):7.1f} ms   ({len(times)} searches, first page + count, scoped)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--population", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for backend in args.backend or ["sqlite", "postgres"]:
        if args.measure_only:
            measure(backend)
            continue
        started = time.perf_counter()
        prepare(backend, args.population)
        print(f"[{backend}] data ready in {time.perf_counter() - started:.0f} s")
        subprocess.run([sys.executable, "-m", "bench.search", "--backend", backend, "--measure-only"],
                       env=_environment(backend), check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
