"""Rules of DOMAIN.md 6.1 at their edges: SD lines, tails, oedema, ranges, positions, flags."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ilp.growth import zscores
from ilp.growth.engine import SEX_MESSAGE, SEX_MISSING_MESSAGE
from ilp.growth.lms import sd_value
from ilp.growth.tables import Params, age_table, length_table, month_table


def _at_z(lms: Params, z: float, *, restricted: bool) -> float:
    """The measurement whose z-score is `z`: the inverse of the engine's formulas."""
    if not restricted or -3 <= z <= 3:
        return sd_value(lms, z)
    if z > 3:
        sd3 = sd_value(lms, 3)
        return sd3 + (z - 3) * (sd3 - sd_value(lms, 2))
    sd3neg = sd_value(lms, -3)
    return sd3neg + (z + 3) * (sd_value(lms, -2) - sd3neg)


def _z_at(indicator: str, z: float, sex: str = "F") -> float:
    """The z-score the engine gives to the measurement lying exactly at `z` on `indicator`."""
    restricted = indicator != "haz" and indicator != "hcz"
    if indicator == "whz":
        weight = _at_z(length_table("wfl", sex).at(Decimal("80.0")), z, restricted=True)
        return zscores(sex=sex, age_days=400, weight_kg=weight, length_cm=80.0, measured="L").whz
    table, argument = {
        "waz": ("wfa", "weight_kg"),
        "haz": ("lhfa", "length_cm"),
        "hcz": ("hcfa", "head_cm"),
        "acz": ("acfa", "muac_cm"),
    }[indicator]
    y = _at_z(age_table(table, sex).at(400), z, restricted=restricted)
    return getattr(zscores(sex=sex, age_days=400, measured="L", **{argument: y}), indicator)


@pytest.mark.parametrize("indicator", ["waz", "haz", "whz", "hcz", "acz"])
@pytest.mark.parametrize("z", [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0])
def test_a_measurement_on_an_sd_line_gets_that_z(indicator, z):
    assert _z_at(indicator, z) == z


def test_bmi_on_the_minus_2_sd_line_gives_minus_2():
    bmi = sd_value(age_table("bmifa", "M").at(500), -2)
    weight = bmi * 0.8 * 0.8
    assert zscores(sex="M", age_days=500, weight_kg=weight, length_cm=80.0, measured="L").baz == -2.0


@pytest.mark.parametrize(
    ("table", "name", "argument"), [("wfa", "waz", "weight_kg"), ("hfa", "haz", "length_cm")]
)
def test_who2007_measurement_on_the_minus_2_sd_line_gives_minus_2(table, name, argument):
    y = sd_value(month_table(table, "M").at(100.5), -2)
    assert getattr(zscores(sex="M", age_months=100.5, **{argument: y}), name) == -2.0


def test_weight_beyond_3_sd_is_measured_in_2_to_3_sd_gaps_not_on_the_lms_curve():
    lms = age_table("wfa", "M").at(300)
    sd3, sd2 = sd_value(lms, 3), sd_value(lms, 2)
    weight = sd3 + 1.5 * (sd3 - sd2)
    assert zscores(sex="M", age_days=300, weight_kg=weight).waz == 4.5
    assert sd_value(lms, 4.5) != pytest.approx(weight, abs=1e-3)  # the LMS curve would differ


def test_length_keeps_the_plain_lms_z_beyond_3_sd():
    lms = age_table("lhfa", "M").at(300)
    assert zscores(sex="M", age_days=300, length_cm=sd_value(lms, -4.5), measured="L").haz == -4.5


def test_missing_sex_is_refused_with_a_clear_message():
    with pytest.raises(ValueError) as raised:
        zscores(sex=None, age_days=100, weight_kg=5.0)
    assert str(raised.value) == SEX_MISSING_MESSAGE


@pytest.mark.parametrize("sex", ["X", "m", "L", 1])
def test_unknown_sex_is_refused(sex):
    with pytest.raises(ValueError) as raised:
        zscores(sex=sex, age_days=100, weight_kg=5.0)
    assert str(raised.value) == SEX_MESSAGE % (sex,)


