"""Klaster 1 records of a Puskesmas: staff (SDM), assets, quality, planning (P1–P3) and finance.

Every row belongs to one Puskesmas (`facility`); selectors scope by it, Dinkes reads aggregates.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Klaster

from . import choices

WARNING_DAYS = 90  # an STR/SIP or a calibration due within 90 days is flagged (decision 0019)


def expiry_status(until: dt.date | None, today: dt.date) -> str:
    """'kedaluwarsa', 'segera' (≤ 90 days) or 'berlaku'; no end date (STR seumur hidup) is 'berlaku'."""
    if until is None:
        return "berlaku"
    if until < today:
        return "kedaluwarsa"
    if (until - today).days <= WARNING_DAYS:
        return "segera"
    return "berlaku"


class Staff(models.Model):
    """A member of a Puskesmas' staff (SDM), with or without a login."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="staff_records")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="staff_record", verbose_name=_("akun pengguna"))
    name = models.CharField(_("nama lengkap"), max_length=150)
    nip = models.CharField(_("NIP / NIPPPK"), max_length=30, blank=True)
    kind = models.CharField(_("jenis tenaga"), max_length=20, choices=choices.StaffKind.choices)
    employment = models.CharField(_("status kepegawaian"), max_length=10, choices=choices.Employment.choices)
    education = models.CharField(_("pendidikan terakhir"), max_length=10, choices=choices.Education.choices)
    started_on = models.DateField(_("mulai bertugas di Puskesmas ini"))
    klaster = models.CharField(_("klaster penugasan"), max_length=8, choices=Klaster.choices, blank=True)
    rooms = models.ManyToManyField("facilities.Location", blank=True, related_name="staff_records",
                                   verbose_name=_("ruang penugasan"))
    active = models.BooleanField(_("masih bertugas"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pegawai")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("management:staff_detail", args=[self.pk])

    def tenure_years(self, today: dt.date) -> int:
        """Masa kerja at this Puskesmas in whole years."""
        years = today.year - self.started_on.year
        return years - ((today.month, today.day) < (self.started_on.month, self.started_on.day))

    @property
    def tenure_label(self) -> str:
        years = self.tenure_years(timezone.localdate())
        return _("%(n)s tahun") % {"n": years} if years else _("< 1 tahun")


class Licence(models.Model):
    """An STR or SIP of a staff member; STR issued under UU 17/2023 have no end date (seumur hidup)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("jenis"), max_length=3, choices=choices.LicenceKind.choices)
    number = models.CharField(_("nomor"), max_length=60)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True,
                                   help_text=_("Kosongkan untuk STR seumur hidup"))

    class Meta:
        ordering = ["kind", "-valid_from"]

    def status(self, today: dt.date) -> str:
        return expiry_status(self.valid_until, today)


class Training(models.Model):
    """A training or competence certificate of a staff member (pelatihan / kompetensi)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("pelatihan / kompetensi"), max_length=150)
    finished_on = models.DateField(_("tanggal selesai"))
    hours = models.PositiveSmallIntegerField(_("jumlah jam pelajaran (JPL)"), null=True, blank=True)
    organiser = models.CharField(_("penyelenggara"), max_length=150, blank=True)

    class Meta:
        ordering = ["-finished_on"]


class DutyShift(models.Model):
    """One day of the duty roster (jadwal dinas) of a staff member."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField()
    shift = models.CharField(max_length=1, choices=choices.Shift.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "date"], name="one_shift_per_staff_per_day")]


class Asset(models.Model):
    """Equipment, a building or a utility of the Puskesmas (an ASPAK-like inventory line)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="assets")
    category = models.CharField(_("kategori"), max_length=12, choices=choices.AssetCategory.choices)
    name = models.CharField(_("nama barang / bangunan"), max_length=150)
    code = models.CharField(_("kode inventaris / ASPAK"), max_length=40, blank=True)
    room = models.ForeignKey("facilities.Location", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="assets", verbose_name=_("ruang"))
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)
    acquired_year = models.PositiveSmallIntegerField(_("tahun perolehan"), null=True, blank=True)
    condition = models.CharField(_("kondisi"), max_length=12, choices=choices.Condition.choices)
    calibration_due = models.DateField(_("kalibrasi berikutnya"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=250, blank=True)

    class Meta:
        ordering = ["category", "name"]

    def calibration_status(self, today: dt.date) -> str:
        return expiry_status(self.calibration_due, today) if self.calibration_due else ""


class QualityMeasure(models.Model):
    """A month's numerator and denominator of an INM indicator that is not computed from the records."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=30)  # an id in inm.py
    month = models.DateField()  # first day of the month
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility", "code", "month"], name="one_inm_value_per_month")]


class Incident(models.Model):
    """A patient-safety incident report (IKP) with its risk grade and follow-up."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("tanggal kejadian"))
    kind = models.CharField(_("jenis insiden"), max_length=10, choices=choices.IncidentKind.choices)
    grade = models.CharField(_("grading risiko"), max_length=6, choices=choices.RiskGrade.choices)
    unit = models.CharField(_("unit / ruang"), max_length=100)
    description = models.TextField(_("kronologi singkat"))
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=choices.IncidentStatus.choices,
                              default=choices.IncidentStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-pk"]


class SurveyResponse(models.Model):
    """One patient's answer to the satisfaction survey of a unit: 1 tidak puas … 4 sangat puas."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    unit = models.CharField(_("unit layanan"), max_length=100)
    answered_on = models.DateField(_("tanggal"))
    score = models.PositiveSmallIntegerField(_("nilai"), choices=[(1, _("1 — tidak puas")), (2, _("2 — kurang puas")),
                                                                  (3, _("3 — puas")), (4, _("4 — sangat puas"))])
    comment = models.CharField(_("saran / keluhan"), max_length=300, blank=True)

    class Meta:
        ordering = ["-answered_on"]


class PlanActivity(models.Model):
    """An activity of the RUK (next year's proposal) or RPK (this year's plan), with its target."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("dokumen"), max_length=3, choices=choices.PlanKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("kegiatan"), max_length=200)
    indicator_code = models.CharField(_("indikator"), max_length=40, blank=True)
    target_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    sasaran = models.PositiveIntegerField(_("sasaran (orang)"), null=True, blank=True)
    budget = models.PositiveBigIntegerField(_("anggaran (Rp)"), default=0)
    fund_source = models.CharField(_("sumber dana"), max_length=12, choices=choices.FundSource.choices)
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=choices.WorkStatus.choices,
                              default=choices.WorkStatus.PLANNED)

    class Meta:
        ordering = ["year", "kind", "name"]


