"""Prescriptions (MedicationRequest), dispensing, and stock as an append-only ledger of movements per batch."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Batch(models.Model):
    """A batch of one drug held at one facility; `on_hand` is the running total of its movements."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="drug_batches")
    drug_code = models.CharField(max_length=20, db_index=True)
    batch_number = models.CharField(_("nomor batch"), max_length=40)
    expiry_date = models.DateField(_("tanggal kedaluwarsa"))
    # Kept in step with the ledger inside the same transaction, under a row lock; the constraint is
    # the last line of defence: no code path can leave a batch below zero.
    on_hand = models.IntegerField(default=0)

    class Meta:
        ordering = ["drug_code", "expiry_date", "batch_number"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "drug_code", "batch_number"], name="batch_unique_per_facility"),
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="batch_on_hand_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.drug_code} {self.batch_number} (ED {self.expiry_date:%d-%m-%Y})"


class Prescription(models.Model):
    """Resep: drugs prescribed in a room during a visit, waiting at the pharmacy until dispensed."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("menunggu")
        DISPENSED = "dispensed", _("sudah diserahkan")
        CANCELLED = "cancelled", _("batal")

    number = models.CharField(_("nomor resep"), max_length=30, unique=True)
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="prescriptions")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="prescriptions")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="prescriptions")
    station_code = models.CharField(_("ruang"), max_length=30)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    written_at = models.DateTimeField()
    prescriber = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dispensed_at = models.DateTimeField(null=True, blank=True)
    dispensed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    catalogue_version = models.CharField(max_length=30)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("pharmacy:dispense", args=[self.pk])

    @property
    def room(self) -> str:
        """The room's name as the flow calls it (Ruang Klaster 3, UGD, ...)."""
        from ilp.visits.routing import routing  # the flow's definition, read once

        station = routing().stations.get(self.station_code)
        return station.name if station else self.station_code


class PrescriptionItem(models.Model):
    """One drug of a prescription: how many units and how to take them (signa)."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="items")
    drug_code = models.CharField(max_length=20)
    quantity = models.PositiveIntegerField(_("jumlah"))
    signa = models.CharField(_("aturan pakai"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="prescription_item_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.drug_code} × {self.quantity}"


class StockOpname(models.Model):
    """A stock count at a facility: what was counted against what the ledger said, per batch."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="stock_counts")
    counted_on = models.DateField(_("tanggal opname"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lines = models.JSONField(default=list, help_text=_("[{batch, drug, system, counted}] saat opname"))

    class Meta:
        ordering = ["-counted_on", "-id"]

    def __str__(self) -> str:
        return f"opname {self.counted_on:%d-%m-%Y}"


class AppendOnly(Exception):
    """A stock movement is never changed or deleted; a correction is a new movement."""


class StockMovement(models.Model):
    """One line of the stock ledger: units in (+) or out (-) of one batch at one facility on one date."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("penerimaan dari IFK")
        DISPENSE = "dispense", _("penyerahan ke pasien")
        TRANSFER_OUT = "transfer_out", _("distribusi ke sub-unit")
        TRANSFER_IN = "transfer_in", _("terima dari Puskesmas induk")
        ADJUSTMENT = "adjustment", _("penyesuaian stok opname")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="stock_movements")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="movements")
    drug_code = models.CharField(max_length=20)  # the batch's, repeated so LPLPO sums need no join
    kind = models.CharField(max_length=14, choices=Kind.choices)
    quantity = models.IntegerField()  # signed: + in, - out
    date = models.DateField()
    document = models.CharField(_("nomor dokumen"), max_length=60, blank=True)
    counterpart = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    prescription = models.ForeignKey(Prescription, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="movements")
    opname = models.ForeignKey(StockOpname, null=True, blank=True, on_delete=models.PROTECT, related_name="movements")
    balance_after = models.IntegerField()  # the batch's on_hand after this line, for the stock card
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["facility", "drug_code", "date"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="movement_quantity_not_zero"),
            models.CheckConstraint(condition=models.Q(balance_after__gte=0), name="movement_balance_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.drug_code} {self.quantity:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("mutasi stok tidak boleh diubah")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("mutasi stok tidak boleh dihapus")
