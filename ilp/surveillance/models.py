"""Surveillance (SKDR/EWARS): case records of the W2 diseases per desa, and the alerts their weekly counts raise."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    """New case(s) of an SKDR disease in a desa on a day: from a visit's diagnosis (one named patient) or
    entered by hand (a named patient, or a count reported without names, e.g. from a Pustu register)."""

    class Source(models.TextChoices):
        DIAGNOSIS = "diagnosis", _("Diagnosis kunjungan")
        MANUAL = "manual", _("Dicatat manual")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    disease = models.CharField(_("penyakit"), max_length=8)  # the W2 code (A, B, C, ...)
    reported_on = models.DateField(_("tanggal"))
    count = models.PositiveSmallIntegerField(_("jumlah kasus"), default=1)
    deaths = models.PositiveSmallIntegerField(_("jumlah meninggal"), default=0)
    patient = models.ForeignKey("people.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    condition = models.OneToOneField("clinical.Condition", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="surveillance_case")
    source = models.CharField(max_length=10, choices=Source.choices)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    recorder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["desa", "disease", "reported_on"]), models.Index(fields=["reported_on"])]
        constraints = [models.CheckConstraint(name="surveillance_case_count_positive", condition=models.Q(count__gte=1))]

    def __str__(self) -> str:
        return f"{self.disease} {self.reported_on} ×{self.count}"

    def get_absolute_url(self) -> str:
        return reverse("surveillance:case_detail", args=[self.pk])

    @property
    def disease_name(self) -> str:
        from .diseases import diseases

        return diseases()[self.disease].name


class Alert(models.Model):
    """An early warning (sinyal SKDR / suspected KLB): one disease in one desa in one ISO week crossed its
    threshold. One row per desa, disease and week; later cases of the week update its count."""

    class Status(models.TextChoices):
        NEW = "baru", _("Baru, belum diverifikasi")
        VERIFIED = "diverifikasi", _("Diverifikasi")
        INVESTIGATING = "penyelidikan", _("Penyelidikan epidemiologi")
        CLOSED = "selesai", _("Selesai")

    class Conclusion(models.TextChoices):
        KLB = "klb", _("KLB (kejadian luar biasa)")
        NOT_KLB = "bukan_klb", _("Bukan KLB")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    disease = models.CharField(max_length=8)
    week_start = models.DateField()  # the Monday of the ISO week
    count = models.PositiveIntegerField()
    threshold = models.DecimalField(max_digits=8, decimal_places=2)
    baseline = models.JSONField(default=list)  # counts of the baseline weeks, oldest first
    rule_version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    verification_note = models.CharField(_("catatan verifikasi"), max_length=500, blank=True)
    investigation_on = models.DateField(_("tanggal mulai penyelidikan epidemiologi"), null=True, blank=True)
    investigated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    investigation_note = models.CharField(_("temuan penyelidikan"), max_length=1000, blank=True)
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    conclusion = models.CharField(_("kesimpulan"), max_length=10, choices=Conclusion.choices, blank=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["desa", "disease", "week_start"], name="one_alert_per_desa_disease_week")]

    def __str__(self) -> str:
        return f"{self.disease} {self.desa_id} {self.week_start}"

    def get_absolute_url(self) -> str:
        return reverse("surveillance:alert_detail", args=[self.pk])

    @property
    def disease_name(self) -> str:
        from .diseases import diseases

        return diseases()[self.disease].name

    @property
    def week_label(self) -> str:
        from .diseases import week_label

        return week_label(self.week_start)

    @property
    def week_end(self):
        import datetime as dt

        return self.week_start + dt.timedelta(days=6)

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED
