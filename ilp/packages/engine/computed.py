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
    if definition.kind == "adult_bp":
        return (definition.id, f"{definition.id}_sbp", f"{definition.id}_dbp", f"{definition.id}_isolated")
    if definition.kind == "barthel":
        return (definition.id, f"{definition.id}_category", f"{definition.id}_level")
    if definition.kind == "count_true":
        return (definition.id, f"{definition.id}_missing")
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


# Klaster 3 (DOMAIN.md §4): adult blood pressure, Asia-Pacific BMI bands, glucose classes, WHO 2011
# anaemia, the modified Barthel ADL and a count of ticked items (SRQ-20 score, SKILAS).
ADULT_BP_ORDER = ("optimal", "normal", "normal_tinggi", "ht1", "ht2", "ht3")
# Lower bounds of each category after "optimal", KMK table 22 (mmHg).
_SBP_FROM = (Decimal(120), Decimal(130), Decimal(140), Decimal(160), Decimal(180))
_DBP_FROM = (Decimal(80), Decimal(85), Decimal(90), Decimal(100), Decimal(110))


def _band(value: Decimal, lower_bounds: tuple[Decimal, ...]) -> int:
    """Index of the half-open band `value` falls in: 0 below the first bound, i after bound i−1."""
    return sum(1 for bound in lower_bounds if value >= bound)


def _mean_of_readings(facts: dict, first: str, second: str) -> Decimal | None:
    values = [Decimal(str(facts[name])) for name in (first, second) if name and facts.get(name) is not None]
    return sum(values) / len(values) if values else None


