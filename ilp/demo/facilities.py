"""The demo Kabupaten's health network: a Puskesmas per kecamatan, Pustu and Posyandu per desa."""

import random

from django.db import transaction

from ilp.core.choices import Klaster
from ilp.facilities.models import Facility, Location
from ilp.regions.models import Region

from .names import POSYANDU_NAMES

# Service points of a Puskesmas by cluster, as seed 004 walks a patient through them.
ROOMS = [
    ("Loket Pendaftaran", Klaster.MANAJEMEN), ("Kasir", Klaster.MANAJEMEN),
    ("Pandu PTM", Klaster.DEWASA_LANSIA), ("Ruang Skrining", Klaster.MANAJEMEN),
    ("Ruang Klaster 2 (KIA, Anak, Remaja)", Klaster.IBU_ANAK), ("Ruang Klaster 3 (Dewasa, Lansia)", Klaster.DEWASA_LANSIA),
    ("Ruang Klaster 4 (P2M, TBC)", Klaster.PENYAKIT_MENULAR), ("UGD", Klaster.LINTAS), ("Laboratorium", Klaster.LINTAS),
    ("Farmasi", Klaster.LINTAS), ("Poli Gigi", Klaster.LINTAS), ("Ruang Gizi", Klaster.LINTAS),
]


def puskesmas_name(kecamatan: Region) -> str:
    # Seed 004's Puskesmas is "UPT Puskesmas Sitiung I"; keep its name for the demo.
    return "Puskesmas Sitiung I" if kecamatan.name == "Sitiung" else f"Puskesmas {kecamatan.name}"


@transaction.atomic
def build_network(*, kabkota: Region, rng: random.Random) -> list[Facility]:
    """Create (or reuse) the Kabupaten's facilities; returns its Puskesmas."""
    plain = kabkota.plain_code
    puskesmas_list = []
    for n, kecamatan in enumerate(Region.objects.filter(parent=kabkota).order_by("code"), start=1):
        puskesmas, _ = Facility.objects.get_or_create(
            code=f"P{plain}{n:02d}01", defaults={
                "name": puskesmas_name(kecamatan), "kind": Facility.Kind.PUSKESMAS, "region": kecamatan,
                "address": f"Jl. Puskesmas No. {n}, Kec. {kecamatan.name}"})
        desa_list = list(Region.objects.filter(parent=kecamatan).order_by("code"))
        puskesmas.wilayah.set(desa_list)
        Location.objects.bulk_create(
            [Location(facility=puskesmas, name=name, klaster=klaster) for name, klaster in ROOMS], ignore_conflicts=True)
        for d, desa in enumerate(desa_list, start=1):
            pustu, _ = Facility.objects.get_or_create(
                code=f"U{desa.plain_code}", defaults={"name": f"Pustu {desa.name}", "kind": Facility.Kind.PUSTU,
                                                      "region": desa, "parent": puskesmas})
            pustu.wilayah.set([desa])
            for k in range(1 + rng.randrange(3)):
                flower = POSYANDU_NAMES[(d * 3 + k) % len(POSYANDU_NAMES)]
                posyandu, _ = Facility.objects.get_or_create(
                    code=f"Y{desa.plain_code}{k + 1}", defaults={
                        "name": f"Posyandu {flower} {desa.name}", "kind": Facility.Kind.POSYANDU, "region": desa,
                        "parent": puskesmas})
                posyandu.wilayah.set([desa])
        puskesmas_list.append(puskesmas)
    seat = Region.objects.filter(parent__parent=kabkota).order_by("code").first()
    Facility.objects.get_or_create(code=f"R{plain}01", defaults={
        "name": f"RSUD {kabkota.name.removeprefix('Kabupaten ')}", "kind": Facility.Kind.FKRTL, "region": seat})
    Facility.objects.get_or_create(code=f"K{plain}01", defaults={
        "name": "Klinik Pratama Sehat Bersama", "kind": Facility.Kind.KLINIK, "region": seat})
    return puskesmas_list
