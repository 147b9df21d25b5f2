"""The demo seed makes validated orders this month and today's worklist, through the services."""

import random

import pytest
from django.utils import timezone

from ilp.clinical.models import Observation
from ilp.demo.users import create_demo_users
from ilp.lab import demo
from ilp.lab.models import LabOrder
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region

pytestmark = pytest.mark.django_db


def test_demo_orders_are_validated_this_month_and_today_waits_at_the_lab(puskesmas, desa):
    create_demo_users(puskesmas=puskesmas, kabkota=Region.objects.get(code="13.10"))
    for year in range(1950, 1990):
        PatientFactory(desa=desa, birth_date=timezone.localdate().replace(year=year, day=1))
    summary = demo.seed(puskesmas=puskesmas, today=timezone.localdate(), rng=random.Random(1))
    assert summary.startswith("Laboratorium: 24 order (20 tervalidasi bulan ini")
    validated = LabOrder.objects.filter(status=LabOrder.Status.VALIDATED)
    assert validated.count() == 20
    assert all(o.validated_at.month == timezone.localdate().month for o in validated)
    assert set(LabOrder.objects.exclude(status=LabOrder.Status.VALIDATED).values_list("status", flat=True)) == {
        "ordered", "collected", "resulted"}
    assert Observation.objects.filter(source__startswith="lab:").exists()
