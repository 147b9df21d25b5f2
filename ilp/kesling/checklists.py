"""Inspection checklists (checklists/*.yaml) parsed once into typed objects, and the scoring of an inspection.

Two ways to score (docs/decisions/0011): `percent` — the weights of the items met, as a percentage of the
maximum, pass at `pass_at` % or more; `risk` — each "ya" is a risk, the count falls in a band (sarana air).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ilp.packages.engine.loader import LineLoader  # every mapping knows its line, for errors

CHECKLISTS = Path(__file__).resolve().parent / "checklists"
PERCENT, RISK = "percent", "risk"
MEETS, FAILS = "memenuhi_syarat", "tidak_memenuhi_syarat"


class ChecklistError(ValueError):
    """A checklist file is wrong; the message names the file and line."""


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    weight: int = 1
    group: str = ""


@dataclass(frozen=True)
class Band:
    upto: int
    code: str
    label: str


@dataclass(frozen=True)
class Result:
    score: int
    max_score: int
    percent: Decimal
    category: str
    label: str


@dataclass(frozen=True)
class Checklist:
    kind: str
    version: int
    name: str
    object_label: str
    source: str
    scoring: str
    items: tuple[Item, ...]
    pass_at: Decimal = Decimal(0)
    pass_label: str = ""
    fail_label: str = ""
    bands: tuple[Band, ...] = ()

    @property
    def categories(self) -> list[tuple[str, str]]:
        """Every result category, in order (for recaps): (code, label)."""
        if self.scoring == RISK:
            return [(b.code, b.label) for b in self.bands]
        return [(MEETS, self.pass_label), (FAILS, self.fail_label)]

    def score(self, answers: dict[str, bool]) -> Result:
        """The result of answers for every item (True = "ya": met for `percent`, a risk for `risk`)."""
        missing = [item.id for item in self.items if item.id not in answers]
        if missing:
            raise KeyError(missing[0])
        if self.scoring == RISK:
            risks = sum(1 for item in self.items if answers[item.id])
            band = next(b for b in self.bands if risks <= b.upto)
            percent = (Decimal(risks * 100) / len(self.items)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return Result(risks, len(self.items), percent, band.code, band.label)
        top = sum(item.weight for item in self.items)
        met = sum(item.weight for item in self.items if answers[item.id])
        percent = (Decimal(met * 100) / top).quantize(Decimal("0.1"), ROUND_HALF_UP)
        # Compared exactly (met × 100 ≥ pass_at × max), so a rounded percentage never flips the category.
        passed = Decimal(met * 100) >= self.pass_at * top
        return Result(met, top, percent, *((MEETS, self.pass_label) if passed else (FAILS, self.fail_label)))


def load(path: Path) -> Checklist:
    line = 1
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
        items = []
        for item in raw["items"]:
            line = item["__line__"]
            items.append(Item(str(item["id"]), item["label"], int(item.get("weight", 1)), item.get("group", "")))
        line = raw["__line__"]
        if len({i.id for i in items}) != len(items):
            raise ValueError("id butir ganda")
        scoring = raw["scoring"]
        line = scoring["__line__"]
        common = {"kind": raw["id"], "version": int(raw["version"]), "name": raw["name"],
                  "object_label": raw["object_label"], "source": raw["source"], "items": tuple(items)}
        if scoring["kind"] == PERCENT:
            return Checklist(scoring=PERCENT, pass_at=Decimal(str(scoring["pass_at"])), pass_label=scoring["pass_label"],
                             fail_label=scoring["fail_label"], **common)
        if scoring["kind"] == RISK:
            bands = tuple(Band(int(b["upto"]), b["code"], b["label"]) for b in scoring["bands"])
            if [b.upto for b in bands] != sorted(b.upto for b in bands) or bands[-1].upto < len(items):
                raise ValueError("pita risiko harus naik dan mencakup semua butir")
            return Checklist(scoring=RISK, bands=bands, **common)
        raise ValueError(f"scoring.kind harus {PERCENT!r} atau {RISK!r}")
    except (KeyError, TypeError, ValueError, IndexError, yaml.YAMLError) as error:
        detail = f"kunci {error} tidak ada" if isinstance(error, KeyError) else str(error)
        raise ChecklistError(f"{path.name}:{line}: {detail}") from None


@lru_cache(maxsize=1)
def checklists() -> dict[str, Checklist]:
    """Every inspection kind by id: rumah, ttu, tpp, sam."""
    found = {}
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        checklist = load(path)
        found[checklist.kind] = checklist
    order = ["rumah", "ttu", "tpp", "sam"]
    return dict(sorted(found.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
