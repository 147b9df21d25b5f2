"""Each format renders the same report: PDF (A4, title text, bordered table), XLSX (numbers, merged headers, status fills), CSV."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ilp.reports.renderers import render
from ilp.reports.renderers.headers import header_cells
from ilp.reports.tables import Cell, Column, Report, Table

from .conftest import pdf_text


@pytest.fixture
def report():
    table = Table("Cakupan K1", [Column(("No",), numeric=False), Column(("Desa",), numeric=False),
                                 Column(("Capaian", "jml")), Column(("Capaian", "%")), Column(("Status",), numeric=False)])
    table.add([1, "Sitiung", 12, Decimal("25.0"), Cell("Baik", status="baik")])
    table.add([2, "Siguntur", 0, None, Cell("Jelek", status="jelek")])
    table.add(["", "JUMLAH", 12, Decimal("12.5"), ""], bold=True)
    return Report(code="pws_kia", title="Pemantauan Wilayah Setempat KIA (≥ target)", form="PWS KIA", period="2026-01",
                  period_label="Januari 2026", header=[("Puskesmas", "Sitiung I"), ("Kabupaten/Kota", "Dharmasraya")],
                  tables=[table], notes=["Catatan uji."], orientation="landscape", place="Dharmasraya")


def test_header_cells_merge_equal_labels_across_and_empty_levels_down(report):
    cells = {(c.text, c.row, c.col): (c.rowspan, c.colspan) for c in header_cells(report.tables[0])}
    assert cells[("No", 0, 0)] == (2, 1)
    assert cells[("Capaian", 0, 2)] == (1, 2)
    assert cells[("jml", 1, 2)] == (1, 1)
    assert cells[("Status", 0, 4)] == (2, 1)
    assert len(cells) == 6


def test_pdf_is_a4_landscape_with_title_block_table_and_signature(report):
    content = render(report, "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "(PEMANTAUAN WILAYAH SETEMPAT KIA \\() Tj (>) Tj (= TARGET\\)) Tj" in text  # ≥ spelled out: standard fonts
    assert "Sitiung I" in text and "Januari 2026" in text
    assert "(Sitiung) Tj" in text and "(25,0) Tj" in text  # decimal comma on paper
    assert "Kepala Puskesmas" in text and "Dharmasraya, " in text
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in content  # A4 landscape, in points


def test_xlsx_has_numbers_merged_headers_and_status_fills(report):
    sheet = load_workbook(io.BytesIO(render(report, "xlsx"))).active
    rows = {row[1].value: row for row in sheet.iter_rows() if len(row) > 1}
    assert rows["Sitiung"][2].value == 12
    assert rows["Sitiung"][3].value == 25.0
    assert rows["Sitiung"][4].fill.fgColor.rgb.endswith("7BC67E")
    assert rows["Siguntur"][4].fill.fgColor.rgb.endswith("F08080")
    assert rows["JUMLAH"][2].font.b
    capaian = next(c for c in sheet["C"] if c.value == "Capaian")
    assert f"C{capaian.row}:D{capaian.row}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.page_setup.orientation == "landscape"


def test_csv_has_the_title_block_a_flat_header_and_one_line_per_row(report):
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8"))))
    assert rows[0] == ["Laporan", "Pemantauan Wilayah Setempat KIA (≥ target)"]
    assert ["Puskesmas", "Sitiung I"] in rows
    header = rows.index(["No", "Desa", "Capaian / jml", "Capaian / %", "Status"])
    assert rows[header + 1] == ["1", "Sitiung", "12", "25.0", "Baik"]
    assert rows[header + 2] == ["2", "Siguntur", "0", "", "Jelek"]


def test_every_report_renders_in_every_format_from_the_database(area, some_diagnoses):
    from ilp.reports.builders import BUILDERS, build_report
    from ilp.reports.tables import Month

    for code in BUILDERS:
        built = build_report(code, area=area, month=Month(2026, 1))
        assert render(built, "pdf").startswith(b"%PDF")
        assert load_workbook(io.BytesIO(render(built, "xlsx"))).active.max_row > 5
        assert render(built, "csv").decode("utf-8").startswith("Laporan,")
