"""Reads of the pharmacy, always for the user's own facility: worklist, stock, expiry, stock card, LPLPO."""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.visits import selectors as visit_selectors

from . import catalogue
from .models import Batch, Prescription, StockMovement, StockOpname

PHARMACY_DENIED = "Farmasi hanya untuk petugas Puskesmas atau Pustu."
STOCK_DENIED = "Mengelola stok obat hanya untuk apoteker, Kepala Puskesmas, atau nakes Pustu."
PRESCRIBE_DENIED = "Resep hanya ditulis oleh dokter, bidan, atau perawat."
DISPENSE_DENIED = "Penyerahan obat hanya oleh apoteker (atau nakes di Pustu)."
EXPIRY_WARNING_DAYS = 90  # batches expiring within this many days are flagged (Kemenkes practice: 3 months)
PRESCRIBERS = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT})
PUSTU_NAKES = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT})
PUSKESMAS_STOCK_KEEPERS = frozenset({Role.APOTEKER, Role.KEPALA_PUSKESMAS})
STOCK_KINDS = (Facility.Kind.PUSKESMAS, Facility.Kind.PUSTU)


def pharmacy_facility(*, user) -> Facility:
    """The Puskesmas or Pustu whose pharmacy the user works at; 403 for kader and roles above facilities."""
    if not user.sees_patients or user.role == Role.KADER or user.facility.kind not in STOCK_KINDS:
        raise PermissionDenied(PHARMACY_DENIED)
    return user.facility


def can_keep_stock(user) -> bool:
    """Receiving, distributing and counting stock: the apoteker (and the head) at a Puskesmas, nakes at a Pustu."""
    facility = user.facility if user.facility_id else None
    if facility is None or not user.sees_patients:
        return False
    keepers = PUSTU_NAKES if facility.kind == Facility.Kind.PUSTU else PUSKESMAS_STOCK_KEEPERS
    return user.role in keepers


def stock_facility(*, user) -> Facility:
    """The facility whose stock the user may change; 403 otherwise."""
    facility = pharmacy_facility(user=user)
    if not can_keep_stock(user):
        raise PermissionDenied(STOCK_DENIED)
    return facility


def can_dispense(user) -> bool:
    """Handing drugs to patients: the apoteker at a Puskesmas, nakes at a Pustu (no apoteker there)."""
    return can_keep_stock(user) and user.role != Role.KEPALA_PUSKESMAS


def dispensing_facility(*, user) -> Facility:
    facility = pharmacy_facility(user=user)
    if not can_dispense(user):
        raise PermissionDenied(DISPENSE_DENIED)
    return facility


def prescription_list(*, user, status: str = Prescription.Status.WAITING) -> QuerySet[Prescription]:
    """Prescriptions of the user's facility (the worklist: those waiting), oldest first."""
    facility = pharmacy_facility(user=user)
    return (Prescription.objects.filter(facility=facility, status=status).select_related("patient", "visit", "prescriber")
            .prefetch_related("items").order_by("written_at", "id"))


def prescription_get(*, user, pk: int) -> Prescription:
    """One prescription of the user's facility, audited as a read of the patient's record."""
    prescription = get_object_or_404(
        Prescription.objects.filter(facility=pharmacy_facility(user=user)).select_related("patient", "visit", "prescriber",
                                                                                          "dispensed_by"), pk=pk)
    audit.record_read(actor=user, target=prescription)
    return prescription


def visit_for_prescribing(*, user, visit_id: int):
    """The open visit a prescriber writes a prescription for (the visit's own scope rules apply)."""
    if user.role not in PRESCRIBERS:
        raise PermissionDenied(PRESCRIBE_DENIED)
    return visit_selectors.visit_get(user=user, pk=visit_id)


def visit_prescriptions(*, visit) -> QuerySet[Prescription]:
    return visit.prescriptions.prefetch_related("items").order_by("written_at", "id")


@dataclass
class StockLine:
    """One drug's stock at a facility on a day: usable units, expired units, and its batches."""

    drug: catalogue.Drug
    usable: int = 0
    expired: int = 0
    expiring: int = 0  # usable units in batches expiring within EXPIRY_WARNING_DAYS
    next_expiry: dt.date | None = None
    batches: list[Batch] = field(default_factory=list)

    @property
    def out_of_stock(self) -> bool:
        return self.usable == 0


