"""Child growth: WHO z-scores and Permenkes 2/2020 nutritional status, in pure Python.

Importable without Django: the engine, the CLI and the benchmark need no settings or database.
WHO's L, M, S tables come from the pinned `pygrowup` package (DOMAIN.md 6.1).
"""

from ilp.growth.curves import SDCurves, curve_indicators, sd_curves
from ilp.growth.engine import INDICATORS, ZScores, zscores
from ilp.growth.status import Category, NutritionStatus, age_band, classify, nutrition_status

__all__ = [
    "INDICATORS",
    "Category",
    "NutritionStatus",
    "SDCurves",
    "ZScores",
    "age_band",
    "classify",
    "curve_indicators",
    "nutrition_status",
    "sd_curves",
    "zscores",
]
