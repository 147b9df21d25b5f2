"""A report file for an area: build the report from the facts, render it; the page and the CLI both call this."""

from dataclasses import dataclass

from . import dhis2
from .area import Area
from .builders import build_report
from .renderers import content_type, render
from .tables import Month


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def report_file(*, area: Area, code: str, month: Month, fmt: str) -> ReportFile:
    """The report `code` of `month` for `area` as a pdf, xlsx or csv file (ReportUnavailable for LPLPO)."""
    report = build_report(code, area=area, month=month)
    return ReportFile(render(report, fmt), f"{report.filename_stem}.{fmt}", content_type(fmt))


def dhis2_file(*, area: Area, month: Month, mapping: dhis2.Mapping | None = None) -> tuple[ReportFile, list[str]]:
    """Every mapped indicator × desa as a DHIS2 dataValueSet (JSON), and what was left out for want of a mapping."""
    payload, skipped = dhis2.data_value_set(area=area, month=month, mapping=mapping or dhis2.default_mapping())
    return ReportFile(dhis2.dumps(payload), f"dhis2-{month}.json", "application/json"), skipped
