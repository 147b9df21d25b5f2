"""A hand-counted year of ANC and weighing in two desa: every number below was counted by hand.

Year 2025, Puskesmas Sitiung I, desa A and B (the first two desa of its wilayah). Sasaran ibu hamil
from the Dinkes: A = 4, B = 5; balita: A = 10. PWS status rules: DOMAIN.md §6.2.

- Ani (A), HPHT 10-01-2025: contacts 20-02 (dokter, T1; recorded twice that day), 20-04 and 25-05
  (bidan, T2), 20-07 (dokter, T3), 20-08 and 20-09 (bidan, T3): K1 in Feb, K1 murni, K4 and K6.
- Budi (A), HPHT 01-03-2025: contacts 15-06 and 10-07 (T2): K1 in June only.
- Citra (B), HPHT 20-03-2025: contact 05-05 (T1) in B, moves to A, contact 05-08: K1 once, in B.
- Dewi (B), HPHT 01-10-2025: first contact 30-12-2025 (GA 90 days: T1): K1 and K1 murni of 2025.
- Two children in A weighed in March 2025: D/S in March = 2/10 = 20.0 %.
"""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.indicators import engine, facts, pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Fact, Sasaran
from ilp.packages.services import record_package
from ilp.people.services import correct_patient
from ilp.people.tests.factories import PatientFactory

D = dt.date


@pytest.fixture
def staff(puskesmas):
    return {"dokter": make_user("dr", Role.DOKTER, facility=puskesmas),
            "bidan": make_user("bd", Role.BIDAN, facility=puskesmas),
            "pendaftaran": make_user("loket", Role.PENDAFTARAN, facility=puskesmas)}


