"""The SATUSEHAT outbox (one row per FHIR resource to deliver) and the IHS numbers learnt from the platform."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One FHIR resource of a finished visit on its way to SATUSEHAT: the transactional outbox row."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("menunggu dikirim")
        ACCEPTED = "accepted", _("diterima SATUSEHAT")
        REJECTED = "rejected", _("ditolak, perlu diperbaiki")

    class Resource(models.TextChoices):
        ENCOUNTER = "Encounter", _("Kunjungan (Encounter)")
        OBSERVATION = "Observation", _("Pemeriksaan (Observation)")
        CONDITION = "Condition", _("Diagnosis (Condition)")
        # Sent by contributors other modules register (ilp.satusehat.contributors).
        PROCEDURE = "Procedure", _("Tindakan (Procedure)")
        IMMUNIZATION = "Immunization", _("Imunisasi (Immunization)")
        SERVICE_REQUEST = "ServiceRequest", _("Permintaan lab (ServiceRequest)")
        SPECIMEN = "Specimen", _("Spesimen (Specimen)")
        DIAGNOSTIC_REPORT = "DiagnosticReport", _("Hasil lab (DiagnosticReport)")
        MEDICATION = "Medication", _("Obat (Medication)")
        MEDICATION_REQUEST = "MedicationRequest", _("Resep (MedicationRequest)")
        MEDICATION_DISPENSE = "MedicationDispense", _("Pemberian obat (MedicationDispense)")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="satusehat_deliveries")
    resource_type = models.CharField(max_length=32, choices=Resource.choices)
    # The local row the resource is built from (visit, observation or referral), at send time.
    local_id = models.PositiveBigIntegerField()
    # Observations and Conditions point at the visit's Encounter: they wait until it is accepted.
    depends_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="dependents")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker owns a row until `locked_until`; a killed worker's rows are taken over after that.
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=64, blank=True)
    server_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(_("keterangan"), max_length=500, blank=True)
    error = models.TextField(blank=True, help_text=_("jawaban teknis terakhir dari platform"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["resource_type", "local_id"], name="one_delivery_per_resource")]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["facility", "status"])]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.local_id} ({self.status})"


class IhsNumber(models.Model):
    """An IHS number SATUSEHAT gave for a NIK (patients, staff; newborns by the mother's NIK and birth date)."""

    class Kind(models.TextChoices):
        PATIENT = "Patient", _("pasien")
        PRACTITIONER = "Practitioner", _("tenaga kesehatan")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=64, help_text=_("NIK, atau nik-ibu|NIK ibu|tanggal lahir untuk bayi baru lahir"))
    ihs_number = models.CharField(max_length=32)
    looked_up_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_ihs_number_per_key")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.ihs_number}"


class StaffNik(models.Model):
    """The NIK of a member of staff, needed to name them as the Encounter's practitioner in SATUSEHAT."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="satusehat_nik")
    nik = models.CharField(_("NIK"), max_length=16)

    def __str__(self) -> str:
        return self.nik


class InboundApp(models.Model):
    """A third-party app following the SATUSEHAT standard that sends us Posyandu and home-visit records."""

    name = models.CharField(_("nama aplikasi"), max_length=100)
    client_id = models.CharField(max_length=40, unique=True)
    # Django's password hash of the client secret: the secret itself is shown once, at registration.
    secret_hash = models.CharField(max_length=128)
    facilities = models.ManyToManyField("facilities.Facility", related_name="+", verbose_name=_("fasilitas"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"


class InboundRecord(models.Model):
    """One resource an app sent, by its identifier (what a resend matches), and the record it became or matched."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("dicatat")
        MATCHED = "matched", _("sudah ada (dicatat aplikasi kita)")

    app = models.ForeignKey(InboundApp, on_delete=models.PROTECT, related_name="records")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    resource_type = models.CharField(max_length=32)
    system = models.CharField(max_length=200)
    value = models.CharField(max_length=200)
    target_type = models.CharField(max_length=60, help_text=_("mis. visits.Visit, clinical.Observation"))
    target_id = models.PositiveBigIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource_type", "system", "value"], name="one_inbound_per_identifier")]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.system}|{self.value}"
