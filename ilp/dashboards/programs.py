"""Dashboard definitions (definitions.yaml) and their computed cards, for the user's scope."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ilp.indicators import pws, suppression
from ilp.indicators.definitions_loader import Indicator, indicator_registry


@dataclass(frozen=True)
class Card:
    code: str
    indicator: Indicator | None
    total: pws.Row | None  # or the same as shown to the user (suppression.Shown)


@lru_cache(maxsize=1)
def dashboards() -> dict:
    return yaml.safe_load(Path(__file__).with_name("definitions.yaml").read_text(encoding="utf-8"))


def cards(*, slug: str, desa: list, year: int, month: int, area: str, user=None) -> list[tuple[str, list[Card]]]:
    """Each section of a dashboard with one card per indicator, aggregated over the desa of an area
    (small counts hidden for aggregate-only users, when `user` is given)."""
    registry = indicator_registry()
    sections, memo = [], {}
    for section in dashboards()[slug]["sections"]:
        row = []
        for code in section["indicators"]:
            indicator = registry.get(code)
            total = None
            if indicator and desa:
                total = pws.aggregate(indicator, pws.compute(indicator, year=year, month=month, desa=desa, memo=memo), name=area)
                if user is not None:
                    total = suppression.protect([], total, user=user)[1]
            row.append(Card(code, indicator, total))
        sections.append((section["title"], row))
    return sections
