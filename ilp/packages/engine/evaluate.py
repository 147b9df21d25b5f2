"""Run a package over entered values: limits, required fields, computed values, rules.

Pure functions over typed definitions; the service (../services.py) stores what comes out.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from . import computed as computed_kinds
from .expressions import compile_expression
from .loader import CONTEXT_FACTS, known_names
from .schema import FieldDef, PackageDef

OUT_OF_HARD = "%(value)s %(unit)s tidak mungkin; batas %(low)s–%(high)s %(unit)s."
OUT_OF_SOFT = "%(label)s %(value)s %(unit)s tidak biasa (lazim %(low)s–%(high)s); periksa kembali."
REQUIRED = "Wajib diisi."
IN_FUTURE = "Tanggal tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal tidak boleh sebelum tanggal lahir pasien."
NOT_APPLICABLE = "Paket %(package)s tidak berlaku untuk pasien ini."


@dataclass
class Outcome:
    """What a package run found: per-field errors, warnings, facts, flags and suggested actions."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    flags: list[dict] = field(default_factory=list)
    referrals: list[dict] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)


def context_facts(*, sex: str, birth_date: dt.date, service_date: dt.date, pregnant: bool = False,
                  postpartum: bool = False) -> dict:
    from ilp.people.age import completed_months

    months = completed_months(birth_date, service_date)
    return {"sex": sex, "age_days": (service_date - birth_date).days, "age_months": months, "age_years": months // 12,
            "pregnant": pregnant, "postpartum": postpartum}


def applies(package: PackageDef, context: dict) -> bool:
    return not package.applies_if or compile_expression(package.applies_if, CONTEXT_FACTS)(context)


def visible(field_def: FieldDef, context: dict) -> bool:
    """`show_if` reads only who the patient is (sex, age, pregnancy), never other answers."""
    return not field_def.show_if or compile_expression(field_def.show_if, CONTEXT_FACTS)(context)


def run(package: PackageDef, values: dict, context: dict, *, service_date: dt.date, birth_date: dt.date) -> Outcome:
    """Check and evaluate entered `values` (typed, None when empty) for a patient `context`."""
    outcome = Outcome(facts={**context})
    names = known_names(package)
    if not applies(package, context):
        outcome.errors["__all__"] = [_(NOT_APPLICABLE) % {"package": package.name}]
        return outcome
    for field_def in package.fields:
        value = values.get(field_def.id) if visible(field_def, context) else None
        outcome.facts[field_def.id] = value
        _check_field(field_def, value, outcome, service_date=service_date, birth_date=birth_date)
    _check_blood_pressure(outcome)
    for field_def in package.fields:
        needed = field_def.required or (field_def.required_if and compile_expression(field_def.required_if, names)(outcome.facts))
        if needed and visible(field_def, context) and outcome.facts.get(field_def.id) in (None, ""):
            outcome.errors.setdefault(field_def.id, []).append(_(REQUIRED))
    if outcome.errors:
        return outcome
    for item in package.computed:
        outcome.facts.update(computed_kinds.compute(item, outcome.facts, service_date=service_date))
    for rule in package.rules:
        if compile_expression(rule.when, names)(outcome.facts):
            if rule.flag:
                outcome.flags.append({"code": rule.flag.code, "label": rule.flag.label, "severity": rule.flag.severity})
            if rule.refer_to:
                outcome.referrals.append({"to": rule.refer_to, "reason": rule.message or (rule.flag.label if rule.flag else rule.id)})
            if rule.follow_up:
                outcome.follow_ups.append(rule.follow_up)
    return outcome


def _check_blood_pressure(outcome: Outcome) -> None:
    """DOMAIN.md §6.4: systolic above diastolic, in every package that records both (ids sbp, dbp)."""
    from ilp.clinical.vitals import SBP_NOT_ABOVE_DBP

    sbp, dbp = outcome.facts.get("sbp"), outcome.facts.get("dbp")
    if sbp is not None and dbp is not None and "sbp" not in outcome.errors and Decimal(str(sbp)) <= Decimal(str(dbp)):
        outcome.errors.setdefault("sbp", []).append(_(SBP_NOT_ABOVE_DBP))


def _check_field(field_def: FieldDef, value, outcome: Outcome, *, service_date: dt.date, birth_date: dt.date) -> None:
    if value is None or value == "":
        return
    if field_def.type in ("quantity", "integer"):
        number = Decimal(str(value))
        low, high = field_def.hard
        if not low <= number <= high:
            outcome.errors.setdefault(field_def.id, []).append(
                _(OUT_OF_HARD) % {"value": value, "unit": field_def.unit, "low": low, "high": high})
        elif field_def.soft and not field_def.soft[0] <= number <= field_def.soft[1]:
            outcome.warnings.append(_(OUT_OF_SOFT) % {"label": field_def.label, "value": value, "unit": field_def.unit,
                                                     "low": field_def.soft[0], "high": field_def.soft[1]})
    if field_def.type == "date":
        if field_def.not_future and value > service_date:
            outcome.errors.setdefault(field_def.id, []).append(_(IN_FUTURE))
        elif value < birth_date:
            outcome.errors.setdefault(field_def.id, []).append(_(BEFORE_BIRTH))
