"""Choices of the jejaring: the five structures of seed 001, member kinds, IQ-Care phases and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Structure(models.TextChoices):
    """Seed 001 C.1 (a–e), plus the jejaring FKTP of the IQ-Care model (seed 000)."""

    ADMINISTRATIF = "administratif", _("Wilayah administratif")
    SEKOLAH = "sekolah", _("Sekolah")
    TEMPAT_KERJA = "tempat_kerja", _("Tempat kerja")
    RUJUKAN = "rujukan", _("Sistem rujukan")
    LINTAS_SEKTOR = "lintas_sektor", _("Lintas sektor")
    FKTP = "fktp", _("Jejaring FKTP")


class MemberKind(models.TextChoices):
    PUSTU = "pustu", _("Pustu")
    POSYANDU = "posyandu", _("Posyandu")
    SEKOLAH = "sekolah", _("Sekolah / madrasah")
    TEMPAT_KERJA = "tempat_kerja", _("Tempat kerja")
    RUMAH_SAKIT = "rumah_sakit", _("Rumah sakit rujukan (FKRTL)")
    LINTAS_SEKTOR = "lintas_sektor", _("Instansi lintas sektor")
    KLINIK = "klinik", _("Klinik pratama")
    DPM = "dpm", _("Praktik mandiri dokter")
    PMB = "pmb", _("Praktik mandiri bidan")
    LAB = "lab", _("Laboratorium")
    APOTEK = "apotek", _("Apotek")


STRUCTURE_OF = {
    MemberKind.PUSTU: Structure.ADMINISTRATIF, MemberKind.POSYANDU: Structure.ADMINISTRATIF,
    MemberKind.SEKOLAH: Structure.SEKOLAH, MemberKind.TEMPAT_KERJA: Structure.TEMPAT_KERJA,
    MemberKind.RUMAH_SAKIT: Structure.RUJUKAN, MemberKind.LINTAS_SEKTOR: Structure.LINTAS_SEKTOR,
    MemberKind.KLINIK: Structure.FKTP, MemberKind.DPM: Structure.FKTP, MemberKind.PMB: Structure.FKTP,
    MemberKind.LAB: Structure.FKTP, MemberKind.APOTEK: Structure.FKTP,
}
# Member kinds that are facilities of ilp.facilities (and must point at one of that kind); the others are named only.
FACILITY_KIND_OF = {MemberKind.PUSTU: "pustu", MemberKind.POSYANDU: "posyandu", MemberKind.RUMAH_SAKIT: "fkrtl",
                    MemberKind.KLINIK: "klinik", MemberKind.DPM: "dpm", MemberKind.LAB: "lab"}


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Nota kesepahaman (MoU)")
    PKS = "pks", _("Perjanjian kerja sama (PKS)")
    SK = "sk", _("SK Kepala Dinas Kesehatan")


class Phase(models.TextChoices):
    """The care pathway runs from promotive to palliative (seed 000, IQ-Care tahap 3)."""

    PROMOTIF = "promotif", _("Promotif")
    PREVENTIF = "preventif", _("Preventif")
    KURATIF = "kuratif", _("Kuratif")
    REHABILITATIF = "rehabilitatif", _("Rehabilitatif")
    PALIATIF = "paliatif", _("Paliatif")


class TaskStatus(models.TextChoices):
    BELUM = "belum", _("Belum mulai")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")


class MonitoringKind(models.TextChoices):
    BULANAN = "bulanan", _("Monitoring bulanan")
    EVALUASI_6 = "evaluasi_6", _("Evaluasi 6 bulan")
    EVALUASI_12 = "evaluasi_12", _("Evaluasi 12 bulan")


class ChecklistArea(models.TextChoices):
    """Seed 001 C.5 a–g: what the integration of Puskesmas, Pustu and Posyandu plans for."""

    SUMBER_DAYA = "sumber_daya", _("Pemenuhan sumber daya (sarana, prasarana, alat, obat dan BMHP, SDM, dana)")
    KOMPETENSI = "kompetensi", _("Pemenuhan kompetensi tenaga kesehatan")
    KADER = "kader", _("Manajemen kader")
    SOP = "sop", _("SOP pelayanan dan rujukan")
    STANDAR = "standar", _("Pelayanan sesuai standar")
    PENCATATAN = "pencatatan", _("Pencatatan dan pelaporan")
    STAKEHOLDER = "stakeholder", _("Kerja sama dan pembagian peran dengan stakeholder")


# Who the seed names as responsible for each area.
CHECKLIST_PARTIES = {
    ChecklistArea.SUMBER_DAYA: "Dinkes, Puskesmas, Pemdes, Dana Desa",
    ChecklistArea.KOMPETENSI: "Dinkes",
    ChecklistArea.KADER: "Pemdes, TP-PKK, Puskesmas, Dinkes",
    ChecklistArea.SOP: "Pusat, Dinkes, Puskesmas",
    ChecklistArea.STANDAR: "Puskesmas, Posyandu, Pustu",
    ChecklistArea.PENCATATAN: "Puskesmas, Posyandu, Pustu",
    ChecklistArea.STAKEHOLDER: "Dinkes, Puskesmas",
}


class ChecklistStatus(models.TextChoices):
    BELUM = "belum", _("Belum")
    PROSES = "proses", _("Dalam proses")
    TERPENUHI = "terpenuhi", _("Terpenuhi")
