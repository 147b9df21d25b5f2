"""Rounding half away from zero on the exact value of the computed z (DOMAIN.md 6.1 rule 7)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from ilp.growth.lms import round_half_away


@pytest.mark.parametrize(
    ("z", "rounded"),
    [
        (0.125, 0.13),  # an exact half in binary: away from zero
        (-0.125, -0.13),
        (2.675, 2.67),  # stored as 2.67499999…: below the half
        (1.115, 1.11),  # stored as 1.11499999…
        (-1.995, -2.0),  # stored as −1.99500000000000010…: beyond the half
        (-1.9999999999, -2.0),
        (-0.004, 0.0),  # no "−0.00"
        (4.049999, 4.05),
    ],
)
def test_round_half_away_examples(z, rounded):
    result = round_half_away(z)
    assert result == rounded
    assert str(result) != "-0.0"


def test_round_half_away_matches_decimal_on_many_values_near_halves():
    rng = random.Random(7)
    values = [rng.uniform(-8, 8) for _ in range(20000)]
    values += [(k + 0.5) / 100 + rng.choice((-1, 0, 1)) * 1e-15 for k in range(-800, 800)]
    for z in values:
        expected = float(Decimal(z).quantize(Decimal("0.01"), ROUND_HALF_UP)) or 0.0
        assert round_half_away(z) == expected, z


def test_round_half_away_refuses_infinity():
    with pytest.raises(ValueError):
        round_half_away(float("inf"))
