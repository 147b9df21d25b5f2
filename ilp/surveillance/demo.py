"""Demo surveillance: four weeks of SKDR cases in two desa of the Puskesmas, the last week raising one
diarrhoea alert. The plan is a table so a test can count the W2 week by hand."""

import datetime as dt

from django.contrib.auth import get_user_model

from ilp.people.models import Patient

from . import services
from .diseases import week_start
from .models import Alert

# (weeks before the current one, desa index in the wilayah by code, disease, named cases, unnamed count)
PLAN = [
    (4, 0, "A", 2, 0), (3, 0, "A", 1, 0), (2, 0, "A", 2, 0), (1, 0, "A", 3, 4),  # 4 from the Pustu register
    (4, 1, "Y", 0, 3), (3, 1, "Y", 0, 2), (2, 1, "Y", 0, 3), (1, 1, "Y", 0, 3),
    (3, 0, "C", 1, 0), (1, 0, "C", 1, 0),
    (1, 1, "D", 2, 0),
]


def seed(*, puskesmas, today: dt.date, rng) -> str:
    dokter = get_user_model().objects.get(username="dokter")
    desa = list(puskesmas.wilayah.order_by("code")[:2])
    this_week = week_start(today)
    made = 0
    for weeks_before, index, disease, named, unnamed in PLAN:
        monday = this_week - dt.timedelta(weeks=weeks_before)
        residents = list(Patient.objects.filter(desa=desa[index], birth_date__lt=monday - dt.timedelta(days=365),
                                                merged_into__isnull=True).order_by("pk")[:200])
        for patient in rng.sample(residents, k=min(named, len(residents))):
            services.record_case(actor=dokter, disease=disease, desa=desa[index], patient=patient,
                                 reported_on=monday + dt.timedelta(days=rng.randrange(5)))
            made += 1
        if unnamed:
            services.record_case(actor=dokter, disease=disease, desa=desa[index], count=unnamed,
                                 reported_on=monday + dt.timedelta(days=4), note="Rekap register Pustu")
            made += unnamed
    alerts = Alert.objects.filter(desa__in=desa).count()
    return f"Surveilans: {made} kasus SKDR dalam 4 minggu, {alerts} sinyal kewaspadaan"
