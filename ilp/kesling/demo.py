"""Demo kesling: a dozen inspections over the last weeks in the Puskesmas' desa (houses, a school, a food
stall, wells), answers drawn so every result category shows up, and two counselling sessions."""

import datetime as dt

from django.contrib.auth import get_user_model

from ilp.people.models import Patient

from . import services
from .checklists import checklists

PLACES = [("rumah", "Kel. Bpk. Syafrudin"), ("rumah", "Kel. Ibu Nurhayati"), ("rumah", "Kel. Bpk. Zulkifli"),
          ("rumah", "Kel. Ibu Rosna"), ("ttu", "SD Negeri 01"), ("ttu", "Masjid Nurul Iman"), ("tpp", "RM Salero Minang"),
          ("tpp", "Kantin SMP Negeri 2"), ("sam", "Sumur gali Bpk. Amir"), ("sam", "Sumur gali Ibu Yusni"),
          ("sam", "Sumur gali Pak Dedi"), ("sam", "Sumur gali Mushalla Al-Ikhlas")]


def seed(*, puskesmas, today: dt.date, rng) -> str:
    perawat = get_user_model().objects.get(username="perawat")
    desa = list(puskesmas.wilayah.order_by("code")[:3])
    for number, (kind, name) in enumerate(PLACES):
        items = checklists()[kind].items
        share = rng.choice([0.2, 0.5, 0.9]) if kind == "sam" else rng.choice([0.6, 0.85, 1.0])
        services.record_inspection(actor=perawat, kind=kind, desa=desa[number % len(desa)], object_name=name,
                                   inspected_on=today - dt.timedelta(days=rng.randrange(1, 40)),
                                   answers={item.id: rng.random() < share for item in items})
    patients = Patient.objects.filter(desa__in=desa, birth_date__lt=today - dt.timedelta(days=3650)).order_by("pk")[:2]
    problems = [("diare", "Sumur 6 m dari jamban, air tidak dimasak", "Rebus air minum, CTPS, pindahkan jamban"),
                ("dbd", "Jentik di bak mandi dan ban bekas", "3M plus, abatisasi bak mandi")]
    for patient, (problem, findings, advice) in zip(patients, problems, strict=False):
        services.record_counselling(actor=perawat, patient=patient, counselled_on=today - dt.timedelta(days=2),
                                    problem=problem, findings=findings, advice=advice, home_visit=True)
    return f"Kesling: {len(PLACES)} inspeksi, {len(patients)} konseling"
