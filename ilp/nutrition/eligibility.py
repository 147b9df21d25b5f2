"""Who may start PMT, read from what the packages already stored (z-scores are never recomputed here).

- Balita: wasting, BB/TB (WHZ) < −2 SD on the latest growth record (DOMAIN.md §2; −2.00 itself is gizi baik).
- Ibu hamil: KEK, LILA < 23.5 cm on the latest ANC record (DOMAIN.md §1; 23.5 itself is not KEK).
The measurement must be recent (RECENT_DAYS) so a child who has recovered is not enrolled on an old weighing.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ilp.packages.models import PackageRecord

WHZ_CUTOFF = Decimal("-2")
LILA_CUTOFF = Decimal("23.5")
RECENT_DAYS = 30  # Project decision: a measurement older than a month no longer says where the child stands
# Planned length: bumil KEK ≥ 90 days (DOMAIN.md §1, KMK); balita 56 days (Juknis PMT lokal 2023, unconfirmed).
PLANNED_DAYS = {"balita_wasting": 56, "bumil_kek": 90}
BALITA_PACKAGE, ANC_PACKAGE = "balita", "anc"
NOT_A_TARGET = "PMT untuk balita gizi kurang dan ibu hamil KEK; pasien ini bukan keduanya."
NO_MEASUREMENT = {"balita_wasting": "Belum ada penimbangan balita (BB dan PB/TB) dalam %(days)s hari terakhir; ukur dulu.",
                  "bumil_kek": "Belum ada pemeriksaan ANC dengan LILA dalam %(days)s hari terakhir; ukur dulu."}
IMPLAUSIBLE = "Z-skor BB/TB tidak wajar: ukur ulang sebelum PMT."
NO_WHZ = "BB/TB tidak bisa dihitung (panjang/tinggi badan belum diukur, atau edema: tata laksana gizi buruk)."
NOT_WASTED = "BB/TB %(value)s SD tidak di bawah −2 SD: belum layak PMT."
WASTED = "BB/TB %(value)s SD (< −2 SD, gizi kurang/wasting)."
NO_LILA = "LILA belum diukur pada ANC terakhir."
NOT_KEK = "LILA %(value)s cm tidak di bawah 23,5 cm: bukan KEK."
KEK = "LILA %(value)s cm (< 23,5 cm, KEK)."
UNDER_FIVE_DAYS = 1856


def _comma(value: Decimal) -> str:
    return str(value).replace(".", ",")  # Indonesian decimal comma


def is_wasted(whz: Decimal | float | None) -> bool:
    return whz is not None and Decimal(str(whz)) < WHZ_CUTOFF


def is_kek(lila: Decimal | float | None) -> bool:
    return lila is not None and Decimal(str(lila)) < LILA_CUTOFF


@dataclass(frozen=True)
class Eligibility:
    """Whether PMT may start, on which measurement, and why (in words for the nutritionist)."""

    target: str  # PmtProgram.Target value, "" when the patient is neither a balita nor a pregnant woman
    record: PackageRecord | None
    value: Decimal | None  # WHZ or LILA of that record
    eligible: bool
    reason: str

    @property
    def weight(self) -> Decimal | None:
        weight = self.record.values.get("weight") if self.record else None
        return Decimal(str(weight)) if weight is not None else None


def target_for(patient, *, on: dt.date, pregnant: bool) -> str:
    if (on - patient.birth_date).days < UNDER_FIVE_DAYS:
        return "balita_wasting"
    return "bumil_kek" if pregnant else ""


def latest_measurement(patient, *, target: str, on: dt.date, since: dt.date | None = None) -> PackageRecord | None:
    """The newest final growth (balita) or ANC record on or before `on` (and from `since`, if given)."""
    package = BALITA_PACKAGE if target == "balita_wasting" else ANC_PACKAGE
    records = PackageRecord.objects.filter(patient=patient, package_id=package, status=PackageRecord.Status.FINAL,
                                           service_date__lte=on)
    if since:
        records = records.filter(service_date__gte=since)
    return records.order_by("-service_date", "-recorded_at").first()


def value_of(record: PackageRecord | None, target: str) -> Decimal | None:
    """WHZ from the growth record's computed z-scores, or LILA as entered on the ANC record."""
    if record is None:
        return None
    raw = record.computed.get("whz") if target == "balita_wasting" else record.values.get("lila")
    return Decimal(str(raw)) if raw is not None else None


def assess(patient, *, on: dt.date, pregnant: bool) -> Eligibility:
    target = target_for(patient, on=on, pregnant=pregnant)
    if not target:
        return Eligibility("", None, None, False, NOT_A_TARGET)
    record = latest_measurement(patient, target=target, on=on, since=on - dt.timedelta(days=RECENT_DAYS))
    if record is None:
        return Eligibility(target, None, None, False, NO_MEASUREMENT[target] % {"days": RECENT_DAYS})
    value = value_of(record, target)
    if target == "balita_wasting":
        if "whz" in (record.computed.get("implausible") or "").split(","):
            return Eligibility(target, record, value, False, IMPLAUSIBLE)
        if value is None:
            return Eligibility(target, record, None, False, NO_WHZ)
        if not is_wasted(value):
            return Eligibility(target, record, value, False, NOT_WASTED % {"value": _comma(value)})
        return Eligibility(target, record, value, True, WASTED % {"value": _comma(value)})
    if value is None:
        return Eligibility(target, record, None, False, NO_LILA)
    if not is_kek(value):
        return Eligibility(target, record, value, False, NOT_KEK % {"value": _comma(value)})
    return Eligibility(target, record, value, True, KEK % {"value": _comma(value)})
