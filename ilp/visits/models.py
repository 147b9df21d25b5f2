"""A visit (FHIR Encounter) through the ILP flow: queue entries per station, events, referrals."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Klaster


class Station(models.Model):
    """A service point of a facility where patients queue (Pandu PTM, loket, klaster room, ...)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.CASCADE, related_name="stations")
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=100)
    klaster = models.CharField(max_length=8, choices=Klaster.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["facility", "position"]
        constraints = [models.UniqueConstraint(fields=["facility", "code"], name="station_code_unique_per_facility")]

    def __str__(self) -> str:
        return self.name


class Payer(models.TextChoices):
    BPJS = "bpjs", _("BPJS Kesehatan")
    UMUM = "umum", _("Umum (bayar retribusi)")
    CKG = "ckg", _("CKG (gratis, tanpa kasir)")  # Cek Kesehatan Gratis: not BPJS, no retribution


# What the loket and UGD offer; CKG is chosen by the CKG desk only (ilp/ckg), never for an ordinary visit.
DESK_PAYERS = [choice for choice in Payer.choices if choice[0] != Payer.CKG]


class BpjsStatus(models.TextChoices):
    UNCHECKED = "", _("belum dicek")
    ACTIVE = "aktif", _("aktif")
    INACTIVE = "tidak_aktif", _("tidak aktif")
    NOT_FOUND = "tidak_ditemukan", _("tidak ditemukan")
    UNAVAILABLE = "gangguan", _("layanan BPJS tidak menjawab: dicek ulang nanti")


class Priority(models.IntegerChoices):
    # Lower calls first. Emergency first, then the groups the SOP and common practice put ahead.
    EMERGENCY = 0, _("gawat darurat")
    PRIORITY = 1, _("prioritas (lansia, disabilitas, ibu hamil)")
    NORMAL = 2, _("biasa")


class Visit(models.Model):
    """One visit to a Puskesmas (kunjungan), from the queue ticket to going home."""

    class Status(models.TextChoices):
        OPEN = "open", _("sedang dilayani")
        FINISHED = "finished", _("selesai")
        CANCELLED = "cancelled", _("batal")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="visits")
    patient = models.ForeignKey("people.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(db_index=True)
    number = models.CharField(_("nomor antrean"), max_length=8)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    emergency = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    klaster = models.CharField(max_length=8, choices=Klaster.choices, blank=True)
    klaster_reason = models.CharField(max_length=100, blank=True)
    payer = models.CharField(max_length=8, choices=Payer.choices, blank=True)
    bpjs_status = models.CharField(max_length=20, choices=BpjsStatus.choices, blank=True)
    pregnant = models.BooleanField(default=False)
    postpartum = models.BooleanField(default=False)
    arrived_at = models.DateTimeField()
    registered_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    routing_version = models.CharField(max_length=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-arrived_at"]
        constraints = [models.UniqueConstraint(fields=["facility", "date", "number"], name="visit_number_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("visits:visit_detail", args=[self.pk])


class QueueEntry(models.Model):
    """A visit waiting at, called to, or served at one station."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("menunggu")
        CALLED = "called", _("dipanggil")
        IN_SERVICE = "in_service", _("dilayani")
        DONE = "done", _("selesai")
        SKIPPED = "skipped", _("dilewati")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="entries")
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="entries")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING, db_index=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    queued_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey("Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["priority", "queued_at", "id"]
        indexes = [models.Index(fields=["station", "status", "priority", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.visit.number} @ {self.station.code}"


class VisitEvent(models.Model):
    """The status history of a visit: every step, time-stamped, with who did it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=30)
    station_code = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.station_code}"


class Referral(models.Model):
    """An internal referral to another klaster or unit (with the answer back), or an external one to an FKRTL."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("rujukan internal")
        EXTERNAL = "external", _("rujukan ke FKRTL")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+")
    to_station = models.ForeignKey(Station, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_facility = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("alasan rujukan"), max_length=500)
    diagnosis = models.CharField(_("diagnosis kerja"), max_length=250, blank=True)
    return_requested = models.BooleanField(_("kembali untuk konsultasi ulang"), default=True)
    answer = models.CharField(_("jawaban rujukan"), max_length=1000, blank=True)
    letter_number = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reason[:40]}"


class FollowUp(models.Model):
    """Tindak lanjut: a notification to the Pustu of the patient's desa (SOP step o)."""

    class Status(models.TextChoices):
        OPEN = "open", _("belum ditindaklanjuti")
        DONE = "done", _("sudah ditindaklanjuti")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="follow_ups")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups")
    pustu = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="follow_ups")
    reason = models.CharField(_("yang perlu ditindaklanjuti"), max_length=500)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    done_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.reason[:60]


class Payment(models.Model):
    """Retribution paid at the kasir by a patient without active BPJS, per the Perda tariff."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="payments")
    receipt_number = models.CharField(max_length=30, unique=True)
    items = models.JSONField(default=list, help_text=_("[{code, name, amount}] dari tarif Perda"))
    total = models.PositiveIntegerField()
    tariff_version = models.CharField(max_length=40)
    paid_at = models.DateTimeField()
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-paid_at"]

    def __str__(self) -> str:
        return self.receipt_number
