"""Demo Poli Gigi: a dentist login and a month of exams (schoolchildren and adults), some seen twice so the
chart carries over, with fillings, extractions and scaling coded in ICD-9-CM and ICD-10."""

import datetime as dt
import random

import time_machine
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.demo.users import demo_login
from ilp.people.models import Patient
from ilp.visits.models import QueueEntry, Visit
from ilp.visits.services import open_visit

from . import services, teeth
from .models import DentalExam

CHILD_PRIMARY = [54, 55, 64, 65, 74, 75, 84, 85]
MOLARS = [16, 26, 36, 46, 17, 27, 37, 47]


def finished_visit(actor, puskesmas, patient, on: dt.date, rng) -> Visit:
    """A visit of a past day, already finished (its number from that day's counter); the gizi demo uses it too."""
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(8 + rng.randint(0, 3), rng.randint(0, 59))))
    with time_machine.travel(at, tick=False):
        visit = open_visit(actor=actor, facility=puskesmas)
    done = at + dt.timedelta(minutes=50)
    Visit.objects.filter(pk=visit.pk).update(patient=patient, status=Visit.Status.FINISHED, finished_at=done)
    QueueEntry.objects.filter(visit=visit).update(status=QueueEntry.Status.DONE, finished_at=done)
    visit.refresh_from_db()
    return visit


def _chart(rng, *, child: bool) -> dict[int, str]:
    chart = {}
    if child:
        for tooth in rng.sample(CHILD_PRIMARY, k=rng.randint(0, 5)):
            chart[tooth] = rng.choice(["karies", "karies", "tumpatan", "sisa_akar", "indikasi_cabut"])
        for tooth in rng.sample(MOLARS[:4], k=rng.randint(0, 2)):
            chart[tooth] = "karies"
        return chart
    for tooth in rng.sample(sorted(teeth.PERMANENT), k=rng.randint(1, 8)):
        chart[tooth] = rng.choice(["karies", "karies", "tumpatan", "tumpatan_karies", "hilang_karies", "sisa_akar",
                                   "hilang_lain", "fraktur"])
    return chart


def _treat(rng, dentist, visit, chart: dict[int, str]) -> None:
    """The usual treatment of the day for the chart: fill a carious tooth, take out a root, or scale."""
    decayed = [t for t, s in chart.items() if s == "karies"]
    roots = [t for t, s in chart.items() if s == "sisa_akar"]
    if roots and rng.random() < 0.6:
        services.record_treatment(actor=dentist, visit=visit, procedure_code="23.11", tooth=rng.choice(roots),
                                  diagnosis_code="K08.3", case="baru")
    elif decayed:
        services.record_treatment(actor=dentist, visit=visit, procedure_code="23.2", tooth=rng.choice(decayed),
                                  diagnosis_code="K02.1", case="baru")
    else:
        services.record_treatment(actor=dentist, visit=visit, procedure_code="96.54", diagnosis_code="K03.6", case="baru")


def seed(*, puskesmas, today: dt.date, rng: random.Random) -> str:
    if DentalExam.objects.filter(facility=puskesmas).exists():
        return "Poli Gigi: pemeriksaan demo sudah ada."
    dentist = demo_login(username="drg", role=Role.DOKTER, facility=puskesmas, first_name="drg. Nadia", last_name="Putri")
    residents = Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True).order_by("pk")
    children = list(residents.filter(birth_date__lte=today.replace(year=today.year - 6),
                                     birth_date__gt=today.replace(year=today.year - 12))[:300])
    adults = list(residents.filter(birth_date__lte=today.replace(year=today.year - 20),
                                   birth_date__gt=today.replace(year=today.year - 65))[:600])
    people = [(p, True) for p in rng.sample(children, k=min(15, len(children)))]
    people += [(p, False) for p in rng.sample(adults, k=min(20, len(adults)))]
    exams = 0
    for index, (patient, child) in enumerate(people):
        days = [rng.randint(3, 28)] + ([1] if index % 5 == 0 else [])  # every fifth comes back: the chart carries over
        for n, ago in enumerate(days):
            visit = finished_visit(dentist, puskesmas, patient, today - dt.timedelta(days=ago), rng)
            chart = _chart(rng, child=child) if n == 0 else {}
            for tooth, status in chart.items():
                services.set_tooth_status(actor=dentist, visit=visit, tooth=tooth, status=status)
            _treat(rng, dentist, visit, chart or services.chart_of(DentalExam.objects.filter(patient=patient).first()))
            exams += 1
    return f"Poli Gigi: {exams} pemeriksaan gigi dengan odontogram dan tindakan (login drg)."
