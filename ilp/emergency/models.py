"""UGD: an emergency case on a visit, from arrival (identified or not) through triage to disposition."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TriageLevel(models.IntegerChoices):
    """Five-level triage with colours and the time to first examination (ATS; decision 0014)."""

    MERAH = 1, _("1 · Merah — resusitasi, segera")
    ORANYE = 2, _("2 · Oranye — gawat darurat, ≤ 10 menit")
    KUNING = 3, _("3 · Kuning — mendesak, ≤ 30 menit")
    HIJAU = 4, _("4 · Hijau — kurang mendesak, ≤ 60 menit")
    BIRU = 5, _("5 · Biru — tidak mendesak, ≤ 120 menit")


# Minutes from triage to the doctor's examination per level (Australasian Triage Scale).
TARGET_MINUTES = {1: 0, 2: 10, 3: 30, 4: 60, 5: 120}
COLOURS = {1: "merah", 2: "oranye", 3: "kuning", 4: "hijau", 5: "biru"}


class EmergencyCase(models.Model):
    """The UGD record of one visit: who arrived (perhaps unidentified), triage, examination, disposition."""

    class Arrival(models.TextChoices):
        SENDIRI = "sendiri", _("datang sendiri")
        KELUARGA = "keluarga", _("diantar keluarga/warga")
        AMBULANS = "ambulans", _("ambulans")
        POLISI = "polisi", _("diantar polisi")
        RUJUKAN = "rujukan", _("rujukan Pustu/fasyankes lain")

    class Disposition(models.TextChoices):
        PULANG = "pulang", _("pulang")
        RAWAT_INAP = "rawat_inap", _("rawat inap")
        RUJUK = "rujuk", _("dirujuk ke FKRTL")
        MENINGGAL = "meninggal", _("meninggal")

    visit = models.OneToOneField("visits.Visit", on_delete=models.PROTECT, related_name="emergency_case")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("sebutan pasien"), max_length=100,
                             help_text=_("Untuk pasien belum dikenal, misalnya “Tn. X, ±40 th”"))
    sex_estimate = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    age_estimate = models.PositiveSmallIntegerField(_("perkiraan umur (tahun)"), null=True, blank=True)
    arrival = models.CharField(_("cara datang"), max_length=10, choices=Arrival.choices, default=Arrival.SENDIRI)
    complaint = models.CharField(_("keluhan utama"), max_length=500)
    arrived_at = models.DateTimeField()
    triage_level = models.PositiveSmallIntegerField(_("level triase"), choices=TriageLevel.choices, null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    anamnesis = models.TextField(_("anamnesis"), blank=True)
    examination = models.TextField(_("pemeriksaan fisik"), blank=True)
    treatment = models.TextField(_("tindakan dan terapi"), blank=True)
    diagnosis_code = models.CharField(_("diagnosis (ICD-10)"), max_length=10, blank=True)
    diagnosis_display = models.CharField(max_length=250, blank=True)
    examined_at = models.DateTimeField(_("pertama diperiksa dokter"), null=True, blank=True)
    examined_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    condition = models.ForeignKey("clinical.Condition", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disposition = models.CharField(_("disposisi"), max_length=12, choices=Disposition.choices, blank=True, db_index=True)
    disposition_at = models.DateTimeField(null=True, blank=True)
    disposition_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    disposition_note = models.CharField(_("catatan disposisi"), max_length=500, blank=True)
    referral = models.ForeignKey("visits.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    admission = models.ForeignKey("inpatient.Admission", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-arrived_at"]
        indexes = [models.Index(fields=["facility", "disposition", "arrived_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("emergency:case_detail", args=[self.pk])

    @property
    def name(self) -> str:
        """The patient's name once identified; the arrival label (“Tn. X, ±40 th”) until then."""
        return self.visit.patient.name if self.visit.patient_id else self.label

    @property
    def colour(self) -> str:
        return COLOURS.get(self.triage_level, "")

    @property
    def is_open(self) -> bool:
        return not self.disposition


class ObservationEntry(models.Model):
    """One observation round in UGD: the time, a note; its vital signs are clinical Observations at that time."""

    case = models.ForeignKey(EmergencyCase, on_delete=models.PROTECT, related_name="observation_entries")
    at = models.DateTimeField()
    note = models.CharField(_("catatan observasi"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%H:%M}"
