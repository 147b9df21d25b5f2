"""NIK (Nomor Induk Kependudukan) checks, per DOMAIN.md §6.4 (Dukcapil layout).

Digits 1-6: province, kab/kota and kecamatan of first issue; 7-12: DDMMYY birth date with
DD + 40 for women; 13-16: serial from 0001. Hard errors reject; warnings ask the clerk to look.
The domicile is never derived from the NIK (people move; PWS uses the recorded desa).
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

NOT_16_DIGITS = "NIK harus 16 angka."
UNKNOWN_PROVINCE = "Kode provinsi %(code)s pada NIK tidak ada."
BAD_DAY = "Tanggal lahir pada NIK (angka ke-7 dan ke-8) tidak mungkin: %(day)s."
BAD_MONTH = "Bulan lahir pada NIK (angka ke-9 dan ke-10) tidak mungkin: %(month)s."
IMPOSSIBLE_DATE = "Tanggal lahir pada NIK tidak ada di kalender: %(date)s."
ZERO_SERIAL = "Nomor urut NIK (4 angka terakhir) tidak boleh 0000."
WARN_UNKNOWN_KABKOTA = "Kode kabupaten/kota %(code)s pada NIK tidak dikenal; periksa kembali."
WARN_UNKNOWN_KECAMATAN = "Kode kecamatan %(code)s pada NIK tidak dikenal; periksa kembali."
WARN_SEX = "Jenis kelamin tidak sesuai dengan NIK (tanggal pada NIK menunjukkan %(sex)s)."
WARN_BIRTH_DATE = "Tanggal lahir %(entered)s tidak sesuai dengan NIK (%(nik)s)."


class NikError(ValueError):
    """The NIK cannot be right; `.message` says why in words a clerk understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Nik:
    """A NIK that passed the hard checks, with what it encodes and any warnings."""

    value: str
    birth_date: dt.date
    sex: str  # "M" / "F"
    warnings: list[str] = field(default_factory=list)

    @property
    def kecamatan_code(self) -> str:
        return f"{self.value[0:2]}.{self.value[2:4]}.{self.value[4:6]}"


@lru_cache(maxsize=1)
def _known_codes() -> dict[str, frozenset[str]]:
    """Province, kab/kota and kecamatan codes from the official list (plain digits)."""
    data = settings.ILP_REGION_DATA
    codes = {}
    for level, filename in (("provinsi", "provinces.csv"), ("kabkota", "regencies.csv"), ("kecamatan", "districts.csv")):
        with (data / filename).open(encoding="utf-8", newline="") as handle:
            codes[level] = frozenset(row["code"].replace(".", "") for row in csv.DictReader(handle))
    return codes


def _century(yy: int, today: dt.date) -> int:
    # Two-digit years: the latest century that does not put the birth in the future.
    year = 2000 + yy
    return year if year <= today.year else year - 100


def parse_nik(raw: str, *, today: dt.date | None = None) -> Nik:
    """Check a NIK and decode its birth date and sex; raises NikError on a hard error."""
    value = (raw or "").strip().replace(" ", "").replace(".", "")
    if len(value) != 16 or not value.isdigit():
        raise NikError(_(NOT_16_DIGITS))
    codes = _known_codes()
    if value[:2] not in codes["provinsi"]:
        raise NikError(_(UNKNOWN_PROVINCE) % {"code": value[:2]})
    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise NikError(_(BAD_DAY) % {"day": value[6:8]})
    if not 1 <= month <= 12:
        raise NikError(_(BAD_MONTH) % {"month": value[8:10]})
    sex = "F" if day > 40 else "M"
    today = today or dt.date.today()
    try:
        birth_date = dt.date(_century(yy, today), month, day - 40 if day > 40 else day)
    except ValueError:
        raise NikError(_(IMPOSSIBLE_DATE) % {"date": f"{value[6:8]}-{value[8:10]}-{value[10:12]}"}) from None
    if value[12:] == "0000":
        raise NikError(_(ZERO_SERIAL))
    warnings = []
    if value[:4] not in codes["kabkota"]:
        warnings.append(_(WARN_UNKNOWN_KABKOTA) % {"code": f"{value[0:2]}.{value[2:4]}"})
    elif value[:6] not in codes["kecamatan"]:
        warnings.append(_(WARN_UNKNOWN_KECAMATAN) % {"code": f"{value[0:2]}.{value[2:4]}.{value[4:6]}"})
    return Nik(value=value, birth_date=birth_date, sex=sex, warnings=warnings)


def consistency_warnings(nik: Nik, *, sex: str | None, birth_date: dt.date | None) -> list[str]:
    """Warnings when the record disagrees with the NIK (placeholder dates exist, so never an error)."""
    warnings = []
    if sex and sex != nik.sex:
        warnings.append(_(WARN_SEX) % {"sex": _("perempuan") if nik.sex == "F" else _("laki-laki")})
    # Compare day and month and the two-digit year: the century is a guess.
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        nik.birth_date.day, nik.birth_date.month, nik.birth_date.year % 100
    ):
        warnings.append(_(WARN_BIRTH_DATE) % {"entered": birth_date.strftime("%d-%m-%Y"), "nik": nik.birth_date.strftime("%d-%m-%Y")})
    return warnings


def build_nik(*, kecamatan_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Compose a NIK (used by the demo generator and the tests)."""
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{kecamatan_code.replace('.', '')}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
