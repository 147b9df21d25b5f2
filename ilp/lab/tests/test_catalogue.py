"""The catalogue file: it loads, its codes are real LOINC codes, and each range flags on the right side of its limits."""

from decimal import Decimal

import pytest

from ilp.lab.catalogue import CatalogueError, Flag, catalogue, loinc_check_digit, parse

ADULT, CHILD = Decimal(40), Decimal(8)


def test_the_catalogue_loads_with_the_common_puskesmas_tests():
    tests = catalogue().tests
    for code in ("hb", "leukosit", "trombosit", "gds", "gdp", "g2pp", "hba1c", "kolesterol", "hdl", "ldl",
                 "trigliserida", "asam_urat", "kreatinin", "ureum", "sgot", "sgpt", "urin_protein", "bta", "tcm",
                 "hiv", "sifilis", "hbsag", "malaria", "golongan_darah", "kehamilan"):
        assert code in tests, code
    assert catalogue().label == "katalog-lab-puskesmas@1"
    assert catalogue().panels["triple_eliminasi"].name == "Triple eliminasi (HIV, sifilis, hepatitis B)"


def test_every_loinc_code_has_its_check_digit():
    for test in catalogue().tests.values():
        base, digit = test.loinc.split("-")
        assert loinc_check_digit(base) == int(digit), test.id


def test_loinc_check_digit_matches_published_codes():
    # 718-7 haemoglobin, 2345-7 glucose, 4548-4 HbA1c: codes printed on LOINC's own pages.
    assert [loinc_check_digit(b) for b in ("718", "2345", "4548")] == [7, 7, 4]


def test_every_quantity_has_ucum_unit_decimals_and_ranges_inside_its_plausible_limits():
    for test in catalogue().tests.values():
        if not test.quantitative:
            assert test.options, test.id
            continue
        low, high = test.plausible
        assert test.unit and 0 <= test.decimals <= 3 and low < high, test.id
        for reference in test.ranges:
            assert all(low <= limit <= high for limit in (reference.low, reference.high) if limit is not None), test.id


def test_a_mistyped_loinc_code_is_refused_with_the_test_named():
    data = {"id": "x", "version": 1, "tests": [{"id": "hb", "name": "Hb", "group": "H", "loinc": "718-6", "display": "Hb",
                                                "specimen": "darah", "unit": "g/dL", "plausible": [1, 25],
                                                "ranges": [{"low": 12, "high": 15}]}]}
    with pytest.raises(CatalogueError, match="tes hb: kode LOINC '718-6'"):
        parse(data)


def test_a_panel_naming_an_unknown_test_is_refused():
    with pytest.raises(CatalogueError, match="panel p"):
        parse({"id": "x", "version": 1, "tests": [], "panels": [{"id": "p", "name": "P", "tests": ["nope"]}]})


def test_a_panel_with_an_unexpected_key_is_refused():
    # An unquoted comma in a flow-style name ("(HIV, sifilis)") turns the rest of the name into keys.
    with pytest.raises(CatalogueError, match="panel p: kunci"):
        parse({"id": "x", "version": 1, "tests": [], "panels": [{"id": "p", "name": "P (HIV", "sifilis)": None, "tests": []}]})


def test_panels_expand_to_their_tests_once_and_unknown_codes_are_returned():
    tests, unknown = catalogue().expand(["darah_rutin", "hb", "718-7", "xyz"])
    assert [t.id for t in tests] == ["hb", "leukosit", "eritrosit", "hematokrit", "trombosit"]
    assert unknown == ["xyz"]


