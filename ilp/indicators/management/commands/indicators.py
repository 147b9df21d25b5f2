"""`ilp indicators list|compute`: the indicator catalogue, and values per desa as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from ilp.indicators import pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.selectors import desa_in_scope_code


class Command(BaseCommand):
    help = "Daftar indikator, atau hitung satu indikator per desa (JSON)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--format", choices=["json", "table"], default="table")
        compute = sub.add_parser("compute")
        compute.add_argument("--indicator", required=True)
        compute.add_argument("--period", required=True, help="YYYY-MM")
        compute.add_argument("--cumulative", action="store_true", help="(indikator kumulatif sudah Jan..bulan)")
        compute.add_argument("--scope", default="", help="kode wilayah (mis. 13.10) atau kode fasilitas")
        compute.add_argument("--by", default="desa", choices=["desa"])
        compute.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, action, **options):
        registry = indicator_registry()
        if action == "list":
            rows = [{"code": i.code, "name": i.name, "name_en": i.name_en, "klaster": i.klaster, "period": i.period,
                     "target": i.target} for i in registry.values()]
            if options["format"] == "json":
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for row in rows:
                    self.stdout.write(f"{row['code']:<20} {row['klaster']:<7} {row['period']:<16} {row['name']}")
            return
        indicator = registry.get(options["indicator"])
        if not indicator:
            raise CommandError(f"Indikator {options['indicator']!r} tidak dikenal; lihat `ilp indicators list`.")
        try:
            year, month = (int(part) for part in options["period"].split("-"))
            assert 1 <= month <= 12
        except (ValueError, AssertionError):
            raise CommandError("Periode harus YYYY-MM, mis. 2026-03.") from None
        desa = desa_in_scope_code(options["scope"])
        if not desa:
            raise CommandError(f"Wilayah/fasilitas {options['scope']!r} tidak dikenal atau tidak punya desa.")
        rows = pws.compute(indicator, year=year, month=month, desa=desa)
        self.stdout.write(json.dumps([row_json(indicator, row) for row in rows], ensure_ascii=False, indent=2))


def row_json(indicator, row) -> dict:
    def number(value):
        return float(value) if value is not None else None

    return {"indicator": indicator.code, "desa_code": row.desa_code, "desa": row.desa_name, "numerator": row.numerator,
            "denominator": number(row.denominator), "denominator_source": row.denominator_source, "value": number(row.value),
            "monthly": number(row.monthly), "target": number(row.target), "status": row.status}
