"""Which desa an indicator table covers, by scope: a user's, or a region/facility code from the CLI."""

from ilp.accounts import scope
from ilp.facilities.models import Facility
from ilp.regions.models import Region, normalize_code


def desa_in_scope(*, user) -> list[Region]:
    """The desa whose aggregates the user may see: their wilayah kerja, or their region's desa."""
    return list(Region.objects.filter(_desa_q(user))
                .filter(level=Region.Level.DESA).select_related("parent").order_by("code"))


def _desa_q(user):
    from django.db.models import Q

    if user.region_id:
        return user.region.subtree_q("code")
    if user.facility_id:
        return Q(pk__in=scope.wilayah_desa_ids(user))
    if user.role in ("admin", "pusat"):
        return Q()
    return scope.NOTHING


def desa_in_scope_code(code: str) -> list[Region]:
    """Desa of a region code (dotted or plain) or of a facility's wilayah kerja; all desa when empty."""
    desa = Region.objects.filter(level=Region.Level.DESA).select_related("parent").order_by("code")
    if not code:
        return list(desa)
    facility = Facility.objects.filter(code=code).first()
    if facility:
        return list(desa.filter(pk__in=facility.wilayah.values("pk")))
    try:
        region = Region.objects.get(code=normalize_code(code))
    except (ValueError, Region.DoesNotExist):
        return []
    return list(desa.filter(region.subtree_q("code")))


def boundary_status(*, user) -> list[tuple[Region, object]]:
    """The kab/kota of the user's scope with their uploaded boundary map (None: generated boundaries)."""
    from ilp.regions.models import BoundaryMap

    codes = sorted({d.code[:5] for d in desa_in_scope(user=user)})
    uploads = {b.kabkota_id: b for b in BoundaryMap.objects.filter(kabkota__code__in=codes).select_related("uploaded_by")}
    return [(k, uploads.get(k.pk)) for k in Region.objects.filter(code__in=codes, level=Region.Level.KABKOTA).order_by("code")]