@pytest.mark.parametrize(
    "arguments",
    [
        {"age_days": -1},
        {"age_days": 10.5},
        {"age_days": Decimal("NaN")},
        {"age_days": "100"},
        {"age_months": -0.5},
        {"age_days": 30, "age_months": 1.0},
        {"weight_kg": 0},
        {"weight_kg": -3.0},
        {"length_cm": float("nan")},
        {"muac_cm": "12"},
        {"measured": "X"},
        {"oedema": "n"},  # bool("n") would be True: oedema would hide the weight
        {"oedema": 2},
    ],
)
@pytest.mark.parametrize("age_days", [100, 3000])
def test_impossible_inputs_are_refused(arguments, age_days):
    with pytest.raises(ValueError):
        zscores(sex="F", **{"age_days": age_days, **arguments})


def test_oedema_leaves_out_every_weight_based_z_but_keeps_length_and_bmi():
    child = {
        "sex": "F",
        "age_days": 500,
        "weight_kg": 8.0,
        "length_cm": 76.0,
        "measured": "L",
        "muac_cm": 12.0,
    }
    without, swollen = zscores(**child), zscores(**child, oedema=True)
    assert None not in (without.waz, without.whz, without.baz)
    assert (swollen.waz, swollen.whz, swollen.baz) == (None, None, None)
    assert (swollen.haz, swollen.acz, swollen.bmi) == (without.haz, without.acz, without.bmi)


def test_oedema_leaves_out_who2007_weight_and_bmi_z():
    swollen = zscores(sex="M", age_months=100.0, weight_kg=25.0, length_cm=130.0, oedema=True)
    assert (swollen.waz, swollen.baz) == (None, None)
    assert swollen.haz is not None


@pytest.mark.parametrize(
    ("age_days", "length_cm", "measured", "has_whz"),
    [
        (300, 44.9, "L", False),  # below weight-for-length
        (300, 45.0, "L", True),
        (700, 110.0, "L", True),
        (700, 110.1, "L", False),  # above weight-for-length
        (800, 64.9, "H", False),  # below weight-for-height
        (800, 65.0, "H", True),
        (800, 120.0, "H", True),
        (800, 120.1, "H", False),  # above weight-for-height
        (800, 120.7, "L", True),  # 120.0 after the −0.7 cm
        (None, 44.9, None, False),
        (None, 120.1, "H", False),
    ],
)
def test_lengths_outside_the_weight_for_length_height_tables_give_no_z(
    age_days, length_cm, measured, has_whz
):
    result = zscores(sex="M", age_days=age_days, weight_kg=10.0, length_cm=length_cm, measured=measured)
    assert (result.whz is not None) == has_whz


@pytest.mark.parametrize(
    ("age_days", "measured", "adjusted"),
    [
        (700, "H", 80.7),  # standing below 731 days: +0.7 cm
        (730, "H", 80.7),
        (730, "L", 80.0),
        (731, "L", 79.3),  # lying from 731 days: −0.7 cm
        (731, "H", 80.0),
        (274, "H", 80.7),  # 9.0 months
        (None, "H", 80.0),  # no age: nothing to adjust against
        (1857, "L", 80.0),  # WHO 2007 has no adjustment
    ],
)
def test_length_is_adjusted_by_position(age_days, measured, adjusted):
    result = zscores(sex="F", age_days=age_days, length_cm=80.0, measured=measured)
    assert result.length_adjusted_cm == adjusted
    assert not result.position_mismatch


def test_adjusted_length_picks_its_row_in_decimal():
    # 109.6 − 0.7 is 108.89999999999999 in binary floating point; the child is 108.9 cm.
    result = zscores(sex="M", age_days=800, length_cm=109.6, measured="L", weight_kg=15.0)
    assert result.length_adjusted_cm == 108.9
    row = length_table("wfh", "M").exact[1089 - 650].as_float()
    assert length_table("wfh", "M").at(Decimal("108.9")) == row


def test_length_between_rows_interpolates_lms():
    table = length_table("wfl", "F")
    low, high = table.exact[848 - 450], table.exact[849 - 450]
    expected = tuple(float(a + (b - a) / 2) for a, b in zip(low, high, strict=True))
    assert table.at(Decimal("84.85")) == expected


def test_standing_before_9_months_is_flagged_and_not_adjusted():
    result = zscores(sex="F", age_days=273, length_cm=68.0, measured="H", weight_kg=7.5)
    assert result.position_mismatch
    assert result.length_adjusted_cm == 68.0
    assert result.whz == zscores(sex="F", age_days=273, length_cm=68.0, weight_kg=7.5).whz


