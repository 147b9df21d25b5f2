"""What every builder shares: counting facts of one kind in an area and a date range, the report shell."""

import datetime as dt

from django.db.models import Count

from ilp.core.choices import Sex
from ilp.indicators.models import Fact

from ..area import Area
from ..definitions import ReportDef
from ..tables import Month, Report, Table

SEXES = ((Sex.MALE.value, "L"), (Sex.FEMALE.value, "P"))  # column labels of the paper forms: Laki-laki, Perempuan


def fact_counts(*, kind: str, area: Area, start: dt.date, end: dt.date, fields: tuple[str, ...], **filters) -> list[dict]:
    """Facts of `kind` in the area's desa between two dates, counted per combination of `fields`."""
    facts = Fact.objects.filter(kind=kind, date__gte=start, date__lte=end, **filters)
    if not area.everywhere:
        facts = facts.filter(desa_id__in=area.desa_ids)
    return list(facts.values(*fields).annotate(n=Count("id")).order_by())


def report(definition: ReportDef, *, area: Area, month: Month, tables: list[Table], notes: list[str],
           period_label: str = "") -> Report:
    return Report(code=definition.code, title=definition.name, form=definition.form, period=str(month),
                  period_label=period_label or month.label, header=list(area.header), tables=tables,
                  notes=[*notes, f"Sumber: {definition.source}."], orientation=definition.orientation,
                  signer=area.signer, place=area.place)
