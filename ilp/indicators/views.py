"""PWS per desa: coverage against target, trend and status, as a table and a chart."""

import datetime as dt

from django.http import Http404
from django.utils import timezone

from ilp.core.views import render_page

from . import pws, selectors
from .definitions_loader import indicator_registry


def _month(raw: str) -> tuple[int, int]:
    today = timezone.localdate()
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit() and 1 <= int(raw[5:]) <= 12:
        return int(raw[:4]), int(raw[5:])
    return today.year, today.month


def pws_page(request):
    registry = indicator_registry()
    code = request.GET.get("indikator", "k1")
    indicator = registry.get(code)
    if not indicator:
        raise Http404(code)
    year, month = _month(request.GET.get("bulan", ""))
    rows = pws.compute(indicator, year=year, month=month, desa=selectors.desa_in_scope(user=request.user))
    chart = {"labels": [r.desa_name for r in rows], "values": [float(r.value or 0) for r in rows],
             "target": float(rows[0].target) if rows and rows[0].target is not None else None,
             "status": [r.status or "" for r in rows]}
    context = {"indicator": indicator, "indicators": list(registry.values()), "rows": rows, "chart": chart,
               "month": f"{year:04d}-{month:02d}", "period_end": dt.date(year, month, 1), "active_nav": "pws"}
    return render_page(request, "indicators/pws.html", context)