class Workshop(models.Model):
    """A lokakarya mini (P2): date, kind, the problems discussed; attendance and RTL hang from it."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=choices.WorkshopKind.choices)
    place = models.CharField(_("tempat"), max_length=150)
    issues = models.TextField(_("masalah yang dibahas"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("management:workshop_detail", args=[self.pk])


class Attendee(models.Model):
    """Who attended a lokakarya mini: our staff, or a network member by name and institution.

    ilp.network reads this: `member_facility` is set for a jejaring facility (klinik, DPM, ...) that
    attended; `institution` always holds the name as written on the attendance sheet.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("instansi / jejaring"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=100, blank=True)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member_facility = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="workshop_attendance", verbose_name=_("fasilitas jejaring"))

    class Meta:
        ordering = ["pk"]


class FollowUpAction(models.Model):
    """An RTL (rencana tindak lanjut) agreed at a lokakarya mini: what, who, by when, and how far."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="actions")
    problem = models.CharField(_("masalah"), max_length=250)
    action = models.CharField(_("rencana tindak lanjut"), max_length=250)
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=100)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=10, choices=choices.WorkStatus.choices,
                              default=choices.WorkStatus.PLANNED)
    note = models.CharField(_("catatan"), max_length=250, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


class PerformanceValue(models.Model):
    """A PKP achievement entered by hand for an indicator the records cannot count."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(_("indikator"), max_length=200)
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=1)
    achievement = models.DecimalField(_("capaian (%)"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["facility", "year", "name"], name="one_pkp_value_per_name")]


class FinanceEntry(models.Model):
    """Revenue or spending of a month from one fund source (retribution is computed from the kasir instead)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # first day
    direction = models.CharField(_("arah"), max_length=6, choices=choices.Direction.choices)
    source = models.CharField(_("sumber dana"), max_length=12, choices=choices.FundSource.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    note = models.CharField(_("uraian"), max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["month", "direction", "source"]