def batch_list(*, facility: Facility, include_empty: bool = False) -> QuerySet[Batch]:
    batches = Batch.objects.filter(facility=facility)
    return batches if include_empty else batches.filter(on_hand__gt=0)


def stock_lines(*, facility: Facility, on: dt.date | None = None, only_held: bool = False) -> list[StockLine]:
    """Every catalogue drug with its stock at the facility (one query), in LPLPO order."""
    on = on or timezone.localdate()
    warn_until = on + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    lines = {code: StockLine(drug) for code, drug in catalogue.drugs().items()}
    for batch in batch_list(facility=facility).order_by("expiry_date", "batch_number"):
        line = lines.get(batch.drug_code)
        if line is None:  # a code since removed from the catalogue: still shown, never hidden
            line = lines[batch.drug_code] = StockLine(catalogue.Drug(batch.drug_code, batch.drug_code, "-", "-"))
        line.batches.append(batch)
        batch.expired = batch.expiry_date <= on
        batch.expiring = not batch.expired and batch.expiry_date <= warn_until
        if batch.expired:
            line.expired += batch.on_hand
            continue
        line.usable += batch.on_hand
        line.expiring += batch.on_hand if batch.expiring else 0
        line.next_expiry = line.next_expiry or batch.expiry_date
    return [line for line in lines.values() if line.batches or not only_held]


def expiry_warnings(*, facility: Facility, on: dt.date | None = None) -> list[Batch]:
    """Batches holding units that are expired or expire within EXPIRY_WARNING_DAYS, soonest first."""
    on = on or timezone.localdate()
    return list(batch_list(facility=facility).filter(expiry_date__lte=on + dt.timedelta(days=EXPIRY_WARNING_DAYS))
                .order_by("expiry_date", "drug_code"))


def pustu_choices(*, facility: Facility) -> QuerySet[Facility]:
    """The Pustu a Puskesmas distributes to."""
    return facility.children.filter(kind=Facility.Kind.PUSTU).order_by("name")


def stock_card(*, facility: Facility, drug_code: str, start: dt.date, end: dt.date) -> dict:
    """Kartu stok: the opening balance, every movement of the drug in the period with the running balance."""
    drug = catalogue.drug_get(drug_code)
    if drug is None:
        from django.http import Http404

        raise Http404(drug_code)
    moves = StockMovement.objects.filter(facility=facility, drug_code=drug.code)
    opening = moves.filter(date__lt=start).aggregate(n=Sum("quantity"))["n"] or 0
    rows, balance = [], opening
    for move in moves.filter(date__gte=start, date__lte=end).select_related("batch", "counterpart", "prescription__patient",
                                                                            "actor").order_by("date", "id"):
        balance += move.quantity
        rows.append({"move": move, "balance": balance})
    return {"drug": drug, "opening": opening, "rows": rows, "closing": balance}


def opname_list(*, facility: Facility) -> QuerySet[StockOpname]:
    return StockOpname.objects.filter(facility=facility).select_related("actor")[:20]


# LPLPO -----------------------------------------------------------------------------------------------
# Stok optimum and permintaan follow the LPLPO convention (decision 0013): SO = SK + SWT + SP with
# SK = average monthly use × the request period, SWT = average use × the lead time, SP = SK × buffer.
REQUEST_PERIOD_MONTHS = 1  # LPLPO is sent monthly
LEAD_TIME_MONTHS = 0.5  # from the request to the goods at the Puskesmas (IFK delivery, ~2 weeks)
SAFETY_BUFFER = 0.2  # stok pengaman: 20% of the working stock
AVERAGE_MONTHS = 3  # use is averaged over the month and up to two before it


@dataclass(frozen=True)
class LplpoRow:
    """One drug's line of the LPLPO (the columns of the paper form)."""

    drug: catalogue.Drug
    opening: int  # stok awal
    received: int  # penerimaan
    used: int  # pemakaian
    adjusted: int  # penyesuaian (opname, rusak, kedaluwarsa), signed
    closing: int  # sisa stok
    average_use: float
    optimum: int  # stok optimum
    request: int  # permintaan

    @property
    def supply(self) -> int:  # persediaan = stok awal + penerimaan
        return self.opening + self.received


