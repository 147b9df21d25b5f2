"""The TB register (DOMAIN.md §5): a case from terduga (presumptive) to treatment outcome, its tests, and the
contacts of an index case (investigasi kontak, IK) up to preventive therapy (TPT)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ilp.core.models import TimeStamped


class TbCase(TimeStamped):
    """One TB episode of a patient: terduga → tested → diagnosed (bacteriological/clinical) → OAT → outcome."""

    class Stage(models.TextChoices):
        TERDUGA = "terduga", _("Terduga TBC")
        DIPERIKSA = "diperiksa", _("Sedang diperiksa")
        TBC = "tbc", _("TBC, belum diobati")
        BUKAN_TBC = "bukan_tbc", _("Bukan TBC")
        PENGOBATAN = "pengobatan", _("Dalam pengobatan")
        SELESAI = "selesai", _("Pengobatan selesai")

    class Source(models.TextChoices):
        SKRINING = "skrining", _("Skrining gejala")
        KONTAK = "kontak", _("Investigasi kontak")
        RUJUKAN = "rujukan", _("Rujukan")
        LAINNYA = "lainnya", _("Lainnya")

    class Diagnosis(models.TextChoices):
        BAKTERIOLOGIS = "bakteriologis", _("TBC terkonfirmasi bakteriologis")
        KLINIS = "klinis", _("TBC terdiagnosis klinis")
        BUKAN_TBC = "bukan_tbc", _("Bukan TBC")

    class Site(models.TextChoices):
        PARU = "paru", _("TBC paru")
        EKSTRA_PARU = "ekstra_paru", _("TBC ekstra paru")

    class Resistance(models.TextChoices):
        SENSITIF = "so", _("TBC sensitif obat (SO)")
        RESISTAN = "ro", _("TBC resistan obat (RO)")

    class Regimen(models.TextChoices):
        KATEGORI_1 = "kategori_1", _("Paduan OAT SO dewasa (2RHZE/4RH)")
        ANAK = "anak", _("Paduan OAT SO anak (2RHZ(E)/4RH)")
        RO = "ro", _("Paduan OAT RO")

    class Outcome(models.TextChoices):
        SEMBUH = "sembuh", _("Sembuh")
        LENGKAP = "lengkap", _("Pengobatan lengkap")
        GAGAL = "gagal", _("Gagal")
        MENINGGAL = "meninggal", _("Meninggal")
        PUTUS_BEROBAT = "putus_berobat", _("Putus berobat (loss to follow-up)")
        TIDAK_DIEVALUASI = "tidak_dievaluasi", _("Tidak dievaluasi")

    class TestStatus(models.TextChoices):
        REAKTIF = "reaktif", _("Reaktif")
        NONREAKTIF = "nonreaktif", _("Non-reaktif")
        DM = "dm", _("Diabetes melitus")
        BUKAN_DM = "bukan_dm", _("Bukan DM")
        TIDAK_DIPERIKSA = "tidak_diperiksa", _("Tidak diperiksa")

    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="tb_cases")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("tahap"), max_length=12, choices=Stage.choices, default=Stage.TERDUGA)
    source = models.CharField(_("ditemukan dari"), max_length=10, choices=Source.choices)
    screening = models.ForeignKey("packages.PackageRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    presumptive_on = models.DateField(_("tanggal terduga"))
    diagnosis = models.CharField(_("diagnosis"), max_length=14, choices=Diagnosis.choices, blank=True)
    site = models.CharField(_("lokasi anatomi"), max_length=12, choices=Site.choices, blank=True)
    resistance = models.CharField(_("status resistansi"), max_length=2, choices=Resistance.choices, blank=True)
    diagnosed_on = models.DateField(_("tanggal diagnosis"), null=True, blank=True)
    diagnosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    treatment_started_on = models.DateField(_("tanggal mulai OAT"), null=True, blank=True)
    regimen = models.CharField(_("paduan OAT"), max_length=12, choices=Regimen.choices, blank=True)
    hiv_status = models.CharField(_("status HIV"), max_length=16, choices=TestStatus.choices, blank=True)
    dm_status = models.CharField(_("skrining DM"), max_length=16, choices=TestStatus.choices, blank=True)
    outcome = models.CharField(_("hasil pengobatan"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("tanggal hasil pengobatan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-presumptive_on", "-id"]
        verbose_name = _("kasus TBC")
        verbose_name_plural = _("kasus TBC")
        constraints = [
            # One open episode per patient: a second terduga entry would split the cascade.
            models.UniqueConstraint(fields=["patient"], condition=~Q(stage__in=["bukan_tbc", "selesai"]),
                                    name="one_open_tb_case_per_patient"),
        ]

    def __str__(self) -> str:
        return f"TBC {self.patient_id} {self.presumptive_on:%d-%m-%Y} ({self.stage})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tb:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage not in (self.Stage.BUKAN_TBC, self.Stage.SELESAI)

    @property
    def is_index(self) -> bool:
        """Index case for contact investigation: bacteriologically confirmed pulmonary TB (DOMAIN.md §5)."""
        return self.diagnosis == self.Diagnosis.BAKTERIOLOGIS and self.site == self.Site.PARU


class TbTest(models.Model):
    """A test ordered for a case (TCM, smear, chest X-ray) and, once known, its result."""

    class Kind(models.TextChoices):
        TCM = "tcm", _("Tes cepat molekuler (TCM)")
        BTA = "bta", _("Mikroskopis BTA")
        CXR = "cxr", _("Foto toraks")

    class Result(models.TextChoices):
        MTB_RIF_SENSITIF = "mtb_rif_sensitif", _("MTB terdeteksi, rifampisin sensitif")
        MTB_RIF_RESISTAN = "mtb_rif_resistan", _("MTB terdeteksi, rifampisin resistan")
        MTB_RIF_INDETERMINATE = "mtb_rif_indet", _("MTB terdeteksi, rifampisin indeterminate")
        MTB_NEGATIF = "mtb_negatif", _("MTB tidak terdeteksi")
        TIDAK_VALID = "tidak_valid", _("Error / tidak valid")
        BTA_POSITIF = "bta_positif", _("BTA positif")
        BTA_NEGATIF = "bta_negatif", _("BTA negatif")
        CXR_SUGESTIF = "cxr_sugestif", _("Gambaran sugestif TBC")
        CXR_NORMAL = "cxr_normal", _("Tidak sugestif TBC")

    class Place(models.TextChoices):
        PUSKESMAS = "puskesmas", _("Puskesmas")
        PUSTU = "pustu", _("Pustu")
        RUMAH = "rumah", _("Rumah (kunjungan)")

    case = models.ForeignKey(TbCase, on_delete=models.PROTECT, related_name="tests")
    kind = models.CharField(_("jenis pemeriksaan"), max_length=4, choices=Kind.choices)
    ordered_on = models.DateField(_("tanggal permintaan / pengambilan sampel"))
    sample_place = models.CharField(_("tempat pengambilan sampel"), max_length=10, choices=Place.choices, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("hasil"), max_length=16, choices=Result.choices, blank=True)
    result_on = models.DateField(_("tanggal hasil"), null=True, blank=True)
    result_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ordered_on", "id"]
        verbose_name = _("pemeriksaan TBC")
        verbose_name_plural = _("pemeriksaan TBC")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ordered_on:%d-%m-%Y}: {self.get_result_display() or '-'}"


class TbContact(TimeStamped):
    """A household or close contact of an index case, screened and tested; the doctor decides TPT, OAT or neither."""

    class Relation(models.TextChoices):
        SERUMAH = "serumah", _("Kontak serumah")
        ERAT = "erat", _("Kontak erat")

    class Finding(models.TextChoices):
        NORMAL = "normal", _("Normal / negatif")
        ABNORMAL = "abnormal", _("Abnormal / positif")
        TIDAK_DILAKUKAN = "tidak_dilakukan", _("Tidak dilakukan")

    class Decision(models.TextChoices):
        TPT = "tpt", _("Memenuhi syarat TPT")
        OAT = "oat", _("TBC: diobati OAT")
        TIDAK = "tidak", _("Tidak TPT dan tidak OAT")

    class TptRegimen(models.TextChoices):
        THREE_HP = "3hp", _("3HP (isoniazid + rifapentin, 12 dosis mingguan)")
        THREE_HR = "3hr", _("3HR (isoniazid + rifampisin, 3 bulan)")
        SIX_H = "6h", _("6H (isoniazid, 6 bulan)")
        SIX_LFX = "6lfx", _("6Lfx (levofloksasin, kontak TBC RO)")

    index_case = models.ForeignKey(TbCase, on_delete=models.PROTECT, related_name="contacts")
    patient = models.ForeignKey("people.Patient", on_delete=models.PROTECT, related_name="tb_contacts")
    relation = models.CharField(_("jenis kontak"), max_length=8, choices=Relation.choices)
    listed_on = models.DateField(_("tanggal didata"))
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    screened_on = models.DateField(_("tanggal skrining"), null=True, blank=True)
    symptomatic = models.BooleanField(_("bergejala TBC"), null=True, blank=True)
    presumptive_case = models.ForeignKey(TbCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tested_on = models.DateField(_("tanggal pemeriksaan"), null=True, blank=True)
    cxr = models.CharField(_("foto toraks"), max_length=16, choices=Finding.choices, blank=True)
    infection_test = models.CharField(_("TST/IGRA"), max_length=16, choices=Finding.choices, blank=True)
    decision = models.CharField(_("keputusan dokter"), max_length=6, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_note = models.CharField(_("catatan keputusan"), max_length=300, blank=True)
    tpt_started_on = models.DateField(_("tanggal mulai TPT"), null=True, blank=True)
    tpt_regimen = models.CharField(_("paduan TPT"), max_length=6, choices=TptRegimen.choices, blank=True)

    class Meta:
        ordering = ["listed_on", "id"]
        verbose_name = _("kontak TBC")
        verbose_name_plural = _("kontak TBC")
        constraints = [models.UniqueConstraint(fields=["index_case", "patient"], name="one_contact_row_per_index")]

    def __str__(self) -> str:
        return f"kontak {self.patient_id} dari kasus {self.index_case_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tb:contact_detail", args=[self.pk])
