"""Pandu PTM measurements, registration at the loket (with the BPJS check), and the kasir."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical.models import Observation
from ilp.clinical.vitals import SBP_NOT_ABOVE_DBP, VITALS_BY_ID
from ilp.core.sequences import next_value
from ilp.indicators import facts
from ilp.people.age import completed_years
from ilp.people.services import ensure_medical_record

from .. import bpjs
from ..models import BpjsStatus, Payer, Payment, QueueEntry, Visit
from ..routing import routing
from ..tariffs import tariff
from .queue import _event, finish_in_transaction

WRONG_STATION = "Langkah ini dilakukan di %(station)s, bukan di %(here)s."
NO_VITALS = "Isi minimal satu hasil pengukuran."
OUT_OF_RANGE = "%(label)s %(value)s %(unit)s di luar batas yang mungkin (%(low)s–%(high)s)."
NO_BPJS_NUMBER = "Pasien belum punya nomor BPJS; pilih Umum atau lengkapi nomor BPJS di data pasien."
OPEN_VISIT_EXISTS = "%(name)s masih punya kunjungan yang belum selesai hari ini; selesaikan atau batalkan dulu."
UNKNOWN_PAYER = "Pilih cara bayar: BPJS atau umum."
PREGNANT_MALE = "Pasien laki-laki tidak dapat ditandai hamil atau nifas."
ALREADY_PAID = "Retribusi kunjungan ini sudah dibayar."
NO_ITEMS = "Pilih minimal satu jenis retribusi."


def _require_station(entry: QueueEntry, code: str) -> None:
    if entry.station.code != code:
        raise ValidationError(_(WRONG_STATION) % {"station": routing().stations[code].name, "here": entry.station.name})


def check_vitals(values: dict[str, Decimal | None]) -> dict[str, list[str]]:
    """Hard-limit errors per field (DOMAIN.md §6.4); empty when everything may be stored."""
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        measure = VITALS_BY_ID[key]
        if value is not None and not measure.hard[0] <= value <= measure.hard[1]:
            errors[key] = [_(OUT_OF_RANGE) % {"label": measure.label, "value": value, "unit": measure.unit,
                                             "low": measure.hard[0], "high": measure.hard[1]}]
    sbp, dbp = values.get("sbp"), values.get("dbp")
    if sbp is not None and dbp is not None and sbp <= dbp:
        errors.setdefault("sbp", []).append(_(SBP_NOT_ABOVE_DBP))
    return errors


@transaction.atomic
def record_vitals(*, actor, entry: QueueEntry, values: dict[str, Decimal | None]) -> list[Observation]:
    """Store the Pandu PTM measurements of a visit; later stations read them, never type them again."""
    _require_station(entry, "pandu_ptm")
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        raise ValidationError(_(NO_VITALS))
    if errors := check_vitals(values):
        raise ValidationError(errors)
    visit, now = entry.visit, timezone.now()
    observations = Observation.objects.bulk_create([
        Observation(visit=visit, patient=visit.patient, facility=visit.facility, code=VITALS_BY_ID[k].code,
                    display=VITALS_BY_ID[k].display, value_quantity=v, unit=VITALS_BY_ID[k].unit, effective_at=now,
                    performer=actor, source="pandu_ptm") for k, v in values.items()])
    _event(visit, "vitals", actor=actor, station="pandu_ptm", measured=sorted(values))
    audit.record(actor=actor, action="observation.create", target=visit, detail={"codes": sorted(values)})
    return observations


@transaction.atomic
def register_visit(*, actor, entry: QueueEntry, patient, payer: str, pregnant: bool = False,
                   postpartum: bool = False) -> Visit:
    """Identify the patient at the loket, check BPJS, route to Klaster 2 or 3, and send on (SOP e–g)."""
    at_ugd = entry.station.code == "ugd"
    if not at_ugd:
        _require_station(entry, "pendaftaran")
    visit = entry.visit
    if payer not in Payer.values:
        raise ValidationError({"payer": [_(UNKNOWN_PAYER)]})
    if Visit.objects.filter(patient=patient, status=Visit.Status.OPEN).exclude(pk=visit.pk).exists():
        # One open visit per patient keeps waiting times and the SOP checklist computable.
        raise ValidationError(_(OPEN_VISIT_EXISTS) % {"name": patient.name})
    if (pregnant or postpartum) and patient.sex == "M":
        raise ValidationError(_(PREGNANT_MALE))
    if payer == Payer.BPJS and not patient.bpjs_number:
        raise ValidationError(_(NO_BPJS_NUMBER))
    visit.bpjs_status = BpjsStatus.UNCHECKED
    if payer == Payer.BPJS:
        eligibility = bpjs.check_participant(patient.bpjs_number)
        visit.bpjs_status = eligibility.status
        if eligibility.status in (BpjsStatus.INACTIVE, BpjsStatus.NOT_FOUND):
            payer = Payer.UMUM  # SOP: without active BPJS the patient pays the retribution
    rule = routing().klaster_for(pregnant=pregnant, postpartum=postpartum,
                                 age_years=completed_years(patient.birth_date, timezone.localdate()))
    visit.patient, visit.payer, visit.pregnant, visit.postpartum = patient, payer, pregnant, postpartum
    visit.klaster, visit.klaster_reason, visit.registered_at = rule.klaster, rule.reason, timezone.now()
    visit.save()
    visit.observations.filter(patient__isnull=True).update(patient=patient)
    ensure_medical_record(actor=actor, patient=patient)
    facts.record_visit_facts(visit)
    _event(visit, "registered", actor=actor, station="pendaftaran", klaster=rule.klaster, payer=payer,
           bpjs_status=visit.bpjs_status)
    audit.record(actor=actor, action="visit.register", target=visit, detail={"klaster": rule.klaster, "payer": payer})
    if not at_ugd:  # in UGD the patient is identified during care and stays there
        finish_in_transaction(actor=actor, entry=entry, send_to="kasir" if payer == Payer.UMUM else routing().screening_for(rule.klaster))
    return visit


def recheck_bpjs(*, actor, visit: Visit) -> str:
    """Ask BPJS again for a visit registered while the service did not answer."""
    eligibility = bpjs.check_participant(visit.patient.bpjs_number)
    if eligibility.status != BpjsStatus.UNAVAILABLE:
        changes = {"bpjs_status": eligibility.status}
        if eligibility.status in (BpjsStatus.INACTIVE, BpjsStatus.NOT_FOUND):
            changes["payer"] = Payer.UMUM  # as at registration: without active BPJS the retribution is due
        Visit.objects.filter(pk=visit.pk).update(**changes)
        _event(visit, "bpjs_rechecked", actor=actor, bpjs_status=eligibility.status)
        audit.record(actor=actor, action="visit.bpjs_recheck", target=visit, detail=changes)
    return eligibility.status


def _receipt_number(visit: Visit) -> str:
    today = timezone.localdate()
    count = next_value(f"kuitansi:{visit.facility_id}:{today.isoformat()}")
    return f"KW-{visit.facility.code}-{today:%Y%m%d}-{count:04d}"


@transaction.atomic
def pay_retribution(*, actor, entry: QueueEntry, item_codes: list[str]) -> Payment:
    """Take the retribution at the kasir (Perda tariff) and send the patient to screening."""
    _require_station(entry, "kasir")
    visit = entry.visit
    if visit.payments.exists():
        raise ValidationError(_(ALREADY_PAID))
    table = tariff()
    items = [table.items[code] for code in item_codes if code in table.items]
    if not items:
        raise ValidationError(_(NO_ITEMS))
    payment = Payment.objects.create(
        visit=visit, receipt_number=_receipt_number(visit), total=sum(i.amount for i in items),
        items=[{"code": i.code, "name": i.name, "amount": i.amount} for i in items], tariff_version=table.label,
        paid_at=timezone.now(), cashier=actor)
    _event(visit, "paid", actor=actor, station="kasir", total=payment.total)
    audit.record(actor=actor, action="payment.create", target=visit, detail={"receipt": payment.receipt_number})
    finish_in_transaction(actor=actor, entry=entry, send_to=routing().screening_for(visit.klaster))
    return payment