def lplpo_facilities(*, facility_ids: list[int] | None = None, desa_ids: list[int] | None = None) -> list[int]:
    """The stock-holding facilities an LPLPO covers: given ones, or the Puskesmas and Pustu in the desa."""
    if facility_ids:
        return list(facility_ids)
    facilities = Facility.objects.filter(kind__in=STOCK_KINDS)
    if desa_ids is not None:
        facilities = facilities.filter(Q(region_id__in=desa_ids) | Q(wilayah__in=desa_ids)).distinct()
    return list(facilities.values_list("pk", flat=True))


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def lplpo_rows(*, facility_ids: list[int], start: dt.date, end: dt.date) -> list[LplpoRow]:
    """The LPLPO of a month for these facilities taken together, from the stock ledger alone.

    Transfers between facilities of the set cancel out; units received from outside it are penerimaan,
    units distributed outside it count as pemakaian (the sub-unit's use), as the paper form does.
    """
    moves = StockMovement.objects.filter(facility_id__in=facility_ids, date__lte=end)
    inside = Q(counterpart_id__in=facility_ids)
    first_use = _month_start(start, AVERAGE_MONTHS - 1)
    sums = (moves.exclude(inside).values("drug_code").annotate(
        opening=Sum("quantity", filter=Q(date__lt=start)),
        received=Sum("quantity", filter=Q(date__gte=start, kind__in=["receipt", "transfer_in"])),
        used=Sum("quantity", filter=Q(date__gte=start, kind__in=["dispense", "transfer_out"])),
        adjusted=Sum("quantity", filter=Q(date__gte=start, kind="adjustment")),
        used_recent=Sum("quantity", filter=Q(date__gte=first_use, kind__in=["dispense", "transfer_out"])),
    ).order_by())
    first_seen = dict(moves.values("drug_code").annotate(first=Min("date")).values_list("drug_code", "first"))
    by_code = {row["drug_code"]: row for row in sums}
    rows = []
    for code, drug in catalogue.drugs().items():
        row = defaultdict(int, {k: v or 0 for k, v in by_code.get(code, {}).items() if k != "drug_code"})
        # Months of history in the averaging window: a drug first stocked last month is not averaged over three.
        months = _months_between(max(first_use, _month_start(first_seen.get(code, start), 0)), start) + 1
        average = -row["used_recent"] / months
        working = average * REQUEST_PERIOD_MONTHS
        optimum = math.ceil(round(working + average * LEAD_TIME_MONTHS + working * SAFETY_BUFFER, 6))
        closing = row["opening"] + row["received"] + row["used"] + row["adjusted"]
        rows.append(LplpoRow(drug=drug, opening=row["opening"], received=row["received"], used=-row["used"],
                             adjusted=row["adjusted"], closing=closing, average_use=average, optimum=optimum,
                             request=max(0, optimum - closing)))
    return rows


def _months_between(first: dt.date, last: dt.date) -> int:
    return max(0, (last.year - first.year) * 12 + last.month - first.month)


def stock_summary(*, facility_ids: list[int], on: dt.date | None = None) -> dict:
    """Figures for a Klaster 1 dashboard: drugs held, drugs out of stock, batches expired or expiring soon."""
    on = on or timezone.localdate()
    batches = Batch.objects.filter(facility_id__in=facility_ids, on_hand__gt=0)
    usable = set(batches.filter(expiry_date__gt=on).values_list("drug_code", flat=True).distinct())
    return {
        "drugs_in_catalogue": len(catalogue.drugs()),
        "drugs_in_stock": len(usable),
        "drugs_out_of_stock": len(set(catalogue.drugs()) - usable),
        "batches_expired": batches.filter(expiry_date__lte=on).count(),
        "batches_expiring": batches.filter(expiry_date__gt=on,
                                           expiry_date__lte=on + dt.timedelta(days=EXPIRY_WARNING_DAYS)).count(),
        "prescriptions_waiting": Prescription.objects.filter(facility_id__in=facility_ids,
                                                             status=Prescription.Status.WAITING).count(),
    }
