"""The LMS method: z-scores, the restricted tail and SD lines (DOMAIN.md 6.1 rules 3, 4 and 7)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ilp.growth.tables import Params

_HUNDREDTH = Decimal("0.01")
# Below this, |z| × 100 carries a float error far smaller than NEAR_TIE, so the fast rounding
# is exact; larger values (absurd z-scores) always take the Decimal road.
FAST_LIMIT = 1e9
NEAR_TIE = 1e-6


def sd_value(lms: Params, k: float) -> float:
    """The measurement at k standard deviations: SDk = M·(1 + L·S·k)^(1/L)."""
    l, m, s = lms  # noqa: E741 -- WHO's name for the Box-Cox power
    if l == 0:
        return m * math.exp(s * k)
    return m * (1 + l * s * k) ** (1 / l)


def z_plain(y: float, lms: Params) -> float:
    """z = ((y/M)^L − 1)/(L·S), unrounded; for length/height- and head circumference-for-age."""
    l, m, s = lms  # noqa: E741
    if l == 0:
        return math.log(y / m) / s
    # Same operation order as WHO's anthro code, so the unrounded value matches bit for bit.
    return ((y / m) ** l - 1) / (s * l)


def z_restricted(y: float, lms: Params) -> float:
    """z with WHO's restricted tail beyond ±3 SD, unrounded.

    For weight-based indicators and MUAC the LMS curve is skewed, so beyond ±3 SD WHO measures
    distance in units of the 2-to-3 SD gap instead (DOMAIN.md 6.1 rule 4).
    """
    z = z_plain(y, lms)
    if z > 3:
        sd3 = sd_value(lms, 3)
        return 3 + (y - sd3) / (sd3 - sd_value(lms, 2))
    if z < -3:
        sd3neg = sd_value(lms, -3)
        return -3 + (y - sd3neg) / (sd_value(lms, -2) - sd3neg)
    return z


def zscore(y: float, lms: Params, restricted: bool) -> float:
    """The z-score of y rounded to 2 decimals: `z_restricted` (or `z_plain`) then `round_half_away`.

    Written out in one function because it runs several times for every child measured.
    """
    l, m, s = lms  # noqa: E741
    z = math.log(y / m) / s if l == 0 else ((y / m) ** l - 1) / (s * l)
    if restricted and (z > 3 or z < -3):
        z = z_restricted(y, lms)
    scaled = abs(z) * 100
    if scaled < FAST_LIMIT and abs(scaled % 1 - 0.5) > NEAR_TIE:
        hundredths = math.floor(scaled + 0.5)
        if hundredths == 0:
            return 0.0
        return hundredths / 100 if z > 0 else -hundredths / 100
    return round_half_away(z)


def round_half_away(z: float) -> float:
    """Round to 2 decimals, half away from zero, on the exact value of the binary float.

    The common case is plain float arithmetic; when |z|·100 is within float noise of a half,
    Decimal decides, so e.g. 1.115 (stored as 1.11499999…) rounds to 1.11 as its exact value
    says. Zero is returned without sign.
    """
    scaled = abs(z) * 100
    if scaled < FAST_LIMIT and abs(scaled % 1 - 0.5) > NEAR_TIE:
        hundredths = math.floor(scaled + 0.5)
    elif math.isfinite(z):
        hundredths = int(Decimal(abs(z)).quantize(_HUNDREDTH, ROUND_HALF_UP) * 100)
    else:
        raise ValueError(f"z-score tidak terhingga (not finite): {z}")
    if hundredths == 0:
        return 0.0
    rounded = hundredths / 100
    return rounded if z > 0 else -rounded
