"""Laboratory orders (FHIR ServiceRequest) from a room, with their specimen, results and validation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .catalogue import Flag, catalogue


class LabOrder(models.Model):
    """An order for one or more tests of the catalogue, for one patient, usually during a visit."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("menunggu spesimen")
        COLLECTED = "collected", _("menunggu hasil")
        RESULTED = "resulted", _("menunggu validasi")
        VALIDATED = "validated", _("selesai (tervalidasi)")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="lab_orders")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="lab_orders")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="lab_orders")
    from_station = models.ForeignKey("visits.Station", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey("visits.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor order"), max_length=30, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ORDERED, db_index=True)
    clinical_note = models.CharField(_("keterangan klinis"), max_length=500, blank=True)
    catalogue_version = models.CharField(max_length=60)
    ordered_at = models.DateTimeField()
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    specimen_at = models.DateTimeField(_("waktu pengambilan spesimen"), null=True, blank=True)
    specimen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    specimen_note = models.CharField(_("catatan spesimen"), max_length=250, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-ordered_at", "-id"]
        indexes = [models.Index(fields=["facility", "status", "ordered_at"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("lab:order_detail", args=[self.pk])

    @property
    def has_critical(self) -> bool:
        return any(r.flag in Flag.CRITICAL for r in self.results.all())

    @property
    def has_abnormal(self) -> bool:
        return any(r.flag for r in self.results.all())


class LabResult(models.Model):
    """One test of an order: the value once entered, the reference range it was read against, its flag."""

    order = models.ForeignKey(LabOrder, on_delete=models.CASCADE, related_name="results")
    test_code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    value_quantity = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    value_code = models.CharField(max_length=20, blank=True)
    flag = models.CharField(max_length=2, blank=True)
    reference_text = models.CharField(_("nilai rujukan"), max_length=60, blank=True)
    entered_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, blank=True, help_text=_("manual atau csv (alat analyser)"))
    observation = models.OneToOneField("clinical.Observation", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="lab_result")

    class Meta:
        ordering = ["order", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "test_code"], name="lab_result_test_once_per_order")]

    def __str__(self) -> str:
        return f"{self.test_code}: {self.value_text}"

    @property
    def test(self):
        return catalogue().tests.get(self.test_code)

    @property
    def has_value(self) -> bool:
        return self.value_quantity is not None or bool(self.value_code)

    @property
    def value_text(self) -> str:
        """The value as the sheet prints it: the test's decimals (decimal comma), or the option's label."""
        test = self.test
        if self.value_quantity is not None:
            shown = test.round(self.value_quantity) if test else self.value_quantity
            return str(shown).replace(".", ",")
        if self.value_code:
            option = test.option(self.value_code) if test else None
            return option.label if option else self.value_code
        return ""

    @property
    def flag_label(self) -> str:
        return Flag.LABELS.get(self.flag, self.flag)
