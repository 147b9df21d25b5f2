"""Rawat inap: wards and beds of a Puskesmas, admissions, daily notes and the discharge summary."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Ward(models.Model):
    """A ward (ruang rawat inap) of a Puskesmas; only Puskesmas with inpatient care have one."""

    class Kind(models.TextChoices):
        UMUM = "umum", _("rawat inap umum")
        PERSALINAN = "persalinan", _("ruang bersalin / nifas (PONED)")
        ANAK = "anak", _("rawat inap anak")
        ISOLASI = "isolasi", _("isolasi")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(_("nama ruang"), max_length=100)
    kind = models.CharField(_("jenis ruang"), max_length=12, choices=Kind.choices, default=Kind.UMUM)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["facility", "name"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="ward_name_unique_per_facility")]

    def __str__(self) -> str:
        return self.name


class Bed(models.Model):
    """One bed of a ward: it holds one patient at a time (enforced by a partial unique index on Admission)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="beds")
    code = models.CharField(_("nomor tempat tidur"), max_length=20)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["ward", "code"]
        constraints = [models.UniqueConstraint(fields=["ward", "code"], name="bed_code_unique_per_ward")]

    def __str__(self) -> str:
        return f"{self.ward.name} · {self.code}"


class Admission(models.Model):
    """One inpatient stay (FHIR Encounter, class IMP), from admission to discharge."""

    class Source(models.TextChoices):
        UGD = "ugd", _("dari UGD")
        RUANG = "ruang", _("dari ruang pelayanan (klaster)")
        PERSALINAN = "persalinan", _("persalinan")

    class Outcome(models.TextChoices):
        PULANG = "pulang", _("pulang (diizinkan dokter)")
        APS = "aps", _("pulang atas permintaan sendiri")
        DIRUJUK = "dirujuk", _("dirujuk ke FKRTL")
        MENINGGAL = "meninggal", _("meninggal")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="admissions")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="admissions")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="admissions")
    source = models.CharField(_("asal pasien"), max_length=12, choices=Source.choices)
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="admissions")
    reason = models.CharField(_("indikasi rawat inap"), max_length=500)
    diagnosis_code = models.CharField(_("diagnosis masuk (ICD-10)"), max_length=10, blank=True)
    diagnosis_display = models.CharField(max_length=250, blank=True)
    admitted_at = models.DateTimeField(_("waktu masuk"))
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    discharged_at = models.DateTimeField(_("waktu keluar"), null=True, blank=True)
    discharged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("keadaan keluar"), max_length=10, choices=Outcome.choices, blank=True)
    final_diagnosis_code = models.CharField(_("diagnosis akhir (ICD-10)"), max_length=10, blank=True)
    final_diagnosis_display = models.CharField(max_length=250, blank=True)
    course = models.TextField(_("ringkasan perawatan"), blank=True)
    discharge_medication = models.TextField(_("obat pulang"), blank=True)
    instructions = models.TextField(_("anjuran dan kontrol"), blank=True)

    class Meta:
        ordering = ["-admitted_at"]
        constraints = [
            # A bed holds one patient at a time; the service checks first for the message, this is the guarantee.
            models.UniqueConstraint(fields=["bed"], condition=Q(discharged_at__isnull=True), name="one_patient_per_bed"),
            models.UniqueConstraint(fields=["patient"], condition=Q(discharged_at__isnull=True),
                                    name="one_open_admission_per_patient"),
            models.CheckConstraint(condition=Q(discharged_at__isnull=True) | Q(discharged_at__gte=models.F("admitted_at")),
                                   name="discharge_not_before_admission"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} · {self.admitted_at:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("inpatient:admission_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None

    @property
    def vitals_source(self) -> str:
        """The `source` of this stay's vital-sign observations (clinical.Observation)."""
        return f"rawat_inap:{self.pk}"


class DailyNote(models.Model):
    """A daily progress note (catatan perkembangan terintegrasi) in SOAP form."""

    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="notes")
    written_at = models.DateTimeField()
    subjective = models.TextField("S (subjektif)")
    objective = models.TextField("O (objektif)")
    assessment = models.TextField("A (asesmen)")
    plan = models.TextField("P (rencana)")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.admission_id} {self.written_at:%d-%m-%Y %H:%M}"
