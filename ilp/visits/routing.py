"""The flow definition (routing.yaml) parsed once into typed objects; the engine never reads raw dicts."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROUTING_FILE = Path(__file__).with_name("routing.yaml")
HOME = "pulang"           # the patient goes home: the visit ends
BACK = "kembali"          # back to the cluster that referred, for re-consultation
SCREENING = "skrining"    # the screening station of the visit's klaster
CONDITIONS = {"pregnant", "postpartum", "under_18", "always"}


class RoutingError(ValueError):
    """routing.yaml is wrong; the message names the entry."""


@dataclass(frozen=True)
class StationDef:
    code: str
    name: str
    klaster: str
    prefix: str = ""
    clinical: bool = False
    internal_referral: bool = False


@dataclass(frozen=True)
class KlasterRule:
    when: str
    klaster: str
    reason: str


@dataclass(frozen=True)
class Routing:
    id: str
    version: int
    stations: dict[str, StationDef]
    start_emergency: str
    start_default: str
    next: dict[str, tuple[str, ...]]
    klaster_rules: tuple[KlasterRule, ...]

    def screening_for(self, klaster: str) -> str:
        return f"skrining_{klaster}"

    def clinic_for(self, klaster: str) -> str:
        return {"k2": "klaster2", "k3": "klaster3"}[klaster]

    def klaster_for(self, *, pregnant: bool, postpartum: bool, age_years: int) -> KlasterRule:
        facts = {"pregnant": pregnant, "postpartum": postpartum, "under_18": age_years < 18, "always": True}
        return next(rule for rule in self.klaster_rules if facts[rule.when])

    @property
    def referral_targets(self) -> list[StationDef]:
        return [s for s in self.stations.values() if s.internal_referral or s.code == "ugd"]


def parse(data: dict, source: str = "routing.yaml") -> Routing:
    try:
        stations = {s["code"]: StationDef(**s) for s in data["stations"]}
        rules = tuple(KlasterRule(**r) for r in data["klaster_rules"])
        nexts = {code: tuple(targets) for code, targets in data["next"].items()}
    except (KeyError, TypeError) as error:
        raise RoutingError(f"{source}: {error}") from None
    allowed = set(stations) | {HOME, BACK, SCREENING}
    for code, targets in nexts.items():
        if code not in stations or not set(targets) <= allowed:
            raise RoutingError(f"{source}: next.{code} names an unknown station: {targets}")
    for rule in rules:
        if rule.when not in CONDITIONS:
            raise RoutingError(f"{source}: unknown condition {rule.when!r} in klaster_rules")
    if rules[-1].when != "always":
        raise RoutingError(f"{source}: the last klaster rule must be 'always'")
    return Routing(id=data["id"], version=int(data["version"]), stations=stations,
                   start_emergency=data["start"]["emergency"], start_default=data["start"]["default"],
                   next=nexts, klaster_rules=rules)


@lru_cache(maxsize=1)
def routing() -> Routing:
    return parse(yaml.safe_load(ROUTING_FILE.read_text(encoding="utf-8")), ROUTING_FILE.name)
