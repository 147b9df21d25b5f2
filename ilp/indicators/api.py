"""Indicators through the JSON API: the catalogue, and values per desa for the caller's scope."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router

from . import pws, selectors
from .definitions_loader import indicator_registry
from .management.commands.indicators import row_json

router = Router(tags=["indikator"])
BAD_PERIOD = "Periode harus YYYY-MM, mis. 2026-03."


@router.get("/indicators")
def list_indicators(request):
    return [{"code": i.code, "name": i.name, "name_en": i.name_en, "klaster": i.klaster, "period": i.period,
             "target": i.target} for i in indicator_registry().values()]


@router.get("/indicators/{code}")
def compute_indicator(request, code: str, period: str, scope: str = ""):
    indicator = indicator_registry().get(code)
    if not indicator:
        raise ValidationError({"code": [f"Indikator {code!r} tidak dikenal."]})
    try:
        year, month = (int(part) for part in period.split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise ValidationError({"period": [BAD_PERIOD]}) from None
    allowed = {d.pk: d for d in selectors.desa_in_scope(user=request.auth)}
    if not allowed:
        raise PermissionDenied("Tidak ada wilayah dalam cakupan Anda.")
    desa = [d for d in selectors.desa_in_scope_code(scope) if d.pk in allowed] if scope else list(allowed.values())
    return [row_json(indicator, row) for row in pws.compute(indicator, year=year, month=month, desa=desa)]
