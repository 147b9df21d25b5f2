"""CSV: the title block, then each table as a title line, one flattened header row and its rows.

Numbers are written plainly (decimal point) so a spreadsheet or a script reads them as numbers.
"""

import csv
import io
from decimal import Decimal

from ..tables import Cell, Report


def _value(cell: Cell):
    if cell.value is None:
        return ""
    if isinstance(cell.value, Decimal):
        return f"{cell.value:.1f}"
    return cell.value


def render(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Laporan", report.title])
    writer.writerow(["Formulir", report.form])
    writer.writerow(["Periode", report.period_label])
    writer.writerows([label, value] for label, value in report.header)
    for table in report.tables:
        writer.writerow([])
        writer.writerow(["Tabel", table.title])
        writer.writerow([column.label for column in table.columns])
        writer.writerows([_value(cell) for cell in row.cells] for row in table.rows)
    writer.writerow([])
    writer.writerows(["Catatan", note] for note in report.notes)
    return out.getvalue().encode("utf-8")
