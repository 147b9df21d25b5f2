"""Queue moves at a station: take a number, call, start, finish and send on, skip."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.core.sequences import next_value
from ilp.satusehat import outbox

from ..models import Priority, QueueEntry, Station, Visit, VisitEvent
from ..routing import BACK, HOME, SCREENING, routing

ALREADY_CALLED = "Nomor %(number)s sudah dipanggil oleh petugas lain."
NOT_WAITING = "Nomor %(number)s tidak sedang menunggu (status: %(status)s)."
NOT_CALLED = "Nomor %(number)s belum dipanggil; panggil dulu sebelum mulai melayani."
ALREADY_DONE = "Nomor %(number)s sudah selesai dilayani di sini."
NOT_IN_SERVICE = "Nomor %(number)s belum mulai dilayani; tidak bisa diselesaikan."
NO_ONE_WAITING = "Tidak ada pasien yang menunggu di %(station)s."
VISIT_CLOSED = "Kunjungan %(number)s sudah selesai."
BAD_NEXT = "Dari %(station)s pasien tidak dapat dikirim ke %(target)s."
NOT_REGISTERED = "Pasien belum terdaftar di loket; klaster tujuan belum diketahui."
NO_REFERRAL_TO_RETURN = "Tidak ada rujukan internal yang menunggu jawaban untuk kembali."
SKIP_REASON = "Tuliskan alasan melewati nomor ini."


def ensure_stations(*, facility) -> dict[str, Station]:
    """The facility's stations, created from routing.yaml the first time they are needed."""
    flow = routing()
    existing = {s.code: s for s in facility.stations.all()}
    missing = [Station(facility=facility, code=d.code, name=d.name, klaster=d.klaster, position=i)
               for i, d in enumerate(flow.stations.values()) if d.code not in existing]
    if missing:
        Station.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.code: s for s in facility.stations.all()}
    return existing


def _new_event(visit: Visit, kind: str, *, actor=None, station: str = "", **detail) -> VisitEvent:
    """An event of the visit's history, timed now, not yet saved."""
    return VisitEvent(visit_id=visit.pk, at=timezone.now(), kind=kind, station_code=station,
                      actor=actor if getattr(actor, "pk", None) else None, detail=detail)


def _event(visit: Visit, kind: str, *, actor=None, station: str = "", **detail) -> None:
    _new_event(visit, kind, actor=actor, station=station, **detail).save()


def _next_number(*, facility, prefix: str) -> str:
    # A counter per facility, day and prefix: two kiosks printing at once never share a number.
    value = next_value(f"antrean:{facility.pk}:{timezone.localdate().isoformat()}:{prefix}")
    return f"{prefix}{value:03d}"


def queue_at(*, visit: Visit, code: str, actor=None, priority: int | None = None, referral=None, note: str = "",
             events: tuple[VisitEvent, ...] = ()) -> QueueEntry:
    """A number at a station; `events` (unsaved, of what led here) are written with its `queued` in one insert."""
    station = ensure_stations(facility=visit.facility)[code]
    entry = QueueEntry.objects.create(visit=visit, station=station, priority=visit.priority if priority is None else priority,
                                      queued_at=timezone.now(), referral=referral, note=note)
    VisitEvent.objects.bulk_create([*events, _new_event(visit, "queued", actor=actor, station=code)])
    return entry


@transaction.atomic
def open_visit(*, actor, facility, emergency: bool = False, priority: int = Priority.NORMAL) -> Visit:
    """Take a queue number at the kiosk: emergencies to UGD, everyone else to Pandu PTM (SOP b, c)."""
    flow = routing()
    start = flow.start_emergency if emergency else flow.start_default
    priority = Priority.EMERGENCY if emergency else priority
    now = timezone.now()
    visit = Visit.objects.create(
        facility=facility, date=timezone.localdate(), number=_next_number(facility=facility, prefix=flow.stations[start].prefix or "A"),
        emergency=emergency, priority=priority, arrived_at=now, routing_version=f"{flow.id}@{flow.version}",
        created_by=actor if getattr(actor, "pk", None) else None)
    queue_at(visit=visit, code=start, actor=actor, events=(_new_event(visit, "arrived", actor=actor, emergency=emergency),))
    return visit