@pytest.mark.parametrize(
    ("measured", "length_cm", "same_as_age"),
    [("L", 80.0, 400), ("H", 80.0, 800), (None, 86.9, 400), (None, 87.0, 800)],
)
def test_without_age_the_position_or_87_cm_chooses_the_table(measured, length_cm, same_as_age):
    without_age = zscores(sex="M", weight_kg=11.0, length_cm=length_cm, measured=measured)
    with_age = zscores(sex="M", age_days=same_as_age, weight_kg=11.0, length_cm=length_cm)
    assert without_age.whz == with_age.whz
    assert without_age.waz is None and without_age.haz is None


def test_who2006_to_day_1856_and_who2007_from_day_1857():
    child = {
        "sex": "F",
        "weight_kg": 17.0,
        "length_cm": 108.0,
        "measured": "H",
        "head_cm": 50.0,
        "muac_cm": 16.0,
    }
    last, first = zscores(age_days=1856, **child), zscores(age_days=1857, **child)
    assert last.reference == "WHO 2006"
    assert None not in last.as_dict().values()
    assert first.reference == "WHO 2007"
    assert (first.whz, first.hcz, first.acz) == (None, None, None)
    assert None not in (first.waz, first.haz, first.baz)


def test_arm_circumference_only_from_day_91():
    assert zscores(sex="M", age_days=90, muac_cm=12.0).acz is None
    assert zscores(sex="M", age_days=91, muac_cm=12.0).acz is not None


@pytest.mark.parametrize(
    ("age_months", "has_waz", "has_haz"),
    [(120.99, True, True), (121.0, False, True), (228.99, False, True), (229.0, False, False)],
)
def test_who2007_ages_stop_below_121_and_229_months(age_months, has_waz, has_haz):
    result = zscores(sex="M", age_months=age_months, weight_kg=30.0, length_cm=140.0)
    assert (result.waz is not None, result.haz is not None, result.baz is not None) == (
        has_waz,
        has_haz,
        has_haz,
    )


@pytest.mark.parametrize(
    ("indicator", "z", "flagged"),
    [
        ("waz", -6.01, True), ("waz", -6.0, False), ("waz", 5.0, False), ("waz", 5.01, True),
        ("haz", -6.01, True), ("haz", -6.0, False), ("haz", 6.0, False), ("haz", 6.01, True),
        ("whz", -5.01, True), ("whz", -5.0, False), ("whz", 5.0, False), ("whz", 5.01, True),
        ("hcz", 5.01, True), ("hcz", -5.0, False), ("acz", -5.01, True), ("acz", 5.0, False),
    ],
)  # fmt: skip
def test_implausible_z_scores_are_flagged_on_the_rounded_value(indicator, z, flagged):
    lms_table = {"waz": "wfa", "haz": "lhfa", "hcz": "hcfa", "acz": "acfa"}
    if indicator == "whz":
        lms = length_table("wfl", "M").at(Decimal("80.0"))
        result = zscores(sex="M", age_days=400, length_cm=80.0, measured="L",
                         weight_kg=_at_z(lms, z, restricted=True))  # fmt: skip
    else:
        lms = age_table(lms_table[indicator], "M").at(400)
        y = _at_z(lms, z, restricted=indicator in ("waz", "acz"))
        argument = {"waz": "weight_kg", "haz": "length_cm", "hcz": "head_cm", "acz": "muac_cm"}[indicator]
        result = zscores(sex="M", age_days=400, measured="L", **{argument: y})
    assert getattr(result, indicator) == z
    assert (indicator in result.flags) == flagged


def test_who2007_flags_weight_above_5():
    lms = month_table("wfa", "F").at(90.0)
    sd3 = sd_value(lms, 3)
    result = zscores(sex="F", age_months=90.0, weight_kg=sd3 + 2.5 * (sd3 - sd_value(lms, 2)))
    assert result.waz == 5.5
    assert result.flags == {"waz"}


def test_age_in_months_becomes_whole_days_half_up():
    assert zscores(sex="F", age_months=1.0).age_days == 30  # 30.4375
    assert zscores(sex="F", age_months=0.5).age_days == 15  # 15.21875
    assert zscores(sex="F", age_months=2.0).age_days == 61  # 60.875
    assert zscores(sex="F", age_months=6.0).age_days == 183  # 182.625 -> 183
