"""Writes on SATUSEHAT deliveries: send a visit's refused resources again once the data is corrected."""

from django.db import transaction
from django.utils import timezone

from ilp.audit import services as audit

from .models import Delivery


@transaction.atomic
def resend_visit(*, actor, visit) -> int:
    """Put the visit's refused resources back in the queue; they are rebuilt from the corrected records."""
    count = Delivery.objects.filter(visit=visit, status=Delivery.Status.REJECTED).update(
        status=Delivery.Status.WAITING, attempts=0, next_attempt_at=timezone.now(), reason="", locked_until=None,
        locked_by="")
    if count:
        audit.record(actor=actor, action="satusehat.resend", target=visit, detail={"resources": count})
    return count
