"""Several pharmacists hand out the last units at the same moment, on real connections (threads): no oversell.

Runs on the engine of the test run: PostgreSQL (row locks, SELECT ... FOR UPDATE) and SQLite (one writer
at a time, BEGIN IMMEDIATE). The database is real and shared; nothing is mocked.

SQLite's test database lives in memory with a shared cache, where a second writer gets "database table
is locked" at once instead of waiting out the busy timeout that the file database of a deployment uses;
the SQLite run therefore tries that thread again, which is what the busy timeout does for it.
"""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections

from conftest import load_base_data, make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility

from .. import services
from ..models import Batch, Prescription, StockMovement
from .conftest import receive, visit_of

TODAY = dt.date(2026, 11, 23)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    if not Facility.objects.filter(name="Puskesmas Sitiung I").exists():
        load_base_data()  # a transactional test starts from an emptied database
    puskesmas = Facility.objects.get(name="Puskesmas Sitiung I")
    return (puskesmas, make_user("pendaftaran", Role.PENDAFTARAN, facility=puskesmas),
            make_user("dokter", Role.DOKTER, facility=puskesmas),
            [make_user(f"apoteker{i}", Role.APOTEKER, facility=puskesmas) for i in range(2)])


def dispense_waiting_for_the_writer(actor, prescription) -> None:
    for _attempt in range(200):
        try:
            services.dispense_prescription(actor=actor, prescription=prescription, on=TODAY)
            return
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.02)
    raise TimeoutError("SQLite writer lock not released")


def dispense_all_at_once(prescriptions, apotekers) -> tuple[list[str], list[str]]:
    """Every prescription dispensed by its own thread, all released together; (numbers dispensed, refusals)."""
    start = threading.Barrier(len(prescriptions))
    done, refused, crashed = [], [], []

    def work(prescription, actor):
        try:
            start.wait()
            dispense_waiting_for_the_writer(actor, prescription)
            done.append(prescription.number)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 (any other failure is reported by the test, not lost in a thread)
            crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(p, apotekers[i % len(apotekers)])) for i, p in enumerate(prescriptions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not crashed, crashed
    return done, refused


@pytest.mark.parametrize(("stock", "each", "patients"), [(10, 3, 8), (10, 1, 14)])
def test_concurrent_dispensing_of_the_last_units_never_oversells(team, stock, each, patients):
    puskesmas, pendaftaran, dokter, apotekers = team
    receive(apotekers[0], puskesmas, batch="LAST", expiry=dt.date(2027, 6, 30), quantity=stock, on=TODAY)
    receive(apotekers[0], puskesmas, batch="EXPIRED", expiry=dt.date(2026, 10, 31), quantity=100, on=dt.date(2026, 1, 5))
    desa = puskesmas.wilayah.order_by("code").first()
    prescriptions = [services.prescribe(actor=dokter, visit=visit_of(pendaftaran, puskesmas, desa), station_code="klaster3",
                                        items=[{"drug_code": "PCT500T", "quantity": each}]) for _ in range(patients)]

    done, refused = dispense_all_at_once(prescriptions, apotekers)

    assert len(done) == stock // each  # every prescription that fits is served, no more
    assert len(refused) == patients - stock // each
    assert all(message.startswith("Stok Parasetamol 500 mg tidak cukup") for message in refused)
    assert dict(Batch.objects.values_list("batch_number", "on_hand")) == {"LAST": stock % each, "EXPIRED": 100}
    dispensed = StockMovement.objects.filter(kind="dispense")
    assert sum(dispensed.values_list("quantity", flat=True)) == -(stock // each) * each
    assert set(dispensed.values_list("batch__batch_number", flat=True)) == {"LAST"}
    assert Prescription.objects.filter(status=Prescription.Status.DISPENSED).count() == len(done)
    assert connection.vendor in ("postgresql", "sqlite")
