"""Pandu PTM measurements (seed 004 step d): vital signs, height, weight, waist, as coded observations.

Hard limits reject (DOMAIN.md §6.4); soft limits warn. Codes are LOINC, units UCUM, as in
SATUSEHAT's examples.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    code: str
    display: str
    unit: str
    hard: tuple[Decimal, Decimal]
    soft: tuple[Decimal, Decimal] | None = None
    decimals: int = 0


def _d(low, high) -> tuple[Decimal, Decimal]:
    return Decimal(str(low)), Decimal(str(high))


VITALS = [
    Measure("sbp", "Tekanan darah sistolik", "8480-6", "Systolic blood pressure", "mm[Hg]", _d(50, 300), _d(70, 179)),
    Measure("dbp", "Tekanan darah diastolik", "8462-4", "Diastolic blood pressure", "mm[Hg]", _d(20, 200), _d(40, 109)),
    Measure("heart_rate", "Nadi", "8867-4", "Heart rate", "/min", _d(20, 250), _d(50, 120)),
    Measure("resp_rate", "Frekuensi napas", "9279-1", "Respiratory rate", "/min", _d(5, 80), _d(12, 30)),
    Measure("temperature", "Suhu tubuh", "8310-5", "Body temperature", "Cel", _d(30, 45), _d(35, 38.5), 1),
    Measure("weight", "Berat badan", "29463-7", "Body weight", "kg", _d(0.3, 300), None, 1),
    Measure("height", "Tinggi badan", "8302-2", "Body height", "cm", _d(30, 250), None, 1),
    Measure("waist", "Lingkar perut", "8280-0", "Waist circumference", "cm", _d(20, 250), _d(40, 150), 1),
]
VITALS_BY_ID = {m.id: m for m in VITALS}
SBP_NOT_ABOVE_DBP = "Tekanan sistolik harus lebih tinggi dari diastolik."
URGENT_BP = "Tekanan darah ≥180/110: perlu penilaian segera oleh dokter."
