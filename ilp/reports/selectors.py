"""Reads for the report pages: every report is computed for the user's own area, aggregates only."""

from . import files
from .area import area_for_user
from .tables import Month

NO_AREA = "Tidak ada desa dalam cakupan Anda; laporan tidak dapat dibuat."


class NoArea(Exception):
    """The user has no desa in scope (no facility, no region)."""


def _area(user):
    area = area_for_user(user)
    if not area.desa:
        raise NoArea(NO_AREA)
    return area


def report_file(*, user, code: str, month: Month, fmt: str) -> files.ReportFile:
    """The report for the user's wilayah kerja (facility staff) or region (Dinkes)."""
    return files.report_file(area=_area(user), code=code, month=month, fmt=fmt)


def dhis2_file(*, user, month: Month) -> files.ReportFile:
    return files.dhis2_file(area=_area(user), month=month)[0]
