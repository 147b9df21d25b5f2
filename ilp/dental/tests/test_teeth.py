"""DMF-T and def-t counted on charts counted by hand (formulas: docs/decisions/0015)."""

import pytest

from ilp.dental import teeth
from ilp.dental.teeth import DmfCount, deft, dmft


def test_an_empty_chart_is_caries_free():
    assert dmft({}) == DmfCount(0, 0, 0) and deft({}) == DmfCount(0, 0, 0)


def test_a_typical_adult_chart():
    # 36 and 46 decayed, 16 filled, 26 filled with new caries (D, not F), 37 extracted for caries,
    # 47 a root remnant (to extract), 38 missing after an accident (not counted), 18 unerupted.
    chart = {36: "karies", 46: "karies", 16: "tumpatan", 26: "tumpatan_karies", 37: "hilang_karies",
             47: "sisa_akar", 38: "hilang_lain", 18: "belum_erupsi", 11: "fraktur", 21: "sealant"}
    assert dmft(chart) == DmfCount(d=3, m=2, f=1)
    assert dmft(chart).total == 6


def test_mixed_dentition_counts_each_set_apart():
    # A child of 8: primary 54 and 84 decayed, 64 filled, 74 indicated for extraction, 85 lost to caries;
    # 52 exfoliated naturally and 61 persisting are not counted; permanent 36 decayed, 46 filled.
    chart = {54: "karies", 84: "karies", 64: "tumpatan", 74: "indikasi_cabut", 85: "hilang_karies",
             52: "hilang_lain", 61: "persistensi", 36: "karies", 46: "tumpatan"}
    assert deft(chart) == DmfCount(d=2, m=2, f=1)  # m is e in def-t
    assert dmft(chart) == DmfCount(d=1, m=0, f=1)


def test_every_permanent_tooth_lost_to_caries_is_32():
    assert dmft(dict.fromkeys(teeth.PERMANENT, "hilang_karies")) == DmfCount(0, 32, 0)


def test_every_primary_tooth_decayed_is_20_and_no_permanent_count():
    chart = dict.fromkeys(teeth.PRIMARY, "karies")
    assert deft(chart).total == 20 and dmft(chart).total == 0


def test_an_unknown_status_is_an_error_not_a_sound_tooth():
    with pytest.raises(KeyError):
        dmft({11: "berlubang"})


def test_fdi_numbers():
    assert len(teeth.PERMANENT) == 32 and len(teeth.PRIMARY) == 20
    assert {19, 49, 56, 86, 10, 50, 0}.isdisjoint(teeth.ALL_TEETH)
    assert teeth.is_primary(55) and not teeth.is_primary(48)


def test_the_procedure_catalogue_loads_with_known_statuses():
    from ilp.dental import catalogue

    procedures = catalogue.catalogue()
    assert {"23.2", "23.01", "23.09", "96.54", "89.31"} <= set(procedures)
    assert procedures["23.01"].teeth == "primary" and procedures["23.09"].teeth == "permanent"
