"""CKG (Cek Kesehatan Gratis): one registration per person and calendar year, tied to a normal ILP visit."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    """The PKG Hari Ulang Tahun groups of the juknis, chosen by age at registration."""

    BBL = "bbl", _("Bayi baru lahir")
    BALITA = "balita", _("Balita dan prasekolah (1–6 tahun)")
    DEWASA_18 = "dewasa_18", _("Dewasa 18–29 tahun")
    DEWASA_30 = "dewasa_30", _("Dewasa 30–39 tahun")
    DEWASA_40 = "dewasa_40", _("Dewasa 40–59 tahun")
    LANSIA = "lansia", _("Lansia (≥ 60 tahun)")
    SEKOLAH = "sekolah", _("PKG Sekolah (7–17 tahun)")


class Route(models.TextChoices):
    """How the person came to CKG (juknis): birthday at the Puskesmas, at school, or through a KIA service."""

    ULANG_TAHUN = "ulang_tahun", _("PKG Ulang Tahun")
    SEKOLAH = "sekolah", _("PKG Sekolah")
    KHUSUS = "khusus", _("PKG Khusus (layanan KIA)")


class ResultClass(models.IntegerChoices):
    """The five result classes of the juknis, from best to the one that needs a hospital."""

    NORMAL = 1, _("Normal")
    RISK_FACTOR = 2, _("Normal dengan faktor risiko")
    PRE_DISEASE = 3, _("Pra-penyakit")
    DISEASE_FKTP = 4, _("Penyakit, ditangani di FKTP")
    REFER_FKTL = 5, _("Rujuk ke FKTL")


class CkgRegistration(models.Model):
    """A person's CKG of one year: the visit it runs in, the self-report ticket, and the result."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("terdaftar")
        EXAMINED = "examined", _("diperiksa")
        FINISHED = "finished", _("selesai")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="ckg_registrations")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    # PKG Khusus from a Posyandu weighing has no Puskesmas visit: the KIA record it reuses is `source_record`.
    visit = models.OneToOneField("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="ckg")
    route = models.CharField(_("jalur"), max_length=12, choices=Route.choices, default=Route.ULANG_TAHUN)
    source_record = models.OneToOneField("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="ckg_khusus")
    year = models.PositiveSmallIntegerField(db_index=True)
    group = models.CharField(_("kelompok"), max_length=10, choices=Group.choices)
    ticket = models.CharField(_("nomor tiket"), max_length=20, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED, db_index=True)
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Self-report: a one-time link opened without a login; the token is stored hashed.
    self_token_hash = models.CharField(max_length=64, unique=True)
    self_expires_at = models.DateTimeField()
    self_answers = models.JSONField(default=dict, blank=True)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    result_class = models.PositiveSmallIntegerField(choices=ResultClass.choices, null=True, blank=True)
    result_reasons = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        # The juknis gives one CKG per person per calendar year; the database keeps it so under races.
        constraints = [models.UniqueConstraint(fields=["patient", "year"], name="ckg_one_per_person_per_year")]

    def __str__(self) -> str:
        return f"CKG {self.ticket}"

    def get_absolute_url(self) -> str:
        return reverse("ckg:detail", args=[self.pk])


class School(models.Model):
    """A school in the Puskesmas' wilayah where PKG Sekolah is held (its class lists are imported)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nama sekolah"), max_length=120)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="ckg_school_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ckg:school_detail", args=[self.pk])


class Pupil(models.Model):
    """A pupil on a school's class list of one year (from the imported spreadsheet)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    class_name = models.CharField(_("kelas"), max_length=20)

    class Meta:
        ordering = ["class_name", "patient__name"]
        constraints = [models.UniqueConstraint(fields=["school", "patient", "year"], name="ckg_pupil_once_per_year")]
