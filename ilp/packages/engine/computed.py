"""Computed values of a package: BMI, gestational age and due date, WHO growth z-scores and status.

Each kind names the facts it produces, so rules can use them (`haz < -2`) and the loader can
check that they exist.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ilp.growth import nutrition_status, zscores

from .schema import ComputedDef

GROWTH_OUTPUTS = ("waz", "haz", "whz", "baz", "hcz", "acz", "bb_u", "tb_u", "bb_tb", "imt_u", "gizi_buruk_klinis",
                  "implausible", "length_adjusted_cm")


def outputs(definition: ComputedDef) -> tuple[str, ...]:
    """The fact names a computed definition adds."""
    if definition.kind == "growth":
        return GROWTH_OUTPUTS
    if definition.kind == "pregnancy_dates":
        return ("ga_days", "ga_weeks", "hpl", "trimester")
    return (definition.id,)


KINDS = {"bmi", "growth", "pregnancy_dates", "age_days"}


def compute(definition: ComputedDef, facts: dict, *, service_date: dt.date) -> dict:
    """The computed facts for one definition, from the facts so far (None where inputs are missing)."""
    return _KIND[definition.kind](definition, facts, service_date)


def _bmi(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    weight, height = facts.get(definition.inputs["weight"]), facts.get(definition.inputs["height"])
    if not weight or not height:
        return {definition.id: None}
    metres = Decimal(height) / 100
    return {definition.id: (Decimal(weight) / (metres * metres)).quantize(Decimal("0.1"), ROUND_HALF_UP)}


def _pregnancy_dates(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """HPL = HPHT + 280 d; GA = 280 − (HPL − contact date); trimester by completed days (DOMAIN.md §1)."""
    hpht = facts.get(definition.inputs["hpht"])
    if not hpht:
        return {"ga_days": None, "ga_weeks": None, "hpl": None, "trimester": None}
    hpl = hpht + dt.timedelta(days=280)
    ga_days = 280 - (hpl - service_date).days
    trimester = 1 if ga_days <= 90 else 2 if ga_days <= 174 else 3
    return {"ga_days": ga_days, "ga_weeks": ga_days // 7, "hpl": hpl, "trimester": trimester}


def _growth(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    inputs = definition.inputs
    weight, length = facts.get(inputs["weight"]), facts.get(inputs["length"])
    muac = facts.get(inputs.get("muac", ""))
    scores = zscores(
        sex=facts["sex"], age_days=facts["age_days"], weight_kg=float(weight) if weight is not None else None,
        length_cm=Decimal(length) if length is not None else None, measured=facts.get(inputs.get("measured", "")) or None,
        oedema=bool(facts.get(inputs.get("oedema", ""))),
        head_cm=_float(facts.get(inputs.get("head", ""))), muac_cm=_float(muac))
    status = nutrition_status(scores, muac_cm=_float(muac))
    result = scores.as_dict()
    for index in ("bb_u", "tb_u", "bb_tb", "imt_u"):
        category = getattr(status, index)
        result[index] = category.code if category else None
    result["gizi_buruk_klinis"] = status.gizi_buruk_klinis
    result["implausible"] = ",".join(sorted(scores.flags))
    result["length_adjusted_cm"] = scores.length_adjusted_cm
    return result


def _float(value) -> float | None:
    return float(value) if value is not None else None


def _age_days(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    return {definition.id: facts.get("age_days")}


_KIND = {"bmi": _bmi, "pregnancy_dates": _pregnancy_dates, "growth": _growth, "age_days": _age_days}
