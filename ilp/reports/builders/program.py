"""Program reports over the indicators: PWS KIA per desa with status, and SPM capaian for the area."""

from decimal import ROUND_HALF_UP, Decimal

from ilp.indicators import pws
from ilp.indicators.definitions_loader import indicator_registry

from ..area import Area
from ..definitions import ReportDef
from ..tables import Cell, Column, Month, Report, Table
from .common import report

PWS_COLUMNS = [Column(("No",), numeric=False, width=0.8), Column(("Desa/Kelurahan",), numeric=False, width=5),
               Column(("Sasaran", "jml"), width=1.6), Column(("Capaian kumulatif", "jml"), width=1.6),
               Column(("Capaian kumulatif", "%"), width=1.4), Column(("Bulan ini", "%"), width=1.4),
               Column(("Bulan lalu", "%"), width=1.4), Column(("Target", "%"), width=1.4),
               Column(("Status",), numeric=False, width=1.6), Column(("Ket.",), numeric=False, width=1.6)]


def percent(numerator, denominator, factor: int = 100) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * factor).quantize(Decimal("0.1"), ROUND_HALF_UP)


def persons(value: Decimal | None) -> int | None:
    """A sasaran on paper: whole persons (estimates carry decimals)."""
    return None if value is None else int(value.quantize(Decimal("1"), ROUND_HALF_UP))


def pws_table(code: str, *, area: Area, month: Month) -> Table:
    indicator = indicator_registry()[code]
    rows = pws.compute(indicator, year=month.year, month=month.month, desa=list(area.desa))
    period = "kumulatif Januari s.d. bulan ini" if indicator.period == "cumulative_year" else "bulan ini"
    table = Table(f"{indicator.name} ({period})", PWS_COLUMNS)
    for number, row in enumerate(rows, start=1):
        note = "estimasi" if row.denominator_source == "estimasi" else ""
        if row.value is not None and row.value > 100:
            note = "cek sasaran"  # DOMAIN.md §6.2: coverage over 100 % flags the denominator
        table.add([number, row.desa_name, persons(row.denominator), row.numerator, row.value, row.monthly, row.previous_monthly,
                   row.target, Cell(row.status_label, status=row.status or ""), note])
    numerator = sum(r.numerator for r in rows)
    denominator = sum((r.denominator or Decimal(0)) for r in rows)
    target = rows[0].target if rows else None
    table.add(["", "JUMLAH", persons(denominator), numerator,
               percent(numerator, denominator, indicator.factor), None, None, target, "", ""], bold=True)
    return table


def build_pws_kia(definition: ReportDef, *, area: Area, month: Month) -> Report:
    tables = [pws_table(code, area=area, month=month) for code in definition.indicators]
    notes = ["Status PWS: Baik = mencapai target, tren naik; Kurang = mencapai target, tren turun; "
             "Cukup = di bawah target, tren naik; Jelek = di bawah target, tren turun (DOMAIN.md 6.2).",
             "Sasaran: data Dinkes bila ada, selain itu estimasi dari register penduduk (ket. 'estimasi')."]
    return report(definition, area=area, month=month, tables=tables, notes=notes)


def build_spm(definition: ReportDef, *, area: Area, month: Month) -> Report:
    cols = [Column(("No",), numeric=False, width=0.8), Column(("Jenis pelayanan dasar",), numeric=False, width=8),
            Column(("Sasaran",), width=1.8), Column(("Mendapat pelayanan sesuai standar",), width=3),
            Column(("Capaian (%)",), width=1.8), Column(("Keterangan",), numeric=False, width=9)]
    table = Table(f"Capaian SPM kumulatif Januari s.d. {month.label}", cols)
    registry = indicator_registry()
    missing = []
    for service in definition.services:
        if not service.counted_by(registry):
            missing.append(str(service.number))
            table.add([service.number, service.name, None, None, None, f"belum tersedia: {service.missing}"])
            continue
        indicator = registry[service.indicator]
        rows = pws.compute(indicator, year=month.year, month=month.month, desa=list(area.desa))
        numerator = sum(r.numerator for r in rows)
        denominator = sum((r.denominator or Decimal(0)) for r in rows)
        sources = sorted({r.denominator_source for r in rows})
        table.add([service.number, service.name, persons(denominator), numerator,
                   percent(numerator, denominator), f"{indicator.name}; sasaran: {', '.join(sources) or '-'}"])
    notes = [f"Layanan SPM yang belum dapat dihitung: nomor {', '.join(missing)}." if missing else "",
             "Capaian = orang yang mendapat paket layanan standar lengkap Januari s.d. bulan laporan / sasaran tahunan."]
    return report(definition, area=area, month=month, tables=[table], notes=[n for n in notes if n])
