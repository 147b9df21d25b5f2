"""Permenkes 2/2020 categories (DOMAIN.md §2), read from the z-score rounded to 2 decimals."""

from __future__ import annotations

import pytest

from ilp.growth import ZScores, age_band, classify, nutrition_status

EDGES = [-3.01, -3.0, -2.01, -2.0, 1.0, 1.01, 2.0, 2.01, 3.0, 3.01]


@pytest.mark.parametrize(
    ("index", "codes"),
    [
        ("bb_u", ["bb_sangat_kurang", "bb_kurang", "bb_kurang", "bb_normal", "bb_normal",
                  "risiko_bb_lebih", "risiko_bb_lebih", "risiko_bb_lebih", "risiko_bb_lebih", "risiko_bb_lebih"]),
        ("tb_u", ["sangat_pendek", "pendek", "pendek", "normal", "normal",
                  "normal", "normal", "normal", "normal", "tinggi"]),
        ("bb_tb", ["gizi_buruk", "gizi_kurang", "gizi_kurang", "gizi_baik", "gizi_baik",
                   "berisiko_gizi_lebih", "berisiko_gizi_lebih", "gizi_lebih", "gizi_lebih", "obesitas"]),
        ("imt_u", ["gizi_buruk", "gizi_kurang", "gizi_kurang", "gizi_baik", "gizi_baik",
                   "berisiko_gizi_lebih", "berisiko_gizi_lebih", "gizi_lebih", "gizi_lebih", "obesitas"]),
        ("imt_u_5_18", ["gizi_buruk", "gizi_kurang", "gizi_kurang", "gizi_baik", "gizi_baik",
                        "gizi_lebih", "gizi_lebih", "obesitas", "obesitas", "obesitas"]),
    ],
)  # fmt: skip
def test_categories_at_every_cut_off(index, codes):
    # −3.00 is "−3 ≤ z < −2", −2.00 is normal, +1.00 normal, +2.00 and +3.00 the lower band.
    assert [classify(index, z).code for z in EDGES] == codes


def test_labels_are_the_permenkes_wording():
    assert classify("tb_u", -3.5).label == "Sangat pendek (severely stunted)"
    assert classify("bb_tb", -2.5).label == "Gizi kurang (wasted)"
    assert classify("bb_u", 0.0).source == "PMK 2/2020"


def test_no_z_no_category():
    assert classify("bb_u", None) is None


def _scores(**values) -> ZScores:
    base = dict.fromkeys(("waz", "haz", "whz", "baz", "hcz", "acz"))
    fields = {"flags": frozenset(), "age_days": None, "age_months": None, "oedema": False,
              "length_adjusted_cm": None, "bmi": None, "position_mismatch": False, "reference": "WHO 2006"}  # fmt: skip
    return ZScores(**{**base, **fields, **values})


def test_an_under_five_is_classified_on_all_four_indices():
    status = nutrition_status(_scores(waz=-2.5, haz=-3.2, whz=-1.0, baz=2.5, age_months=30.0))
    assert (status.bb_u.code, status.tb_u.code, status.bb_tb.code, status.imt_u.code) == (
        "bb_kurang", "sangat_pendek", "gizi_baik", "gizi_lebih")  # fmt: skip
    assert status.imt_u.index == "imt_u"


def test_from_60_months_only_bmi_for_age_with_the_school_age_table():
    status = nutrition_status(_scores(waz=-2.5, haz=-3.2, baz=1.5, age_months=60.0))
    assert (status.bb_u, status.tb_u, status.bb_tb) == (None, None, None)
    assert (status.imt_u.index, status.imt_u.code) == ("imt_u_5_18", "gizi_lebih")


def test_from_18_years_nothing_is_classified_here():
    status = nutrition_status(_scores(haz=0.0, baz=0.0, age_months=216.0))
    assert (status.bb_u, status.tb_u, status.bb_tb, status.imt_u) == (None, None, None, None)


def test_without_age_only_weight_for_length_is_classified():
    status = nutrition_status(_scores(whz=-3.5))
    assert status.bb_tb.code == "gizi_buruk"
    assert (status.bb_u, status.tb_u, status.imt_u) == (None, None, None)


def test_implausible_values_are_left_unclassified():
    status = nutrition_status(_scores(waz=-6.5, haz=-1.0, flags=frozenset({"waz"}), age_months=12.0))
    assert status.bb_u is None
    assert status.tb_u.code == "normal"
    assert status.implausible == {"waz"}


@pytest.mark.parametrize(
    ("age_months", "band"),
    [(None, "umur_tidak_diketahui"), (0.0, "balita"), (59.99, "balita"), (60.0, "5_18_tahun"),
     (215.99, "5_18_tahun"), (216.0, "dewasa")],
)  # fmt: skip
def test_age_bands(age_months, band):
    assert age_band(age_months) == band


@pytest.mark.parametrize(
    ("age_months", "oedema", "muac_cm", "severe"),
    [(6.0, True, None, True), (5.99, True, None, False), (30.0, False, 11.4, True),
     (30.0, False, 11.5, False), (60.0, False, 11.0, False), (None, True, None, False)],
)  # fmt: skip
def test_clinical_gizi_buruk_from_oedema_or_muac_at_6_to_59_months(age_months, oedema, muac_cm, severe):
    status = nutrition_status(_scores(age_months=age_months, oedema=oedema), muac_cm=muac_cm)
    assert status.gizi_buruk_klinis == severe
