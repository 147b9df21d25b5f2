"""The audit log is append-only and tamper-evident: every row carries the hash of the one before."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ilp.audit.models import AppendOnlyError, AuditChainHead, AuditEntry
from ilp.audit.services import GENESIS, entry_hash, record, record_read, verify_chain
from ilp.people.tests.factories import PatientFactory


@pytest.fixture
def log(pendaftaran) -> list[AuditEntry]:
    """Three rows: a registration, a read and a correction of one patient."""
    patient = PatientFactory()
    return [record(actor=pendaftaran, action="patient.create", target=patient),
            record_read(actor=pendaftaran, target=patient),
            record(actor=pendaftaran, action="patient.update", target=patient, detail={"fields": ["name"]})]


def test_record_chains_each_row_to_the_one_before(log):
    assert [e.prev_hash for e in log] == [GENESIS, log[0].hash, log[1].hash]


def test_record_hashes_what_happened(log):
    assert all(entry.hash == entry_hash(entry) for entry in log)


def test_record_moves_the_chain_head_to_the_last_row(log):
    # One chain per facility (decision 0024): the head of the clerk's Puskesmas, no longer row 1.
    assert AuditChainHead.objects.get(chain=log[-1].chain).last_hash == log[-1].hash


def test_record_joins_the_chain_of_the_actor_s_facility_or_region(log, dinkes, petugas_lain):
    other = record(actor=petugas_lain, action="patient.read", target=petugas_lain)
    regional = record(actor=dinkes, action="report.read", target=dinkes)
    assert [log[0].chain, other.chain, regional.chain] == [
        f"facility:{log[0].facility_id}", f"facility:{petugas_lain.facility_id}", "region:13.10"]
    assert (other.prev_hash, regional.prev_hash) == (GENESIS, GENESIS)  # chains of their own
    assert verify_chain() == (5, None)


def test_verify_chain_finds_a_row_moved_to_another_chain(log, petugas_lain):
    record(actor=petugas_lain, action="patient.read", target=petugas_lain)
    AuditEntry.objects.filter(pk=log[1].pk).update(chain=f"facility:{petugas_lain.facility_id}")
    assert verify_chain() == (1, log[1])


def test_rows_of_the_single_chain_from_before_still_verify(pendaftaran):
    # Rows written before decision 0024 sit in the chain named "" with its head; they verify as they did.
    head = AuditChainHead.objects.create(chain="", last_hash=GENESIS)
    legacy = AuditEntry(at=timezone.now(), actor_name="sistem", action="demo.seed", target_type="regions.Region",
                        target_id="13.10", chain="", prev_hash=GENESIS)
    legacy.hash = entry_hash(legacy)
    legacy.save()
    AuditChainHead.objects.filter(pk=head.pk).update(last_hash=legacy.hash)
    record(actor=pendaftaran, action="patient.read", target=pendaftaran)
    assert verify_chain() == (2, None)


def test_record_read_names_the_action_after_the_model(log):
    assert (log[1].action, log[1].target_type) == ("patient.read", "people.Patient")


def test_record_keeps_the_region_of_a_regional_user(dinkes):
    entry = record(actor=dinkes, action="report.read", target=dinkes)
    assert (entry.region_code, entry.facility_id, entry.patient_id) == ("13.10", None, None)


def test_verify_chain_passes_an_untouched_log(log):
    assert verify_chain() == (3, None)


def test_verify_chain_passes_an_empty_log(db):
    assert verify_chain() == (0, None)


def test_verify_chain_finds_a_row_changed_behind_the_application_s_back(log):
    AuditEntry.objects.filter(pk=log[1].pk).update(actor_name="orang_lain")
    assert verify_chain() == (1, log[1])


def test_verify_chain_finds_a_row_whose_hash_was_recomputed_by_the_forger(log):
    forged = AuditEntry.objects.get(pk=log[1].pk)
    forged.detail = {"note": "dihapus"}
    AuditEntry.objects.filter(pk=forged.pk).update(detail=forged.detail, hash=entry_hash(forged))
    # The forged row is self-consistent; the next row still points at the original hash.
    assert verify_chain() == (2, log[2])


def test_verify_chain_finds_a_row_cut_from_the_middle(log):
    AuditEntry.objects.filter(pk=log[1].pk).delete()  # a queryset delete bypasses the model's guard
    assert verify_chain() == (1, log[2])


def test_verify_chain_finds_rows_cut_from_the_end(log):
    AuditEntry.objects.filter(pk=log[2].pk).delete()
    checked, broken = verify_chain()
    assert (checked, broken) == (2, log[1])


def test_audit_verify_command_reports_an_intact_log(log):
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "Log audit utuh: 3 baris diperiksa." in out.getvalue()


def test_audit_verify_command_fails_on_a_tampered_row(log):
    AuditEntry.objects.filter(pk=log[0].pk).update(action="patient.delete")
    with pytest.raises(CommandError, match=f"#{log[0].pk}"):
        call_command("audit_verify")


def test_audit_verify_command_fails_when_the_tail_was_cut(log):
    AuditEntry.objects.filter(pk=log[2].pk).delete()
    with pytest.raises(CommandError, match="rusak"):
        call_command("audit_verify")


def test_an_audit_row_cannot_be_saved_again(log):
    entry = AuditEntry.objects.get(pk=log[0].pk)
    entry.actor_name = "orang_lain"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=log[0].pk).actor_name == "pendaftaran"


def test_an_audit_row_cannot_be_deleted(log):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.get(pk=log[0].pk).delete()
    assert AuditEntry.objects.count() == 3
