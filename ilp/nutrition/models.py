"""Nutrition counselling at a visit, and PMT (pemberian makanan tambahan) from start to outcome."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    ASI_MPASI = "asi_mpasi", _("ASI eksklusif dan MP-ASI")
    GIZI_SEIMBANG = "gizi_seimbang", _("Gizi seimbang (Isi Piringku)")
    GIZI_KURANG = "gizi_kurang", _("Gizi kurang / berat badan kurang")
    GIZI_BURUK = "gizi_buruk", _("Gizi buruk: tata laksana dan rujukan")
    STUNTING = "stunting", _("Stunting: pencegahan dan pendampingan")
    OBESITAS = "obesitas", _("Gizi lebih / obesitas")
    KEK = "kek", _("Ibu hamil KEK")
    ANEMIA = "anemia", _("Anemia dan tablet tambah darah")
    DIET_PTM = "diet_ptm", _("Diet penyakit tidak menular (DM, hipertensi)")


class Counselling(models.Model):
    """One nutrition counselling session (konseling gizi) at a visit, with the measurement it was based on."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="nutrition_counsellings")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="nutrition_counsellings")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    counselled_on = models.DateField(db_index=True)
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    measurement = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text=_("catatan pertumbuhan (balita) atau ANC (LILA) terakhir"))
    topics = models.JSONField(default=list)
    assessment = models.CharField(_("asesmen gizi"), max_length=1000)
    advice = models.CharField(_("anjuran"), max_length=1000)
    next_visit_on = models.DateField(_("kontrol berikutnya"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-counselled_on", "-id"]

    def __str__(self) -> str:
        return f"Konseling gizi {self.counselled_on:%d-%m-%Y}"

    def topic_labels(self) -> list[str]:
        return [Topic(code).label for code in self.topics if code in Topic.values]


class PmtProgram(models.Model):
    """A course of PMT for a wasted balita or a pregnant woman with KEK: eligibility at start, outcome at the end."""

    class Target(models.TextChoices):
        BALITA = "balita_wasting", _("Balita gizi kurang (BB/TB < −2 SD)")
        BUMIL = "bumil_kek", _("Ibu hamil KEK (LILA < 23,5 cm)")

    class Kind(models.TextChoices):
        LOKAL = "lokal", _("PMT lokal (bahan pangan lokal)")
        PABRIKAN = "pabrikan", _("PMT pabrikan (biskuit)")

    class Status(models.TextChoices):
        RUNNING = "berjalan", _("berjalan")
        FINISHED = "selesai", _("selesai")
        STOPPED = "berhenti", _("berhenti sebelum selesai")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="pmt_programs")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(max_length=20, choices=Target.choices)
    kind = models.CharField(_("jenis PMT"), max_length=10, choices=Kind.choices)
    started_on = models.DateField(_("mulai"))
    planned_days = models.PositiveSmallIntegerField(_("lama rencana (hari)"))
    basis = models.ForeignKey("packages.PackageRecord", on_delete=models.PROTECT, related_name="+",
                              help_text=_("pengukuran yang membuat sasaran layak PMT"))
    basis_value = models.DecimalField(max_digits=5, decimal_places=2, help_text=_("BB/TB z-skor atau LILA (cm) saat mulai"))
    start_weight = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True)
    ended_on = models.DateField(null=True, blank=True)
    end_record = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_value = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    end_weight = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    weight_gain = models.DecimalField(_("kenaikan berat (kg)"), max_digits=5, decimal_places=1, null=True, blank=True)
    recovered = models.BooleanField(_("pulih"), null=True)
    outcome_note = models.CharField(max_length=500, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"PMT {self.get_target_display()} {self.started_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("nutrition:pmt_detail", args=[self.patient_id]) + f"#pmt-{self.pk}"


class PmtDistribution(models.Model):
    """One hand-out of PMT (daily or weekly) to the mother or the child's carer."""

    class Unit(models.TextChoices):
        PORSI = "porsi", _("porsi makanan lokal")
        PAKET = "paket", _("paket bahan pangan")
        KEPING = "keping", _("keping biskuit")
        KEMASAN = "kemasan", _("kemasan/bungkus")

    class Period(models.TextChoices):
        DAILY = "harian", _("harian")
        WEEKLY = "mingguan", _("mingguan")

    program = models.ForeignKey(PmtProgram, on_delete=models.PROTECT, related_name="distributions")
    given_on = models.DateField(_("tanggal"))
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    period = models.CharField(_("pemberian"), max_length=10, choices=Period.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["given_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="pmt_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.given_on:%d-%m-%Y} {self.quantity} {self.unit}"
