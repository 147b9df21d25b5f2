"""The Poli Gigi demo seeds exams through the services, charts carried over, and runs once."""

import random

from django.utils import timezone

from ilp.dental import demo
from ilp.dental.models import DentalExam, DentalTreatment
from ilp.people.tests.factories import PatientFactory

from .factories import D


def test_the_demo_charts_children_and_adults_once(puskesmas, desa):
    today = timezone.localdate()
    for n in range(4):
        PatientFactory(sex="F", birth_date=D(today.year - 8, 3, 1 + n), desa=desa)
        PatientFactory(sex="M", birth_date=D(today.year - 35, 5, 1 + n), desa=desa)
    line = demo.seed(puskesmas=puskesmas, today=today, rng=random.Random(1))
    exams = DentalExam.objects.filter(facility=puskesmas)
    assert line.startswith("Poli Gigi: 10 pemeriksaan") and exams.count() == 10
    assert DentalTreatment.objects.count() == 10 and all(t.condition_id for t in DentalTreatment.objects.all())
    assert exams.filter(previous__isnull=False).count() == 2  # every fifth patient came back
    assert demo.seed(puskesmas=puskesmas, today=today, rng=random.Random(1)) == "Poli Gigi: pemeriksaan demo sudah ada."
