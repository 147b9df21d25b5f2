"""PWS per desa: coverage against target, trend and status, as a table and a chart."""

import datetime as dt

from django.http import Http404
from django.utils import timezone

from ilp.core.views import render_page

from . import areas, maps, selectors, suppression
from .definitions_loader import indicator_registry


def _month(raw: str) -> tuple[int, int]:
    today = timezone.localdate()
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit() and 1 <= int(raw[5:]) <= 12:
        return int(raw[:4]), int(raw[5:])
    return today.year, today.month


def pws_page(request):
    """PWS of one indicator for an area of the user's scope: a row per child area (per desa at a Puskesmas),
    a chart, a desa map coloured by status; small counts hidden for aggregate-only roles."""
    registry = indicator_registry()
    code = request.GET.get("indikator", "k1")
    indicator = registry.get(code)
    if not indicator:
        raise Http404(code)
    year, month = _month(request.GET.get("bulan", ""))
    area = areas.resolve(user=request.user, code=request.GET.get("wilayah", ""))
    table = areas.breakdown(indicator, area=area, year=year, month=month)
    rows, total = suppression.protect([row for _child, row in table.rows], table.total, user=request.user)
    chart = {"labels": [r.desa_name for r in rows], "values": [float(r.value) if r.value is not None else None for r in rows],
             "target": float(rows[0].target) if rows and rows[0].target is not None else None,
             "status": [r.status or "" for r in rows]}
    context = {"indicator": indicator, "indicators": list(registry.values()), "chart": chart,
               "rows": [(child, row, child.code if child else row.desa_code) for (child, _row), row in zip(table.rows, rows, strict=True)], "total": total,
               "area": area, "trail": areas.path(user=request.user, area=area),
               "child_level": table.rows[0][0].level_label if table.rows and table.rows[0][0] else "Desa",
               "maps": maps.desa_maps(table.desa_rows), "legend": maps.legend(),
               "can_upload_map": request.user.role in ("dinkes_kabkota", "admin"),
               "suppressed": suppression.applies(request.user),
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


def boundaries_page(request):
    """Desa boundaries per kab/kota: which are official (uploaded GeoJSON) and which generated; the Dinkes uploads."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect

    from . import services

    if request.user.role not in ("dinkes_kabkota", "admin"):
        raise PermissionDenied(services.BOUNDARY_NOT_ALLOWED)
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        try:
            if not upload:
                raise ValidationError("Pilih berkas GeoJSON.")
            boundary = services.upload_boundaries(actor=request.user, kabkota_code=request.POST.get("kabkota", ""),
                                                  content=upload.read())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Batas {boundary.features} desa {boundary.kabkota} tersimpan.")
        return redirect(request.path)
    context = {"kabkota": selectors.boundary_status(user=request.user), "is_admin": request.user.role == "admin",
               "active_nav": "pws"}
    return render_page(request, "indicators/boundaries.html", context)


def quality_page(request):
    """Data quality of a month: Posyandu and Pustu reporting (complete, on time) and outlying values, with scores."""
    from . import quality

    year, month = _month(request.GET.get("bulan", ""))
    area = areas.resolve(user=request.user, code=request.GET.get("wilayah", ""))
    report = quality.month_report(user=request.user, year=year, month=month, desa=areas.desa_of(area))
    context = {"report": report, "area": area, "trail": areas.path(user=request.user, area=area),
               "children": [child for child, _desa in areas.children(area)], "month": f"{year:04d}-{month:02d}", "period_end": dt.date(year, month, 1),
               "show_records": request.user.sees_patients, "active_nav": "pws"}
    return render_page(request, "indicators/quality.html", context)
