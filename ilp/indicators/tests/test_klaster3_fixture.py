"""A hand-counted year of Klaster 3 services in two desa: every number below was counted by hand.

Year 2025, Puskesmas Sitiung I, desa A and B. Sasaran from the Dinkes: usia 15–59 A = 10, B = 8;
lansia A = 4, B = 2. Ages are at the service date.

- Andi (A, 35 y): PTM 10-03 BP 150/95 (HT1) with GDS → complete; again 10-06 complete; HT control 10-04,
  standard (education + drugs), BP 135/85 controlled.
- Bunga (A, 45 y): PTM 20-05 without glucose (due from 40) → screened, not complete; DM control 01-06
  GDP 120 (controlled) without education → not standard.
- Cici (A, 16 y): PTM 01-02 complete.
- Dedi (B, 50 y): PTM 15-12-2024 HT2 (last year); PTM 01-08-2025 high-normal, complete; HT+DM control
  01-09 standard for both, BP 145/92 and GDP 140 (neither controlled).
- Eko (B, 70 y): PTM 04-04 HT1 (counts among those ≥ 15 screened, not among 15–59); lansia 04-04 complete.
- Fatimah (A, 65 y): lansia 07-07 without BP (not complete); lansia 09-09 complete, SKILAS positive, ADL 10.
- Gani (A, 62 y): lansia 10-10 complete, ADL 20.
- Catin: Hana (A, bride, Hb 11.5 = mild anaemia, certificate) 03-03; Irfan (B, groom, Hb 14.0) 11-11.
"""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.indicators import engine, facts, pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Sasaran
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory

D = dt.date
BEHAVIOUR = {"smoking": "tidak", "alcohol": False, "physical_activity": "cukup", "fruit_veg": True}
SKILAS = ["sk_recall", "sk_orientation", "sk_chair", "sk_weight_loss", "sk_appetite", "sk_lila", "sk_eye", "sk_finger",
          "sk_whisper", "sk_sad", "sk_interest"]
ADL_FULL = {"adl_bowel": "2", "adl_bladder": "2", "adl_grooming": "1", "adl_toilet": "2", "adl_feeding": "2",
            "adl_transfer": "3", "adl_mobility": "3", "adl_dressing": "2", "adl_stairs": "2", "adl_bathing": "1"}
ADL_10 = {**ADL_FULL, "adl_transfer": "1", "adl_mobility": "1", "adl_stairs": "0", "adl_dressing": "1", "adl_bathing": "0",
          "adl_toilet": "1"}


def bp(sbp: int, dbp: int) -> dict:
    return {"sbp": Decimal(sbp), "dbp": Decimal(dbp)}


def body(weight: str, height: str, waist: str) -> dict:
    return {"weight": Decimal(weight), "height": Decimal(height), "waist": Decimal(waist)}


def lansia_values(*, ticked=(), adl=ADL_FULL, with_bp=True) -> dict:
    values = {**{item: item in ticked for item in SKILAS}, **adl, "weight": Decimal("55.0"), "height": Decimal("155.0")}
    return {**values, **(bp(128, 78) if with_bp else {})}


@pytest.fixture
def year_2025(puskesmas):
    perawat = make_user("pr", Role.PERAWAT, facility=puskesmas)
    desa_a, desa_b = list(puskesmas.wilayah.order_by("code")[:2])

    def person(desa, sex, year):
        return PatientFactory(desa=desa, sex=sex, birth_date=D(year, 1, 1))

    def rec(package_id, patient, when, values):
        record_package(actor=perawat, patient=patient, package_id=package_id, values=values, service_date=when)

    andi, bunga, cici = person(desa_a, "M", 1990), person(desa_a, "F", 1980), person(desa_a, "F", 2009)
    dedi, eko = person(desa_b, "M", 1975), person(desa_b, "M", 1955)
    fatimah, gani = person(desa_a, "F", 1960), person(desa_a, "M", 1963)
    hana, irfan = person(desa_a, "F", 2002), person(desa_b, "M", 2000)

    rec("ptm_dewasa", andi, D(2025, 3, 10), {**bp(150, 95), **body("70.0", "170.0", "85.0"), **BEHAVIOUR, "gds": Decimal("110")})
    rec("ptm_dewasa", andi, D(2025, 6, 10), {**bp(118, 76), **body("70.0", "170.0", "85.0"), **BEHAVIOUR})
    rec("ptm_kontrol", andi, D(2025, 4, 10), {"diagnosis": "HT", "place": "puskesmas", **bp(135, 85), "education": True,
                                              "therapy": "farmakologi"})
    rec("ptm_dewasa", bunga, D(2025, 5, 20), {**bp(120, 80), **body("60.0", "155.0", "85.0"), **BEHAVIOUR})
    rec("ptm_kontrol", bunga, D(2025, 6, 1), {"diagnosis": "DM", "place": "puskesmas", "gdp": Decimal("120"), "education": False,
                                              "therapy": "farmakologi"})
    rec("ptm_dewasa", cici, D(2025, 2, 1), {**bp(110, 70), **body("50.0", "158.0", "70.0"), **BEHAVIOUR})
    rec("ptm_dewasa", dedi, D(2024, 12, 15), {**bp(165, 102), **body("68.0", "168.0", "88.0"), **BEHAVIOUR, "gds": Decimal("95")})
    rec("ptm_dewasa", dedi, D(2025, 8, 1), {**bp(135, 80), **body("68.0", "168.0", "88.0"), **BEHAVIOUR, "gdp": Decimal("95")})
    rec("ptm_kontrol", dedi, D(2025, 9, 1), {"diagnosis": "HTDM", "place": "puskesmas", **bp(145, 92), "gdp": Decimal("140"),
                                             "education": True, "therapy": "farmakologi"})
    rec("ptm_dewasa", eko, D(2025, 4, 4), {**bp(145, 85), **body("60.0", "165.0", "84.0"), **BEHAVIOUR, "gds": Decimal("98")})
    rec("lansia", eko, D(2025, 4, 4), lansia_values())
    rec("lansia", fatimah, D(2025, 7, 7), lansia_values(with_bp=False))
    rec("lansia", fatimah, D(2025, 9, 9), lansia_values(ticked={"sk_sad"}, adl=ADL_10))
    rec("lansia", gani, D(2025, 10, 10), lansia_values())
    rec("catin", hana, D(2025, 3, 3), {**body("52.0", "157.0", "70.0"), "lila": Decimal("25.0"), "hb": Decimal("11.5"),
                                       "certificate": True})
    rec("catin", irfan, D(2025, 11, 11), {**body("65.0", "170.0", "80.0"), "hb": Decimal("14.0")})
    for desa, group, value in [(desa_a, "usia_15_59", 10), (desa_b, "usia_15_59", 8), (desa_a, "lansia", 4), (desa_b, "lansia", 2)]:
        Sasaran.objects.create(year=2025, desa=desa, group=group, value=value, source=Sasaran.Source.DINKES)
    return desa_a, desa_b


