"""`ilp inpatient-beds`: declare a Puskesmas' ward and its number of beds, or list them."""

from django.core.management.base import BaseCommand, CommandError

from ilp.facilities.models import Facility
from ilp.inpatient.models import Ward
from ilp.inpatient.services import set_ward_beds


class Command(BaseCommand):
    help = "Ruang rawat inap dan tempat tidur sebuah Puskesmas: tetapkan (--ward, --beds) atau tampilkan."

    def add_arguments(self, parser):
        parser.add_argument("--facility", required=True, help="kode KEMKES Puskesmas")
        parser.add_argument("--ward", help="nama ruang, mis. 'Ruang Rawat Inap Umum'")
        parser.add_argument("--kind", default=Ward.Kind.UMUM, choices=Ward.Kind.values)
        parser.add_argument("--beds", type=int, help="jumlah tempat tidur (bernomor 1..n; yang lebih dari n dinonaktifkan)")

    def handle(self, *args, facility, ward, kind, beds, **options):
        place = Facility.objects.filter(code=facility, kind=Facility.Kind.PUSKESMAS).first()
        if place is None:
            raise CommandError(f"Puskesmas dengan kode {facility} tidak ditemukan.")
        if ward:
            if beds is None or beds < 0:
                raise CommandError("Sebutkan --beds (0 atau lebih).")
            set_ward_beds(facility=place, name=ward, kind=kind, beds=beds)
        for row in Ward.objects.filter(facility=place).order_by("name"):
            count = row.beds.filter(active=True).count()
            self.stdout.write(f"{row.name} ({row.get_kind_display()}): {count} tempat tidur")
