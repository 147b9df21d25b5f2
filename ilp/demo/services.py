"""Demo services for the main Puskesmas: ANC contacts and monthly weighing this year, recorded through
the same package service as the pages, so dashboards and PWS have something true to count."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from ilp.packages.services import NeedsConfirmation, record_package
from ilp.people.age import completed_months
from ilp.people.models import Patient

CONTACT_WEEKS = (10, 17, 23, 29, 33, 37)  # a 1-2-3 schedule: T1, T2 ×2, T3 ×3


def _record(actor, patient, package_id, when, values) -> bool:
    try:
        record_package(actor=actor, patient=patient, package_id=package_id, values=values, service_date=when, confirmed=True)
    except NeedsConfirmation:
        return False
    return True


def _anc(rng, bidan, dokter, woman, today: dt.date) -> int:
    hpht = today - dt.timedelta(days=rng.randint(60, 300))
    made = 0
    for n, week in enumerate(CONTACT_WEEKS):
        when = hpht + dt.timedelta(weeks=week, days=rng.randint(0, 6))
        if when > today or when.year != today.year or rng.random() < 0.12:
            continue
        actor = dokter if n in (0, 3) and rng.random() < 0.85 else bidan
        values = {"hpht": hpht, "lila": Decimal(str(round(rng.gauss(25.2, 2.0), 1))),
                  "sbp": Decimal(rng.randint(95, 150)), "dbp": Decimal(rng.randint(60, 95)),
                  "hb": Decimal(str(round(rng.gauss(11.4, 1.1), 1))), "weight": Decimal(str(round(rng.gauss(56, 7), 1)))}
        made += _record(actor, woman, "anc", when, values)
    return made


def _weighing(rng, bidan, child, today: dt.date) -> int:
    made = 0
    for month in range(1, today.month + 1):
        when = dt.date(today.year, month, rng.randint(8, 20))
        if when > today or when < child.birth_date or rng.random() > 0.75:
            continue
        months = completed_months(child.birth_date, when)
        if months >= 60:
            continue
        weight = (3.3 + 0.55 * months if months < 12 else 9.6 + 0.2 * (months - 12)) * rng.gauss(0.95, 0.08)
        length = (50 + 2.2 * months if months < 12 else 76 + 0.85 * (months - 12)) * rng.gauss(0.98, 0.03)
        values = {"weight": Decimal(str(round(weight, 1))), "length": Decimal(str(round(length, 1))),
                  "measured": "L" if months < 24 else "H", "kpsp": "sesuai" if rng.random() < 0.95 else "meragukan"}
        made += _record(bidan, child, "balita", when, values)
    return made


def generate_services(*, puskesmas, today: dt.date, seed: int) -> int:
    """Record this year's ANC and weighing for the residents of the Puskesmas' wilayah."""
    rng = random.Random(seed)
    users = get_user_model().objects
    bidan, dokter = users.get(username="bidan"), users.get(username="dokter")
    residents = Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True)
    women = list(residents.filter(sex="F", birth_date__lte=today.replace(year=today.year - 20),
                                  birth_date__gt=today.replace(year=today.year - 40)).order_by("pk"))
    pregnant = rng.sample(women, k=min(len(women), max(1, round(len(residents) * 0.0166 * 1.1))))
    made = sum(_anc(rng, bidan, dokter, woman, today) for woman in pregnant)
    children = residents.filter(birth_date__gt=today.replace(year=today.year - 5)).order_by("pk")
    made += sum(_weighing(rng, bidan, child, today) for child in children)
    return made


def seed_app_demos(*, puskesmas, today: dt.date, seed: int, write=print) -> None:
    """Let every app that has a `demo` module with `seed(puskesmas=, today=, rng=)` add its demo records.

    An app keeps its own demo data next to its code (e.g. `ilp/lab/demo.py`); the function returns a
    short Indonesian line of what it made, printed here. Apps run in INSTALLED_APPS order, each with its
    own random stream so adding an app never changes another app's demo data.
    """
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if not config.name.startswith("ilp.") or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        summary = module.seed(puskesmas=puskesmas, today=today, rng=random.Random(f"{seed}:{config.label}"))
        if summary:
            write(f"  {summary}")
