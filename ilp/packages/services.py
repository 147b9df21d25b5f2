"""Record a service package for a patient: validate, compute, store coded observations, act on rules."""

import contextlib
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical.models import Observation
from ilp.indicators import facts

from .engine import evaluate
from .engine.loader import registry
from .engine.schema import SYSTEMS, PackageDef
from .models import PackageRecord

NOT_ALLOWED = "Peran Anda tidak mencatat layanan pasien."
CONFIRM = "Ada nilai yang tidak biasa; periksa, lalu centang konfirmasi untuk menyimpan."
FUTURE_SERVICE = "Tanggal layanan tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal layanan tidak boleh sebelum tanggal lahir pasien."
VOID_REASON_REQUIRED = "Tuliskan alasan catatan ini dibatalkan."
ALREADY_VOID = "Catatan ini sudah dibatalkan (salah input)."


class NeedsConfirmation(ValidationError):
    """Soft limits were crossed: the nurse confirms before anything is stored."""

    def __init__(self, warnings: list[str]):
        super().__init__(_(CONFIRM))
        self.warnings = warnings


def _observation_rows(package: PackageDef, record: PackageRecord, facts: dict, when: dt.datetime) -> list[Observation]:
    rows = []
    for field_def in package.fields:
        value = facts.get(field_def.id)
        if value is None or value == "":
            continue
        code = field_def.code
        rows.append(Observation(
            patient=record.patient, visit=record.visit, facility=record.facility, record=record, effective_at=when,
            system=code.system if code else SYSTEMS["ilp"], code=code.code if code else f"{package.id}.{field_def.id}",
            display=(code.display if code else "") or field_def.label,
            value_quantity=Decimal(str(value)) if field_def.type in ("quantity", "integer") else None,
            value_text="" if field_def.type in ("quantity", "integer") else str(value),
            unit=field_def.unit, performer=record.performer, source=package.label))
    for item in package.computed:
        value = facts.get(item.id)
        if item.code and value is not None:
            rows.append(Observation(
                patient=record.patient, visit=record.visit, facility=record.facility, record=record, effective_at=when,
                system=item.code.system, code=item.code.code, display=item.code.display or item.label,
                value_quantity=Decimal(str(value)), unit=item.unit, performer=record.performer, source=package.label))
    return rows


def _jsonable(facts: dict, keys) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts.items() if k in keys}


@transaction.atomic
def record_package(*, actor, patient, package_id: str, values: dict, visit=None, service_date: dt.date | None = None,
                   confirmed: bool = False) -> PackageRecord:
    """Store one filled package; raises ValidationError (per field) or NeedsConfirmation (soft limits)."""
    if not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))
    package = registry()[package_id]
    service_date = service_date or timezone.localdate()
    if service_date > timezone.localdate():
        raise ValidationError({"service_date": [_(FUTURE_SERVICE)]})
    if service_date < patient.birth_date:
        raise ValidationError({"service_date": [_(BEFORE_BIRTH)]})
    context = evaluate.context_facts(sex=patient.sex, birth_date=patient.birth_date, service_date=service_date,
                                     pregnant=bool(visit and visit.pregnant), postpartum=bool(visit and visit.postpartum))
    outcome = evaluate.run(package, values, context, service_date=service_date, birth_date=patient.birth_date)
    if outcome.errors:
        raise ValidationError(outcome.errors)
    if outcome.warnings and not confirmed:
        raise NeedsConfirmation(outcome.warnings)
    now = timezone.now()
    field_ids = {f.id for f in package.fields}
    record = PackageRecord.objects.create(
        patient=patient, visit=visit, facility=actor.facility, package_id=package.id, package_version=package.version,
        service_date=service_date, recorded_at=now, performer=actor, values=_jsonable(outcome.facts, field_ids),
        computed=_jsonable(outcome.facts, set(outcome.facts) - field_ids - set(context)), flags=outcome.flags,
        warnings=outcome.warnings)
    Observation.objects.bulk_create(_observation_rows(package, record, outcome.facts, now))
    facts.record_package_facts(record, outcome.facts)
    audit.record(actor=actor, action="package.record", target=record, detail={"package": package.label})
    _act_on_rules(actor=actor, patient=patient, visit=visit, outcome=outcome)
    return record


@transaction.atomic
def void_record(*, actor, record: PackageRecord, reason: str) -> PackageRecord:
    """Mark a record entered-in-error (FHIR status), with its observations, and drop its facts; never delete it."""
    if not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_(VOID_REASON_REQUIRED)]})
    locked = PackageRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status == PackageRecord.Status.ENTERED_IN_ERROR:
        raise ValidationError(_(ALREADY_VOID))
    locked.status = PackageRecord.Status.ENTERED_IN_ERROR
    locked.save(update_fields=["status"])
    Observation.objects.filter(record=locked).update(status=Observation.Status.ENTERED_IN_ERROR)
    facts.replace_facts(f"packages.PackageRecord:{locked.pk}", [])
    audit.record(actor=actor, action="package.void", target=locked, detail={"package": locked.package_id,
                                                                         "reason": reason.strip()[:300]})
    return locked


def _act_on_rules(*, actor, patient, visit, outcome: evaluate.Outcome) -> None:
    """Rules that ask for village follow-up create the Pustu task at once; referrals stay suggestions."""
    from ilp.visits.services import create_follow_up

    for reason in outcome.follow_ups:
        # No Pustu for this desa: the flag on the record still shows the need.
        with contextlib.suppress(ValidationError):
            create_follow_up(actor=actor, patient=patient, visit=visit, reason=reason)
