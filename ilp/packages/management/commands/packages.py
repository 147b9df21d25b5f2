"""`ilp packages list [--format json]`: the service packages this deployment knows, from their definitions."""

import json

from django.core.management.base import BaseCommand

from ilp.packages.engine.loader import registry

COLUMNS = (("code", "kode"), ("version", "versi"), ("klaster", "klaster"), ("life_stage", "tahap hidup"), ("name", "nama"))


def package_rows() -> list[dict]:
    """One row per package: code, name, klaster, life stage, version (and the file it comes from)."""
    return [{"code": p.id, "name": p.name, "klaster": p.klaster, "life_stage": p.life_stage, "version": p.version,
             "file": p.path} for p in sorted(registry().values(), key=lambda p: p.id)]


class Command(BaseCommand):
    help = "Paket layanan. `list`: kode, nama, klaster, tahap hidup dan versi setiap paket."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="list")
        listing = actions.add_parser("list", help="daftar paket layanan")
        listing.add_argument("--format", choices=["table", "json"], default="table", help="table (bawaan) atau json")

    def handle(self, *args, **options):
        rows = package_rows()
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        widths = {key: max(len(title), *(len(str(r[key])) for r in rows)) for key, title in COLUMNS}
        self.stdout.write("  ".join(title.ljust(widths[key]) for key, title in COLUMNS).rstrip())
        for row in rows:
            self.stdout.write("  ".join(str(row[key]).ljust(widths[key]) for key, _ in COLUMNS).rstrip())
