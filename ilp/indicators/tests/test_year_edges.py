"""Edge cases of the hand-computed fixture that cross a year or a birthday (issue 9, "Correctness").

- A baby born on 30-12-2025 in desa A of Sitiung I: the delivery (at the Puskesmas) and KN1 on 31-12-2025 count in
  2025; KN2 on 03-01-2026 and KN3 on 10-01-2026 complete KN lengkap in January 2026, not in 2025.
- Two children born on 15-03-2024 (1st birthday 15-03-2025, mid-month): Tari completes IDL on 14-03-2025 (counted in
  March 2025); Umar's last dose is on 16-03-2025, after his birthday (never counted), though in the same month.
"""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.immunization.schedule import current_schedule
from ilp.immunization.services import record_immunization
from ilp.indicators import pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Sasaran
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory

D = dt.date


def table(code: str, year: int, month: int, desa) -> pws.Row:
    return pws.compute(indicator_registry()[code], year=year, month=month, desa=[desa])[0]


@pytest.fixture
def december_birth(bidan, desa):
    mother = PatientFactory(desa=desa, sex="F", birth_date=D(1996, 4, 4))
    baby = PatientFactory(desa=desa, sex="M", birth_date=D(2025, 12, 30))
    record_package(actor=bidan, patient=mother, package_id="persalinan", service_date=D(2025, 12, 30), confirmed=True,
                   values={"delivery_date": D(2025, 12, 30), "place": "puskesmas", "method": "spontan",
                           "outcome": "lahir_hidup"})
    for day in (D(2025, 12, 31), D(2026, 1, 3), D(2026, 1, 10)):
        record_package(actor=bidan, patient=baby, package_id="neonatal", service_date=day, confirmed=True,
                       values={"weight": Decimal("3100")})
    for year in (2025, 2026):
        for group in ("bersalin", "lahir_hidup"):
            Sasaran.objects.create(year=year, desa=desa, group=group, value=10, source="dinkes")
    return desa


def test_a_december_delivery_and_kn1_count_in_that_year(december_birth):
    desa = december_birth
    assert table("persalinan_faskes", 2025, 12, desa).numerator == 1
    assert table("persalinan_faskes", 2026, 1, desa).numerator == 0
    kn1 = table("kn1", 2025, 12, desa)
    assert (kn1.numerator, kn1.value, kn1.count_month) == (1, Decimal("10.0"), 1)
    assert table("kn1", 2026, 1, desa).numerator == 0


def test_kn_lengkap_counts_in_the_year_of_the_visit_that_completes_it(december_birth):
    desa = december_birth
    assert table("kn_lengkap", 2025, 12, desa).numerator == 0
    january = table("kn_lengkap", 2026, 1, desa)
    assert (january.numerator, january.value, january.monthly) == (1, Decimal("10.0"), Decimal("10.0"))
    # January's trend compares with December of 2025 (nothing completed then): up, 10 % ≥ target 90/12 = 7.5 %.
    assert (january.previous_monthly, january.target, january.status) == (Decimal("0.0"), Decimal("7.5"), pws.BAIK)


def test_a_first_birthday_in_mid_month_splits_the_month_for_idl(bidan, desa):
    schedule = current_schedule()
    doses = schedule.set_doses("idl")
    birth = D(2024, 3, 15)
    tari = PatientFactory(desa=desa, sex="F", birth_date=birth)
    umar = PatientFactory(desa=desa, sex="M", birth_date=birth)
    for child, last in ((tari, D(2025, 3, 14)), (umar, D(2025, 3, 16))):
        for n, dose in enumerate(doses):
            given = last if n == len(doses) - 1 else birth + dt.timedelta(days=20 + 10 * n)
            record_immunization(actor=bidan, patient=child, vaccine=dose.vaccine, dose=dose.number, given_on=given)
    Sasaran.objects.create(year=2025, desa=desa, group="bayi", value=8, source="dinkes")
    march = table("idl", 2025, 3, desa)
    assert (march.numerator, march.value, march.count_month) == (1, Decimal("12.5"), 1)
    assert table("idl", 2025, 2, desa).numerator == 0
    assert table("idl", 2025, 12, desa).numerator == 1  # Umar never counts
