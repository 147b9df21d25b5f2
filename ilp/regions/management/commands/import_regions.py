"""`ilp import-regions [--province 13 ...]`: load the Kemendagri region list."""

import time

from django.core.management.base import BaseCommand

from ilp.regions.models import normalize_code
from ilp.regions.services import import_regions


class Command(BaseCommand):
    help = "Impor daftar wilayah Kemendagri (provinsi sampai desa/kelurahan) dari paket idn-area-data."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", default=[], help="kode provinsi, mis. 13 (boleh berulang)")

    def handle(self, *args, province, **options):
        started = time.perf_counter()
        codes = [normalize_code(code) for code in province]

        def progress(count: int) -> None:
            self.stdout.write(f"\r  {count:,} wilayah...", ending="")
            self.stdout.flush()

        total = import_regions(provinces=codes or None, progress=progress)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"\n{total:,} wilayah diimpor dalam {seconds:.1f} detik."))
