"""Choices of Klaster 1 records: staff, assets, quality, planning, finance."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffKind(models.TextChoices):
    DOKTER = "dokter", _("Dokter")
    DOKTER_GIGI = "dokter_gigi", _("Dokter gigi")
    BIDAN = "bidan", _("Bidan")
    PERAWAT = "perawat", _("Perawat")
    PERAWAT_GIGI = "perawat_gigi", _("Terapis gigi dan mulut")
    GIZI = "gizi", _("Nutrisionis (gizi)")
    KESLING = "kesling", _("Sanitarian (kesling)")
    ANALIS = "analis", _("Ahli teknologi laboratorium medik (analis)")
    APOTEKER = "apoteker", _("Apoteker")
    TTK = "ttk", _("Tenaga teknis kefarmasian")
    PROMKES = "promkes", _("Tenaga promosi kesehatan")
    EPIDEMIOLOG = "epidemiolog", _("Epidemiolog kesehatan")
    REKAM_MEDIS = "rekam_medis", _("Perekam medis")
    ADMINISTRASI = "administrasi", _("Tenaga administrasi")
    LAIN = "lain", _("Lainnya (sopir, kebersihan, keamanan)")


# Staff whose practice needs an STR and a SIP (UU 17/2023 Kesehatan); administration does not.
LICENSED_KINDS = frozenset(set(StaffKind) - {StaffKind.ADMINISTRASI, StaffKind.LAIN})


class Employment(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")
    BLUD = "blud", _("Kontrak BLUD")
    KONTRAK = "kontrak", _("Kontrak daerah")
    NUSANTARA_SEHAT = "ns", _("Nusantara Sehat")
    HONORER = "honorer", _("Honorer / sukarela")


class Education(models.TextChoices):
    SMA = "sma", _("SMA/SMK")
    D3 = "d3", _("D3")
    D4 = "d4", _("D4")
    S1 = "s1", _("S1")
    PROFESI = "profesi", _("Profesi (Ners, dokter, apoteker, bidan)")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3 / spesialis")


class LicenceKind(models.TextChoices):
    STR = "str", _("STR")
    SIP = "sip", _("SIP")


class Shift(models.TextChoices):
    PAGI = "P", _("Pagi (07.30–14.00)")
    SIANG = "S", _("Siang (14.00–21.00)")
    MALAM = "M", _("Malam (21.00–07.30)")
    LIBUR = "L", _("Libur")
    CUTI = "C", _("Cuti")


class AssetCategory(models.TextChoices):
    """ASPAK groups: alat kesehatan, sarana (buildings) and prasarana (utilities), and the rest."""

    ALKES = "alkes", _("Alat kesehatan")
    ALAT_NON_MEDIS = "non_medis", _("Alat non-kesehatan (mebel, ATK, elektronik)")
    SARANA = "sarana", _("Sarana: bangunan dan ruang")
    PRASARANA = "prasarana", _("Prasarana: listrik, air, gas medik, IPAL")
    KENDARAAN = "kendaraan", _("Kendaraan (ambulans, pusling, roda dua)")
    TIK = "tik", _("Perangkat TIK (komputer, jaringan)")


class Condition(models.TextChoices):
    BAIK = "baik", _("Baik")
    RUSAK_RINGAN = "rusak_ringan", _("Rusak ringan")
    RUSAK_BERAT = "rusak_berat", _("Rusak berat")


class IncidentKind(models.TextChoices):
    """Insiden keselamatan pasien (PMK 11/2017)."""

    SENTINEL = "sentinel", _("Kejadian sentinel")
    KTD = "ktd", _("KTD: kejadian tidak diharapkan")
    KNC = "knc", _("KNC: kejadian nyaris cedera")
    KTC = "ktc", _("KTC: kejadian tidak cedera")
    KPC = "kpc", _("KPC: kondisi potensial cedera")


class RiskGrade(models.TextChoices):
    """Risk grading matrix (dampak × probabilitas) of PMK 11/2017."""

    BIRU = "biru", _("Biru (risiko rendah)")
    HIJAU = "hijau", _("Hijau (risiko sedang)")
    KUNING = "kuning", _("Kuning (risiko tinggi)")
    MERAH = "merah", _("Merah (risiko ekstrem)")


class IncidentStatus(models.TextChoices):
    REPORTED = "dilaporkan", _("Dilaporkan")
    INVESTIGATING = "investigasi", _("Investigasi / RCA")
    CLOSED = "selesai", _("Tindak lanjut selesai")


class PlanKind(models.TextChoices):
    RUK = "ruk", _("RUK (usulan tahun depan)")
    RPK = "rpk", _("RPK (pelaksanaan tahun berjalan)")


class WorkStatus(models.TextChoices):
    PLANNED = "rencana", _("Rencana")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


class WorkshopKind(models.TextChoices):
    MONTHLY = "bulanan", _("Lokakarya mini bulanan (internal)")
    QUARTERLY = "tribulanan", _("Lokakarya mini tribulanan (lintas sektor)")


class FundSource(models.TextChoices):
    RETRIBUSI = "retribusi", _("Retribusi pasien umum (kasir)")
    KAPITASI = "kapitasi", _("JKN kapitasi")
    NON_KAPITASI = "non_kapitasi", _("JKN non-kapitasi")
    BOK = "bok", _("BOK")
    APBD = "apbd", _("APBD")
    LAIN = "lain", _("Lain-lain")


class Direction(models.TextChoices):
    REVENUE = "masuk", _("Pendapatan")
    SPENDING = "keluar", _("Belanja")
