"""Patients (persons), their families (Kartu Keluarga) and their medical record numbers."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Sex
from ilp.core.models import TimeStamped, Versioned
from ilp.regions.models import Region

# Honorifics and titles a clerk may type or omit; they must not split one person into two.
_TITLES = {"h", "hj", "dr", "drg", "ir", "st", "sh", "se", "spd", "amd", "skm", "bin", "binti"}


def name_tokens(name: str) -> list[str]:
    """Lower-case ASCII words of a name, titles dropped: 'Hj. Siti Aminah, S.Pd' -> ['siti', 'aminah']."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9']+", ascii_name.lower().replace(".", " "))
    return [w.replace("'", "") for w in words if w.replace("'", "") not in _TITLES]


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


class Disability(models.TextChoices):
    NONE = "", _("Tidak ada")
    FISIK = "fisik", _("Disabilitas fisik")
    INTELEKTUAL = "intelektual", _("Disabilitas intelektual")
    MENTAL = "mental", _("Disabilitas mental")
    SENSORIK = "sensorik", _("Disabilitas sensorik (netra, rungu, wicara)")
    GANDA = "ganda", _("Disabilitas ganda")


class FamilyRelation(models.TextChoices):
    KEPALA = "kepala", _("Kepala keluarga")
    PASANGAN = "pasangan", _("Suami/istri")
    ANAK = "anak", _("Anak")
    MENANTU = "menantu", _("Menantu")
    CUCU = "cucu", _("Cucu")
    ORANG_TUA = "orang_tua", _("Orang tua/mertua")
    LAINNYA = "lainnya", _("Famili lain")


class Family(TimeStamped, Versioned):
    """A household as on its Kartu Keluarga (KK); the unit of pendekatan keluarga (PIS-PK)."""

    kk_number = models.CharField(_("nomor KK"), max_length=16, unique=True, null=True, blank=True)
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="families", verbose_name=_("desa/kelurahan"))
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")

    def __str__(self) -> str:
        head = self.members.filter(family_relation=FamilyRelation.KEPALA).first()
        return _("Keluarga %(name)s") % {"name": head.name if head else self.kk_number or self.pk}

    def get_absolute_url(self) -> str:
        return reverse("people:family_detail", args=[self.pk])


class Patient(TimeStamped, Versioned):
    """A person known to the Puskesmas, identified by NIK where there is one."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True, null=True, blank=True)
    name = models.CharField(_("nama lengkap"), max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    birth_date = models.DateField(_("tanggal lahir"), db_index=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="residents", verbose_name=_("desa/kelurahan"))
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    bpjs_number = models.CharField(_("nomor BPJS"), max_length=13, unique=True, null=True, blank=True)
    disability = models.CharField(_("disabilitas"), max_length=12, choices=Disability.choices, blank=True, default="")
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    family_relation = models.CharField(_("hubungan dalam keluarga"), max_length=10, choices=FamilyRelation.choices, blank=True)
    mother = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text=_("Bayi baru lahir tanpa NIK ditautkan ke ibunya"),
    )
    # Not indexed: almost every row is NULL, and an index tempts SQLite's planner to scan all of them.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_duplicates", db_index=False,
        help_text=_("Data ganda yang sudah digabung: riwayatnya tetap tersimpan pada baris ini"),
    )
    registered_at = models.ForeignKey("facilities.Facility", null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name_key", "birth_date"]
        verbose_name = _("pasien")
        verbose_name_plural = _("pasien")
        indexes = [models.Index(fields=["desa", "birth_date"]), models.Index(fields=["name_key", "birth_date"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:patient_detail", args=[self.pk])

    @property
    def age_text(self) -> str:
        """Age in years, or months/days for babies, as a clerk says it."""
        from ilp.people.age import age_text

        return age_text(self.birth_date)

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class NameToken(models.Model):
    """One word of a patient's name, so a search for 'aminah' finds 'Siti Aminah' through an index."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["token", "patient"])]


class MedicalRecord(TimeStamped):
    """The patient's clinic record number (no. RM) at one Puskesmas."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="medical_records")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="medical_records")
    number = models.CharField(_("nomor RM"), max_length=20)

    class Meta:
        verbose_name = _("rekam medis")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="rm_number_unique_per_facility"),
            models.UniqueConstraint(fields=["facility", "patient"], name="one_rm_per_patient_per_facility"),
        ]

    def __str__(self) -> str:
        return self.number
