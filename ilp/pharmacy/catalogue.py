"""The drug catalogue (drugs.yaml) parsed once into typed objects; errors name the file and line."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ilp.packages.engine.loader import LineLoader  # every mapping knows its line, for errors

CATALOGUE = Path(__file__).resolve().parent / "drugs.yaml"


class CatalogueError(ValueError):
    """drugs.yaml is wrong; the message names the line."""


@dataclass(frozen=True)
class Drug:
    """One drug as the Puskesmas stocks it: our code, the name and strength, form, counting unit, KFA code."""

    code: str
    name: str
    form: str
    unit: str
    kfa: str = ""  # empty where the KFA code is not known (see drugs.yaml)
    program: str = ""  # a programme drug (TB) supplied through its own channel but still on the LPLPO
    order: int = 0  # the row on the LPLPO

    def __str__(self) -> str:
        return f"{self.name} ({self.form})"


def load(path: Path = CATALOGUE) -> tuple[str, dict[str, Drug]]:
    """(version tag, drugs by code) from the file; CatalogueError naming the line otherwise."""
    line = 1
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
        drugs: dict[str, Drug] = {}
        for order, item in enumerate(raw["drugs"], start=1):
            line = item.get("__line__", line)
            code = str(item["code"]).strip().upper()
            if code in drugs:
                raise ValueError(f"kode obat {code!r} ganda")
            drugs[code] = Drug(code=code, name=str(item["name"]), form=str(item["form"]), unit=str(item["unit"]),
                               kfa=str(item.get("kfa") or ""), program=str(item.get("program") or ""), order=order)
        return f"{raw['id']}@{int(raw['version'])}", drugs
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        detail = f"kunci {error} tidak ada" if isinstance(error, KeyError) else str(error)
        raise CatalogueError(f"{path.name}:{line}: {detail}") from None


@lru_cache(maxsize=1)
def _loaded() -> tuple[str, dict[str, Drug]]:
    return load()


def drugs() -> dict[str, Drug]:
    """Every drug of the catalogue by code, in LPLPO order."""
    return _loaded()[1]


def version() -> str:
    """`obat-puskesmas@1`: stored on each prescription, so it says which catalogue it was written against."""
    return _loaded()[0]


def drug_get(code: str) -> Drug | None:
    """The drug with this code (case-insensitive), or None."""
    return drugs().get((code or "").strip().upper())


def choices() -> list[tuple[str, str]]:
    return [(d.code, f"{d.name} — {d.unit}") for d in drugs().values()]
