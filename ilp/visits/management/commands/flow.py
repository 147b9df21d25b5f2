"""`ilp flow simulate`: fill a Puskesmas with realistic visits through the whole ILP flow (used by `make demo`)."""

import contextlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility
from ilp.stubs import bpjs_server
from ilp.visits import bpjs
from ilp.visits.models import BpjsStatus, Visit
from ilp.visits.simulate import simulate_flow

PROBE_CARD = "0000000000000"
SIMULATED = "flow.simulate"


@contextlib.contextmanager
def bpjs_reachable(stdout):
    """The configured BPJS service, or the local stand-in for this run when that one does not answer."""
    if bpjs.check_participant(PROBE_CARD, timeout=1).status != BpjsStatus.UNAVAILABLE:
        yield
        return
    server = bpjs_server.start(port=0)
    previous, settings.ILP_BPJS_URL = settings.ILP_BPJS_URL, f"http://127.0.0.1:{server.server_address[1]}"
    stdout.write(f"Layanan BPJS di {previous or '(kosong)'} tidak menjawab; memakai pengganti lokal {settings.ILP_BPJS_URL}.")
    try:
        yield
    finally:
        settings.ILP_BPJS_URL = previous
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def sql_not_kept():
    """With DEBUG on, Django keeps every SQL statement in memory; for ~300k statements that is a fifth of the run."""
    previous, settings.DEBUG = settings.DEBUG, False
    try:
        yield
    finally:
        settings.DEBUG = previous


class Command(BaseCommand):
    help = "Alur pasien ILP. `simulate`: kunjungan contoh lewat semua pos, sebagai petugas demo."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="simulate")
        simulate = actions.add_parser("simulate", help="jalankan kunjungan contoh lewat seluruh alur")
        simulate.add_argument("--visits", type=int, default=100, help="jumlah kunjungan (bawaan 100)")
        simulate.add_argument("--seed", type=int, default=1, help="benih acak; sama benih, sama alur")
        simulate.add_argument("--facility", help="kode Puskesmas (bawaan: Puskesmas tempat akun pendaftaran demo)")
        simulate.add_argument("--days", type=int, default=1, help="sebar kunjungan pada D hari terakhir (bawaan 1: hari ini)")
        simulate.add_argument("--force", action="store_true", help="tetap jalan walau Puskesmas sudah punya kunjungan")

    def handle(self, *args, action, visits, seed, facility, days, force, **options):
        if visits < 1 or days < 1:
            raise CommandError("--visits dan --days harus paling sedikit 1.")
        puskesmas = self._facility(facility)
        # Once per Puskesmas: other demo data (CKG, UGD, lab) also opens visits, so the mark is the audit row.
        simulated = AuditEntry.objects.filter(action=SIMULATED, target_type=Facility._meta.label,
                                              target_id=str(puskesmas.pk))
        if simulated.exists() and not force:
            existing = Visit.objects.filter(facility=puskesmas).count()
            self.stdout.write(f"{puskesmas.name} sudah disimulasikan ({existing:,} kunjungan); simulasi dilewati "
                              "(--force untuk menambah).")
            return
        audit.record(actor=None, action=SIMULATED, target=puskesmas, detail={"visits": visits, "days": days, "seed": seed})
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r  {done:,} / {total:,} kunjungan...", ending="")
            self.stdout.flush()

        with bpjs_reachable(self.stdout), sql_not_kept():
            try:
                result = simulate_flow(facility=puskesmas, visits=visits, seed=seed, days=days, progress=progress)
            except ValueError as error:
                raise CommandError(str(error)) from None
        c = result.counts
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"{puskesmas.name}: {c['visits']:,} kunjungan dalam {result.days} hari buka (benih {seed}), "
            f"{time.perf_counter() - started:.0f} detik."))
        for line in (
            f"selesai {c['finished']:,}; masih dalam alur {c['open']:,}; pergi sebelum dilayani {c['left']:,}",
            f"gawat darurat {c['emergency']:,}; prioritas {c['priority']:,}; ibu hamil {c['pregnant']:,}; klaster 2 {c['klaster2']:,}",
            f"memilih BPJS {c['bpjs']:,} (aktif {c['bpjs_active']:,}); bayar di kasir {c['kasir']:,}",
            f"rujukan internal {c['internal']:,} (kembali konsultasi ulang {c['returned']:,}); rujukan FKRTL {c['external']:,}; "
            f"tindak lanjut Pustu {c['follow_up']:,}; ke farmasi {c['farmasi']:,}",
        ):
            self.stdout.write(f"  {line}")

    def _facility(self, code: str | None) -> Facility:
        puskesmas = Facility.objects.filter(kind=Facility.Kind.PUSKESMAS)
        if code:
            found = puskesmas.filter(code=code).first()
        else:
            found = puskesmas.filter(staff__role=Role.PENDAFTARAN).order_by("code").first()
        if not found:
            raise CommandError(f"Puskesmas {code} tidak ditemukan." if code else
                               "Belum ada Puskesmas dengan petugas pendaftaran; jalankan `ilp seed-demo` dulu.")
        return found
