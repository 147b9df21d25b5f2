"""Indikator Nasional Mutu (INM) Puskesmas, PMK 30/2022, and the outpatient waiting time.

Two are computed from the records and never typed in: the waiting time (from the flow's timestamps)
and patient satisfaction (from the survey answers). The others are observed on paper (audits of hand
hygiene, APD, identification) or come from programme registers, so a month's numerator and
denominator are entered.
"""

from dataclasses import dataclass
from decimal import Decimal

WAITING_TIME = "waktu_tunggu"
SATISFACTION = "kepuasan_pasien"
WAIT_LIMIT_MINUTES = 60  # INM waktu tunggu rawat jalan: ≤ 60 minutes from arrival to being seen


@dataclass(frozen=True)
class InmIndicator:
    code: str
    name: str
    numerator: str
    denominator: str
    target: Decimal  # percent, higher is better
    computed: bool = False


INDICATORS = [
    InmIndicator("kebersihan_tangan", "Kepatuhan kebersihan tangan", "Tindakan kebersihan tangan yang dilakukan",
                 "Peluang kebersihan tangan yang diamati", Decimal(85)),
    InmIndicator("apd", "Kepatuhan penggunaan APD", "Petugas yang patuh memakai APD sesuai indikasi",
                 "Petugas yang diamati", Decimal(100)),
    InmIndicator("identifikasi_pasien", "Kepatuhan identifikasi pasien", "Pasien yang diidentifikasi dengan benar",
                 "Pasien yang diamati", Decimal(100)),
    InmIndicator("pengobatan_tb", "Keberhasilan pengobatan pasien TB semua kasus sensitif obat",
                 "Pasien TB SO sembuh atau pengobatan lengkap", "Pasien TB SO yang diobati", Decimal(90)),
    InmIndicator("anc_standar", "Ibu hamil yang mendapatkan pelayanan ANC sesuai standar",
                 "Ibu hamil yang mendapat ANC sesuai standar", "Ibu hamil yang dilayani", Decimal(100)),
    InmIndicator(WAITING_TIME, "Waktu tunggu rawat jalan ≤ 60 menit",
                 "Kunjungan dilayani di ruang pemeriksaan ≤ 60 menit sejak datang",
                 "Kunjungan rawat jalan yang dilayani di ruang pemeriksaan", Decimal(80), computed=True),
    InmIndicator(SATISFACTION, "Kepuasan pasien", "Responden yang puas atau sangat puas (nilai 3–4)",
                 "Responden survei", Decimal("76.61"), computed=True),
]
BY_CODE = {i.code: i for i in INDICATORS}
ENTERED = [i for i in INDICATORS if not i.computed]
