"""Health facilities (Puskesmas and its network) and their rooms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Klaster
from ilp.regions.models import Region


class Facility(models.Model):
    """A Puskesmas, Pustu, Posyandu, jejaring FKTP or FKRTL, identified by its KEMKES code."""

    class Kind(models.TextChoices):
        PUSKESMAS = "puskesmas", _("Puskesmas")
        PUSTU = "pustu", _("Pustu")
        POSYANDU = "posyandu", _("Posyandu")
        KLINIK = "klinik", _("Klinik Pratama")
        DPM = "dpm", _("Dokter Praktik Mandiri")
        LAB = "lab", _("Laboratorium")
        FKRTL = "fkrtl", _("Rumah Sakit (FKRTL)")

    code = models.CharField(_("kode KEMKES"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("lokasi"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text=_("Puskesmas induk untuk Pustu dan Posyandu"),
    )
    wilayah = models.ManyToManyField(
        Region, blank=True, related_name="served_by", verbose_name=_("wilayah kerja"),
        help_text=_("Desa/kelurahan yang dilayani"),
    )
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("fasilitas")
        verbose_name_plural = _("fasilitas")

    def __str__(self) -> str:
        return self.name

    @property
    def puskesmas(self) -> "Facility":
        """The Puskesmas responsible for this facility (itself, for a Puskesmas)."""
        if self.kind in (self.Kind.PUSTU, self.Kind.POSYANDU) and self.parent_id:
            return self.parent
        return self


class Location(models.Model):
    """A room or service point inside a facility, belonging to one klaster."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("nama ruang"), max_length=100)
    klaster = models.CharField(_("klaster"), max_length=8, choices=Klaster.choices)

    class Meta:
        ordering = ["facility", "klaster", "name"]
        unique_together = [("facility", "name")]
        verbose_name = _("ruang")
        verbose_name_plural = _("ruang")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_klaster_display()})"
