"""Child growth: WHO z-scores and Permenkes 2/2020 nutritional status, pure Python.

Importable without Django: the engine, the CLI and the benchmark need no settings or database.
"""

from ilp.growth.engine import INDICATORS, ZScores, zscores

__all__ = ["INDICATORS", "ZScores", "zscores"]
