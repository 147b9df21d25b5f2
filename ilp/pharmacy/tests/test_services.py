"""Receive, prescribe, dispense by FEFO, distribute to a Pustu, count: every rule and what is left on failure."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility

from .. import services
from ..models import AppendOnly, Batch, Prescription, StockMovement
from .conftest import receive

TODAY = dt.date(2026, 11, 23)


def on_hand(facility, code="PCT500T") -> dict[str, int]:
    return dict(Batch.objects.filter(facility=facility, drug_code=code).values_list("batch_number", "on_hand"))


def test_receive_stock_books_the_batch_and_a_ledger_line(apoteker, puskesmas):
    move = receive(apoteker, puskesmas, quantity=500, on=TODAY)
    assert on_hand(puskesmas) == {"B1": 500}
    assert (move.kind, move.quantity, move.balance_after, move.document) == ("receipt", 500, 500, "SBBK/001")
    assert AuditEntry.objects.filter(action="stock.receive").count() == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"quantity": -5}, services.QUANTITY_POSITIVE % {"quantity": -5}),
    ({"quantity": 0}, services.QUANTITY_POSITIVE % {"quantity": 0}),
    ({"code": "XYZ999"}, services.UNKNOWN_DRUG % {"code": "XYZ999"}),
    ({"expiry": TODAY}, services.EXPIRED_ON_RECEIPT % {"batch": "B1", "expiry": "23-11-2026"}),
])
def test_receive_stock_refuses_bad_input_and_saves_nothing(apoteker, puskesmas, kwargs, message):
    with pytest.raises(ValidationError) as raised:
        receive(apoteker, puskesmas, on=TODAY, **kwargs)
    assert raised.value.messages == [message]
    assert not StockMovement.objects.exists()
    assert not AuditEntry.objects.filter(action="stock.receive").exists()


def test_receive_stock_refuses_a_known_batch_with_another_expiry(apoteker, puskesmas):
    receive(apoteker, puskesmas, on=TODAY)
    with pytest.raises(ValidationError) as raised:
        receive(apoteker, puskesmas, expiry=dt.date(2029, 1, 1), on=TODAY)
    assert raised.value.messages == [services.EXPIRY_MISMATCH % {"batch": "B1", "expiry": "31-01-2028"}]
    assert on_hand(puskesmas) == {"B1": 100}


def test_prescribe_writes_the_items_and_waits_at_the_pharmacy(dokter, visit):
    prescription = services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                      items=[{"drug_code": "amx500k", "quantity": 15, "signa": "3 x 1"}])
    assert prescription.status == Prescription.Status.WAITING
    assert list(prescription.items.values_list("drug_code", "quantity", "signa")) == [("AMX500K", 15, "3 x 1")]
    assert prescription.patient_id == visit.patient_id
    assert AuditEntry.objects.filter(action="prescription.create", patient_id=visit.patient_id).exists()


@pytest.mark.parametrize(("items", "message"), [
    ([{"drug_code": "PCT500T", "quantity": 10}, {"drug_code": "NOPE", "quantity": 1}], services.UNKNOWN_DRUG % {"code": "NOPE"}),
    ([{"drug_code": "PCT500T", "quantity": 10}, {"drug_code": "CTM4T", "quantity": -3}], services.QUANTITY_POSITIVE % {"quantity": -3}),
    ([], services.NO_ITEMS),
])
def test_prescribe_refuses_bad_items_and_saves_nothing(dokter, visit, items, message):
    with pytest.raises(ValidationError) as raised:
        services.prescribe(actor=dokter, visit=visit, station_code="klaster3", items=items)
    assert raised.value.messages == [message]
    assert not Prescription.objects.exists()


def prescribe(dokter, visit, *items):
    return services.prescribe(actor=dokter, visit=visit, station_code="klaster3",
                              items=[{"drug_code": c, "quantity": q} for c, q in items])


def test_dispense_takes_the_batch_that_expires_first_and_never_an_expired_one(apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, batch="LATE", expiry=dt.date(2028, 6, 30), quantity=50, on=dt.date(2026, 1, 5))
    receive(apoteker, puskesmas, batch="SOON", expiry=dt.date(2027, 2, 28), quantity=8, on=dt.date(2026, 1, 5))
    receive(apoteker, puskesmas, batch="GONE", expiry=dt.date(2026, 3, 31), quantity=40, on=dt.date(2026, 1, 5))
    moves = services.dispense_prescription(actor=apoteker, prescription=prescribe(dokter, visit, ("PCT500T", 10)),
                                           on=TODAY)
    assert [(m.batch.batch_number, m.quantity) for m in moves] == [("SOON", -8), ("LATE", -2)]
    assert on_hand(puskesmas) == {"LATE": 48, "SOON": 0, "GONE": 40}


def test_dispense_refuses_when_only_expired_units_would_cover_it(apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, batch="OK", expiry=dt.date(2027, 1, 31), quantity=5, on=dt.date(2026, 1, 5))
    receive(apoteker, puskesmas, batch="GONE", expiry=dt.date(2026, 3, 31), quantity=40, on=dt.date(2026, 1, 5))
    prescription = prescribe(dokter, visit, ("PCT500T", 10))
    with pytest.raises(ValidationError) as raised:
        services.dispense_prescription(actor=apoteker, prescription=prescription, on=TODAY)
    assert raised.value.messages == [services.NOT_ENOUGH % {"drug": "Parasetamol 500 mg", "wanted": 10, "unit": "tablet",
                                                            "available": 5}]


def test_dispense_is_all_or_nothing_when_one_drug_lacks_stock(apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, code="AMX500K", quantity=30, on=TODAY)
    receive(apoteker, puskesmas, code="PCT500T", quantity=3, on=TODAY)
    prescription = prescribe(dokter, visit, ("AMX500K", 15), ("PCT500T", 10))
    with pytest.raises(ValidationError):
        services.dispense_prescription(actor=apoteker, prescription=prescription, on=TODAY)
    assert on_hand(puskesmas, "AMX500K") == {"B1": 30}
    assert not StockMovement.objects.filter(kind="dispense").exists()
    prescription.refresh_from_db()
    assert prescription.status == Prescription.Status.WAITING


def test_a_prescription_is_dispensed_once(apoteker, dokter, puskesmas, visit):
    receive(apoteker, puskesmas, quantity=100, on=TODAY)
    prescription = prescribe(dokter, visit, ("PCT500T", 10))
    services.dispense_prescription(actor=apoteker, prescription=prescription, on=TODAY)
    with pytest.raises(ValidationError) as raised:
        services.dispense_prescription(actor=apoteker, prescription=prescription, on=TODAY)
    assert raised.value.messages == [services.NOT_WAITING % {"number": prescription.number, "status": "sudah diserahkan"}]
    assert on_hand(puskesmas) == {"B1": 90}


def test_transfer_moves_batches_to_the_pustu_by_fefo(apoteker, puskesmas, pustu):
    receive(apoteker, puskesmas, batch="A", expiry=dt.date(2027, 5, 31), quantity=30, on=TODAY)
    receive(apoteker, puskesmas, batch="B", expiry=dt.date(2028, 5, 31), quantity=100, on=TODAY)
    services.transfer_stock(actor=apoteker, source=puskesmas, destination=pustu, drug_code="PCT500T", quantity=50,
                            document="DIST/01", on=TODAY)
    assert on_hand(puskesmas) == {"A": 0, "B": 80}
    assert on_hand(pustu) == {"A": 30, "B": 20}
    assert Batch.objects.get(facility=pustu, batch_number="A").expiry_date == dt.date(2027, 5, 31)
    assert set(StockMovement.objects.filter(kind="transfer_in").values_list("counterpart", flat=True)) == {puskesmas.pk}


def test_transfer_only_to_our_own_pustu(apoteker, puskesmas, puskesmas_lain):
    receive(apoteker, puskesmas, on=TODAY)
    other = puskesmas_lain.children.filter(kind=Facility.Kind.PUSTU).first()
    with pytest.raises(ValidationError) as raised:
        services.transfer_stock(actor=apoteker, source=puskesmas, destination=other, drug_code="PCT500T", quantity=5,
                                document="X", on=TODAY)
    assert raised.value.messages == [services.NOT_A_PUSTU]
    assert on_hand(puskesmas) == {"B1": 100}


def test_opname_books_the_difference_as_an_adjustment(apoteker, puskesmas):
    receive(apoteker, puskesmas, batch="A", quantity=100, on=TODAY)
    receive(apoteker, puskesmas, batch="B", quantity=40, on=TODAY)
    a, b = (Batch.objects.get(batch_number=n) for n in "AB")
    opname = services.record_opname(actor=apoteker, facility=puskesmas, counts={a.pk: 97, b.pk: 40}, counted_on=TODAY,
                                    note="3 tablet rusak")
    assert on_hand(puskesmas) == {"A": 97, "B": 40}
    assert list(opname.movements.values_list("quantity", flat=True)) == [-3]
    assert opname.lines[0] == {"batch": a.pk, "drug": "PCT500T", "system": 100, "counted": 97}


def test_opname_refuses_a_negative_count(apoteker, puskesmas):
    receive(apoteker, puskesmas, on=TODAY)
    batch = Batch.objects.get()
    with pytest.raises(ValidationError) as raised:
        services.record_opname(actor=apoteker, facility=puskesmas, counts={batch.pk: -1}, counted_on=TODAY)
    assert raised.value.messages == [services.COUNT_NEGATIVE % {"batch": "B1"}]
    assert on_hand(puskesmas) == {"B1": 100}


def test_the_ledger_is_append_only(apoteker, puskesmas):
    move = receive(apoteker, puskesmas, on=TODAY)
    with pytest.raises(AppendOnly):
        move.save()
    with pytest.raises(AppendOnly):
        move.delete()


def test_the_database_refuses_a_negative_batch(apoteker, puskesmas):
    receive(apoteker, puskesmas, on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Batch.objects.update(on_hand=-1)


def test_stock_summary_for_a_klaster_1_dashboard(apoteker, dokter, puskesmas, pustu, visit):
    from .. import catalogue, selectors

    receive(apoteker, puskesmas, code="PCT500T", batch="OK", expiry=dt.date(2028, 1, 31), quantity=50, on=dt.date(2026, 1, 5))
    receive(apoteker, puskesmas, code="CTM4T", batch="SOON", expiry=dt.date(2026, 12, 31), quantity=20, on=dt.date(2026, 1, 5))
    receive(apoteker, puskesmas, code="AMX500K", batch="GONE", expiry=dt.date(2026, 11, 1), quantity=30, on=dt.date(2026, 1, 5))
    prescribe(dokter, visit, ("PCT500T", 10))
    summary = selectors.stock_summary(facility_ids=[puskesmas.pk, pustu.pk], on=TODAY)
    assert summary == {"drugs_in_catalogue": len(catalogue.drugs()), "drugs_in_stock": 2,
                       "drugs_out_of_stock": len(catalogue.drugs()) - 2, "batches_expired": 1, "batches_expiring": 1,
                       "prescriptions_waiting": 1}
