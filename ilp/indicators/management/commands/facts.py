"""`ilp facts rebuild|export`: recompute the facts table, or publish it as de-identified Parquet."""

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ilp.indicators import facts


class Command(BaseCommand):
    help = "Hitung ulang tabel fakta, atau ekspor ke Parquet (tanpa nama; kunci orang di-hash)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild")
        export = sub.add_parser("export")
        export.add_argument("--output", required=True, help="folder tujuan (dipartisi provinsi/kabkota/tahun/bulan)")
        export.add_argument("--salt", default=os.environ.get("ILP_FACTS_SALT", ""),
                            help="garam hash kunci orang, rahasia per deployment (bawaan: ILP_FACTS_SALT)")

    def handle(self, *args, action, **options):
        started = time.perf_counter()
        if action == "rebuild":
            count = facts.rebuild_all()
            self.stdout.write(self.style.SUCCESS(f"{count:,} fakta dihitung ulang ({time.perf_counter() - started:.1f} detik)."))
            return
        if not options["salt"]:
            raise CommandError("Atur ILP_FACTS_SALT (atau --salt): tanpa garam, kunci orang bisa ditebak dari id-nya.")
        count = facts.export_parquet(target=Path(options["output"]), salt=options["salt"])
        self.stdout.write(self.style.SUCCESS(f"{count:,} fakta diekspor ke {options['output']} ({time.perf_counter() - started:.1f} detik)."))
