"""Two Puskesmas write audit rows at the same moment, on real connections (threads): each keeps a valid chain.

One hash chain per facility (decision 0024): a facility locks only its own chain head, so on PostgreSQL
one Puskesmas appends while another still holds its lock. SQLite has one writer at a time (BEGIN
IMMEDIATE); its in-memory test database answers "table is locked" at once instead of waiting out the
busy timeout a deployment's file database has, so there a thread tries again, as the busy timeout would.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from conftest import load_base_data, make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility

from ..models import AuditChainHead, AuditEntry
from ..services import GENESIS, chain_for, entry_hash, record, verify_chain

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 15


@pytest.fixture
def clerks():
    if not Facility.objects.filter(name="Puskesmas Sitiung I").exists():
        load_base_data()  # a transactional test starts from an emptied database
    first = Facility.objects.get(name="Puskesmas Sitiung I")
    second = Facility.objects.filter(kind=Facility.Kind.PUSKESMAS).exclude(pk=first.pk).order_by("code").first()
    return (make_user("pendaftaran", Role.PENDAFTARAN, facility=first),
            make_user("pendaftaran_lain", Role.PENDAFTARAN, facility=second))


def record_waiting_for_the_writer(actor, number: int) -> None:
    for _attempt in range(500):
        try:
            with transaction.atomic():
                record(actor=actor, action="bench.write", target=actor, detail={"n": number})
            return
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise TimeoutError("SQLite writer lock not released")


def test_two_facilities_writing_at_once_both_keep_valid_chains(clerks):
    start, crashed = threading.Barrier(len(clerks)), []

    def work(actor):
        try:
            start.wait()
            for number in range(ROWS):
                record_waiting_for_the_writer(actor, number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            crashed.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(actor,)) for actor in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert crashed == []
    assert verify_chain() == (2 * ROWS, None)
    for actor in clerks:
        rows = list(AuditEntry.objects.filter(chain=chain_for(actor)).order_by("id"))
        assert [r.detail["n"] for r in rows] == list(range(ROWS))
        assert [r.prev_hash for r in rows] == [GENESIS] + [r.hash for r in rows[:-1]]
        assert all(r.hash == entry_hash(r) for r in rows)
        assert AuditChainHead.objects.get(chain=chain_for(actor)).last_hash == rows[-1].hash


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has one writer for the whole database")
def test_one_facility_appends_while_another_holds_its_chain_lock(clerks):
    first, second = clerks
    holding, release, appended, crashed = threading.Event(), threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                record(actor=first, action="bench.write", target=first)
                holding.set()
                release.wait(timeout=30)  # the first Puskesmas' chain stays locked until this commits
        except Exception as error:  # noqa: BLE001
            crashed.append(error)
        finally:
            connections.close_all()

    def append():
        try:
            holding.wait(timeout=30)
            with transaction.atomic():
                record(actor=second, action="bench.write", target=second)
            appended.set()
        except Exception as error:  # noqa: BLE001
            crashed.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=append)]
    for thread in threads:
        thread.start()
    assert appended.wait(timeout=10), "the second Puskesmas waited for the first one's chain lock"
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert crashed == []
    assert verify_chain() == (2, None)
