"""The odontogram of a visit: the status of every recorded tooth, DMF-T/def-t, and the treatments done."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .teeth import STATUSES

STATUS_CHOICES = [(s.code, s.label) for s in STATUSES]


class DentalExam(models.Model):
    """One examination at the Poli Gigi: the whole chart as it stood at this visit (carried over from the last)."""

    visit = models.OneToOneField("visits.Visit", on_delete=models.PROTECT, related_name="dental_exam")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="dental_exams")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    examined_on = models.DateField(db_index=True)
    examiner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Counted from the teeth on every change (teeth.count), kept for lists and reports.
    dmft_d = models.PositiveSmallIntegerField(default=0)
    dmft_m = models.PositiveSmallIntegerField(default=0)
    dmft_f = models.PositiveSmallIntegerField(default=0)
    deft_d = models.PositiveSmallIntegerField(default=0)
    deft_e = models.PositiveSmallIntegerField(default=0)
    deft_f = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-examined_on", "-id"]

    def __str__(self) -> str:
        return f"Odontogram {self.examined_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("dental:chart", args=[self.visit_id])

    @property
    def dmft(self) -> int:
        return self.dmft_d + self.dmft_m + self.dmft_f

    @property
    def deft(self) -> int:
        return self.deft_d + self.deft_e + self.deft_f


class ToothRecord(models.Model):
    """The status of one tooth (FDI number) in an exam; a tooth without a row is sound."""

    exam = models.ForeignKey(DentalExam, on_delete=models.CASCADE, related_name="teeth")
    tooth = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    carried_over = models.BooleanField(default=False, help_text=_("disalin dari pemeriksaan sebelumnya, belum diubah"))

    class Meta:
        ordering = ["tooth"]
        constraints = [models.UniqueConstraint(fields=["exam", "tooth"], name="tooth_once_per_exam")]

    def __str__(self) -> str:
        return f"{self.tooth}: {self.status}"


class DentalTreatment(models.Model):
    """A procedure done at the Poli Gigi (ICD-9-CM), on one tooth or the whole mouth, with its diagnosis."""

    exam = models.ForeignKey(DentalExam, on_delete=models.CASCADE, related_name="treatments")
    tooth = models.PositiveSmallIntegerField(null=True, blank=True)
    procedure_code = models.CharField(_("kode ICD-9-CM"), max_length=8)
    procedure_name = models.CharField(max_length=120)
    catalogue_version = models.CharField(max_length=40)
    condition = models.ForeignKey("clinical.Condition", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    performed_at = models.DateTimeField()
    performer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["performed_at", "id"]

    def __str__(self) -> str:
        return f"{self.procedure_code} {self.tooth or ''}".strip()
