"""BOR, ALOS, BTO, TOI, GDR, NDR for a hand-computed month (formulas: Depkes RI 2005; decision 0014).

June 2026 (30 days), 4 beds. Stays (dates local, Asia/Jakarta):
  A  28 May 10:00 → 3 Jun 09:00, pulang      census days in June: 1, 2 = 2;        LOS = 6 (28 May → 3 Jun)
  B   5 Jun 08:00 → 5 Jun 20:00, pulang      same-day stay counts 1 day = 1;      LOS = 1
  C  10 Jun 22:00 → 15 Jun 07:00, meninggal  10..14 = 5;  died after 105 h (≥ 48 h); LOS = 5
  D  20 Jun 11:00 → 22 Jun 10:00, meninggal  20, 21 = 2;  died after 47 h (< 48 h);  LOS = 2
  E  25 Jun 09:00 → 3 Jul (still in bed on 30 Jun) 25..30 = 6; not a June discharge
  F  1 May → 20 May: outside June, not counted
Hari perawatan = 2 + 1 + 5 + 2 + 6 = 16. Discharges (A–D) = 4; their LOS = 6 + 1 + 5 + 2 = 14.
BOR  = 16 / (4 × 30) × 100 = 13.3 %
ALOS = 14 / 4 = 3.5 days
BTO  = 4 / 4 = 1.0 time
TOI  = (4 × 30 − 16) / 4 = 26.0 days
GDR  = 2 / 4 × 1000 = 500.0 ‰;  NDR = 1 / 4 × 1000 = 250.0 ‰
"""

import datetime as dt

import pytest
from django.utils import timezone

from ilp.inpatient import occupancy
from ilp.inpatient.models import Admission
from ilp.inpatient.selectors import bed_occupancy
from ilp.inpatient.services import set_ward_beds
from ilp.people.tests.factories import PatientFactory

STAYS = [  # (admitted, discharged, outcome)
    ((2026, 5, 28, 10), (2026, 6, 3, 9), "pulang"),
    ((2026, 6, 5, 8), (2026, 6, 5, 20), "pulang"),
    ((2026, 6, 10, 22), (2026, 6, 15, 7), "meninggal"),
    ((2026, 6, 20, 11), (2026, 6, 22, 10), "meninggal"),
    ((2026, 6, 25, 9), (2026, 7, 3, 8), "pulang"),
    ((2026, 5, 1, 9), (2026, 5, 20, 9), "pulang"),
]


def at(parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def june(puskesmas, desa):
    ward = set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=4)
    beds = list(ward.beds.order_by("code"))
    for n, (start, end, outcome) in enumerate(STAYS):
        Admission.objects.create(facility=puskesmas, patient=PatientFactory(desa=desa), source="ruang", bed=beds[n % 4],
                                 reason="uji", admitted_at=at(start), discharged_at=at(end), outcome=outcome)
    return puskesmas


def test_bed_occupancy_equals_the_hand_computed_june(june):
    figures = bed_occupancy(facility=june, year=2026, month=6)
    assert (figures.beds, figures.days, figures.patient_days, figures.discharges, figures.total_los) == (4, 30, 16, 4, 14)
    assert (figures.bor, figures.alos, figures.bto, figures.toi, figures.gdr, figures.ndr) == (13.3, 3.5, 1.0, 26.0, 500.0, 250.0)


def test_a_stay_still_open_counts_every_day_to_the_end_of_the_month(puskesmas, desa):
    ward = set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=2)
    Admission.objects.create(facility=puskesmas, patient=PatientFactory(desa=desa), source="ruang", bed=ward.beds.first(),
                             reason="uji", admitted_at=at((2026, 6, 21, 9)))
    figures = bed_occupancy(facility=puskesmas, year=2026, month=6)
    assert (figures.patient_days, figures.discharges, figures.bor, figures.alos, figures.toi) == (10, 0, 16.7, None, None)


def test_a_puskesmas_without_beds_has_no_rates(puskesmas_lain):
    figures = bed_occupancy(facility=puskesmas_lain, year=2026, month=6)
    assert (figures.beds, figures.bor, figures.bto) == (0, None, None)


def test_the_current_month_runs_to_today():
    stays = [(at((2026, 6, 1, 9)), None, "")]
    figures = occupancy.compute(stays=stays, beds=1, year=2026, month=6, today=dt.date(2026, 6, 10))
    assert (figures.days, figures.patient_days, figures.bor) == (10, 10, 100.0)
