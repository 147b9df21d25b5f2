"""Writes of the pharmacy: prescribe, receive, dispense (FEFO), transfer to a Pustu, stock opname.

Every change of stock is a StockMovement (append-only) plus the batch's `on_hand` moved in the same
transaction. Units leave a batch only through `_take`, a conditional UPDATE (`on_hand >= n`) on a row
already locked with SELECT ... FOR UPDATE, under a CHECK (on_hand >= 0): two pharmacists handing out
the last tablets at the same moment cannot both succeed.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.core.sequences import next_value
from ilp.facilities.models import Facility
from ilp.satusehat import outbox

from . import catalogue
from .models import Batch, Prescription, PrescriptionItem, StockMovement, StockOpname

UNKNOWN_DRUG = "Kode obat %(code)s tidak ada di katalog obat."
QUANTITY_POSITIVE = "Jumlah harus lebih dari 0 (bukan %(quantity)s)."
EXPIRED_ON_RECEIPT = "Batch %(batch)s sudah kedaluwarsa (%(expiry)s): tidak boleh diterima."
EXPIRY_MISMATCH = "Batch %(batch)s sudah tercatat dengan tanggal kedaluwarsa %(expiry)s."
NOT_ENOUGH = "Stok %(drug)s tidak cukup: diminta %(wanted)s %(unit)s, tersedia %(available)s %(unit)s yang belum kedaluwarsa."
NOT_WAITING = "Resep %(number)s sudah %(status)s."
NO_ITEMS = "Resep harus berisi paling sedikit satu obat."
NO_PATIENT = "Kunjungan belum terdaftar atas nama pasien; resep belum bisa ditulis."
VISIT_CLOSED = "Kunjungan sudah selesai atau batal; resep tidak bisa ditulis."
NOT_A_PUSTU = "Tujuan distribusi harus Pustu dari Puskesmas ini."
COUNT_NEGATIVE = "Jumlah hasil hitung tidak boleh negatif (batch %(batch)s)."
NO_COUNTS = "Isi paling sedikit satu hasil hitung."
FOREIGN_BATCH = "Batch tidak ada di stok fasilitas ini."


def _drug(code: str) -> catalogue.Drug:
    drug = catalogue.drug_get(code)
    if drug is None:
        raise ValidationError(_(UNKNOWN_DRUG) % {"code": code or "(kosong)"})
    return drug


def _positive(quantity) -> int:
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationError(_(QUANTITY_POSITIVE) % {"quantity": quantity})
    return quantity


def _move(*, actor, batch: Batch, kind: str, quantity: int, on: dt.date, **links) -> StockMovement:
    """Move `quantity` units (signed) in or out of a locked batch and append the ledger line."""
    if quantity < 0:
        # Conditional decrement: a batch that no longer holds the units is left untouched.
        taken = Batch.objects.filter(pk=batch.pk, on_hand__gte=-quantity).update(on_hand=F("on_hand") + quantity)
        if not taken:
            drug = _drug(batch.drug_code)
            raise ValidationError(_(NOT_ENOUGH) % {"drug": drug.name, "wanted": -quantity, "unit": drug.unit,
                                                  "available": Batch.objects.get(pk=batch.pk).on_hand})
    else:
        Batch.objects.filter(pk=batch.pk).update(on_hand=F("on_hand") + quantity)
    batch.refresh_from_db(fields=["on_hand"])
    return StockMovement.objects.create(facility_id=batch.facility_id, batch=batch, drug_code=batch.drug_code, kind=kind,
                                        quantity=quantity, date=on, balance_after=batch.on_hand,
                                        recorded_at=timezone.now(), actor=actor, **links)


def _locked_usable_batches(*, facility: Facility, drug_code: str, on: dt.date) -> list[Batch]:
    """Batches that may still be handed out on `on`, first to expire first (FEFO), locked in that order."""
    # Locking in one fixed order (expiry, batch, id) means two dispensers never wait on each other in a cycle.
    return list(Batch.objects.select_for_update().filter(facility=facility, drug_code=drug_code, expiry_date__gt=on,
                                                         on_hand__gt=0).order_by("expiry_date", "batch_number", "pk"))


def _take_fefo(*, actor, facility: Facility, drug_code: str, quantity: int, on: dt.date, kind: str,
               **links) -> list[StockMovement]:
    """Take `quantity` units of a drug from the batches expiring first; expired batches are never touched."""
    drug = _drug(drug_code)
    batches = _locked_usable_batches(facility=facility, drug_code=drug.code, on=on)
    available = sum(b.on_hand for b in batches)
    if available < quantity:
        raise ValidationError(_(NOT_ENOUGH) % {"drug": drug.name, "wanted": quantity, "unit": drug.unit,
                                              "available": available})
    moves, left = [], quantity
    for batch in batches:
        part = min(left, batch.on_hand)
        moves.append(_move(actor=actor, batch=batch, kind=kind, quantity=-part, on=on, **links))
        left -= part
        if not left:
            break
    return moves


@transaction.atomic
def prescribe(*, actor, visit, items: list[dict], station_code: str) -> Prescription:
    """Write a prescription (resep) in a room during the visit; it waits at the pharmacy's worklist.

    `items` are dicts with `drug_code`, `quantity` and optionally `signa`.
    """
    if visit.patient_id is None:
        raise ValidationError(_(NO_PATIENT))
    if visit.status != visit.Status.OPEN:
        raise ValidationError(_(VISIT_CLOSED))
    if not items:
        raise ValidationError(_(NO_ITEMS))
    checked = [(_drug(item["drug_code"]).code, _positive(item["quantity"]), item.get("signa", "")) for item in items]
    facility = visit.facility
    number = f"R{facility.code}-{timezone.localdate():%y%m}-{next_value(f'resep:{facility.pk}'):05d}"
    prescription = Prescription.objects.create(
        number=number, visit=visit, patient_id=visit.patient_id, facility=facility, station_code=station_code,
        written_at=timezone.now(), prescriber=actor, catalogue_version=catalogue.version())
    PrescriptionItem.objects.bulk_create([PrescriptionItem(prescription=prescription, drug_code=code, quantity=quantity,
                                                           signa=signa) for code, quantity, signa in checked])
    audit.record(actor=actor, action="prescription.create", target=prescription,
                 detail={"items": [[code, quantity] for code, quantity, _signa in checked]})
    return prescription


@transaction.atomic
def dispense_prescription(*, actor, prescription: Prescription, on: dt.date | None = None) -> list[StockMovement]:
    """Hand over every drug of a waiting prescription, each from its batches by FEFO; all or nothing."""
    on = on or timezone.localdate()
    # The prescription's own lock stops a second click (or a second pharmacist) dispensing it twice.
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    if prescription.status != Prescription.Status.WAITING:
        raise ValidationError(_(NOT_WAITING) % {"number": prescription.number,
                                                "status": prescription.get_status_display()})
    moves = []
    for item in prescription.items.order_by("drug_code", "pk"):  # one order everywhere: no lock cycles
        moves += _take_fefo(actor=actor, facility=prescription.facility, drug_code=item.drug_code,
                            quantity=item.quantity, on=on, kind=StockMovement.Kind.DISPENSE, prescription=prescription)
    prescription.status = Prescription.Status.DISPENSED
    prescription.dispensed_at = timezone.now()
    prescription.dispensed_by = actor
    prescription.save(update_fields=["status", "dispensed_at", "dispensed_by"])
    audit.record(actor=actor, action="prescription.dispense", target=prescription,
                 detail={"batches": [[m.batch_id, m.quantity] for m in moves]})
    if prescription.visit.status == "finished":
        outbox.enqueue_visit(prescription.visit)  # the visit went out before the hand-over: send the dispense too
    return moves


@transaction.atomic
def receive_stock(*, actor, facility: Facility, drug_code: str, batch_number: str, expiry_date: dt.date,
                  quantity: int, document: str, received_on: dt.date | None = None) -> StockMovement:
    """Stock in from the Instalasi Farmasi Kabupaten/Kota: one batch, its expiry, the SBBK number."""
    received_on = received_on or timezone.localdate()
    drug, quantity = _drug(drug_code), _positive(quantity)
    batch_number = batch_number.strip().upper()
    if expiry_date <= received_on:
        raise ValidationError(_(EXPIRED_ON_RECEIPT) % {"batch": batch_number, "expiry": f"{expiry_date:%d-%m-%Y}"})
    batch = _batch_for(facility=facility, drug_code=drug.code, batch_number=batch_number, expiry_date=expiry_date)
    move = _move(actor=actor, batch=batch, kind=StockMovement.Kind.RECEIPT, quantity=quantity, on=received_on,
                 document=document.strip())
    audit.record(actor=actor, action="stock.receive", target=move, detail={"drug": drug.code, "quantity": quantity})
    return move


def _batch_for(*, facility: Facility, drug_code: str, batch_number: str, expiry_date: dt.date) -> Batch:
    """The facility's locked row for this batch, created empty the first time it arrives."""
    Batch.objects.bulk_create([Batch(facility=facility, drug_code=drug_code, batch_number=batch_number,
                                     expiry_date=expiry_date)], ignore_conflicts=True)
    batch = Batch.objects.select_for_update().get(facility=facility, drug_code=drug_code, batch_number=batch_number)
    if batch.expiry_date != expiry_date:
        raise ValidationError(_(EXPIRY_MISMATCH) % {"batch": batch_number, "expiry": f"{batch.expiry_date:%d-%m-%Y}"})
    return batch