def _adult_bp(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """KMK table 22: the higher of the SBP and DBP categories wins; isolated systolic = SBP ≥ 140 with DBP < 90.

    With a second reading the mean of the two is classified (DOMAIN.md §4 project decision), unrounded.
    """
    ident, inputs = definition.id, definition.inputs
    sbp = _mean_of_readings(facts, inputs["sbp"], inputs.get("sbp2", ""))
    dbp = _mean_of_readings(facts, inputs["dbp"], inputs.get("dbp2", ""))
    if sbp is None or dbp is None:
        return {ident: None, f"{ident}_sbp": None, f"{ident}_dbp": None, f"{ident}_isolated": None}
    category = ADULT_BP_ORDER[max(_band(sbp, _SBP_FROM), _band(dbp, _DBP_FROM))]
    return {ident: category, f"{ident}_sbp": sbp.quantize(Decimal("0.1"), ROUND_HALF_UP),
            f"{ident}_dbp": dbp.quantize(Decimal("0.1"), ROUND_HALF_UP), f"{ident}_isolated": sbp >= 140 and dbp < 90}


BMI_ASIA_BANDS = ("kurang", "normal", "lebih", "obesitas_1", "obesitas_2")
_BMI_ASIA_FROM = (Decimal("18.5"), Decimal(23), Decimal(25), Decimal(30))


def _bmi_asia(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """WHO Asia-Pacific 2000 band on the unrounded BMI (DOMAIN.md §4: half-open, closes the 22.9/23.0 gap)."""
    weight, height = facts.get(definition.inputs["weight"]), facts.get(definition.inputs["height"])
    if not weight or not height:
        return {definition.id: None}
    metres = Decimal(str(height)) / 100
    return {definition.id: BMI_ASIA_BANDS[_band(Decimal(str(weight)) / (metres * metres), _BMI_ASIA_FROM)]}


GLUCOSE_ORDER = ("normal", "belum_pasti", "prediabetes", "suspek_dm", "dm")
_GLUCOSE_RANK = {name: index for index, name in enumerate(GLUCOSE_ORDER)}


def _glucose_test(test: str, value: Decimal, symptoms: bool) -> str:
    """One test's class, KMK tables 23–24 (mg/dL; HbA1c %), half-open bands."""
    if test == "gds":
        if value >= 200:
            return "dm" if symptoms else "suspek_dm"  # DOMAIN.md §4: without classic symptoms the doctor decides
        return "prediabetes" if value >= 140 else "belum_pasti" if value >= 100 else "normal"
    if test == "gdp":
        return "dm" if value >= 126 else "prediabetes" if value >= 100 else "normal"
    if test == "ttgo":
        return "dm" if value >= 200 else "prediabetes" if value >= 140 else "normal"
    return "dm" if value >= Decimal("6.5") else "prediabetes" if value >= Decimal("5.7") else "normal"


def _glucose_class(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """The worst class over the tests done (GDS, GDP, TTGO 2 h, HbA1c); None when none was done.

    A screening class, not a diagnosis: morbidity counts DM only on a doctor's ICD-10 E10–E14.
    """
    inputs = definition.inputs
    symptoms = bool(facts.get(inputs.get("symptoms", "")))
    classes = [_glucose_test(test, Decimal(str(facts[inputs[test]])), symptoms)
               for test in ("gds", "gdp", "ttgo", "hba1c") if inputs.get(test) and facts.get(inputs[test]) is not None]
    return {definition.id: max(classes, key=_GLUCOSE_RANK.__getitem__) if classes else None}


# WHO 2011 haemoglobin cut-offs (g/dL): lower bounds of mild, moderate and "no anaemia" per group.
_ANAEMIA_BOUNDS = {
    "6_59_bulan": (Decimal(7), Decimal(10), Decimal(11)),
    "5_11_tahun": (Decimal(8), Decimal(11), Decimal("11.5")),
    "12_14_tahun": (Decimal(8), Decimal(11), Decimal(12)),
    "perempuan": (Decimal(8), Decimal(11), Decimal(12)),
    "hamil": (Decimal(7), Decimal(10), Decimal(11)),
    "laki_laki": (Decimal(8), Decimal(11), Decimal(13)),
}
ANAEMIA_CLASSES = ("berat", "sedang", "ringan", "normal")


def _anaemia_group(facts: dict, pregnant: bool) -> str | None:
    months = facts.get("age_months")
    if months is None or months < 6:
        return None
    if months < 60:
        return "6_59_bulan"
    if months < 144:
        return "5_11_tahun"
    if pregnant and facts.get("sex") == "F":
        return "hamil"
    if months < 180:
        return "12_14_tahun"
    return "perempuan" if facts.get("sex") == "F" else "laki_laki"


def _anemia_who2011(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """WHO 2011 anaemia class of the patient's group (age, sex, pregnancy); None under 6 months or without Hb."""
    hb = facts.get(definition.inputs["hb"])
    pregnant = bool(facts.get(definition.inputs.get("pregnant", "pregnant")))
    group = _anaemia_group(facts, pregnant)
    if hb is None or group is None:
        return {definition.id: None}
    return {definition.id: ANAEMIA_CLASSES[_band(Decimal(str(hb)), _ANAEMIA_BOUNDS[group])]}


def _barthel(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """Modified Barthel ADL 0–20 (KMK form 5): 20 A independent; 12–19 B mild; 9–11 B moderate; 5–8 C severe;
    0–4 C total. Scored only when every item is answered (a partial sum would look like dependency)."""
    ident = definition.id
    items = [facts.get(name) for name in definition.inputs.values()]
    if any(item in (None, "") for item in items):
        return {ident: None, f"{ident}_category": None, f"{ident}_level": None}
    score = sum(int(item) for item in items)
    level = ("total" if score <= 4 else "berat" if score <= 8 else "sedang" if score <= 11 else "ringan" if score <= 19
             else "mandiri")
    category = {"mandiri": "A", "ringan": "B", "sedang": "B"}.get(level, "C")
    return {ident: score, f"{ident}_category": category, f"{ident}_level": level}


def _count_true(definition: ComputedDef, facts: dict, service_date: dt.date) -> dict:
    """How many of the items are ticked "ya" (SRQ-20 raw score, SKILAS), and how many are unanswered.

    The count is None when no item was answered, so "not asked" never reads as "all negative".
    """
    ident = definition.id
    answers = [facts.get(name) for name in definition.inputs.values()]
    missing = sum(1 for answer in answers if answer is None)
    if missing == len(answers):
        return {ident: None, f"{ident}_missing": missing}
    return {ident: sum(1 for answer in answers if answer is True), f"{ident}_missing": missing}


KINDS |= {"adult_bp", "bmi_asia", "glucose_class", "anemia_who2011", "barthel", "count_true"}
_KIND.update({"adult_bp": _adult_bp, "bmi_asia": _bmi_asia, "glucose_class": _glucose_class,
              "anemia_who2011": _anemia_who2011, "barthel": _barthel, "count_true": _count_true})
