"""`ilp satusehat validate FILE...`, `ilp satusehat worker [--once]`, `ilp satusehat standin --port N`,
`ilp satusehat staff-nik USERNAME NIK`, `ilp satusehat inbound-app NAME --facility CODE` (a third-party app client)."""

import json
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ilp.satusehat import fhirjson, validator


class Command(BaseCommand):
    help = "SATUSEHAT: validate resources, run the delivery worker, start the local stand-in."
    requires_system_checks = []  # a worker restarted after a kill should be sending within a second

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("validate", help="FHIR R4 structure and SATUSEHAT rules; one JSON line per file")
        check.add_argument("files", nargs="+")
        check.add_argument("--org-id", default="")
        work = sub.add_parser("worker", help="deliver the outbox to SATUSEHAT")
        work.add_argument("--once", action="store_true", help="send what is due now, then stop")
        work.add_argument("--until-idle", action="store_true", help="stop when nothing waits any more")
        work.add_argument("--batch", type=int, default=10)
        work.add_argument("--lease", type=float, default=120.0, help="seconds a claimed row stays this worker's")
        work.add_argument("--backoff-base", type=float, default=2.0)
        work.add_argument("--max-attempts", type=int, default=12)
        work.add_argument("--seconds", type=float, default=None, help="stop after this long")
        work.add_argument("--json", dest="as_json", action="store_true", help="print the figures as JSON (bench.satusehat)")
        stand = sub.add_parser("standin", help="local SATUSEHAT-compatible server on 127.0.0.1")
        stand.add_argument("--port", type=int, default=8092)
        stand.add_argument("--fault-rate", type=float, default=0.0)
        stand.add_argument("--seed", type=int, default=None)
        staff = sub.add_parser("staff-nik", help="record a staff member's NIK (their Practitioner in SATUSEHAT)")
        staff.add_argument("username", nargs="?")
        staff.add_argument("nik", nargs="?")
        staff.add_argument("--demo", action="store_true", help="made-up NIKs for every facility staff member without one")

        app = sub.add_parser("inbound-app", help="register a third-party app that sends FHIR to /fhir/R4/ (secret shown once)")
        app.add_argument("name", nargs="?")
        app.add_argument("--facility", action="append", default=[], help="KEMKES code of a facility it reports for")
        app.add_argument("--deactivate", metavar="CLIENT_ID", help="switch an app off (its tokens die with it)")

    def handle(self, *args, action, **options):
        getattr(self, action.replace("-", "_"))(**options)

    def validate(self, *, files, org_id, **_options):
        failed = False
        for name in files:
            try:
                answer = validator.validate(fhirjson.loads(Path(name).read_bytes()), org_id=org_id)
            except (OSError, ValueError) as error:
                answer = validator.outcome([validator.issue("structure", "", f"Tidak bisa dibaca: {error}")])
            valid = validator.is_valid(answer)
            failed |= not valid
            issues = [i for i in answer["issue"] if i["severity"] != "information"]
            self.stdout.write(json.dumps({"file": name, "valid": valid, "issues": issues}, ensure_ascii=False, default=str))
        if failed:
            sys.exit(1)

    def worker(self, *, once, until_idle, batch, lease, backoff_base, max_attempts, seconds, as_json=False, **_options):
        from ilp.satusehat import worker

        opts = worker.Options(batch=batch, lease=lease, backoff_base=backoff_base, max_attempts=max_attempts)
        deadline = time.monotonic() + seconds if seconds else None
        stats = worker.run(once=once, until_idle=until_idle, options=opts, deadline=deadline)
        if stats.errors:
            raise CommandError("; ".join(stats.errors))
        if as_json:
            self.stdout.write(json.dumps({k: v for k, v in vars(stats).items() if k != "errors"}))
            return
        self.stdout.write(f"diterima {stats.accepted}, ditolak {stats.rejected}, dicoba ulang {stats.retried}")

    def standin(self, *, port, fault_rate, seed, **_options):
        from ilp.satusehat import standin

        standin.main(["--port", str(port), "--fault-rate", str(fault_rate)] + (["--seed", str(seed)] if seed is not None else []))

    def staff_nik(self, *, username, nik, demo, **_options):
        from ilp.satusehat.models import StaffNik

        if demo:
            # Demo only: the stand-in knows every well-formed NIK; real staff NIKs come from their KTP.
            users = get_user_model().objects.filter(facility__isnull=False, satusehat_nik__isnull=True)
            StaffNik.objects.bulk_create([StaffNik(user=u, nik=f"9901{u.pk:012d}") for u in users])
            self.stdout.write(f"{len(users)} NIK petugas demo dicatat.")
            return
        if not nik or not (nik.isdigit() and len(nik) == 16):
            raise CommandError("NIK harus 16 angka.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada.")
        StaffNik.objects.update_or_create(user=user, defaults={"nik": nik})
        self.stdout.write(f"NIK {username} dicatat.")

    def inbound_app(self, *, name, facility, deactivate, **_options):
        from ilp.facilities.models import Facility
        from ilp.satusehat.inbound.apps import deactivate_app, register_app

        if deactivate:
            if not deactivate_app(actor=None, client_id=deactivate):
                raise CommandError(f"Aplikasi {deactivate} tidak ada.")
            self.stdout.write(f"Aplikasi {deactivate} dinonaktifkan.")
            return
        facilities = list(Facility.objects.filter(code__in=facility))
        if not name or not facilities or len(facilities) != len(set(facility)):
            raise CommandError("Beri nama aplikasi dan --facility KODE yang ada (boleh berulang).")
        app, secret = register_app(actor=None, name=name, facilities=facilities)
        self.stdout.write(json.dumps({"client_id": app.client_id, "client_secret": secret,
                                      "facilities": [f.code for f in facilities]}))
        self.stderr.write("Simpan client_secret sekarang: hanya tersimpan sebagai hash, tidak bisa ditampilkan lagi.")
