"""The numpy batch path gives exactly what `zscores()` gives, child by child, every field."""

from __future__ import annotations

import random

import numpy as np
import pytest

from ilp.growth import zscores
from ilp.growth.batch import zscores_batch
from ilp.growth.engine import SEX_MISSING_MESSAGE
from ilp.growth.lms import sd_value
from ilp.growth.tables import age_table
from ilp.growth.tests.reference import SEX, number, read_csv

COLUMNS = (
    "sex",
    "age_days",
    "age_months",
    "weight_kg",
    "length_cm",
    "measured",
    "oedema",
    "head_cm",
    "muac_cm",
)


def _assert_same(children: list[dict]) -> int:
    batch = zscores_batch(**{name: [child.get(name) for child in children] for name in COLUMNS})
    assert len(batch) == len(children)
    for index, child in enumerate(children):
        assert batch.row(index) == zscores(**child), (index, child)
    return len(children)


def test_batch_equals_scalar_on_the_who_anthro_survey(reference):
    children = [
        {
            "sex": SEX[row["GENDER"]],
            "age_days": int(row["_agedays"]),
            "weight_kg": number(row["WEIGHT"]),
            "length_cm": number(row["HEIGHT"]),  # float32 noise: off the 0.1 cm grid
            "measured": row["measure"] or None,
            "oedema": row["oedema"] == "y",
            "head_cm": number(row["HEAD"]),
            "muac_cm": number(row["MUAC"]),
        }
        for row in read_csv(reference / "testdata" / "survey_z_st.csv")
    ]
    print(f"batch = scalar for {_assert_same(children)} WHO Anthro survey children")


def test_batch_equals_scalar_on_the_who_anthroplus_survey(reference):
    children = [
        {
            "sex": SEX[row["sex"]],
            "age_months": float(row["agemons"]),
            "weight_kg": number(row["weight"]),
            "length_cm": number(row["height"]),
            "oedema": row["oedema"] == "y",
        }
        for row in read_csv(reference / "testdata" / "survey_who2007_z.csv")
    ]
    print(f"batch = scalar for {_assert_same(children)} WHO AnthroPlus survey children")


def _random_child(rng: random.Random) -> dict:
    def maybe(value: float, digits: int | None) -> float | None:
        if rng.random() < 0.15:
            return None
        return value if digits is None else round(value, digits)

    child = {
        "sex": rng.choice("MF"),
        "weight_kg": maybe(rng.uniform(0.4, 130), rng.choice((1, 2, None))),
        "length_cm": maybe(rng.uniform(38, 200), rng.choice((1, 1, 2, None))),
        "measured": rng.choice(("L", "H", "l", "h", None)),
        "oedema": rng.random() < 0.05,
        "head_cm": maybe(rng.uniform(25, 60), 1),
        "muac_cm": maybe(rng.uniform(6, 30), rng.choice((1, None))),
    }
    if rng.random() < 0.2:
        child["age_months"] = maybe(rng.uniform(0, 240), rng.choice((2, None)))
    else:
        child["age_days"] = rng.choice((None, rng.randrange(0, 7300), rng.randrange(1800, 1900)))
    return child


def test_batch_equals_scalar_on_random_children():
    rng = random.Random(20200202)
    print(f"batch = scalar for {_assert_same([_random_child(rng) for _ in range(30000)])} random children")


def test_batch_equals_scalar_on_sd_lines_and_rounding_halves():
    # Measurements exactly on SD lines, or whose z sits on a half: where numpy's pow may differ.
    children = []
    for day in range(0, 1857, 7):
        lms = age_table("wfa", "F").at(day)
        for z in (-3.0, -2.0, 0.005, 1.115, 2.675, 3.0, -4.125):
            children.append({"sex": "F", "age_days": day, "weight_kg": sd_value(lms, z)})
    _assert_same(children)


def test_batch_takes_numpy_arrays():
    batch = zscores_batch(
        sex=np.array(["M", "F"]),
        age_days=np.array([400, 800]),
        weight_kg=np.array([9.0, 11.5]),
        length_cm=np.array([75.0, np.nan]),
    )
    assert batch.row(0) == zscores(sex="M", age_days=400, weight_kg=9.0, length_cm=75.0)
    assert batch.row(1) == zscores(sex="F", age_days=800, weight_kg=11.5)


def test_batch_refuses_a_bad_child_with_its_row_number():
    with pytest.raises(ValueError) as raised:
        zscores_batch(sex=["F", None], age_days=[100, 100], weight_kg=[5.0, 5.0])
    assert str(raised.value) == f"Baris 2: {SEX_MISSING_MESSAGE}"


@pytest.mark.parametrize("values", [["12", 5.0], [True, 5.0]])
def test_batch_refuses_what_is_not_a_number(values):
    with pytest.raises(ValueError):
        zscores_batch(sex=["F", "F"], age_days=[100, 100], weight_kg=values)


def test_batch_refuses_oedema_written_as_text():
    with pytest.raises(ValueError):
        zscores_batch(sex=["F", "F"], age_days=[100, 100], weight_kg=[5.0, 5.0], oedema=["n", "y"])