def _claim(entry: QueueEntry, *, from_status: str, to_status: str, message: str, **fields) -> QueueEntry:
    """Compare-and-set on the entry's status: of two clerks acting at once exactly one wins."""
    changed = QueueEntry.objects.filter(pk=entry.pk, status=from_status).update(status=to_status, **fields)
    if not changed:
        # Another clerk moved it first: reload what they may have changed, keeping the cached visit and station.
        entry.refresh_from_db(fields=["status", "called_at", "started_at", "finished_at", "called_by", "served_by", "note"])
        raise ValidationError(_(message) % {"number": entry.visit.number, "status": entry.get_status_display()})
    # The row now holds exactly what this UPDATE wrote (the status check makes it ours): no re-read.
    entry.status = to_status
    for name, value in fields.items():
        setattr(entry, name, value)
    return entry


@transaction.atomic
def call_entry(*, actor, entry: QueueEntry) -> QueueEntry:
    """Call a waiting number to the counter (shown on the display board)."""
    return _call(actor=actor, entry=entry)


def _call(*, actor, entry: QueueEntry) -> QueueEntry:
    # No savepoint of its own: a refused call has written nothing (the compare-and-set matched no row),
    # so call_next may try the next number in the same transaction.
    message = ALREADY_CALLED if entry.status == QueueEntry.Status.CALLED else NOT_WAITING
    entry = _claim(entry, from_status=QueueEntry.Status.WAITING, to_status=QueueEntry.Status.CALLED,
                   message=message, called_at=timezone.now(), called_by=actor)
    _event(entry.visit, "called", actor=actor, station=entry.station.code)
    return entry


@transaction.atomic
def call_next(*, actor, station: Station) -> QueueEntry:
    """Call the first waiting number (priority, then arrival); skips one another clerk just took."""
    candidates = (QueueEntry.objects.filter(station=station, status=QueueEntry.Status.WAITING).select_related("visit")
                  .order_by("priority", "queued_at", "id"))
    for entry in candidates[:5]:
        entry.station = station  # the caller's object: no query for its code or name
        try:
            return _call(actor=actor, entry=entry)
        except ValidationError:
            continue  # taken a moment ago by the other counter; try the next one
    raise ValidationError(_(NO_ONE_WAITING) % {"station": station.name})


@transaction.atomic
def start_service(*, actor, entry: QueueEntry) -> QueueEntry:
    if entry.status == QueueEntry.Status.WAITING:
        raise ValidationError(_(NOT_CALLED) % {"number": entry.visit.number})
    entry = _claim(entry, from_status=QueueEntry.Status.CALLED, to_status=QueueEntry.Status.IN_SERVICE,
                   message=NOT_WAITING, started_at=timezone.now(), served_by=actor)
    _event(entry.visit, "started", actor=actor, station=entry.station.code)
    return entry


@transaction.atomic
def skip_entry(*, actor, entry: QueueEntry, reason: str) -> QueueEntry:
    """The patient did not answer the call; the entry is closed with the reason (re-queue by taking it again)."""
    if not (reason or "").strip():
        raise ValidationError(_(SKIP_REASON))
    status = entry.status if entry.status in (QueueEntry.Status.WAITING, QueueEntry.Status.CALLED) else QueueEntry.Status.WAITING
    entry = _claim(entry, from_status=status, to_status=QueueEntry.Status.SKIPPED, message=NOT_WAITING,
                   finished_at=timezone.now(), note=reason[:500])
    _event(entry.visit, "skipped", actor=actor, station=entry.station.code, reason=reason)
    return entry


def allowed_next(entry: QueueEntry) -> list[str]:
    """Where a patient may be sent from this entry's station (routing.yaml), resolved for this visit."""
    flow = routing()
    targets = []
    for target in flow.next.get(entry.station.code, ()):
        if target == SCREENING:
            target = flow.screening_for(entry.visit.klaster) if entry.visit.klaster else ""
            if entry.station.code == "pendaftaran" and entry.visit.payer == "umum" and not entry.visit.payments.exists():
                target = "kasir"  # no BPJS: pay the retribution first (SOP step e)
        if target == BACK and not _open_referral(entry):
            continue
        if target:
            targets.append(target)
    return targets