def table(code: str, month: int, desa) -> dict[str, pws.Row]:
    return {row.desa_code: row for row in pws.compute(indicator_registry()[code], year=2025, month=month, desa=list(desa))}


def numbers(code: str, month: int, desa) -> tuple:
    a, b = desa
    rows = table(code, month, desa)
    return (rows[a.code].numerator, rows[a.code].denominator, rows[a.code].value,
            rows[b.code].numerator, rows[b.code].denominator, rows[b.code].value)


def test_ptm_screening_counts_each_adult_15_59_once(year_2025):
    assert numbers("ptm_skrining", 12, year_2025) == (3, 10, Decimal("30.0"), 1, 8, Decimal("12.5"))


def test_spm_usia_produktif_counts_only_complete_screenings_of_this_year(year_2025):
    assert numbers("spm_usia_produktif", 12, year_2025) == (2, 10, Decimal("20.0"), 1, 8, Decimal("12.5"))
    assert numbers("spm_usia_produktif", 6, year_2025)[::3] == (2, 0)  # Dedi's 2024 screening is not this year's


def test_spm_usia_produktif_pws_status_in_june(year_2025):
    a, _ = year_2025
    row = table("spm_usia_produktif", 6, year_2025)[a.code]
    assert (row.target, row.monthly, row.previous_monthly) == (Decimal("50.0"), Decimal("0.0"), Decimal("0.0"))
    assert row.status == pws.CUKUP  # below target, unchanged counts as up


def test_screen_positive_blood_pressure_among_everyone_15_and_over_screened(year_2025):
    assert numbers("ht_skrining_positif", 12, year_2025) == (1, 3, Decimal("33.3"), 1, 2, Decimal("50.0"))


def test_spm_hypertension_and_dm_count_one_standard_service_in_the_year(year_2025):
    assert numbers("spm_hipertensi", 12, year_2025) == (1, 1, Decimal("100.0"), 1, 1, Decimal("100.0"))
    assert numbers("spm_dm", 12, year_2025) == (0, 1, Decimal("0.0"), 1, 1, Decimal("100.0"))
    assert numbers("spm_hipertensi", 3, year_2025)[:2] == (0, 0)  # Andi's control is on 10 April


def test_control_status(year_2025):
    assert numbers("ht_terkendali", 12, year_2025)[::3] == (1, 0)
    assert numbers("dm_terkendali", 12, year_2025)[::3] == (1, 0)


def test_spm_lansia_needs_adl_skilas_bp_and_bmi(year_2025):
    assert numbers("spm_lansia", 12, year_2025) == (2, 4, Decimal("50.0"), 1, 2, Decimal("50.0"))
    assert numbers("spm_lansia", 8, year_2025)[::3] == (0, 1)  # Fatimah's July screening had no BP


def test_lansia_skilas_positive_and_dependency(year_2025):
    assert numbers("lansia_skilas_positif", 12, year_2025) == (1, 2, Decimal("50.0"), 0, 1, Decimal("0.0"))
    assert numbers("lansia_ketergantungan", 12, year_2025) == (1, 2, Decimal("50.0"), 0, 1, Decimal("0.0"))


def test_catin_served_and_anaemic(year_2025):
    assert numbers("catin_dilayani", 12, year_2025) == (1, 1, Decimal("100.0"), 0, 1, Decimal("0.0"))
    assert numbers("catin_anemia", 12, year_2025) == (1, 1, Decimal("100.0"), 0, 1, Decimal("0.0"))


@pytest.mark.parametrize("code", ["spm_usia_produktif", "ptm_skrining", "ht_skrining_positif", "spm_hipertensi", "spm_lansia"])
def test_duckdb_over_parquet_gives_the_same_counts(year_2025, tmp_path, code):
    facts.export_parquet(target=tmp_path / "facts", salt="uji")
    indicator = indicator_registry()[code]
    for month in (3, 6, 12):
        period = engine.month_period(2025, month, cumulative=True)
        ours = engine.count_by_desa(indicator.numerator, period, scope_prefix="13.10")
        theirs = engine.count_by_desa_duckdb(indicator.numerator, period, parquet_dir=str(tmp_path / "facts"), scope_prefix="13.10")
        assert ours == theirs