@transaction.atomic
def transfer_stock(*, actor, source: Facility, destination: Facility, drug_code: str, quantity: int, document: str,
                   on: dt.date | None = None) -> list[StockMovement]:
    """Distribute units to a Pustu of the Puskesmas, batch by batch (FEFO); the Pustu keeps the batch numbers."""
    on = on or timezone.localdate()
    drug, quantity = _drug(drug_code), _positive(quantity)
    if destination.kind != Facility.Kind.PUSTU or destination.parent_id != source.pk:
        raise ValidationError(_(NOT_A_PUSTU))
    outs = _take_fefo(actor=actor, facility=source, drug_code=drug.code, quantity=quantity, on=on,
                      kind=StockMovement.Kind.TRANSFER_OUT, document=document.strip(), counterpart=destination)
    moves = list(outs)
    for out in outs:
        batch = _batch_for(facility=destination, drug_code=drug.code, batch_number=out.batch.batch_number,
                           expiry_date=out.batch.expiry_date)
        moves.append(_move(actor=actor, batch=batch, kind=StockMovement.Kind.TRANSFER_IN, quantity=-out.quantity, on=on,
                           document=document.strip(), counterpart=source))
    audit.record(actor=actor, action="stock.transfer", target=outs[0],
                 detail={"drug": drug.code, "quantity": quantity, "to": destination.code})
    return moves


