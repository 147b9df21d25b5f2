"""Computed values of a package: BMI, gestational age and due date, WHO growth z-scores and status,
and the visit slot (KF1–KF4, KN1–KN3) a date falls in.

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
    if definition.kind == "days_since":
        return (definition.id, f"{definition.id}_day", f"{definition.id}_hours")
    return (definition.id,)


KINDS = {"bmi", "growth", "pregnancy_dates", "age_days", "days_since"}


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


def _days_since(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """Day since an event (day 0 = its date), completed hours, and the window slot the visit fills.

    Without a `date` input the event is the patient's birth. A window with `min_hours` (KF1, KN1:
    from 6 hours) reads the hours from the event's and the visit's times; without both times the
    hours are taken as day × 24, so a visit on day 0 fills no slot until the times are entered.
    Off-window visits get slot "" (recorded, fills no slot: DOMAIN.md §1).
    """
    ident, inputs = definition.id, definition.inputs
    if "date" in inputs:
        event = facts.get(inputs["date"])
        day = (service_date - event).days if event else None
    else:
        day = facts.get("age_days")
    if day is None:
        return {ident: None, f"{ident}_day": None, f"{ident}_hours": None}
    event_time, visit_time = facts.get(inputs.get("time", "")), facts.get(inputs.get("at_time", ""))
    hours = None
    if event_time is not None and visit_time is not None:
        event_at = dt.datetime.combine(service_date - dt.timedelta(days=day), event_time)
        hours = int((dt.datetime.combine(service_date, visit_time) - event_at).total_seconds() // 3600)
    elapsed = hours if hours is not None else day * 24
    slot = next((w.slot for w in definition.windows
                 if w.first_day <= day <= w.last_day and elapsed >= w.min_hours), "")
    return {ident: slot, f"{ident}_day": day, f"{ident}_hours": hours}


_KIND = {"bmi": _bmi, "pregnancy_dates": _pregnancy_dates, "growth": _growth, "age_days": _age_days,
         "days_since": _days_since}
