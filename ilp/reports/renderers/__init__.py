"""One renderer per format; each turns a Report into the bytes of a file."""

from ..tables import Report
from . import csv, pdf, xlsx

FORMATS = {
    "pdf": (pdf.render, "application/pdf"),
    "xlsx": (xlsx.render, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (csv.render, "text/csv; charset=utf-8"),
}


def render(report: Report, fmt: str) -> bytes:
    return FORMATS[fmt][0](report)


def content_type(fmt: str) -> str:
    return FORMATS[fmt][1]
