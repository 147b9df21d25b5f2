"""PDF on A4 shaped like the paper form: title block, bordered table(s), notes and a signature block.

Standard PDF fonts (Helvetica) keep the file small and its text searchable; they cover Latin-1
(WinAnsi), so the few other characters in indicator names are spelled out first.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from ..tables import Report, Table
from .headers import header_cells

STATUS_COLOURS = {"baik": colors.HexColor("#7BC67E"), "kurang": colors.HexColor("#FFE066"),
                  "cukup": colors.HexColor("#FFE066"), "jelek": colors.HexColor("#F08080")}
SPELLED = str.maketrans({"≥": ">=", "≤": "<=", "×": "x", "→": "->", "−": "-"})
MARGIN = 12 * mm
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=12, leading=15, alignment=1)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica-Bold", fontSize=8.5, leading=11, spaceBefore=6, spaceAfter=3)
NOTE = ParagraphStyle("note", fontName="Helvetica-Oblique", fontSize=6.5, leading=8)
BLOCK = ParagraphStyle("block", fontName="Helvetica", fontSize=8.5, leading=10.5)


def latin(text: str) -> str:
    return str(text).translate(SPELLED).encode("cp1252", "replace").decode("cp1252")


def _font_size(columns: int) -> float:
    return 8 if columns <= 12 else 6.5 if columns <= 24 else 5


def _title_block(report: Report, width: float) -> list:
    form = PdfTable([["", f"Formulir {latin(report.form)}"]], colWidths=[width - 40 * mm, 40 * mm])
    form.setStyle(TableStyle([("ALIGN", (1, 0), (1, 0), "CENTER"), ("BOX", (1, 0), (1, 0), 0.8, colors.black),
                              ("FONT", (1, 0), (1, 0), "Helvetica-Bold", 8)]))
    lines = [*report.header, ("Periode", report.period_label)]
    block = PdfTable([[Paragraph(escape(latin(label)), BLOCK), Paragraph(": " + escape(latin(value)), BLOCK)]
                      for label, value in lines], colWidths=[32 * mm, width - 32 * mm], hAlign="LEFT")
    block.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [form, Paragraph(escape(latin(report.title.upper())), TITLE), Spacer(1, 3 * mm), block]


def _table(table: Table, width: float) -> PdfTable:
    size = _font_size(len(table.columns))
    cell_style = ParagraphStyle("cell", fontName="Helvetica", fontSize=size, leading=size * 1.2)
    head_style = ParagraphStyle("head", parent=cell_style, fontName="Helvetica-Bold", alignment=1)
    grid = [["" for _ in table.columns] for _ in range(table.depth)]
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
             ("BACKGROUND", (0, 0), (-1, table.depth - 1), colors.HexColor("#E9ECEF")),
             ("VALIGN", (0, 0), (-1, table.depth - 1), "MIDDLE"), ("VALIGN", (0, table.depth), (-1, -1), "TOP"),
             ("FONTSIZE", (0, 0), (-1, -1), size),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
             ("LEFTPADDING", (0, 0), (-1, -1), 1.5), ("RIGHTPADDING", (0, 0), (-1, -1), 1.5)]
    for cell in header_cells(table):
        grid[cell.row][cell.col] = Paragraph(escape(latin(cell.text)), head_style)
        if cell.rowspan > 1 or cell.colspan > 1:
            style.append(("SPAN", (cell.col, cell.row), (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)))
    for index, row in enumerate(table.rows, start=table.depth):
        values = []
        for col, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            if column.numeric:
                values.append(cell.text)
                style.append(("ALIGN", (col, index), (col, index), "RIGHT"))
            else:
                values.append(Paragraph(escape(latin(cell.text if cell.value is not None else "")), cell_style))
            if cell.status in STATUS_COLOURS:
                style.append(("BACKGROUND", (col, index), (col, index), STATUS_COLOURS[cell.status]))
        grid.append(values)
        if row.bold:
            style.append(("FONT", (0, index), (-1, index), "Helvetica-Bold", size))
    total = sum(column.width for column in table.columns)
    widths = [width * column.width / total for column in table.columns]
    pdf_table = PdfTable(grid, colWidths=widths, repeatRows=table.depth)
    pdf_table.setStyle(TableStyle(style))
    return pdf_table


def _signature(report: Report, width: float) -> KeepTogether:
    place = f"{latin(report.place)}, " if report.place else ""
    rows = [["Mengetahui,", f"{place}...................................."], [latin(report.signer), "Petugas pelapor"],
            ["", ""], ["", ""], ["(....................................)", "(....................................)"],
            ["NIP.", "NIP."]]
    signature = PdfTable(rows, colWidths=[width / 2, width / 2], rowHeights=[11, 11, 14, 14, 11, 11])
    signature.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return KeepTogether([Spacer(1, 6 * mm), signature])


def _footer(report: Report):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 6.5)
        canvas.drawString(MARGIN, 7 * mm, latin(f"{report.form} · {report.period_label} · SIP ILP"))
        canvas.drawRightString(document.pagesize[0] - MARGIN, 7 * mm, f"Halaman {document.page}")
        canvas.restoreState()
    return draw


def render(report: Report) -> bytes:
    buffer = io.BytesIO()
    pagesize = landscape(A4) if report.orientation == "landscape" else A4
    document = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=latin(f"{report.form} {report.period_label}"),
                                 author="SIP ILP", subject=latin(report.title))
    width = pagesize[0] - 2 * MARGIN
    story = _title_block(report, width)
    for table in report.tables:
        story += [Paragraph(escape(latin(table.title)), SUBTITLE), _table(table, width)]
    story += [Spacer(1, 2 * mm)] + [Paragraph(escape(latin(note)), NOTE) for note in report.notes]
    story.append(_signature(report, width))
    document.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))
    return buffer.getvalue()
