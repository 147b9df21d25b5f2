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


def sasaran_page(request):
    """Sasaran per desa and group for a year, with its source; the Dinkes uploads official figures here."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from . import services
    from .sasaran import sasaran_for

    raw_year = request.GET.get("tahun", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else timezone.localdate().year
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        try:
            if not upload:
                raise ValidationError("Pilih berkas CSV atau XLSX.")
            count = services.upload_sasaran(actor=request.user, rows=services.read_rows(filename=upload.name, content=upload.read()))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{count} angka sasaran resmi tersimpan.")
        return redirect(f"{request.path}?tahun={year}")
    desa = selectors.desa_in_scope(user=request.user)
    groups = ["bumil", "bersalin", "nifas", "lahir_hidup", "bayi", "baduta", "balita", "usia_15_59", "lansia", "penduduk"]
    figures = {g: sasaran_for(year=year, group=g, desa_ids=[d.pk for d in desa]) for g in groups}
    rows = [(d, [figures[g][d.pk] for g in groups]) for d in desa]
    context = {"year": year, "groups": groups, "rows": rows, "can_upload": request.user.role in ("dinkes_kabkota", "admin"),
               "active_nav": "pws"}
    return render_page(request, "indicators/sasaran.html", context)
