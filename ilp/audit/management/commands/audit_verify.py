"""`ilp audit-verify`: re-hash the audit log and report the first tampered row, if any."""

from django.core.management.base import BaseCommand, CommandError

from ilp.audit.services import verify_chain


class Command(BaseCommand):
    help = "Periksa keutuhan log audit (rantai hash)."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken:
            raise CommandError(f"Log audit rusak pada baris #{broken.pk} ({checked} baris sebelumnya utuh).")
        self.stdout.write(self.style.SUCCESS(f"Log audit utuh: {checked} baris diperiksa."))
