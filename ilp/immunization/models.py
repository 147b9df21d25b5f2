"""Vaccine doses given (FHIR Immunization), each checked against the schedule version of its day."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Immunization(models.Model):
    """One dose of a vaccine given to a patient; late or early doses are kept, with their warnings."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("diberikan")
        ENTERED_IN_ERROR = "entered-in-error", _("salah input")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="immunizations")
    vaccine = models.CharField(_("vaksin"), max_length=20)
    dose = models.PositiveSmallIntegerField(_("dosis ke-"))
    given_on = models.DateField(_("tanggal pemberian"), db_index=True)
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("tempat pemberian"))
    performer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    lot_number = models.CharField(_("nomor batch"), max_length=40, blank=True)
    outside_window = models.BooleanField(_("di luar jadwal"), default=False)
    warnings = models.JSONField(default=list)
    schedule_version = models.CharField(max_length=20, help_text=_("versi jadwal imunisasi yang dipakai, mis. KMK-2023"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.COMPLETED)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("imunisasi")
        verbose_name_plural = _("imunisasi")
        indexes = [models.Index(fields=["patient", "vaccine", "dose"])]
        constraints = [
            models.UniqueConstraint(fields=["patient", "vaccine", "dose"], condition=Q(status="completed"),
                                    name="one_completed_dose_per_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.vaccine} {self.dose} ({self.given_on:%d-%m-%Y})"

    @property
    def dose_code(self) -> str:
        """The dose as the card names it ("DPT-HB-Hib1"), by the schedule version it was checked against."""
        from .schedule import schedules

        schedule = schedules().get(self.schedule_version)
        dose = schedule.dose(self.vaccine, self.dose) if schedule else None
        return dose.code if dose else f"{self.vaccine} {self.dose}"
