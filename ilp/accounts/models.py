"""Users, their role and their scope (a facility or a region subtree)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Klaster


class Role(models.TextChoices):
    PENDAFTARAN = "pendaftaran", _("Petugas pendaftaran")
    DOKTER = "dokter", _("Dokter")
    BIDAN = "bidan", _("Bidan")
    PERAWAT = "perawat", _("Perawat")
    GIZI = "gizi", _("Nutrisionis")
    ANALIS_LAB = "analis_lab", _("Analis laboratorium")
    APOTEKER = "apoteker", _("Apoteker")
    KASIR = "kasir", _("Kasir")
    KADER = "kader", _("Kader")
    KEPALA_PUSKESMAS = "kepala_puskesmas", _("Kepala Puskesmas")
    DINKES_KABKOTA = "dinkes_kabkota", _("Dinkes Kabupaten/Kota")
    DINKES_PROVINSI = "dinkes_provinsi", _("Dinkes Provinsi")
    PUSAT = "pusat", _("Kementerian Kesehatan (pusat)")
    ADMIN = "admin", _("Administrator sistem")


# Roles that work inside a facility and may see the names of the patients in its wilayah.
FACILITY_ROLES = frozenset({
    Role.PENDAFTARAN, Role.DOKTER, Role.BIDAN, Role.PERAWAT, Role.GIZI, Role.ANALIS_LAB,
    Role.APOTEKER, Role.KASIR, Role.KADER, Role.KEPALA_PUSKESMAS,
})
# Roles above the facility: they steer by aggregates and never see a name (ARCHITECTURE §5, §8).
REGIONAL_ROLES = frozenset({Role.DINKES_KABKOTA, Role.DINKES_PROVINSI, Role.PUSAT})
# Who reads the audit log: the head of the Puskesmas for it, Dinkes for its region.
AUDIT_ROLES = frozenset({Role.KEPALA_PUSKESMAS, *REGIONAL_ROLES, Role.ADMIN})
# Who may register and correct patient identities and families.
REGISTRATION_ROLES = FACILITY_ROLES - {Role.KASIR, Role.APOTEKER, Role.ANALIS_LAB}


class User(AbstractUser):
    """A person who logs in: a role, and a scope that is either a facility or a region subtree."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    facility = models.ForeignKey(
        "facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("fasilitas"),
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="officers",
        verbose_name=_("wilayah"), help_text=_("Untuk Dinkes: wilayah yang diawasi"),
    )
    klaster = models.CharField(_("klaster"), max_length=8, choices=Klaster.choices, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="user_scope_is_facility_or_region",
                condition=~(models.Q(facility__isnull=False) & models.Q(region__isnull=False)),
            )
        ]

    @property
    def is_regional(self) -> bool:
        return self.role in REGIONAL_ROLES

    @property
    def sees_patients(self) -> bool:
        return self.role in FACILITY_ROLES and self.facility_id is not None

    @property
    def can_register(self) -> bool:
        return self.role in REGISTRATION_ROLES and self.facility_id is not None

    @property
    def reads_audit(self) -> bool:
        return self.role in AUDIT_ROLES
