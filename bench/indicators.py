"""PWS at district scale: `python -m bench.indicators [--residents N] [--encounters M] [--small]`.

A district (the demo Kabupaten Dharmasraya) of N residents (1,000,000 by default, made by
`ilp seed-demo --population N` into the PostgreSQL database `ilp_bench_indicators`, kept between
runs) and M countable events (10,000,000 by default) written straight into the facts table by
one `INSERT ... SELECT` over generate_series: a year (2025) of visits, ANC contacts by trimester
and pregnancy, weighings, PTM screenings, immunisations, flags, neonatal and nifas visits, each on
a real resident with their desa, sex and age at the event.

Then it prints:
- the time to compute every PWS indicator for every desa for June 2025 (cumulative Jan–Jun,
  the month, the month before, the sasaran): the first run on a fresh connection ("cold"; the
  server's and the OS' caches are left as they are) and the median of three more ("warm");
- an incremental refresh of one day of new data (M / 365 events): their facts replaced by source
  in one transaction, as the writers do (delete the record's facts, insert the new ones);
- the same PWS computation by DuckDB over the facts exported to Parquet (partitioned as
  `ilp facts export` does), cold and warm.
Goals (issue 9): ≤ 1 s warm, ≤ 10 s for a day's refresh. `--small` runs 20,000 residents and
200,000 events in a minute or two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_INDICATORS_DB", "ilp_bench_indicators")
PG_URL = os.environ.get("BENCH_PG_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
YEAR, MONTH = 2025, 6

# (share of events, kind, code expression, group_key expression, role expression, age filter on the person)
# Expressions are SQL over `g` (the event number), `p` (the resident) and `r` (a random number in [0, 1)).
MIX = [
    (0.40, "visit", "CASE WHEN r < 0.5 THEN 'k3' WHEN r < 0.8 THEN 'k2' ELSE 'k4' END", "''", "''", "TRUE"),
    (0.06, "pkg.anc", "CASE WHEN r < 0.3 THEN 'T1' WHEN r < 0.6 THEN 'T2' ELSE 'T3' END",
     "'hpht-' || mod(p.id, 2)", "CASE WHEN r < 0.25 THEN 'dokter' ELSE 'bidan' END", "p.sex = 'F' AND p.age_days BETWEEN 5475 AND 17500"),
    (0.15, "pkg.balita", "''", "''", "'kader'", "p.age_days < 1826"),
    (0.12, "pkg.ptm_dewasa", "''", "''", "'perawat'", "p.age_days >= 5475"),
    (0.08, "imm", "CASE WHEN r < 0.3 THEN 'BCG' WHEN r < 0.6 THEN 'DPT-HB-Hib1' ELSE 'MR1' END", "''", "'bidan'",
     "p.age_days < 730"),
    (0.05, "flag", "CASE WHEN r < 0.4 THEN 'hipertensi' WHEN r < 0.7 THEN 'pendek' ELSE 'kek' END", "'x'", "''", "TRUE"),
    (0.04, "pkg.neonatal", "CASE WHEN r < 0.4 THEN 'KN1' WHEN r < 0.7 THEN 'KN2' ELSE 'KN3' END", "'lahir'", "'bidan'",
     "p.age_days < 60"),
    (0.03, "pkg.nifas", "CASE WHEN r < 0.25 THEN 'KF1' WHEN r < 0.5 THEN 'KF2' WHEN r < 0.75 THEN 'KF3' ELSE 'KF4' END",
     "'hpht-0'", "'bidan'", "p.sex = 'F' AND p.age_days BETWEEN 5475 AND 17500"),
    (0.02, "pkg.persalinan", "CASE WHEN r < 0.9 THEN 'puskesmas' ELSE 'rumah' END", "'hpht-0'", "'bidan'",
     "p.sex = 'F' AND p.age_days BETWEEN 5475 AND 17500"),
    (0.05, "idl", "''", "''", "''", "p.age_days < 500"),
]


def _env() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ilp.settings", DATABASE_URL=PG_URL)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {DB}"], capture_output=True, check=False)
    return env


def _residents() -> int:
    found = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-Atc", "SELECT count(*) FROM people_patient"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return int(found) if found.isdigit() else 0


def prepare(residents: int) -> None:
    """Migrate and seed the residents (an existing population of that size is reused, another size starts over)."""
    found = _residents()
    if found and abs(found - residents) > residents // 100:  # seed-demo adds a few (demo users' own records)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE {DB}"], capture_output=True, check=True)
    env = _env()
    ilp = [sys.executable, "-m", "ilp.cli"]
    subprocess.run([*ilp, "migrate", "--no-input", "-v", "0", "--skip-checks"], env=env, check=True)
    started = time.perf_counter()
    seeded = subprocess.run([*ilp, "seed-demo", "--population", str(residents), "--seed", "9", "--skip-checks"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # The residents are committed before the apps' own demo data; a failure there does not concern this bench.
    count = _residents()
    if not count:
        sys.exit(f"seed-demo made no residents:\n{seeded.stderr[-2000:]}")
    note = "" if seeded.returncode == 0 else " (seed-demo's app demo data failed after the residents; ignored here)"
    print(f"residents: {count:,} via seed-demo --population {residents:,} in {time.perf_counter() - started:.1f} s{note}",
          flush=True)


def load_facts(encounters: int) -> None:
    """Replace the facts table with `encounters` generated events (deterministic: setseed)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM indicators_fact WHERE source LIKE 'bench:%%'")
        if cursor.fetchone()[0] == sum(int(encounters * share) for share, *_ in MIX):
            print(f"facts: {encounters:,} generated events reused", flush=True)
            return
        cursor.execute("TRUNCATE indicators_fact")
        cursor.execute("DROP TABLE IF EXISTS bench_people")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_people AS SELECT row_number() OVER (ORDER BY id) AS n, id, desa_id, sex, "
            f"(DATE '{YEAR}-07-01' - birth_date) AS age_days FROM people_patient WHERE merged_into_id IS NULL")
        cursor.execute("CREATE INDEX ON bench_people (n)")
        facility = "(SELECT min(id) FROM facilities_facility WHERE kind = 'puskesmas')"
        for share, kind, code, group, role, who in MIX:
            count = int(encounters * share)
            eligible = f"(SELECT n, id, desa_id, sex, age_days FROM bench_people p WHERE {who})"
            cursor.execute("SELECT setseed(0.42)")
            cursor.execute(
                f"WITH people AS (SELECT row_number() OVER (ORDER BY n) AS k, * FROM {eligible} e), "
                "total AS (SELECT count(*) AS c FROM people), "
                "events AS (SELECT g, 1 + floor(random() * (SELECT c FROM total))::bigint AS k, random() AS r, "
                "floor(random() * 365)::int AS d FROM generate_series(1, %s) g) "
                "INSERT INTO indicators_fact (kind, code, group_key, role, date, person, desa_id, facility_id, sex, age_days, "
                "disability, source) "
                f"SELECT %s, {code}, {group}, {role}, DATE '{YEAR}-01-01' + d, p.id, p.desa_id, {facility}, p.sex, "
                "GREATEST(p.age_days - 181 + d, 0), FALSE, 'bench:' || %s || ':' || g FROM events JOIN people p USING (k)",
                [count, kind, kind])
        cursor.execute("DROP TABLE bench_people")
        cursor.execute("SELECT count(*) FROM indicators_fact")
        made = cursor.fetchone()[0]
        cursor.execute("VACUUM ANALYZE indicators_fact")  # index-only scans need the visibility map
    print(f"facts: {made:,} events generated into indicators_fact in {time.perf_counter() - started:.1f} s", flush=True)


def compute_all(counter=None) -> tuple[float, int]:
    from ilp.indicators import pws, selectors
    from ilp.indicators.definitions_loader import indicator_registry

    desa = selectors.desa_in_scope_code("13.10")
    started, rows, memo = time.perf_counter(), 0, {}
    for indicator in indicator_registry().values():
        if not indicator.pws:
            continue
        kwargs = {"counter": counter, "memo": memo} if counter else {"memo": memo}
        rows += len(pws.compute(indicator, year=YEAR, month=MONTH, desa=desa, **kwargs))
    return time.perf_counter() - started, rows


def refresh_one_day(events: int) -> float:
    """One day of new records: each record's facts replaced by source, all in one transaction."""
    import datetime as dt
    import random

    from django.db import transaction

    from ilp.indicators.models import Fact

    people = list(Fact.objects.filter(kind="visit").values_list("person", "desa_id", "sex", "age_days")[:5000])
    rng, day = random.Random(3), dt.date(YEAR, 7, 1)
    batch = []
    for i in range(events):
        person, desa_id, sex, age = rng.choice(people)
        kind = rng.choice(["visit", "visit", "pkg.ptm_dewasa", "pkg.balita", "pkg.anc"])
        batch.append(Fact(kind=kind, code="k3" if kind == "visit" else "", date=day, person=person, desa_id=desa_id,
                          sex=sex, age_days=age, source=f"bench-day:{i}"))
    started = time.perf_counter()
    with transaction.atomic():
        sources = [f.source for f in batch]
        for start in range(0, len(sources), 5000):
            Fact.objects.filter(source__in=sources[start:start + 5000]).delete()
        Fact.objects.bulk_create(batch, batch_size=5000)
    elapsed = time.perf_counter() - started
    Fact.objects.filter(source__startswith="bench-day:").delete()
    return elapsed


