"""Nutritional status of a child from its z-scores, per Permenkes 2/2020 (DOMAIN.md §2).

Categories are read from the z-score rounded to 2 decimals, so −2.00 is "normal" and −2.01 is
not. A z-score flagged implausible (DOMAIN.md 6.1 rule 8) is not classified until the child is
re-measured or the value confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilp.growth.engine import ZScores

SOURCE = "PMK 2/2020"

UNDER_FIVE_MONTHS = 60  # 0–59 mo rows below 60 months (DOMAIN.md §2, project decision)
ADULT_MONTHS = 18 * 12  # from 18 years the adult BMI cut-offs apply (DOMAIN.md §4)
SEVERE_MUAC_CM = 11.5  # LiLA below this is clinical gizi buruk at 6–59 months (WHO 2013)
SEVERE_FROM_MONTHS = 6


@dataclass(frozen=True)
class Category:
    """One cell of the Permenkes 2/2020 table: a stable code and its Indonesian label."""

    index: str  # "bb_u", "tb_u", "bb_tb", "imt_u" or "imt_u_5_18"
    code: str  # stable, for storage and counting, e.g. "sangat_pendek"
    label: str  # as printed in the Permenkes
    source: str = SOURCE


def _row(index: str, *cells: tuple[str, str]) -> tuple[Category, ...]:
    return tuple(Category(index, code, label) for code, label in cells)


# Columns, as in the Permenkes: z < −3 | −3 ≤ z < −2 | −2 ≤ z ≤ +1 | +1 < z ≤ +2 | +2 < z ≤ +3 | z > +3
_BB_SANGAT_KURANG = ("bb_sangat_kurang", "Berat badan sangat kurang (severely underweight)")
_BB_KURANG = ("bb_kurang", "Berat badan kurang (underweight)")
_BB_NORMAL = ("bb_normal", "Berat badan normal")
_RISIKO_BB_LEBIH = ("risiko_bb_lebih", "Risiko berat badan lebih")
_SANGAT_PENDEK = ("sangat_pendek", "Sangat pendek (severely stunted)")
_PENDEK = ("pendek", "Pendek (stunted)")
_NORMAL = ("normal", "Normal")
_TINGGI = ("tinggi", "Tinggi")
_GIZI_BURUK = ("gizi_buruk", "Gizi buruk (severely wasted)")
_GIZI_KURANG = ("gizi_kurang", "Gizi kurang (wasted)")
_GIZI_BAIK = ("gizi_baik", "Gizi baik (normal)")
_BERISIKO = ("berisiko_gizi_lebih", "Berisiko gizi lebih (possible risk of overweight)")
_GIZI_LEBIH = ("gizi_lebih", "Gizi lebih (overweight)")
_OBESITAS = ("obesitas", "Obesitas (obese)")

TABLE: dict[str, tuple[Category, ...]] = {
    "bb_u": _row("bb_u", _BB_SANGAT_KURANG, _BB_KURANG, _BB_NORMAL, *[_RISIKO_BB_LEBIH] * 3),
    "tb_u": _row("tb_u", _SANGAT_PENDEK, _PENDEK, _NORMAL, _NORMAL, _NORMAL, _TINGGI),
    "bb_tb": _row("bb_tb", _GIZI_BURUK, _GIZI_KURANG, _GIZI_BAIK, _BERISIKO, _GIZI_LEBIH, _OBESITAS),
    "imt_u": _row("imt_u", _GIZI_BURUK, _GIZI_KURANG, _GIZI_BAIK, _BERISIKO, _GIZI_LEBIH, _OBESITAS),
    "imt_u_5_18": _row(
        "imt_u_5_18", _GIZI_BURUK, _GIZI_KURANG, _GIZI_BAIK, _GIZI_LEBIH, _OBESITAS, _OBESITAS
    ),
}


def _column(z: float) -> int:
    if z < -3:
        return 0
    if z < -2:
        return 1
    if z <= 1:
        return 2
    if z <= 2:
        return 3
    if z <= 3:
        return 4
    return 5


def classify(index: str, z: float | None) -> Category | None:
    """The Permenkes 2/2020 category of a 2-decimal z-score on one index, or None without z."""
    if z is None:
        return None
    return TABLE[index][_column(z)]


@dataclass(frozen=True)
class NutritionStatus:
    """A child's status on each Permenkes index that applies at its age."""

    bb_u: Category | None  # weight-for-age, 0–59 months
    tb_u: Category | None  # length/height-for-age (PB/U, TB/U), 0–59 months
    bb_tb: Category | None  # weight-for-length/height (BB/PB, BB/TB), 0–59 months
    imt_u: Category | None  # BMI-for-age; 0–59 month table, or the 5–<18 year table
    implausible: frozenset[str]  # z-scores left unclassified because they are flagged
    gizi_buruk_klinis: bool  # 6–59 months with bilateral pitting oedema or LiLA < 11.5 cm


# Which indices apply in each age band: status field -> (Permenkes index, z-score).
_BANDS: dict[str, dict[str, tuple[str, str]]] = {
    "balita": {
        "bb_u": ("bb_u", "waz"),
        "tb_u": ("tb_u", "haz"),
        "bb_tb": ("bb_tb", "whz"),
        "imt_u": ("imt_u", "baz"),
    },
    # Without an age only weight-for-length/height can be read, and its WHO table is itself
    # an under-five standard.
    "umur_tidak_diketahui": {"bb_tb": ("bb_tb", "whz")},
    "5_18_tahun": {"imt_u": ("imt_u_5_18", "baz")},
    "dewasa": {},
}


def age_band(age_months: float | None) -> str:
    """The Permenkes 2/2020 age band: "balita" below 60 months, "5_18_tahun" below 18 years."""
    if age_months is None:
        return "umur_tidak_diketahui"
    if age_months < UNDER_FIVE_MONTHS:
        return "balita"
    return "5_18_tahun" if age_months < ADULT_MONTHS else "dewasa"


def nutrition_status(scores: ZScores, *, muac_cm: float | None = None) -> NutritionStatus:
    """Classify a child's z-scores on the indices of the age band it is in (DOMAIN.md §2)."""
    indices = _BANDS[age_band(scores.age_months)]
    categories = {
        field: None if name in scores.flags else classify(index, getattr(scores, name))
        for field, (index, name) in indices.items()
    }
    used = {name for _, name in indices.values()}
    return NutritionStatus(
        bb_u=categories.get("bb_u"),
        tb_u=categories.get("tb_u"),
        bb_tb=categories.get("bb_tb"),
        imt_u=categories.get("imt_u"),
        implausible=frozenset(scores.flags & used),
        gizi_buruk_klinis=_clinically_severe(scores, muac_cm),
    )


def _clinically_severe(scores: ZScores, muac_cm: float | None) -> bool:
    # Kemenkes gizi buruk guideline / WHO 2013: oedema or MUAC < 11.5 cm, for 6–59 months.
    months = scores.age_months
    if months is None or not SEVERE_FROM_MONTHS <= months < UNDER_FIVE_MONTHS:
        return False
    return scores.oedema or (muac_cm is not None and muac_cm < SEVERE_MUAC_CM)
