"""`record` and `record_read`: the only way anything writes to the audit log."""

import hashlib
import json
from contextvars import ContextVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
# The client address of the request being served, set by ilp.audit.middleware.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and every field that says what happened."""
    payload = json.dumps(
        [entry.prev_hash, entry.at.isoformat(), entry.actor_id, entry.actor_name, entry.role, entry.facility_id,
         entry.region_code, entry.action, entry.target_type, entry.target_id, entry.patient_id, entry.ip_address,
         entry.detail],
        cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _patient_id(target: models.Model) -> int | None:
    if target._meta.label == "people.Patient":
        return target.pk
    return getattr(target, "patient_id", None)


def chain_for(actor) -> str:
    """The hash chain a row of this actor joins: the actor's facility, else their region, else the system's."""
    if getattr(actor, "facility_id", None):
        return f"facility:{actor.facility_id}"
    if getattr(actor, "region_id", None):
        return f"region:{actor.region.code}"
    return "sistem"


def record(*, actor, action: str, target: models.Model, detail: dict | None = None) -> AuditEntry:
    """Append one audit row for `actor` doing `action` on `target`, in the caller's transaction.

    Only the actor's own chain head is locked (until the caller commits), so facilities never queue
    behind each other; no savepoint of its own: a failed append fails the caller's transaction."""
    chain = chain_for(actor)
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(chain=chain, defaults={"last_hash": GENESIS})
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or "sistem",
            role=getattr(actor, "role", ""),
            facility_id=getattr(actor, "facility_id", None),
            region_code=actor.region.code if getattr(actor, "region_id", None) else "",
            action=action,
            target_type=target._meta.label,
            target_id=str(target.pk),
            patient_id=_patient_id(target),
            ip_address=current_ip.get(),
            detail=detail or {},
            chain=chain,
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        AuditChainHead.objects.filter(pk=head.pk).update(last_hash=entry.hash)
    return entry


def record_read(*, actor, target: models.Model, detail: dict | None = None) -> AuditEntry:
    """Audit that `actor` looked at `target` (a patient record or part of one)."""
    return record(actor=actor, action=f"{target._meta.model_name}.read", target=target, detail=detail)


def verify_chain() -> tuple[int, AuditEntry | None]:
    """Re-hash the whole log in order, each row against the one before it in its own chain; returns
    (rows checked, first broken row or None)."""
    previous: dict[str, str] = {}
    last_id: dict[str, int] = {}
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous.get(entry.chain, GENESIS) or entry_hash(entry) != entry.hash:
            return checked, entry
        previous[entry.chain], last_id[entry.chain] = entry.hash, entry.pk
        checked += 1
    for head in AuditChainHead.objects.order_by("id"):
        if head.last_hash != previous.get(head.chain, GENESIS):
            # Rows were cut from the end of a chain: its head remembers a later hash.
            cut = AuditEntry.objects.filter(pk=last_id.get(head.chain)).first()
            return checked, cut or AuditEntry.objects.order_by("-id").first() or AuditEntry(chain=head.chain)
    return checked, None
