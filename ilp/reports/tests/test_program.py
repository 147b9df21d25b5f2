"""PWS KIA, SPM and the laporan imunisasi on small hand-counted data (DOMAIN.md §6.2, §6.3)."""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.indicators.models import Sasaran
from ilp.reports.builders import build_report

from .conftest import JANUARY, value
from .factories import aged, dose


def test_pws_kia_has_one_table_per_indicator_with_the_desa_of_the_area(area, first_contact):
    report = build_report("pws_kia", area=area, month=JANUARY)
    assert len(report.tables) == 9
    assert report.tables[0].title == "Cakupan K1 (akses) ibu hamil (kumulatif Januari s.d. bulan ini)"
    assert [row.cells[1].value for row in report.tables[0].rows] == [d.name for d in area.desa] + ["JUMLAH"]


def test_pws_kia_k1_row_shows_coverage_target_and_status_colour(area, first_contact, desa):
    k1 = build_report("pws_kia", area=area, month=JANUARY).tables[0]
    assert value(k1, code=desa.name, path=("Sasaran", "jml")) == 4
    assert value(k1, code=desa.name, path=("Capaian kumulatif", "jml")) == 1
    assert value(k1, code=desa.name, path=("Capaian kumulatif", "%")) == Decimal("25.0")
    assert value(k1, code=desa.name, path=("Target", "%")) == Decimal("8.3")  # 100 % × 1/12
    status = next(row for row in k1.rows if row.cells[1].value == desa.name).cells[8]
    assert (status.value, status.status) == ("Baik", "baik")  # at target, trend up from December


def test_spm_counts_what_the_indicators_have_and_lists_what_is_missing(area, first_contact):
    table = build_report("spm", area=area, month=JANUARY).tables[0]
    assert value(table, code=1, path=("Mendapat pelayanan sesuai standar",), key=0) == 0  # one contact is not K6
    assert value(table, code=11, path=("Keterangan",), key=0) == "belum tersedia: modul TBC belum tersedia"
    assert value(table, code=11, path=("Capaian (%)",), key=0) is None


@pytest.fixture
def doses(desa):
    """A girl with BCG in December 2025 and DPT-HB-Hib1 in January 2026; a boy with DPT-HB-Hib1 in January."""
    girl = aged(days=70, on=dt.date(2026, 1, 12), sex="F", desa=desa)
    boy = aged(days=65, on=dt.date(2026, 1, 20), sex="M", desa=desa)
    dose(girl, "BCG", dt.date(2025, 12, 1))
    dose(girl, "DPT-HB-Hib1", dt.date(2026, 1, 12))
    dose(boy, "DPT-HB-Hib1", dt.date(2026, 1, 20))
    Sasaran.objects.create(year=2026, desa=desa, group="bayi", value=10, source=Sasaran.Source.DINKES)


def test_imunisasi_counts_doses_of_the_month_and_from_january_by_sex(area, doses):
    table = build_report("imunisasi", area=area, month=JANUARY).tables[0]
    assert value(table, code="DPT-HB-Hib1", path=("Bulan ini", "L")) == 1
    assert value(table, code="DPT-HB-Hib1", path=("Bulan ini", "P")) == 1
    assert value(table, code="DPT-HB-Hib1", path=("Kumulatif", "Jml")) == 2
    assert value(table, code="BCG", path=("Kumulatif", "Jml")) == 0  # December 2025 is last year


def test_imunisasi_per_desa_sets_doses_against_the_desa_sasaran(area, doses, desa):
    table = build_report("imunisasi", area=area, month=JANUARY).tables[1]
    assert value(table, code=desa.name, path=("Sasaran bayi",)) == 10
    assert value(table, code=desa.name, path=("DPT-HB-Hib1", "%")) == Decimal("20.0")


def test_an_spm_service_waits_for_its_indicator_and_says_why(area):
    from dataclasses import replace

    from ilp.reports.builders.program import build_spm
    from ilp.reports.definitions import SpmService, catalogue

    definition = replace(catalogue()["spm"], services=(SpmService(6, "Usia produktif", "belum_ada", "indikator belum ada"),
                                                       SpmService(1, "Ibu hamil", "k6")))
    rows = build_spm(definition, area=area, month=JANUARY).tables[0].rows
    assert [row.cells[5].value for row in rows][0] == "belum tersedia: indikator belum ada"
    assert rows[1].cells[5].value.startswith("Cakupan K6")


def test_imunisasi_ends_with_idl_and_ibl_per_desa_with_pws_status(area, doses):
    tables = build_report("imunisasi", area=area, month=JANUARY).tables
    assert [t.title.split(" (")[0] for t in tables[2:]] == ["Imunisasi dasar lengkap", "Imunisasi baduta lengkap"]
    assert value(tables[2], code="JUMLAH", path=("Capaian kumulatif", "jml")) == 0  # nobody completed the set
