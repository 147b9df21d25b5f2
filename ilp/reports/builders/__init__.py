"""One builder per report code; each fills a Report from the facts table for an area and a month."""

from ..area import Area
from ..definitions import catalogue
from ..tables import Month, Report, ReportUnavailable
from . import imunisasi, lb1, lplpo, program, w2

BUILDERS = {"lb1": lb1.build, "pws_kia": program.build_pws_kia, "imunisasi": imunisasi.build, "w2": w2.build,
            "lplpo": lplpo.build, "spm": program.build_spm}


def build_report(code: str, *, area: Area, month: Month) -> Report:
    """The report `code` for the area and month; ReportUnavailable when a module it needs is missing."""
    definition = catalogue()[code]
    if definition.unavailable:
        raise ReportUnavailable(definition.unavailable)
    return BUILDERS[code](definition, area=area, month=month)
