"""The Puskesmas network (seed 001) and its IQ-Care pathways per priority problem (seed 000)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    AgreementKind,
    ChecklistArea,
    ChecklistStatus,
    MemberKind,
    MonitoringKind,
    Phase,
    Structure,
    TaskStatus,
)

EXPIRY_WARNING_DAYS = 60


class NetworkMember(models.Model):
    """A member of a Puskesmas' network: a facility of ilp.facilities, or a named school, workplace or agency."""

    puskesmas = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="network_members")
    kind = models.CharField(_("jenis"), max_length=20, choices=MemberKind.choices)
    structure = models.CharField(_("struktur jejaring"), max_length=20, choices=Structure.choices, db_index=True)
    facility = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="network_memberships", verbose_name=_("fasilitas"))
    name = models.CharField(_("nama"), max_length=150)
    contact = models.CharField(_("kontak / penanggung jawab"), max_length=150, blank=True)
    joined_on = models.DateField(_("bergabung sejak"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["structure", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["puskesmas", "facility"], name="network_member_once")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:member_detail", args=[self.pk])


class Agreement(models.Model):
    """The MoU, PKS or SK that binds a member to the network (seed 001 C.4.b), with its validity and scan."""

    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("jenis dokumen"), max_length=4, choices=AgreementKind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    parties = models.CharField(_("para pihak"), max_length=250)
    starts_on = models.DateField(_("berlaku mulai"))
    ends_on = models.DateField(_("berlaku sampai"))
    file = models.FileField(_("berkas (PDF/gambar)"), upload_to="jejaring/perjanjian/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-ends_on"]
        constraints = [models.CheckConstraint(name="agreement_ends_after_start",
                                              condition=models.Q(ends_on__gte=models.F("starts_on")))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days

    @property
    def status(self) -> str:
        """"kedaluwarsa" after its end, "segera berakhir" within 60 days of it, else "berlaku"."""
        left = self.days_left()
        if left < 0:
            return "kedaluwarsa"
        return "segera berakhir" if left <= EXPIRY_WARNING_DAYS else "berlaku"


class Pathway(models.Model):
    """One IQ-Care cycle for one priority problem, identified from an indicator of the Puskesmas wilayah."""

    puskesmas = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="iqcare_pathways")
    problem = models.CharField(_("masalah kesehatan prioritas"), max_length=200)
    indicator_code = models.CharField(_("indikator"), max_length=40)
    members = models.ManyToManyField(NetworkMember, related_name="pathways", verbose_name=_("anggota jejaring"))
    baseline_year = models.PositiveSmallIntegerField()
    baseline_month = models.PositiveSmallIntegerField()
    baseline_value = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    guideline = models.CharField(_("PNPK / PPK yang diikuti"), max_length=250, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.problem

    def get_absolute_url(self) -> str:
        return reverse("network:pathway_detail", args=[self.pk])


class PathwayStep(models.Model):
    """A task of the written care pathway: which facility does what, in which phase (promotive to palliative)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    phase = models.CharField(_("tahap layanan"), max_length=15, choices=Phase.choices)
    member = models.ForeignKey(NetworkMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("pelaksana"), help_text=_("Kosong: Puskesmas sendiri"))
    task = models.CharField(_("tugas"), max_length=250)

    class Meta:
        ordering = ["pathway", "phase", "pk"]


class TeamMember(models.Model):
    """A professional of the multidisciplinary team (IQ-Care tahap 4), at the Puskesmas or a member facility."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("nama"), max_length=120)
    profession = models.CharField(_("profesi"), max_length=60)
    member = models.ForeignKey(NetworkMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("asal fasilitas"), help_text=_("Kosong: Puskesmas sendiri"))

    class Meta:
        ordering = ["pathway", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.profession})"


class Task(models.Model):
    """An assigned piece of the implementation, with its status."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("tugas"), max_length=250)
    assignee = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("penanggung jawab"))
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.BELUM)

    class Meta:
        ordering = ["pathway", "status", "due_on", "pk"]


class Monitoring(models.Model):
    """A monthly monitoring or a 6/12-month evaluation, with the indicator before (baseline) and at the month."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="monitorings")
    kind = models.CharField(_("jenis"), max_length=12, choices=MonitoringKind.choices)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    before_value = models.DecimalField(max_digits=7, decimal_places=1, null=True)
    after_value = models.DecimalField(max_digits=7, decimal_places=1, null=True)
    after_numerator = models.PositiveIntegerField(default=0)
    after_denominator = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    findings = models.TextField(_("temuan"))
    follow_up = models.TextField(_("rencana tindak lanjut"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-month", "kind"]
        constraints = [models.UniqueConstraint(fields=["pathway", "kind", "year", "month"], name="one_monitoring_per_month")]


class ChecklistItem(models.Model):
    """The status of one integration area (seed 001 C.5) at one Pustu or Posyandu."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.CASCADE, related_name="integration_items")
    area = models.CharField(_("aspek"), max_length=15, choices=ChecklistArea.choices)
    status = models.CharField(_("status"), max_length=10, choices=ChecklistStatus.choices, default=ChecklistStatus.BELUM)
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["facility", "area"]
        constraints = [models.UniqueConstraint(fields=["facility", "area"], name="one_status_per_area")]
