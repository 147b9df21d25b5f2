"""Indicator definitions (definitions/*.yaml) parsed once into typed objects; errors name file and entry."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
PERIODS = {"month", "cumulative_year"}
DISTINCT = {"person", "pregnancy", "event"}
SASARAN_GROUPS = {"bumil", "bersalin", "nifas", "lahir_hidup", "bayi", "baduta", "balita", "usia_15_59", "lansia",
                  "penduduk"}


class IndicatorError(ValueError):
    """An indicator file is wrong."""


@dataclass(frozen=True)
class Condition:
    """A HAVING clause over one person's (or pregnancy's) facts: at least `min` distinct dates matching."""

    min: int
    code: str = ""
    role: str = ""


@dataclass(frozen=True)
class Count:
    """What is counted: facts of `kind`, optionally by code, age and sex, distinct by person or pregnancy."""

    kind: str
    codes: tuple[str, ...] = ()
    distinct: str = "person"
    age_days: tuple[int | None, int | None] = (None, None)  # half-open [from, to)
    sex: str = ""
    having: tuple[Condition, ...] = ()
    at: str = "last"  # a pregnancy counts at (and in the desa of) its first or its last matching contact


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    name_en: str
    klaster: str
    numerator: Count
    denominator_sasaran: str = ""         # a sasaran group, or
    denominator: Count | None = None      # counted facts (e.g. D for N/D)
    period: str = "cumulative_year"
    factor: int = 100
    target: float | None = None           # annual target, percent
    source: str = ""
    disaggregations: tuple[str, ...] = ("desa", "sex")
    pws: bool = True


def _count(raw: dict) -> Count:
    age = raw.get("age_days", [None, None])
    return Count(kind=raw["kind"], codes=tuple(str(c) for c in raw.get("codes", ())), distinct=raw.get("distinct", "person"),
                 age_days=(age[0], age[1]), sex=raw.get("sex", ""),
                 having=tuple(Condition(min=int(h["min"]), code=str(h.get("code", "")), role=h.get("role", ""))
                              for h in raw.get("having", ())),
                 at=raw.get("at", "last"))


def _indicator(raw: dict) -> Indicator:
    denominator = raw["denominator"]
    indicator = Indicator(
        code=raw["code"], name=raw["name"], name_en=raw.get("name_en", ""), klaster=raw["klaster"],
        numerator=_count(raw["numerator"]),
        denominator_sasaran=denominator.get("sasaran", ""),
        denominator=_count(denominator["count"]) if "count" in denominator else None,
        period=raw.get("period", "cumulative_year"), factor=int(raw.get("factor", 100)),
        target=float(raw["target"]) if raw.get("target") is not None else None, source=raw.get("source", ""),
        disaggregations=tuple(raw.get("disaggregations", ("desa", "sex"))), pws=bool(raw.get("pws", True)))
    if indicator.period not in PERIODS:
        raise ValueError(f"unknown period {indicator.period!r}")
    for count in (indicator.numerator, indicator.denominator):
        if count and count.distinct not in DISTINCT:
            raise ValueError(f"unknown distinct {count.distinct!r}")
    if indicator.denominator_sasaran and indicator.denominator_sasaran not in SASARAN_GROUPS:
        raise ValueError(f"unknown sasaran group {indicator.denominator_sasaran!r}")
    if not (indicator.denominator_sasaran or indicator.denominator):
        raise ValueError("a denominator needs `sasaran` or `count`")
    return indicator


@lru_cache(maxsize=1)
def indicator_registry() -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for path in sorted(DEFINITIONS.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            try:
                indicator = _indicator(raw)
            except (KeyError, TypeError, ValueError) as error:
                raise IndicatorError(f"{path.name}: indicator {raw.get('code', '?')}: {error}") from None
            if indicator.code in indicators:
                raise IndicatorError(f"{path.name}: duplicate indicator code {indicator.code!r}")
            indicators[indicator.code] = indicator
    return indicators
