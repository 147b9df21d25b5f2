"""Kesehatan lingkungan: inspections of houses, public places, food places and drinking-water sources, and the
environmental-health counselling of patients sent to the kesling room."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Inspection(models.Model):
    """One inspection (IKL) of a place in a desa, its answers per checklist item and the result."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10)  # a checklist id: rumah, ttu, tpp, sam
    checklist_version = models.PositiveSmallIntegerField()
    object_name = models.CharField(_("nama objek"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    inspected_on = models.DateField(_("tanggal inspeksi"))
    answers = models.JSONField(default=dict)  # item id → True ("ya") / False
    score = models.PositiveIntegerField()
    max_score = models.PositiveIntegerField()
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    category = models.CharField(max_length=30)
    category_label = models.CharField(max_length=100)
    note = models.CharField(_("catatan / saran perbaikan"), max_length=1000, blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["desa", "kind", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_name} {self.inspected_on}"

    def get_absolute_url(self) -> str:
        return reverse("kesling:inspection_detail", args=[self.pk])


class Counselling(models.Model):
    """Konseling kesehatan lingkungan of a patient, usually sent from a klaster room (diare, TBC, DBD, ...)."""

    class Problem(models.TextChoices):
        DIARE = "diare", _("Diare")
        TBC = "tbc", _("TBC")
        DBD = "dbd", _("Demam berdarah dengue")
        MALARIA = "malaria", _("Malaria")
        ISPA = "ispa", _("ISPA / pneumonia")
        KULIT = "kulit", _("Penyakit kulit")
        KECACINGAN = "kecacingan", _("Kecacingan")
        KERACUNAN = "keracunan", _("Keracunan pangan")
        LEPTOSPIROSIS = "leptospirosis", _("Leptospirosis")
        LAINNYA = "lainnya", _("Lainnya")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    counselled_on = models.DateField(_("tanggal konseling"))
    problem = models.CharField(_("penyakit / masalah"), max_length=15, choices=Problem.choices)
    findings = models.CharField(_("faktor risiko lingkungan yang ditemukan"), max_length=1000)
    advice = models.CharField(_("saran / intervensi"), max_length=1000)
    home_visit = models.BooleanField(_("perlu kunjungan rumah (inspeksi rumah)"), default=False)
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-counselled_on", "-id"]

    def __str__(self) -> str:
        return f"{self.problem} {self.counselled_on}"

    def get_absolute_url(self) -> str:
        return reverse("kesling:counselling_detail", args=[self.pk])
