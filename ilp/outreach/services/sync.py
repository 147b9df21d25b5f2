"""Uploads from the offline app: idempotent by the phone's UUID, validated by the package, conflicts kept.

Each upload is stored whatever happens (accepted, rejected with the package's messages, or accepted
in conflict), so nothing a kader typed is lost; a retry of the same UUID returns the stored outcome.
"""

import uuid as uuid_lib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.packages.models import PackageRecord
from ilp.packages.services import NeedsConfirmation, record_package
from ilp.people import selectors as people_selectors

from ..choices import SyncStatus
from ..models import SyncConflict, SyncUpload
from .session import attend_for_upload

UNKNOWN_KIND = "Jenis data %(kind)s tidak dikenal."
NOT_IN_SCOPE = "Warga ini tidak ada di wilayah Anda."
UUID_TAKEN = "UUID ini sudah dipakai oleh pengguna lain."
BAD_DATE = "Tanggal tidak valid; gunakan bentuk YYYY-MM-DD."
KINDS = {"weighing": "balita"}


def receive_upload(*, actor, uuid: uuid_lib.UUID, kind: str, payload: dict) -> SyncUpload:
    """Apply one uploaded record once; the same UUID again returns what happened the first time."""
    existing = SyncUpload.objects.filter(uuid=uuid).first()
    if existing:
        if existing.user_id != actor.pk:
            raise ValidationError(_(UUID_TAKEN))
        return existing
    try:
        with transaction.atomic():
            return _apply(actor=actor, uuid=uuid, kind=kind, payload=payload)
    except IntegrityError:
        # The same UUID arrived twice at once: the other request stored it; answer with its outcome.
        return SyncUpload.objects.get(uuid=uuid, user=actor)
    except NeedsConfirmation as error:
        return _store(actor, uuid, kind, payload, SyncStatus.REJECTED, errors={"__all__": error.messages},
                      warnings=error.warnings)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return _store(actor, uuid, kind, payload, SyncStatus.REJECTED, errors=errors)


def _store(actor, uuid, kind, payload, status, *, record=None, errors=None, warnings=None) -> SyncUpload:
    with transaction.atomic():
        upload = SyncUpload.objects.create(uuid=uuid, user=actor, kind=kind, payload=payload, received_at=timezone.now(),
                                           status=status, record=record, errors=errors or {}, warnings=warnings or [])
        audit.record(actor=actor, action=f"sync.{status}", target=upload)
    return upload


def _apply(*, actor, uuid, kind: str, payload: dict) -> SyncUpload:
    package_id = KINDS.get(kind)
    if not package_id:
        raise ValidationError(_(UNKNOWN_KIND) % {"kind": kind})
    try:
        patient = people_selectors.patient_get(user=actor, pk=int(payload.get("patient_id") or 0))
    except (Http404, ValueError):
        raise ValidationError({"patient_id": [_(NOT_IN_SCOPE)]}) from None
    from ..sync import parse_date

    service_date = parse_date(payload.get("service_date"))
    if service_date is None:
        raise ValidationError({"service_date": [_(BAD_DATE)]})
    values = {k: v for k, v in (payload.get("values") or {}).items() if v not in (None, "")}
    earlier = list(PackageRecord.objects.filter(patient=patient, package_id=package_id, service_date=service_date,
                                                status=PackageRecord.Status.FINAL))
    record = record_package(actor=actor, patient=patient, package_id=package_id, values=values,
                            service_date=service_date, confirmed=bool(payload.get("confirmed")))
    if actor.facility.kind == Facility.Kind.POSYANDU:
        attend_for_upload(actor=actor, patient=patient, date=service_date, record=record)
    # Same child, same day, different values: keep both, and let the supervisor decide which is right.
    differing = [r for r in earlier if r.values != record.values]
    upload = _store(actor, uuid, kind, payload, SyncStatus.CONFLICT if differing else SyncStatus.ACCEPTED, record=record)
    SyncConflict.objects.bulk_create(SyncConflict(upload=upload, existing=r, created_at=timezone.now()) for r in differing)
    return upload


@transaction.atomic
def review_conflict(*, actor, conflict: SyncConflict, note: str = "") -> SyncConflict:
    """The supervisor has looked at both records; both stay in the history, the note says which is right."""
    conflict.reviewed_at = timezone.now()
    conflict.reviewed_by = actor
    conflict.note = note[:300]
    conflict.save(update_fields=["reviewed_at", "reviewed_by", "note"])
    audit.record(actor=actor, action="sync.conflict_reviewed", target=conflict)
    return conflict