def _open_referral(entry: QueueEntry):
    if entry.referral_id and entry.referral.kind == "internal" and entry.referral.return_requested:
        return entry.referral
    return None


@transaction.atomic
def finish_entry(*, actor, entry: QueueEntry, send_to: str, note: str = "") -> QueueEntry | None:
    """Finish service here and send the patient on (`pulang` ends the visit); returns the new entry."""
    return finish_in_transaction(actor=actor, entry=entry, send_to=send_to, note=note)


def finish_in_transaction(*, actor, entry: QueueEntry, send_to: str, note: str = "") -> QueueEntry | None:
    """finish_entry as the last step of another service's transaction (register, pay): no savepoint of
    its own, as a refusal here fails that service as a whole."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("finish_in_transaction runs inside a service's transaction")
    visit = entry.visit
    if visit.status != Visit.Status.OPEN:
        raise ValidationError(_(VISIT_CLOSED) % {"number": visit.number})
    if send_to not in allowed_next(entry):
        raise ValidationError(_(BAD_NEXT) % {"station": entry.station.name, "target": send_to})
    if entry.status == QueueEntry.Status.DONE:
        raise ValidationError(_(ALREADY_DONE) % {"number": visit.number})
    if entry.status != QueueEntry.Status.IN_SERVICE:
        raise ValidationError(_(NOT_IN_SERVICE) % {"number": visit.number})
    entry = _claim(entry, from_status=QueueEntry.Status.IN_SERVICE, to_status=QueueEntry.Status.DONE,
                   message=NOT_IN_SERVICE, finished_at=timezone.now(), note=note[:500] or entry.note)
    finished = _new_event(visit, "finished", actor=actor, station=entry.station.code, send_to=send_to)
    audit.record(actor=actor, action="visit.step", target=visit, detail={"station": entry.station.code, "send_to": send_to})
    if send_to == HOME:
        finished.save()
        return close_visit(actor=actor, visit=visit)
    if send_to == BACK:
        referral = _open_referral(entry)
        referral.answer = note[:1000] or referral.answer
        referral.answered_at = timezone.now()
        referral.save(update_fields=["answer", "answered_at"])
        return queue_at(visit=visit, code=referral.from_station.code, actor=actor, note=_("konsultasi ulang"), events=(finished,))
    return queue_at(visit=visit, code=send_to, actor=actor, events=(finished,))


def close_visit(*, actor, visit: Visit) -> None:
    """The patient goes home: no entry may stay waiting."""
    now = timezone.now()
    # One UPDATE: numbers still waiting or called are skipped; service still open elsewhere (e.g. a lab
    # result pending) ends done with the visit.
    in_service = When(status=QueueEntry.Status.IN_SERVICE, then=Value(QueueEntry.Status.DONE))
    visit.entries.filter(status__in=[QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE]).update(
        status=Case(in_service, default=Value(QueueEntry.Status.SKIPPED)), finished_at=now,
        note=Case(When(status=QueueEntry.Status.IN_SERVICE, then=F("note")), default=Value(_("kunjungan selesai"))))
    visit.status, visit.finished_at = Visit.Status.FINISHED, now
    visit.save(update_fields=["status", "finished_at"])
    _event(visit, "went_home", actor=actor)
    outbox.enqueue_visit(visit)  # SATUSEHAT resources of the visit, sent by the worker after commit
    return None


CANCEL_REASON = "Tuliskan alasan pembatalan kunjungan."


@transaction.atomic
def cancel_visit(*, actor, visit: Visit, reason: str) -> Visit:
    """An abandoned visit (the patient left): closed as cancelled with the reason, nothing left waiting."""
    if not (reason or "").strip():
        raise ValidationError(_(CANCEL_REASON))
    if visit.status != Visit.Status.OPEN:
        raise ValidationError(_(VISIT_CLOSED) % {"number": visit.number})
    now = timezone.now()
    visit.entries.filter(status__in=[QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE]).update(
        status=QueueEntry.Status.SKIPPED, finished_at=now, note=reason[:500])
    visit.status, visit.finished_at = Visit.Status.CANCELLED, now
    visit.save(update_fields=["status", "finished_at"])
    _event(visit, "cancelled", actor=actor, reason=reason)
    audit.record(actor=actor, action="visit.cancel", target=visit, detail={"reason": reason})
    return visit
