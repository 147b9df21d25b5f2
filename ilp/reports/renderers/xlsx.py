"""XLSX: one sheet laid out like the paper form, with merged headers, borders and PWS status colours."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..tables import Report, Table
from .headers import header_cells

STATUS_FILLS = {status: PatternFill("solid", fgColor=colour) for status, colour in
                {"baik": "7BC67E", "kurang": "FFE066", "cukup": "FFE066", "jelek": "F08080"}.items()}
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title_block(sheet, report: Report, width: int) -> int:
    sheet.cell(1, 1, report.title.upper()).font = Font(bold=True, size=13)
    sheet.cell(1, width, f"Formulir {report.form}").alignment = Alignment(horizontal="right")
    row = 3
    for label, value in [*report.header, ("Periode", report.period_label)]:
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 3, f": {value}")
        row += 1
    return row + 1


def _table(sheet, table: Table, top: int) -> int:
    sheet.cell(top, 1, table.title).font = Font(bold=True)
    top += 1
    for cell in header_cells(table):
        row, col = top + cell.row, cell.col + 1
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                target = sheet.cell(r, c)
                target.border, target.fill, target.alignment = BORDER, HEADER_FILL, CENTER
                target.font = Font(bold=True, size=9)
        sheet.cell(row, col, cell.text)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1,
                              end_column=col + cell.colspan - 1)
    row = top + table.depth
    for data in table.rows:
        for col, (column, cell) in enumerate(zip(table.columns, data.cells, strict=True), start=1):
            value = float(cell.value) if isinstance(cell.value, Decimal) else cell.value
            target = sheet.cell(row, col, value if value is not None else "-" if column.numeric else "")
            target.border = BORDER
            target.font = Font(bold=data.bold, size=9)
            if column.numeric:
                target.alignment = Alignment(horizontal="right")
                if isinstance(cell.value, Decimal):
                    target.number_format = "0.0"
            if cell.status in STATUS_FILLS:
                target.fill = STATUS_FILLS[cell.status]
        row += 1
    return row + 1


def render(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.form[:31]
    width = max(len(table.columns) for table in report.tables)
    row = _title_block(sheet, report, width)
    for table in report.tables:
        row = _table(sheet, table, row)
    for note in report.notes:
        sheet.cell(row, 1, note).font = Font(italic=True, size=8)
        row += 1
    _signature(sheet, report, row + 1, width)
    widths = [max(t.columns[i].width if i < len(t.columns) else 0 for t in report.tables) for i in range(width)]
    for index, relative in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(5, relative * 4.5)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = report.orientation
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _signature(sheet, report: Report, row: int, width: int) -> None:
    right = max(width - 4, 4)
    lines = [("Mengetahui,", f"{report.place + ', ' if report.place else ''}...................."),
             (report.signer, "Petugas pelapor"), ("", ""), ("", ""),
             ("(.............................)", "(.............................)"), ("NIP.", "NIP.")]
    for offset, (left_text, right_text) in enumerate(lines):
        sheet.cell(row + offset, 2, left_text)
        sheet.cell(row + offset, right, right_text)