def anc(actor, patient, when: dt.date, hpht: dt.date):
    values = {"hpht": hpht, "lila": Decimal("25.0"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    return record_package(actor=actor, patient=patient, package_id="anc", values=values, service_date=when)


@pytest.fixture
def year_2025(puskesmas, staff):
    desa_a, desa_b = list(puskesmas.wilayah.order_by("code")[:2])
    woman = {"sex": "F", "birth_date": D(1995, 5, 5)}
    ani = PatientFactory(desa=desa_a, **woman)
    budi = PatientFactory(desa=desa_a, **woman)
    citra = PatientFactory(desa=desa_b, **woman)
    dewi = PatientFactory(desa=desa_b, **woman)
    dokter, bidan = staff["dokter"], staff["bidan"]
    for actor, when in [(dokter, D(2025, 2, 20)), (bidan, D(2025, 2, 20)), (bidan, D(2025, 4, 20)), (bidan, D(2025, 5, 25)),
                        (dokter, D(2025, 7, 20)), (bidan, D(2025, 8, 20)), (bidan, D(2025, 9, 20))]:
        anc(actor, ani, when, D(2025, 1, 10))
    for when in (D(2025, 6, 15), D(2025, 7, 10)):
        anc(bidan, budi, when, D(2025, 3, 1))
    anc(bidan, citra, D(2025, 5, 5), D(2025, 3, 20))
    correct_patient(actor=staff["pendaftaran"], patient=citra, reason="pindah domisili", desa=desa_a)
    anc(bidan, citra, D(2025, 8, 5), D(2025, 3, 20))
    anc(bidan, dewi, D(2025, 12, 30), D(2025, 10, 1))
    for birth in (D(2023, 1, 15), D(2024, 6, 1)):
        child = PatientFactory(desa=desa_a, sex="M", birth_date=birth)
        record_package(actor=bidan, patient=child, package_id="balita", service_date=D(2025, 3, 10),
                       values={"weight": Decimal("10.5"), "length": Decimal("80.0"), "measured": "L"})
    for desa, group, value in [(desa_a, "bumil", 4), (desa_b, "bumil", 5), (desa_a, "balita", 10)]:
        Sasaran.objects.create(year=2025, desa=desa, group=group, value=value, source=Sasaran.Source.DINKES)
    return desa_a, desa_b


def table(code: str, month: int, desa) -> dict[str, pws.Row]:
    return {row.desa_code: row for row in pws.compute(indicator_registry()[code], year=2025, month=month, desa=list(desa))}


def test_k1_counts_each_woman_once_in_the_desa_of_her_first_contact(year_2025):
    a, b = year_2025
    rows = table("k1", 12, year_2025)
    assert (rows[a.code].numerator, rows[b.code].numerator) == (2, 2)
    assert (rows[a.code].value, rows[b.code].value) == (Decimal("50.0"), Decimal("40.0"))
    assert rows[a.code].denominator_source == "dinkes"


def test_k1_pws_status_in_june_follows_target_and_trend(year_2025):
    a, b = year_2025
    rows = table("k1", 6, year_2025)
    assert rows[a.code].target == Decimal("50.0")
    assert (rows[a.code].numerator, rows[a.code].value, rows[a.code].monthly, rows[a.code].previous_monthly) == (
        2, Decimal("50.0"), Decimal("25.0"), Decimal("0.0"))
    assert rows[a.code].status == pws.BAIK  # at target, trend up
    assert (rows[b.code].value, rows[b.code].monthly, rows[b.code].previous_monthly) == (Decimal("20.0"), Decimal("0.0"), Decimal("20.0"))
    assert rows[b.code].status == pws.JELEK  # below target, trend down


def test_k1_in_december_counts_a_first_contact_on_30_december(year_2025):
    a, b = year_2025
    rows = table("k1", 12, year_2025)
    assert rows[b.code].monthly == Decimal("20.0")  # Dewi, 1 of 5
    assert rows[b.code].status == pws.CUKUP
    assert rows[a.code].status == pws.CUKUP  # unchanged counts as up


def test_k1_murni_counts_first_contacts_in_trimester_one(year_2025):
    a, b = year_2025
    rows = table("k1_murni", 12, year_2025)
    assert (rows[a.code].numerator, rows[b.code].numerator) == (1, 2)


def test_k4_and_k6_count_the_pregnancy_that_meets_the_standard(year_2025):
    a, b = year_2025
    assert (table("k4", 12, year_2025)[a.code].numerator, table("k4", 12, year_2025)[b.code].numerator) == (1, 0)
    assert table("k6", 12, year_2025)[a.code].numerator == 1
    assert table("k6", 8, year_2025)[a.code].numerator == 0  # the sixth contact is on 20 September


def test_weighing_d_over_s_is_counted_per_month(year_2025):
    a, _ = year_2025
    assert table("balita_ditimbang", 3, year_2025)[a.code].value == Decimal("20.0")
    assert table("balita_ditimbang", 4, year_2025)[a.code].numerator == 0


def test_a_corrected_record_replaces_its_facts_instead_of_adding(year_2025):
    before = Fact.objects.count()
    record = Fact.objects.filter(kind="pkg.anc").first()
    from ilp.packages.models import PackageRecord

    saved = PackageRecord.objects.get(pk=record.source.split(":")[1])
    facts.record_package_facts(saved, saved.computed)
    assert Fact.objects.count() == before


@pytest.mark.parametrize("code", ["k1", "k1_murni", "k4", "k6", "balita_ditimbang", "bumil_kek"])
def test_duckdb_over_parquet_gives_the_same_counts(year_2025, tmp_path, code):
    facts.export_parquet(target=tmp_path / "facts", salt="uji")
    indicator = indicator_registry()[code]
    for month in (3, 6, 12):
        period = engine.month_period(2025, month, cumulative=indicator.period == "cumulative_year")
        ours = engine.count_by_desa(indicator.numerator, period, scope_prefix="13.10")
        theirs = engine.count_by_desa_duckdb(indicator.numerator, period, parquet_dir=str(tmp_path / "facts"), scope_prefix="13.10")
        assert ours == theirs
        if engine.by_date_supported(indicator.numerator):
            days = engine.count_by_desa(indicator.numerator, period, scope_prefix="13.10", by_date=True)
            assert days == engine.count_by_desa_duckdb(indicator.numerator, period, parquet_dir=str(tmp_path / "facts"),
                                                       scope_prefix="13.10", by_date=True)
            assert {desa: sum(n for (d, _day), n in days.items() if d == desa) for desa, _ in days} == ours
