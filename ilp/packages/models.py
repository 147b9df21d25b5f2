"""One filled-in service package for a patient: the values as entered, what was computed, the flags."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PackageRecord(models.Model):
    """A package recorded at a service (FHIR: the Observations it stored share this record)."""

    class Status(models.TextChoices):
        FINAL = "final", _("final")
        ENTERED_IN_ERROR = "entered-in-error", _("salah input")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="package_records")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="package_records")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    package_id = models.CharField(max_length=40, db_index=True)
    package_version = models.PositiveIntegerField()
    service_date = models.DateField(db_index=True)
    recorded_at = models.DateTimeField()
    performer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    computed = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    flags = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL)

    class Meta:
        ordering = ["-service_date", "-recorded_at"]
        indexes = [models.Index(fields=["patient", "package_id", "service_date"])]

    def __str__(self) -> str:
        return f"{self.package_id}@{self.package_version} {self.service_date:%d-%m-%Y}"
