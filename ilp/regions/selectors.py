"""Reads on regions."""

from django.db.models import QuerySet

from .models import Region


def desa_selectable(*, user) -> QuerySet[Region]:
    """The desa a facility user may pick for an address: their kabupaten/kota's (people cross borders)."""
    if not user.facility_id:
        return Region.objects.none()
    kabkota_code = ".".join(user.facility.region.code.split(".")[:2])
    return Region.objects.filter(level=Region.Level.DESA, code__startswith=kabkota_code + ".")


def wilayah_desa(*, user) -> QuerySet[Region]:
    """The desa of the user's wilayah kerja (a Puskesmas' wilayah, or a Pustu's/Posyandu's desa)."""
    from ilp.accounts import scope

    return Region.objects.filter(id__in=scope.wilayah_desa_ids(user)).order_by("name")
