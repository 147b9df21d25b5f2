"""The retribution tariff (tariffs.yaml), parsed once into typed items."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class TariffItem:
    code: str
    name: str
    amount: int
    default: bool = False


@dataclass(frozen=True)
class Tariff:
    id: str
    version: int
    items: dict[str, TariffItem]

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"


@lru_cache(maxsize=1)
def tariff() -> Tariff:
    data = yaml.safe_load(Path(__file__).with_name("tariffs.yaml").read_text(encoding="utf-8"))
    items = {row["code"]: TariffItem(**row) for row in data["items"]}
    if any(item.amount < 0 for item in items.values()):
        raise ValueError("tariffs.yaml: a tariff amount is negative")
    return Tariff(id=data["id"], version=int(data["version"]), items=items)
