"""Demo Ruang Gizi: a nutritionist login; the wasted balita and the pregnant women with KEK found in the demo's
own weighings and ANC records get counselling and PMT, weekly hand-outs, and an outcome where the course is over."""

import datetime as dt
import random
from decimal import Decimal

from ilp.accounts.models import Role
from ilp.demo.users import demo_login
from ilp.dental.demo import finished_visit
from ilp.packages.models import PackageRecord
from ilp.packages.services import record_package

from . import eligibility, services
from .models import PmtProgram

ADVICE = {"balita_wasting": (["gizi_kurang", "asi_mpasi"], "Makan 2 kali sehari, jarang lauk hewani",
                             "Telur atau ikan setiap hari; 3 kali makan dan 2 kali selingan"),
          "bumil_kek": (["kek", "anemia"], "Mual, porsi kecil, LILA rendah", "Porsi kecil sering, tambah 1 porsi lauk; TTD setiap hari")}


def _candidates(puskesmas, today: dt.date) -> list[tuple[PackageRecord, bool]]:
    """Latest balita and ANC records of the last 30 days that show wasting or KEK, with whether she is pregnant."""
    since = today - dt.timedelta(days=eligibility.RECENT_DAYS)
    records = (PackageRecord.objects.filter(facility=puskesmas, package_id__in=("balita", "anc"), service_date__gte=since,
                                            status=PackageRecord.Status.FINAL).select_related("patient")
               .order_by("patient_id", "-service_date", "-recorded_at"))
    latest: dict[int, PackageRecord] = {}
    for record in records:
        latest.setdefault(record.patient_id, record)
    found = []
    for record in latest.values():
        if record.package_id == "balita" and eligibility.is_wasted(record.computed.get("whz")):
            found.append((record, False))
        elif record.package_id == "anc" and eligibility.is_kek(eligibility.value_of(record, "bumil_kek")):
            found.append((record, True))
    return found


def _end_weighing(actor, record: PackageRecord, on: dt.date, rng) -> None:
    values = dict(record.values)
    values["weight"] = Decimal(str(round(float(values["weight"]) + rng.uniform(0.3, 1.1), 1)))
    values["length"] = Decimal(str(values["length"])) if values.get("length") is not None else None
    record_package(actor=actor, patient=record.patient, package_id="balita", service_date=on, confirmed=True,
                   values={k: v for k, v in values.items() if k in ("weight", "length", "measured") and v is not None})


def seed(*, puskesmas, today: dt.date, rng: random.Random) -> str:
    if PmtProgram.objects.filter(facility=puskesmas).exists():
        return "Gizi: PMT demo sudah ada."
    gizi = demo_login(username="gizi", role=Role.GIZI, facility=puskesmas, first_name="Dewi", last_name="Lestari, S.Gz")
    running = finished = 0
    for record, pregnant in _candidates(puskesmas, today)[:15]:
        start = record.service_date
        visit = finished_visit(gizi, puskesmas, record.patient, start, rng)
        if pregnant:
            visit.pregnant = True
            visit.save(update_fields=["pregnant"])
        target = "bumil_kek" if pregnant else "balita_wasting"
        topics, assessment, advice = ADVICE[target]
        services.record_counselling(actor=gizi, visit=visit, topics=topics, assessment=assessment, advice=advice)
        program = services.start_pmt(actor=gizi, visit=visit, kind=rng.choice(["lokal", "lokal", "pabrikan"]), started_on=start)
        unit = "paket" if program.kind == "lokal" else "kemasan"
        for week in range(0, (today - start).days + 1, 7):
            services.record_distribution(actor=gizi, program=program, given_on=start + dt.timedelta(days=week), quantity=7,
                                         unit=unit, period="mingguan")
        if not pregnant and (today - start).days >= 14 and rng.random() < 0.5:
            _end_weighing(gizi, record, today, rng)
            services.finish_pmt(actor=gizi, program=program, ended_on=today, completed=True, note="Evaluasi demo")
            finished += 1
        else:
            running += 1
    return f"Gizi: PMT {running} berjalan, {finished} selesai dengan hasil (login gizi)."
