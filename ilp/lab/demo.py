"""Demo laboratory: an analyst login, a month of validated orders from Klaster 3, and today's worklist.

Simulated visits fill in after the seed (in the background), so the month's orders stand on their
own (no visit), dated across the month with the clock moved back as the flow simulation does.
"""

import datetime as dt
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.demo.users import DEMO_PASSWORD, demo_login
from ilp.people.models import Patient
from ilp.visits.services import ensure_stations

from . import services
from .models import LabOrder

# (tests ordered, how to draw a value for each quantitative test: (mean, spread))
PROFILES = [
    (["gdp", "kolesterol", "asam_urat"], {"gdp": (118, 30), "kolesterol": (205, 35), "asam_urat": (6.2, 1.5)}),
    (["darah_rutin"], {"hb": (12.6, 1.6), "leukosit": (8.0, 2.5), "eritrosit": (4.6, 0.4), "hematokrit": (39, 4),
                       "trombosit": (270, 70)}),
    (["gds", "urin_protein"], {"gds": (165, 60)}),
    (["triple_eliminasi"], {}),
]


def _analyst(puskesmas):
    return demo_login(username="analis", role=Role.ANALIS_LAB, facility=puskesmas, first_name="Rahmi", last_name="Analis")


def _values(rng, order, spreads: dict) -> dict[str, str]:
    values = {}
    for result in order.results.all():
        test = result.test
        if test.quantitative:
            mean, spread = spreads.get(test.id, (float(test.ranges[0].low or 0) * 1.2 or 1, 0.1))
            low, high = test.plausible
            value = min(max(Decimal(str(rng.gauss(mean, spread))), low), high)
            values[test.id] = str(test.round(value))
        else:  # mostly normal: the first option; one in eight abnormal
            options = test.options
            values[test.id] = options[-1].code if rng.random() < 0.125 else options[0].code
    return values


def _one(rng, *, doctor, analyst, patient, station, at: dt.datetime, stop: str) -> LabOrder:
    tests, spreads = rng.choice(PROFILES)
    with time_machine.travel(at, tick=False):
        order = services.order_tests(actor=doctor, patient=patient, tests=tests, from_station=station,
                                     clinical_note="Skrining PTM")
    if stop == LabOrder.Status.ORDERED:
        return order
    with time_machine.travel(at + dt.timedelta(minutes=10), tick=False):
        services.take_specimen(actor=analyst, order=order)
    if stop == LabOrder.Status.COLLECTED:
        return order
    with time_machine.travel(at + dt.timedelta(minutes=50), tick=False):
        services.enter_results(actor=analyst, order=order, values=_values(rng, order, spreads))
    if stop == LabOrder.Status.RESULTED:
        return order
    with time_machine.travel(at + dt.timedelta(minutes=60), tick=False):
        return services.validate_order(actor=analyst, order=order)


def seed(*, puskesmas, today: dt.date, rng) -> str:
    analyst, doctor = _analyst(puskesmas), get_user_model().objects.get(username="dokter")
    station = ensure_stations(facility=puskesmas)["klaster3"]
    adults = list(Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True,
                                         birth_date__lte=today.replace(year=today.year - 30)).order_by("pk")[:400])
    if not adults:
        return ""
    patients = rng.sample(adults, k=min(len(adults), 24))
    zone = timezone.get_current_timezone()
    made = []
    for patient in patients[:20]:
        day = today.replace(day=1) + dt.timedelta(days=rng.randrange(max(1, today.day - 1)))
        at = dt.datetime.combine(day, dt.time(8 + rng.randrange(4), rng.randrange(60)), tzinfo=zone)
        made.append(_one(rng, doctor=doctor, analyst=analyst, patient=patient, station=station, at=at,
                         stop=LabOrder.Status.VALIDATED))
    now = timezone.localtime() - dt.timedelta(hours=1)
    for patient, stop in zip(patients[20:], [LabOrder.Status.ORDERED, LabOrder.Status.COLLECTED,
                                             LabOrder.Status.RESULTED, LabOrder.Status.ORDERED], strict=False):
        made.append(_one(rng, doctor=doctor, analyst=analyst, patient=patient, station=station, at=now, stop=stop))
    flagged = sum(1 for o in made if o.status == LabOrder.Status.VALIDATED and o.has_abnormal)
    return (f"Laboratorium: {len(made)} order ({len(patients[:20])} tervalidasi bulan ini, {flagged} dengan hasil "
            f"di luar nilai rujukan), login analis/{DEMO_PASSWORD}")
