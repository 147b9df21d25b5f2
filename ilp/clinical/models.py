"""Coded clinical facts (FHIR Observation shape): one measurement or finding per row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Observation(models.Model):
    """A coded measurement (LOINC where it exists, local ILP codes otherwise) with its unit."""

    class Status(models.TextChoices):
        FINAL = "final", _("final")
        ENTERED_IN_ERROR = "entered-in-error", _("salah input")

    patient = models.ForeignKey("people.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    system = models.CharField(max_length=60, default="http://loinc.org")
    code = models.CharField(max_length=40)
    display = models.CharField(max_length=120)
    value_quantity = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    value_text = models.CharField(max_length=250, blank=True)
    effective_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL)
    performer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=60, blank=True, help_text=_("paket/stasiun yang mencatat, dengan versinya"))
    record = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="observations")

    class Meta:
        ordering = ["effective_at", "id"]
        indexes = [models.Index(fields=["patient", "code", "effective_at"])]

    def __str__(self) -> str:
        value = self.value_quantity if self.value_quantity is not None else self.value_text
        return f"{self.display}: {value} {self.unit}".strip()

    @property
    def label(self) -> str:
        """The Indonesian name of the measurement where we know it; the code's display otherwise."""
        from .vitals import VITALS

        return next((m.label for m in VITALS if m.code == self.code), self.display)

    @property
    def unit_text(self) -> str:
        """UCUM units as people write them (mm[Hg] → mmHg, Cel → °C)."""
        return {"mm[Hg]": "mmHg", "Cel": "°C", "/min": "/menit"}.get(self.unit, self.unit)



class Condition(models.Model):
    """A diagnosis (FHIR Condition) coded in ICD-10, as a new or an old case for LB1."""

    class Case(models.TextChoices):
        NEW = "baru", _("kasus baru")
        OLD = "lama", _("kasus lama")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="conditions")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="conditions")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("kode ICD-10"), max_length=10)
    display = models.CharField(max_length=250)
    case = models.CharField(_("jenis kasus"), max_length=4, choices=Case.choices)
    primary = models.BooleanField(_("diagnosis utama"), default=True)
    recorded_date = models.DateField()
    recorded_at = models.DateTimeField()
    recorder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Observation.Status.choices, default=Observation.Status.FINAL)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["patient", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.display}"
