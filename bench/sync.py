"""Initial sync of the kader app over its JSON API: `python -m bench.sync [--households 500] [--limit 200]`.

A throwaway SQLite database (or BENCH_SYNC_DATABASE_URL) gets the Dharmasraya regions and network, a
Posyandu desa with N households of 3–6 people, a weighing for every balita and an ANC contact for
some women; then the kader pulls everything from an empty cursor, page by page, through HTTP Basic
as the phone would (Django's test client: server time, no network). Figures: pages, requests,
rows, wall time, bytes as sent and gzip-compressed (what a 1.6 Mbps link would carry), and the
transfer time that size takes on 1.6 Mbps with 300 ms per request.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import os
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

LINK_BPS, RTT_S = 1_600_000, 0.3


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


def populate(households: int, seed: int):
    """The Posyandu's desa filled with households; returns the kader (user) and counts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ilp.accounts.models import Role
    from ilp.demo.facilities import build_network
    from ilp.demo.names import FEMALE_FIRST, MALE_FIRST, SECOND
    from ilp.facilities.models import Facility
    from ilp.packages.services import record_package
    from ilp.people.models import Family, FamilyRelation, Patient, name_key
    from ilp.regions.models import Region
    from ilp.regions.services import import_regions

    rng = random.Random(seed)
    if not Region.objects.filter(code="13.10").exists():
        import_regions(provinces=["13"])
    build_network(kabkota=Region.objects.get(code="13.10"), rng=random.Random(1))
    posyandu = Facility.objects.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()
    desa = posyandu.wilayah.get()
    users = get_user_model().objects
    kader = users.filter(username="kader_bench").first() or users.create_user(
        "kader_bench", password="bench-12345", role=Role.KADER, facility=posyandu)
    bidan = users.filter(username="bidan_bench").first() or users.create_user(
        "bidan_bench", password="bench-12345", role=Role.BIDAN, facility=posyandu.parent)
    today = timezone.localdate()
    families = Family.objects.bulk_create(
        Family(kk_number=f"9{seed:03d}{n:012d}"[:16], desa=desa, address=f"Jorong {n // 50 + 1}", rt=f"{n % 20 + 1:03d}",
               rw=f"{n // 20 % 9 + 1:03d}") for n in range(households))
    people = []
    for family in families:
        size = rng.randint(3, 6)
        for k in range(size):
            sex = "M" if (k == 0 or (k > 1 and rng.random() < 0.5)) else "F"
            years = rng.randint(30, 70) if k < 2 else rng.choice([0, 1, 2, 3, 4, 8, 12, 16, 20])
            birth = today - dt.timedelta(days=years * 365 + rng.randint(30, 360))
            name = f"{rng.choice(MALE_FIRST if sex == 'M' else FEMALE_FIRST)} {rng.choice(SECOND)}"
            relation = FamilyRelation.KEPALA if k == 0 else FamilyRelation.PASANGAN if k == 1 else FamilyRelation.ANAK
            people.append(Patient(name=name, name_key=name_key(name), birth_date=birth, sex=sex, desa=desa, family=family,
                                  family_relation=relation, address=family.address))
    Patient.objects.bulk_create(people, batch_size=1000)
    balita = [p for p in Patient.objects.filter(desa=desa, birth_date__gt=today - dt.timedelta(days=59 * 30))]
    for child in balita:
        record_package(actor=kader, patient=child, package_id="balita", values={"weight": Decimal("10.5")},
                       service_date=today - dt.timedelta(days=rng.randint(1, 25)), confirmed=True)
    women = list(Patient.objects.filter(desa=desa, sex="F", family_relation=FamilyRelation.PASANGAN,
                                        birth_date__gt=today - dt.timedelta(days=45 * 365))[: max(1, households // 20)])
    for woman in women:
        record_package(actor=bidan, patient=woman, package_id="anc", confirmed=True, service_date=today,
                       values={"hpht": today - dt.timedelta(days=rng.randint(40, 250)), "lila": Decimal("25"),
                               "sbp": Decimal("110"), "dbp": Decimal("70")})
    return kader, {"households": households, "people": len(people), "balita weighed": len(balita), "anc": len(women)}


def initial_sync(kader, *, limit: int) -> dict:
    from django.test import Client

    client = Client()
    auth = "Basic " + base64.b64encode(b"kader_bench:bench-12345").decode()
    cursor, pages, raw, packed, rows = "", 0, 0, 0, 0
    started = time.perf_counter()
    for path in ("/api/kader/me", "/api/kader/packages/balita?form=penimbangan"):
        body = client.get(path, HTTP_AUTHORIZATION=auth).content
        raw, packed, pages = raw + len(body), packed + len(gzip.compress(body)), pages + 1
    while True:
        response = client.get("/api/kader/changes", {"cursor": cursor, "limit": limit}, HTTP_AUTHORIZATION=auth)
        body = response.content
        page = response.json()
        raw, packed, pages = raw + len(body), packed + len(gzip.compress(body)), pages + 1
        rows += len(page["people"]) + len(page["families"]) + len(page["records"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    seconds = time.perf_counter() - started
    return {"requests": pages, "rows": rows, "server_s": round(seconds, 2), "bytes": raw, "bytes_gzip": packed,
            "link_s_gzip": round(packed * 8 / LINK_BPS + pages * RTT_S, 1), "link_s_raw": round(raw * 8 / LINK_BPS + pages * RTT_S, 1)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=500)
    parser.add_argument("--limit", type=int, default=200, help="rows per stream per page")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    setup_database()
    started = time.perf_counter()
    kader, counts = populate(args.households, args.seed)
    print(f"populated in {time.perf_counter() - started:.1f} s: {counts}")
    figures = initial_sync(kader, limit=args.limit)
    print(f"initial sync, {args.households} households, pages of {args.limit}: {figures['requests']} requests, "
          f"{figures['rows']} rows, server {figures['server_s']} s, {figures['bytes'] / 1024:.0f} KiB JSON "
          f"({figures['bytes_gzip'] / 1024:.0f} KiB gzip); on 1.6 Mbps + 300 ms/request ≈ {figures['link_s_gzip']} s gzip, "
          f"{figures['link_s_raw']} s uncompressed")
    return figures


if __name__ == "__main__":
    main()
