"""Administrative regions with Kemendagri codes: provinsi > kab/kota > kecamatan > desa > dusun."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# Plain-digit Kemendagri codes by level: 2, 4, 6 and 10 digits (desa); dotted form 11.01.01.2001.
_PLAIN_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$")
_DOTTED_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4}(\.\d{1,4})?)?)?)?$")


def normalize_code(raw: str) -> str:
    """Return the dotted Kemendagri code for a dotted or plain-digit code; ValueError if neither."""
    code = (raw or "").strip()
    if _DOTTED_CODE.match(code):
        return code
    if _PLAIN_CODE.match(code):
        parts = [code[0:2], code[2:4], code[4:6], code[6:10]]
        return ".".join(p for p in parts if p)
    raise ValueError(_("Kode wilayah %(code)s tidak dikenal: gunakan bentuk 11.01.01.2001 atau 1101012001.") % {"code": raw})


class Region(models.Model):
    """One administrative area; its dotted code is also its path, so a subtree is a code prefix."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABKOTA = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")
        DUSUN = 5, _("Dusun/RW")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def plain_code(self) -> str:
        return self.code.replace(".", "")

    def subtree_q(self, path: str = "code") -> models.Q:
        """Q matching this region and everything below it, for a field holding a region code."""
        return models.Q(**{path: self.code}) | models.Q(**{f"{path}__startswith": self.code + "."})

    def ancestors(self) -> list["Region"]:
        """From the province down to this region's parent, in one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        return list(Region.objects.filter(code__in=codes).order_by("level"))


class BoundaryMap(models.Model):
    """Official desa boundaries of one kab/kota, uploaded by its Dinkes as a GeoJSON FeatureCollection.

    Without one, maps draw generated boundaries (ilp.regions.geo) and say so.
    """

    kabkota = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="boundary_map",
                                   limit_choices_to={"level": Region.Level.KABKOTA})
    geojson = models.JSONField()
    features = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("batas desa (GeoJSON)")
        verbose_name_plural = _("batas desa (GeoJSON)")

    def __str__(self) -> str:
        return f"{self.kabkota} ({self.features} desa)"
