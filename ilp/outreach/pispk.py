"""The 12 PIS-PK family indicators and the Indeks Keluarga Sehat (Permenkes 39/2016, Pedoman PIS-PK).

Per family: IKS = indicators met (Y) / indicators applicable (Y + T, i.e. 12 − N). Keluarga sehat
> 0.800, pra-sehat 0.500–0.800, tidak sehat < 0.500. Per area: IKS = keluarga sehat / families
surveyed; per indicator, coverage = Y / (Y + T). Decision record: docs/decisions/0005-outreach.md.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import IksCategory

YA, TIDAK, NA = "ya", "tidak", "na"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    applies_when: str      # when the indicator applies to a family (PIS-PK definitions)
    always: bool = False   # indicators 9–12 apply to every family
    follow_up: str = ""


INDICATORS = (
    Indicator("kb", "Keluarga mengikuti program Keluarga Berencana (KB)", "Ada pasangan usia subur",
              follow_up="Keluarga PUS belum ber-KB: konseling KB"),
    Indicator("persalinan_faskes", "Ibu melakukan persalinan di fasilitas kesehatan", "Ada bayi 0–11 bulan",
              follow_up="Persalinan bukan di fasyankes: periksa ibu dan bayi"),
    Indicator("imunisasi_lengkap", "Bayi mendapat imunisasi dasar lengkap", "Ada anak 12–23 bulan",
              follow_up="Bayi belum imunisasi dasar lengkap: imunisasi kejar"),
    Indicator("asi_eksklusif", "Bayi mendapat ASI eksklusif", "Ada anak 7–23 bulan",
              follow_up="Bayi tidak ASI eksklusif: konseling menyusui"),
    Indicator("pemantauan_balita", "Balita mendapatkan pemantauan pertumbuhan", "Ada balita 2–59 bulan",
              follow_up="Balita tidak ditimbang bulan lalu: ajak ke Posyandu"),
    Indicator("tbc_berobat", "Penderita TB paru mendapatkan pengobatan sesuai standar",
              "Ada anggota ≥ 15 tahun batuk ≥ 2 minggu atau penderita TBC",
              follow_up="Terduga/penderita TBC belum berobat sesuai standar: periksa dan dampingi"),
    Indicator("hipertensi_berobat", "Penderita hipertensi melakukan pengobatan secara teratur",
              "Ada anggota ≥ 15 tahun penderita hipertensi",
              follow_up="Penderita hipertensi tidak berobat teratur: kontrol ke Pustu/Puskesmas"),
    Indicator("jiwa_berobat", "Penderita gangguan jiwa mendapatkan pengobatan dan tidak ditelantarkan",
              "Ada penderita gangguan jiwa berat",
              follow_up="ODGJ berat belum diobati/ditelantarkan: kunjungan nakes"),
    Indicator("tidak_merokok", "Anggota keluarga tidak ada yang merokok", "Semua keluarga", always=True,
              follow_up="Ada anggota keluarga merokok: konseling berhenti merokok"),
    Indicator("jkn", "Keluarga sudah menjadi anggota JKN", "Semua keluarga", always=True,
              follow_up="Keluarga belum terdaftar JKN: bantu pendaftaran"),
    Indicator("air_bersih", "Keluarga mempunyai akses sarana air bersih", "Semua keluarga", always=True,
              follow_up="Keluarga belum punya akses air bersih: laporkan ke sanitarian"),
    Indicator("jamban_sehat", "Keluarga mempunyai akses atau menggunakan jamban sehat", "Semua keluarga", always=True,
              follow_up="Keluarga belum memakai jamban sehat: pemicuan STBM"),
)
BY_CODE = {i.code: i for i in INDICATORS}
SEHAT_ABOVE = Decimal("0.800")
PRA_SEHAT_FROM = Decimal("0.500")


def category(iks: Decimal | None) -> str:
    if iks is None:
        return ""
    if iks > SEHAT_ABOVE:
        return IksCategory.SEHAT
    return IksCategory.PRA_SEHAT if iks >= PRA_SEHAT_FROM else IksCategory.TIDAK_SEHAT


def family_iks(answers: dict[str, str]) -> tuple[int, int, Decimal | None, str]:
    """(met, applicable, IKS rounded to 3 places, category) for one family's answers."""
    met = sum(1 for i in INDICATORS if answers.get(i.code) == YA)
    applicable = sum(1 for i in INDICATORS if answers.get(i.code) in (YA, TIDAK))
    iks = (Decimal(met) / Decimal(applicable)).quantize(Decimal("0.001"), ROUND_HALF_UP) if applicable else None
    return met, applicable, iks, category(iks)
