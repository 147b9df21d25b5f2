"""The dental procedure catalogue (procedures.yaml), parsed once into typed entries."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .teeth import STATUS_BY_CODE

SOURCE = Path(__file__).with_name("procedures.yaml")


@dataclass(frozen=True)
class Procedure:
    code: str  # ICD-9-CM
    name: str
    tooth: str  # required | optional | none
    teeth: str = "any"  # permanent | primary | any
    allowed: tuple[str, ...] = ()  # statuses the tooth may have before; empty = any present tooth
    sets: str = ""  # the tooth's status afterwards
    icd10: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Procedure]:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    procedures = {}
    for raw in data["procedures"]:
        procedure = Procedure(**{**raw, "allowed": tuple(raw.get("allowed", ()))})
        unknown = [s for s in (*procedure.allowed, procedure.sets) if s and s not in STATUS_BY_CODE]
        if unknown or procedure.tooth not in ("required", "optional", "none") or procedure.code in procedures:
            raise ValueError(f"{SOURCE.name}: procedure {procedure.code} is not valid ({unknown or procedure.tooth})")
        procedures[procedure.code] = procedure
    return procedures


def version() -> str:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    return f"{data['id']}@{data['version']}"
