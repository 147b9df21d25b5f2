"""The FDI tooth numbers, the statuses an odontogram records, and DMF-T / def-t counted from a chart.

Pure Python: no database, so the counts are tested on hand-made charts. Formulas and the status set:
docs/decisions/0015-dental-and-nutrition.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass

# FDI two-digit notation: quadrant (1–4 permanent, 5–8 primary) then the tooth from the midline.
PERMANENT = frozenset(q * 10 + t for q in (1, 2, 3, 4) for t in range(1, 9))
PRIMARY = frozenset(q * 10 + t for q in (5, 6, 7, 8) for t in range(1, 6))
ALL_TEETH = PERMANENT | PRIMARY

# Rows of the chart as the odontogram form prints them, seen from the front: the patient's right on the left.
UPPER_PERMANENT = [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28]
UPPER_PRIMARY = [55, 54, 53, 52, 51, 61, 62, 63, 64, 65]
LOWER_PRIMARY = [85, 84, 83, 82, 81, 71, 72, 73, 74, 75]
LOWER_PERMANENT = [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38]


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    symbol: str  # what the paper odontogram writes on the tooth
    dmf: str  # "d" decayed, "m" missing/extraction (e in def-t), "f" filled, "" not counted
    present: bool  # the tooth is in the mouth, so a treatment can be done on it
    primary_only: bool = False


STATUSES = (
    Status("sehat", "Sehat / tidak ada temuan", "sou", "", True),
    Status("karies", "Karies (gigi berlubang)", "car", "d", True),
    Status("tumpatan_karies", "Tumpatan dengan karies", "fcar", "d", True),
    Status("tumpatan", "Tumpatan baik (tanpa karies)", "fil", "f", True),
    Status("sisa_akar", "Sisa akar (radiks)", "rrx", "m", True),
    Status("indikasi_cabut", "Indikasi pencabutan karena karies", "ext", "m", True),
    Status("hilang_karies", "Hilang karena karies (sudah dicabut)", "mis", "m", False),
    Status("hilang_lain", "Hilang bukan karena karies (trauma, ortodonti, tanggal alami)", "mis-o", "", False),
    Status("belum_erupsi", "Belum erupsi", "une", "", False),
    Status("sealant", "Fissure sealant", "fis", "", True),
    Status("fraktur", "Fraktur (bukan karies)", "fra", "", True),
    Status("gigi_tiruan", "Gigi tiruan / pontik", "prd", "", False),
    Status("persistensi", "Persistensi gigi sulung", "per", "", True, primary_only=True),
)
STATUS_BY_CODE = {s.code: s for s in STATUSES}
SOUND = "sehat"
ABSENT = frozenset(s.code for s in STATUSES if not s.present)
# A tooth recorded as lost stays lost: from these it can only become a prosthesis (or be corrected).
LOST = frozenset({"hilang_karies", "hilang_lain"})


def is_primary(tooth: int) -> bool:
    return tooth in PRIMARY


@dataclass(frozen=True)
class DmfCount:
    """Decayed, missing (or e: extracted / indicated for extraction), filled teeth, and their sum."""

    d: int
    m: int
    f: int

    @property
    def total(self) -> int:
        return self.d + self.m + self.f


def count(chart: Mapping[int, str], *, primary: bool) -> DmfCount:
    """DMF-T (permanent teeth) or def-t (primary teeth) of a chart {tooth: status code}.

    Each tooth counts at most once, in its worst state: a filling with new caries is D, not D and F.
    Teeth not in the chart are sound. Unknown status codes raise KeyError rather than count as sound.
    """
    teeth = PRIMARY if primary else PERMANENT
    parts = {"d": 0, "m": 0, "f": 0}
    for tooth, code in chart.items():
        if tooth in teeth:
            kind = STATUS_BY_CODE[code].dmf
            if kind:
                parts[kind] += 1
    return DmfCount(**parts)


def dmft(chart: Mapping[int, str]) -> DmfCount:
    return count(chart, primary=False)


def deft(chart: Mapping[int, str]) -> DmfCount:
    return count(chart, primary=True)