def export_parquet(target: Path) -> float:
    """The facts as `ilp facts export` partitions them, streamed from PostgreSQL through CSV into DuckDB."""
    import duckdb
    from django.db import connection

    started = time.perf_counter()
    csv_path = target.with_suffix(".csv")
    with connection.cursor() as cursor, csv_path.open("wb") as out:
        copy_sql = ("COPY (SELECT f.kind, f.code, f.group_key, f.role, f.date, f.person, r.code AS desa_code, "
                    "substr(r.code, 1, 5) AS kabkota_code, substr(r.code, 1, 2) AS province_code, f.sex, f.age_days, "
                    "f.disability FROM indicators_fact f JOIN regions_region r ON r.id = f.desa_id) TO STDOUT WITH CSV HEADER")
        with cursor.connection.cursor() as raw, raw.copy(copy_sql) as copy:
            for chunk in copy:
                out.write(chunk)
    duck = duckdb.connect()
    duck.execute(f"COPY (SELECT *, year(date) AS year, month(date) AS month FROM read_csv_auto('{csv_path}', header=true, "
                 "types={'code': 'VARCHAR', 'group_key': 'VARCHAR', 'role': 'VARCHAR', 'desa_code': 'VARCHAR', "
                 "'kabkota_code': 'VARCHAR', 'province_code': 'VARCHAR'})) "
                 f"TO '{target}' (FORMAT PARQUET, PARTITION_BY (province_code, kabkota_code, year, month), OVERWRITE_OR_IGNORE)")
    csv_path.unlink()
    return time.perf_counter() - started


def measure(residents: int, encounters: int) -> None:
    import django

    django.setup()
    from functools import partial

    from django.db import connection

    from ilp.indicators import engine

    load_facts(encounters)
    connection.close()  # "cold": a fresh connection, nothing prepared
    cold, rows = compute_all()
    warm = statistics.median(compute_all()[0] for _ in range(3))
    print(f"PostgreSQL: every PWS indicator × {rows // max(1, _pws_count()):,} desa, {YEAR}-{MONTH:02d}: "
          f"cold {cold:.2f} s, warm {warm:.2f} s (goal ≤ 1 s warm)", flush=True)
    day = max(1, encounters // 365)
    print(f"PostgreSQL: refresh of one day ({day:,} new events, replaced by source): {refresh_one_day(day):.2f} s "
          "(goal ≤ 10 s)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "facts"
        print(f"Parquet export ({encounters:,} facts): {export_parquet(target):.1f} s", flush=True)
        counter = partial(engine.count_by_desa_duckdb, parquet_dir=str(target))
        cold, _rows = compute_all(counter)
        warm = statistics.median(compute_all(counter)[0] for _ in range(3))
        print(f"DuckDB over Parquet: every PWS indicator × every desa: cold {cold:.2f} s, warm {warm:.2f} s", flush=True)


def _pws_count() -> int:
    from ilp.indicators.definitions_loader import indicator_registry

    return sum(1 for i in indicator_registry().values() if i.pws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--encounters", type=int, default=10_000_000)
    parser.add_argument("--small", action="store_true", help="20,000 residents and 200,000 events")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.small:
        args.residents, args.encounters = 20_000, 200_000
    if args.measure_only:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")
        measure(args.residents, args.encounters)
        return
    print(f"bench.indicators: {args.residents:,} residents, {args.encounters:,} events, PostgreSQL database {DB}", flush=True)
    prepare(args.residents)
    subprocess.run([sys.executable, "-m", "bench.indicators", "--measure-only", "--residents", str(args.residents),
                    "--encounters", str(args.encounters)], env=_env(), check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
