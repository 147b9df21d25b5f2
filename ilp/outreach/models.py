"""Outside the building: Posyandu sessions and their five tables, offline uploads, family surveys (PIS-PK)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import IksCategory, Meja, SyncStatus, Weekday


class PosyanduSchedule(models.Model):
    """The Posyandu's opening day ("hari buka"): e.g. the second Tuesday of every month."""

    posyandu = models.OneToOneField("facilities.Facility", on_delete=models.CASCADE, related_name="schedule")
    week_of_month = models.PositiveSmallIntegerField(_("minggu ke"), default=2)
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices, default=Weekday.SELASA)
    start_time = models.TimeField(_("jam buka"), default="08:00")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} minggu ke-{self.week_of_month}"


class PosyanduSession(models.Model):
    """One opening of a Posyandu on one day, with the kader present and the order of its tables."""

    class Status(models.TextChoices):
        OPEN = "open", _("berlangsung")
        CLOSED = "closed", _("selesai")

    posyandu = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="posyandu_sessions")
    date = models.DateField(_("tanggal"))
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    meja_order = models.JSONField(default=list)  # Meja codes in the order this Posyandu runs them
    kader_present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                           verbose_name=_("kader hadir"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["posyandu", "date"], name="one_session_per_posyandu_day")]

    def __str__(self) -> str:
        return f"{self.posyandu} {self.date:%d-%m-%Y}"


class Attendance(models.Model):
    """A person who came to a session: when, what was measured, whether they were referred."""

    session = models.ForeignKey(PosyanduSession, on_delete=models.CASCADE, related_name="attendances")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="posyandu_attendances")
    arrived_at = models.DateTimeField()
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey("visits.FollowUp", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["arrived_at"]
        constraints = [models.UniqueConstraint(fields=["session", "patient"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.patient} @ {self.session}"


class AttendanceStep(models.Model):
    """One table passed (or skipped) by one attendee, time-stamped."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="steps")
    meja = models.CharField(max_length=12, choices=Meja.choices)
    at = models.DateTimeField()
    skipped = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["attendance", "meja"], name="one_step_per_meja")]

    def __str__(self) -> str:
        return f"{self.meja}{' (dilewati)' if self.skipped else ''}"


class BukuKia(models.Model):
    """The child has a Buku KIA/KMS (the K of SKDN), as seen by a kader or nakes."""

    patient = models.OneToOneField("people.Patient", on_delete=models.CASCADE, related_name="buku_kia")
    since = models.DateField(_("tercatat sejak"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Buku KIA {self.patient_id}"


class SyncUpload(models.Model):
    """One record sent by the offline app, keyed by the UUID the phone gave it: a retry never duplicates."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    payload = models.JSONField()
    received_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SyncStatus.choices)
    record = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What a registration made offline became, so later uploads naming its UUID find the person or household.
    patient = models.ForeignKey("people.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("people.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    errors = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid} ({self.status})"


class SyncConflict(models.Model):
    """Two records of the same measurement that disagree; both are kept until a supervisor reviews them."""

    upload = models.ForeignKey(SyncUpload, on_delete=models.PROTECT, related_name="conflicts")
    existing = models.ForeignKey("packages.PackageRecord", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["reviewed_at", "-created_at"]

    def __str__(self) -> str:
        return f"konflik {self.upload.uuid}"


class FamilySurvey(models.Model):
    """A home visit's family form: the 12 PIS-PK indicators and the family's Indeks Keluarga Sehat."""

    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="surveys")
    visit_date = models.DateField(_("tanggal kunjungan"))
    answers = models.JSONField(default=dict)  # indicator code -> "ya" / "tidak" / "na"
    met = models.PositiveSmallIntegerField()
    applicable = models.PositiveSmallIntegerField()
    iks = models.DecimalField(max_digits=4, decimal_places=3, null=True)
    category = models.CharField(max_length=12, choices=IksCategory.choices, blank=True)
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    client_uuid = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-visit_date", "-recorded_at"]

    def __str__(self) -> str:
        return f"PIS-PK {self.family_id} {self.visit_date}"


class WhatsAppContact(models.Model):
    """A kader's WhatsApp number (wa_id, digits with country code): who is writing to the chat channel."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whatsapp")
    wa_id = models.CharField(_("nomor WhatsApp"), max_length=20, unique=True)

    def __str__(self) -> str:
        return self.wa_id


class ChatSession(models.Model):
    """Where a kader is in the chat menu, kept in the database so a restart loses no conversation."""

    contact = models.OneToOneField(WhatsAppContact, on_delete=models.CASCADE, related_name="chat")
    state = models.CharField(max_length=20, default="menu")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.contact} · {self.state}"


class ChatMessage(models.Model):
    """One message in or out; an incoming WhatsApp message id is handled once (the platform retries)."""

    class Direction(models.TextChoices):
        IN = "in", _("masuk")
        OUT = "out", _("keluar")

    contact = models.ForeignKey(WhatsAppContact, on_delete=models.CASCADE, related_name="messages")
    wamid = models.CharField(max_length=128, unique=True, null=True, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    body = models.TextField()
    at = models.DateTimeField()
    record = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.body[:40]}"
