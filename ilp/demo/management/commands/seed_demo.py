"""`ilp seed-demo`: a deterministic demo Kabupaten (Dharmasraya, Sumatera Barat) with its people."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from ilp.audit import services as audit
from ilp.demo.facilities import build_network
from ilp.demo.population import generate_population
from ilp.demo.services import generate_services, seed_app_demos
from ilp.demo.users import DEMO_PASSWORD, create_demo_users
from ilp.facilities.models import Facility
from ilp.people.models import Patient
from ilp.regions.models import Region, normalize_code
from ilp.regions.services import import_regions


class Command(BaseCommand):
    help = "Isi basis data dengan Kabupaten contoh: wilayah, Puskesmas, Pustu, Posyandu, keluarga dan akun demo."

    def add_arguments(self, parser):
        parser.add_argument("--kabkota", default="13.10", help="kode kabupaten/kota (bawaan: 13.10 Dharmasraya)")
        parser.add_argument("--population", type=int, default=12000, help="jumlah penduduk yang dibuat")
        parser.add_argument("--seed", type=int, default=2024, help="benih acak; sama benih, sama data")
        parser.add_argument("--force", action="store_true", help="tambah penduduk walau sudah ada")

    def handle(self, *args, kabkota, population, seed, force, **options):
        started = time.perf_counter()
        code = normalize_code(kabkota)
        province = code.split(".")[0]
        if not Region.objects.filter(code=code).exists():
            self.stdout.write(f"Mengimpor wilayah provinsi {province}...")
            import_regions(provinces=[province])
        kabkota_region = Region.objects.get(code=code)
        rng = random.Random(seed)
        puskesmas_list = build_network(kabkota=kabkota_region, rng=rng)
        main = next((p for p in puskesmas_list if p.name == "Puskesmas Sitiung I"), puskesmas_list[0])
        create_demo_users(puskesmas=main, kabkota=kabkota_region)
        existing = Patient.objects.filter(desa__code__startswith=code + ".").count()
        if existing and not force:
            self.stdout.write(f"Data penduduk sudah ada ({existing:,} orang); tidak dibuat ulang.")
        else:
            def progress(count: int) -> None:
                self.stdout.write(f"\r  {count:,} / {population:,} penduduk...", ending="")
                self.stdout.flush()

            made = generate_population(kabkota=kabkota_region, population=population, seed=seed,
                                       today=timezone.localdate(), progress=progress)
            services = generate_services(puskesmas=main, today=timezone.localdate(), seed=seed)
            self.stdout.write(f"\n  {services:,} layanan (ANC, penimbangan) dicatat di {main.name}.")
            seed_app_demos(puskesmas=main, today=timezone.localdate(), seed=seed, write=self.stdout.write)
            audit.record(actor=None, action="demo.seed", target=kabkota_region, detail={"population": made, "seed": seed})
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load (SQLite and PostgreSQL)
            self.stdout.write("")
        facilities = Facility.objects.filter(region__code__startswith=code).count()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Kabupaten contoh {kabkota_region.name}: {len(puskesmas_list)} Puskesmas, {facilities} fasilitas, "
            f"{Patient.objects.filter(desa__code__startswith=code + '.').count():,} penduduk ({seconds:.0f} detik)."))
        self.stdout.write(self.style.MIGRATE_HEADING(
            f"\nBuka http://127.0.0.1:8000 dan masuk dengan salah satu akun (kata sandi semua: {DEMO_PASSWORD}):"))
        for line in [
            "pendaftaran  petugas loket, Puskesmas Sitiung I", "bidan        bidan klaster 2, Puskesmas Sitiung I",
            "dokter       dokter, Puskesmas Sitiung I", "perawat      perawat klaster 3",
            "bidan.pustu  bidan di Pustu", "kader        kader Posyandu", "kapus        Kepala Puskesmas (log audit)",
            "dinkes       Dinkes Kabupaten (agregat)", "dinkes.prov  Dinkes Provinsi (agregat)",
            "pusat        Kemenkes pusat (agregat)", "admin        administrator sistem",
        ]:
            self.stdout.write(f"  {line}")
