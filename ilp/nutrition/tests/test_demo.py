"""The gizi demo finds the wasted balita and the pregnant women with KEK in the records and runs their PMT."""

import random

from django.utils import timezone

from ilp.nutrition import demo
from ilp.nutrition.models import PmtProgram

from .factories import anc, weigh


def test_the_demo_enrols_who_the_records_show(bidan, puskesmas, anak, ibu):
    weigh(bidan, anak, weight="8.6", days_ago=20)
    anc(bidan, ibu, lila="22.5", days_ago=10)
    line = demo.seed(puskesmas=puskesmas, today=timezone.localdate(), rng=random.Random(3))
    programs = PmtProgram.objects.order_by("target")
    assert [p.target for p in programs] == ["balita_wasting", "bumil_kek"]
    assert all(p.distributions.exists() for p in programs) and programs[1].distributions.count() == 2
    assert line.startswith("Gizi: PMT")
    assert demo.seed(puskesmas=puskesmas, today=timezone.localdate(), rng=random.Random(3)) == "Gizi: PMT demo sudah ada."