@transaction.atomic
def record_opname(*, actor, facility: Facility, counts: dict[int, int], counted_on: dt.date | None = None,
                  note: str = "") -> StockOpname:
    """Stock opname: the counted units per batch; each difference is booked as an adjustment movement."""
    counted_on = counted_on or timezone.localdate()
    if not counts:
        raise ValidationError(_(NO_COUNTS))
    batches = {b.pk: b for b in Batch.objects.select_for_update().filter(facility=facility, pk__in=counts).order_by("pk")}
    if set(batches) != set(counts):
        raise ValidationError(_(FOREIGN_BATCH))
    for pk, counted in counts.items():
        if not isinstance(counted, int) or counted < 0:
            raise ValidationError(_(COUNT_NEGATIVE) % {"batch": batches[pk].batch_number})
    opname = StockOpname.objects.create(
        facility=facility, counted_on=counted_on, note=note, recorded_at=timezone.now(), actor=actor,
        lines=[{"batch": pk, "drug": batches[pk].drug_code, "system": batches[pk].on_hand, "counted": counts[pk]}
               for pk in sorted(counts)])
    for pk in sorted(counts):
        difference = counts[pk] - batches[pk].on_hand
        if difference:
            _move(actor=actor, batch=batches[pk], kind=StockMovement.Kind.ADJUSTMENT, quantity=difference, on=counted_on,
                  opname=opname, document=note[:60])
    audit.record(actor=actor, action="stock.opname", target=opname, detail={"batches": len(counts)})
    return opname
