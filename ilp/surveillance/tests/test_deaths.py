"""Deaths (the W2 "M" column): stored per case, drawn in the W2 report (PDF/XLSX/CSV) and on the weekly page,
against a count by hand."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from ilp.reports.area import area_for_code
from ilp.reports.builders import build_report
from ilp.reports.renderers import render
from ilp.reports.tables import Month
from ilp.reports.tests.conftest import pdf_text
from ilp.surveillance import selectors, services

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)


@pytest.fixture
def cases_with_deaths(dokter, puskesmas):
    """By hand. Desa 1: diare akut 5 (1 died) on Tue 3 Nov (W45) and 2 (1 died) on Tue 17 Nov (W47).
    Desa 2: pneumonia 3 (0 died) on Wed 11 Nov (W46); campak 1 (1 died) on Wed 28 Oct (W44, an October week).
    November (W45-W48): A P 7 M 2, D P 3 M 0, total M 2. Eight weeks up to W47 (W40-W47): M 3 (A 2, K 1)."""
    first, second = puskesmas.wilayah.order_by("code")[:2]
    with time_machine.travel(NOW):
        for disease, desa, day, count, deaths in [("A", first, dt.date(2026, 11, 3), 5, 1),
                                                  ("A", first, dt.date(2026, 11, 17), 2, 1),
                                                  ("D", second, dt.date(2026, 11, 11), 3, 0),
                                                  ("K", second, dt.date(2026, 10, 28), 1, 1)]:
            services.record_case(actor=dokter, disease=disease, desa=desa, reported_on=day, count=count, deaths=deaths)
    return first, second


def _row(table, code):
    return next(row for row in table.rows if row.cells[1].value == code or row.cells[2].value == code)


def test_the_w2_report_draws_the_deaths_column_as_counted_by_hand(cases_with_deaths, puskesmas):
    report = build_report("w2", area=area_for_code(puskesmas.code), month=Month(2026, 11))
    table = report.tables[0]
    deaths = next(i for i, c in enumerate(table.columns) if c.path == ("Meninggal (M)", ""))
    cases = next(i for i, c in enumerate(table.columns) if c.path == ("Jumlah", ""))
    assert (_row(table, "A").cells[cases].value, _row(table, "A").cells[deaths].value) == (7, 2)
    assert (_row(table, "D").cells[cases].value, _row(table, "D").cells[deaths].value) == (3, 0)
    assert _row(table, "K").cells[deaths].value == 0  # the measles death was in an October week
    assert (_row(table, "JUMLAH").cells[cases].value, _row(table, "JUMLAH").cells[deaths].value) == (10, 2)

    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8"))))
    header = next(row for row in rows if "Meninggal (M)" in row)
    column = header.index("Meninggal (M)")
    assert next(row for row in rows if row[1:2] == ["A"])[column] == "2"
    assert next(row for row in rows if "JUMLAH" in row)[column] == "2"

    sheet = load_workbook(io.BytesIO(render(report, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    title = next(cell for cell in cells if cell.value == "Meninggal (M)")
    total = next(cell for cell in cells if cell.value == "JUMLAH")
    assert sheet.cell(row=total.row, column=title.column).value == 2
    assert r"Meninggal \(M\)" in pdf_text(render(report, "pdf"))  # parentheses are escaped in PDF strings


def test_the_weekly_page_shows_deaths_per_disease_and_in_all(cases_with_deaths, kapus, dinkes, client):
    table = selectors.weekly_table(user=kapus, desa=None, last_week=dt.date(2026, 11, 22))
    assert {code: n for code, n in table.deaths.items() if n} == {"A": 2, "K": 1}
    assert table.death_total == 3
    first, _ = cases_with_deaths
    assert selectors.weekly_table(user=kapus, desa=first, last_week=dt.date(2026, 11, 22)).death_total == 2
    client.force_login(dinkes)  # an aggregate: the Dinkes sees it too
    page = client.get("/surveilans/mingguan/", {"minggu": "2026-W47"}).content.decode()
    assert "Meninggal (M)" in page
    assert 'data-testid="deaths-total">3<' in page
