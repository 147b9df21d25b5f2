"""The SKDR diseases: those of the W2 form (ilp/reports/definitions/w2.yaml) with their alert rule
(diseases.yaml beside this file), parsed once and checked; errors name the file and line."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ilp.packages.engine.loader import LineLoader  # every mapping knows its line, for errors
from ilp.reports.definitions import catalogue

RULES_FILE = Path(__file__).resolve().parent / "diseases.yaml"
IMMEDIATE, INCREASE = "immediate", "increase"


class DiseaseFileError(ValueError):
    """diseases.yaml is wrong; the message names the file and line."""


@dataclass(frozen=True)
class AlertRule:
    """When a desa's count of one disease in one ISO week is an early warning (docs/decisions/0010)."""

    kind: str
    minimum: int = 1
    factor: Decimal = Decimal(2)
    baseline_weeks: int = 3

    def threshold(self, previous: list[int]) -> Decimal:
        """The smallest weekly count that alerts, given the counts of the weeks before (oldest first)."""
        if self.kind == IMMEDIATE:
            return Decimal(self.minimum)
        mean = Decimal(sum(previous)) / self.baseline_weeks
        return max(Decimal(self.minimum), self.factor * mean)

    def crossed(self, count: int, previous: list[int]) -> bool:
        # "Reaches" (≥), as SKDR words it: an increase of two times or more.
        return count > 0 and count >= self.threshold(previous)

    def describe(self) -> str:
        if self.kind == IMMEDIATE:
            return "1 kasus sudah merupakan sinyal kewaspadaan"
        return (f"≥ {self.factor:g} × rata-rata {self.baseline_weeks} minggu sebelumnya, "
                f"minimal {self.minimum} kasus per desa per minggu")


@dataclass(frozen=True)
class Disease:
    code: str
    name: str
    icd10: tuple[str, ...]
    rule: AlertRule

    def matches(self, icd10_code: str) -> bool:
        return icd10_code.startswith(self.icd10)


def load(path: Path = RULES_FILE) -> dict[str, Disease]:
    """Every W2 disease with its rule; a W2 disease without a rule, or a rule for no disease, is an error."""
    line = 1
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
        defaults = raw.get("defaults", {})
        w2 = {d.code: d for d in catalogue()["w2"].diseases}
        rules: dict[str, AlertRule] = {}
        for item in raw["rules"]:
            line = item["__line__"]
            if item["code"] not in w2:
                raise ValueError(f"penyakit {item['code']!r} tidak ada di formulir W2")
            if item["alert"] not in (IMMEDIATE, INCREASE):
                raise ValueError(f"alert harus {IMMEDIATE!r} atau {INCREASE!r}")
            rules[item["code"]] = AlertRule(
                kind=item["alert"], minimum=int(item.get("minimum", 1)),
                factor=Decimal(str(item.get("factor", defaults.get("factor", 2)))),
                baseline_weeks=int(item.get("baseline_weeks", defaults.get("baseline_weeks", 3))))
        line = 1
        missing = sorted(set(w2) - set(rules))
        if missing:
            raise ValueError(f"penyakit W2 tanpa aturan kewaspadaan: {', '.join(missing)}")
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        detail = f"kunci {error} tidak ada" if isinstance(error, KeyError) else str(error)
        raise DiseaseFileError(f"{path.name}:{line}: {detail}") from None
    return {code: Disease(code, d.name, d.icd10, rules[code]) for code, d in w2.items()}


@lru_cache(maxsize=1)
def diseases() -> dict[str, Disease]:
    """The SKDR diseases by W2 code, in the order of the form."""
    return load()


def disease_for_icd10(code: str) -> Disease | None:
    """The SKDR disease an ICD-10 diagnosis counts as, if any."""
    return next((d for d in diseases().values() if d.matches(code)), None)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
