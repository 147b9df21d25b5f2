"""Demo pharmacy: an apoteker login, stock received from the IFK at the start of each month, distribution to
a Pustu, an opname, expiring and expired batches to warn about; what the rooms prescribe for a diagnosis.

Dispensing happens in the simulated month of visits (`ilp flow simulate`): a room that sends the patient
to Farmasi writes a prescription (`items_for`), and the Farmasi station dispenses it by FEFO.
"""

import datetime as dt

import time_machine
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.demo.users import demo_login
from ilp.facilities.models import Facility

from . import services
from .models import Batch, StockMovement

# Units received per month for a Puskesmas seeing ~1,500 visits (roughly what the simulated month uses).
MONTHLY = {"PCT500T": 6000, "PCT120S": 60, "IBU400T": 800, "AMX500K": 3000, "AMX125S": 60, "KTM480T": 600,
           "MTZ500T": 300, "AML5T": 2400, "AML10T": 600, "CAP25T": 900, "MET500T": 3000, "GLB5T": 900, "CTM4T": 2000,
           "ANTDT": 1200, "ORALIT": 300, "ZINC20T": 600, "TTD": 1500, "VITA100": 100, "VITA200": 200,
           "OAT4KDT": 336, "OAT2KDT": 0, "SAL2T": 300, "DEX05T": 400, "PRD5T": 200, "VITB6T": 1000, "DMH50T": 100,
           "ALB400T": 200, "OKS1SM": 20, "HCT25T": 300, "ASAM500T": 900}

# What a room prescribes for a diagnosis (first ICD-10 letters): (drug, units, signa).
BY_DIAGNOSIS = [
    ("J", [("AMX500K", 15, "3 x 1 (habiskan)"), ("PCT500T", 10, "3 x 1 bila demam"), ("CTM4T", 10, "3 x 1")]),
    ("A09", [("ORALIT", 6, "tiap mencret 1 gelas"), ("ZINC20T", 10, "1 x 1 selama 10 hari")]),
    ("I10", [("AML5T", 30, "1 x 1 pagi")]),
    ("E11", [("MET500T", 60, "2 x 1 sesudah makan"), ("GLB5T", 30, "1 x 1 sebelum makan pagi")]),
    ("K", [("ANTDT", 15, "3 x 1 sebelum makan")]),
    ("M", [("IBU400T", 10, "3 x 1 sesudah makan"), ("VITB6T", 10, "1 x 1")]),
    ("O", [("TTD", 30, "1 x 1 malam hari")]),
    ("Z3", [("TTD", 30, "1 x 1 malam hari")]),
    ("A15", [("OAT4KDT", 84, "sesuai berat badan, 1 x sehari")]),
]
DEFAULT = [("PCT500T", 10, "3 x 1 bila perlu"), ("VITB6T", 10, "1 x 1")]


def items_for(icd_codes: list[str]) -> list[dict]:
    """The prescription a demo room writes for the visit's diagnoses (the first that matches)."""
    for code in icd_codes:
        for prefix, drugs in BY_DIAGNOSIS:
            if code.startswith(prefix):
                return [{"drug_code": d, "quantity": q, "signa": s} for d, q, s in drugs]
    return [{"drug_code": d, "quantity": q, "signa": s} for d, q, s in DEFAULT]


def _apoteker(puskesmas):
    return demo_login(username="apoteker", role=Role.APOTEKER, facility=puskesmas, first_name="apt. Dewi", last_name="Farmasi")


def _at(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _receive_month(rng, apoteker, puskesmas, first: dt.date, number: int) -> int:
    made = 0
    with time_machine.travel(_at(first), tick=False):
        for code, units in MONTHLY.items():
            if not units:
                continue
            expiry = first + dt.timedelta(days=rng.randint(300, 900))
            services.receive_stock(actor=apoteker, facility=puskesmas, drug_code=code, quantity=units,
                                   batch_number=f"{code[:3]}{first:%y%m}{rng.randint(10, 99)}", expiry_date=expiry,
                                   document=f"SBBK/IFK/{first:%Y/%m}/{number:03d}", received_on=first)
            made += 1
    return made


def seed(*, puskesmas, today: dt.date, rng) -> str:
    if StockMovement.objects.filter(facility=puskesmas).exists():
        return ""
    apoteker = _apoteker(puskesmas)
    # The simulated month runs over the last 30 days: stock arrives on the 1st of both months it touches.
    months = sorted({(today - dt.timedelta(days=30)).replace(day=1), today.replace(day=1)})
    # Old stock of drugs the rooms rarely prescribe (so it is still there): a batch that expires in seven weeks
    # (warned) and one that expired last week (never dispensed, waiting to be written off at the opname).
    earlier = months[0] - dt.timedelta(days=200)
    with time_machine.travel(_at(earlier), tick=False):
        for code, batch, expiry, units in (("VITA200", "VITA-LAMA", today + dt.timedelta(days=50), 120),
                                           ("DMH50T", "DMH-ED", today - dt.timedelta(days=7), 150)):
            services.receive_stock(actor=apoteker, facility=puskesmas, drug_code=code, batch_number=batch,
                                   expiry_date=expiry, quantity=units, document="SBBK/IFK/LAMA/001", received_on=earlier)
    receipts = sum(_receive_month(rng, apoteker, puskesmas, first, n) for n, first in enumerate(months, start=1))
    pustu = puskesmas.children.filter(kind=Facility.Kind.PUSTU).order_by("code").first()
    moved = 0
    if pustu:
        day = months[0] + dt.timedelta(days=4)
        with time_machine.travel(_at(day, 10), tick=False):
            for code, units in (("PCT500T", 300), ("AMX500K", 150), ("ORALIT", 30), ("TTD", 120)):
                services.transfer_stock(actor=apoteker, source=puskesmas, destination=pustu, drug_code=code,
                                        quantity=units, document=f"DIST/{day:%Y/%m}/{moved + 1:02d}", on=day)
                moved += 1
    counted = today - dt.timedelta(days=1)
    with time_machine.travel(_at(counted, 15), tick=False):
        batch = Batch.objects.filter(facility=puskesmas, drug_code="ANTDT", on_hand__gt=10).order_by("pk").first()
        if batch:
            services.record_opname(actor=apoteker, facility=puskesmas, counts={batch.pk: batch.on_hand - 6},
                                   counted_on=counted, note="6 tablet rusak (lembap)")
    return (f"Farmasi: {receipts} penerimaan dari IFK, {moved} distribusi ke Pustu, 1 stok opname, "
            f"batch hampir/sudah kedaluwarsa untuk peringatan; login apoteker")