# Flags on both sides of every kind of limit (the reference limits themselves are normal).
@pytest.mark.parametrize(("code", "sex", "age", "value", "flag"), [
    ("hb", "F", ADULT, "11.9", Flag.LOW), ("hb", "F", ADULT, "12.0", Flag.NORMAL),
    ("hb", "F", ADULT, "15.0", Flag.NORMAL), ("hb", "F", ADULT, "15.1", Flag.HIGH),
    ("hb", "M", ADULT, "12.9", Flag.LOW), ("hb", "M", ADULT, "13.0", Flag.NORMAL),
    ("hb", "M", ADULT, "17.0", Flag.NORMAL), ("hb", "M", ADULT, "17.1", Flag.HIGH),
    ("hb", "M", CHILD, "11.4", Flag.LOW), ("hb", "M", CHILD, "11.5", Flag.NORMAL),
    ("hb", "F", ADULT, "6.9", Flag.CRITICAL_LOW), ("hb", "F", ADULT, "7.0", Flag.LOW),
    ("hb", "M", ADULT, "20.0", Flag.HIGH), ("hb", "M", ADULT, "20.1", Flag.CRITICAL_HIGH),
    ("gdp", "M", ADULT, "99", Flag.NORMAL), ("gdp", "M", ADULT, "100", Flag.HIGH),
    ("gdp", "M", ADULT, "70", Flag.NORMAL), ("gdp", "M", ADULT, "69", Flag.LOW),
    ("gds", "F", ADULT, "199", Flag.NORMAL), ("gds", "F", ADULT, "200", Flag.HIGH),
    ("gds", "F", ADULT, "400", Flag.HIGH), ("gds", "F", ADULT, "401", Flag.CRITICAL_HIGH),
    ("gds", "F", ADULT, "50", Flag.LOW), ("gds", "F", ADULT, "49", Flag.CRITICAL_LOW),
    ("kolesterol", "M", ADULT, "199", Flag.NORMAL), ("kolesterol", "M", ADULT, "200", Flag.HIGH),
    ("kolesterol", "M", ADULT, "40", Flag.NORMAL),  # one-sided: no low limit
    ("hdl", "F", ADULT, "49", Flag.LOW), ("hdl", "F", ADULT, "50", Flag.NORMAL),
    ("hdl", "M", ADULT, "39", Flag.LOW), ("hdl", "M", ADULT, "40", Flag.NORMAL),
    ("asam_urat", "M", ADULT, "7.0", Flag.NORMAL), ("asam_urat", "M", ADULT, "7.1", Flag.HIGH),
    ("asam_urat", "F", ADULT, "5.7", Flag.NORMAL), ("asam_urat", "F", ADULT, "5.8", Flag.HIGH),
    ("kreatinin", "F", ADULT, "0.59", Flag.LOW), ("kreatinin", "F", ADULT, "1.11", Flag.HIGH),
    ("trombosit", "M", ADULT, "149", Flag.LOW), ("trombosit", "M", ADULT, "150", Flag.NORMAL),
    ("trombosit", "M", ADULT, "400", Flag.NORMAL), ("trombosit", "M", ADULT, "401", Flag.HIGH),
    ("trombosit", "M", ADULT, "49", Flag.CRITICAL_LOW),
])
def test_flag_at_each_limit(code, sex, age, value, flag):
    assert catalogue().tests[code].flag(Decimal(value), sex=sex, age_years=age) == flag


def test_the_age_band_boundary_belongs_to_the_older_band():
    hb = catalogue().tests["hb"]
    assert hb.reference(sex="F", age_years=Decimal(15)).text == "12,0–15,0"
    assert hb.reference(sex="F", age_years=Decimal("14.99")).text == "11,5–15,5"


def test_an_infant_without_a_range_gets_no_flag_but_critical_limits_still_apply():
    hb = catalogue().tests["hb"]
    assert hb.reference(sex="M", age_years=Decimal("0.25")) is None
    assert hb.flag(Decimal("25"), sex="M", age_years=Decimal("0.25")) == Flag.CRITICAL_HIGH
    assert hb.flag(Decimal("16"), sex="M", age_years=Decimal("0.25")) == Flag.NORMAL


def test_qualitative_results_are_abnormal_by_option():
    hiv, protein = catalogue().tests["hiv"], catalogue().tests["urin_protein"]
    assert hiv.flag("r", sex="F", age_years=ADULT) == Flag.ABNORMAL
    assert hiv.flag("nr", sex="F", age_years=ADULT) == Flag.NORMAL
    assert protein.flag("neg", sex="F", age_years=ADULT) == Flag.NORMAL
    assert protein.flag("2", sex="F", age_years=ADULT) == Flag.ABNORMAL
