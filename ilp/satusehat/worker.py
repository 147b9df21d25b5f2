"""The delivery worker: claim due outbox rows, build and send each resource, record what the platform said.

- Claiming is a compare-and-set UPDATE on the row's lease (SQLite and PostgreSQL alike): of two
  workers exactly one wins a row, and a killed worker's rows are taken over when the lease ends.
- Exactly once: the first send is a conditional create on our identifier (If-None-Exist), so a
  send whose answer was lost finds the resource already there; once the server id is stored, a
  resend is a PUT to that id.
- Order: an Observation or Condition is only claimable once its Encounter has been accepted.
- Transient failures retry with exponential backoff and jitter (Retry-After honoured); a refusal,
  or too many failures, is a dead letter (`rejected`) with the reason in words a nurse understands.
"""

import datetime as dt
import os
import random
import socket
import time
from dataclasses import dataclass, field

from django.db import close_old_connections, connection
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from . import contributors, mapping
from .client import Client, Refused, Transient
from .conf import any_configured, config
from .contributors import Context
from .identity import PlatformResolver
from .models import Delivery

GAVE_UP = "SATUSEHAT tidak bisa dihubungi setelah %(n)s kali mencoba; periksa koneksi, lalu kirim ulang."
RETRYING = "Belum terkirim (percobaan ke-%(n)s: %(why)s); dicoba lagi otomatis."
NO_CONFIG = "Koneksi SATUSEHAT belum diatur (ILP_SATUSEHAT_CLIENT_ID/SECRET/ORG_ID); hubungi admin."
NO_FACILITY_CONFIG = ("Koneksi SATUSEHAT untuk %(facility)s belum diatur (ILP_SATUSEHAT_ORGS); hubungi admin, "
                      "lalu kirim ulang.")
PLATFORM_DOWN = "SATUSEHAT sedang tidak bisa dihubungi; terkirim otomatis begitu tersambung lagi."
NOT_YET = "%(kind)s yang dirujuk belum diterima SATUSEHAT; dikirim otomatis setelah itu diterima."
# What the platform's OperationOutcome codes mean for the person who can fix the data.
REFUSALS = {
    "required": "Data wajib belum lengkap",
    "value": "Ada isian yang tidak diterima",
    "invalid": "Ada isian yang tidak diterima",
    "structure": "Bentuk data tidak sesuai standar",
    "code-invalid": "Kode atau satuan tidak dikenal SATUSEHAT",
    "not-found": "Data yang dirujuk belum ada di SATUSEHAT",
    "duplicate": "Data ini sudah pernah dikirim",
    "login": "Akun SATUSEHAT Puskesmas ditolak; hubungi admin",
    "security": "Akun SATUSEHAT Puskesmas ditolak; hubungi admin",
    "forbidden": "Puskesmas tidak berhak mengirim data ini; hubungi admin",
}


@dataclass
class Options:
    batch: int = 10
    lease: float = 120.0          # seconds a claimed row stays ours (longer than a batch of timeouts)
    max_attempts: int = 12
    # A platform down for hours is not this resource's fault: transient failures become a dead
    # letter only after max_attempts AND this long since the first try (a 4-hour outage stays queued).
    give_up_after: float = 3 * 24 * 3600.0
    backoff_base: float = 2.0     # seconds; doubles per attempt
    backoff_cap: float = 900.0
    idle_sleep: float = 1.0


@dataclass
class Stats:
    accepted: int = 0
    rejected: int = 0
    retried: int = 0
    build_seconds: float = 0.0    # building and validating resources (bench.satusehat)
    process_seconds: float = 0.0  # whole sends: building, HTTP, the platform, our row updates
    errors: list[str] = field(default_factory=list)


def explain(refused: Refused) -> str:
    """The platform's refusal in one sentence a nurse can act on, with its own words after."""
    issues = [i for i in refused.outcome.get("issue", ()) if i.get("severity") in ("error", "fatal")]
    if not issues:
        return _("SATUSEHAT menolak data ini (HTTP %(status)s).") % {"status": refused.status}
    first = issues[0]
    headline = _(REFUSALS.get(first.get("code", ""), "SATUSEHAT menolak data ini"))
    details = "; ".join(i.get("diagnostics", "") for i in issues[:3] if i.get("diagnostics"))
    return f"{headline}: {details}"[:500] if details else headline


def backoff(attempts: int, options: Options, retry_after: float | None = None) -> float:
    """Exponential with jitter (half to full), never sooner than the platform asked."""
    delay = min(options.backoff_cap, options.backoff_base * 2 ** min(max(attempts - 1, 0), 40))
    delay = random.uniform(delay / 2, delay)
    return max(delay, retry_after or 0.0)


def _claimable(now):
    return (Q(status=Delivery.Status.WAITING, next_attempt_at__lte=now)
            & (Q(depends_on__isnull=True) | Q(depends_on__status=Delivery.Status.ACCEPTED))
            & (Q(locked_until__isnull=True) | Q(locked_until__lt=now)))


def claim(*, worker_id: str, options: Options) -> list[Delivery]:
    """Rows due now whose Encounter is in, taken with one compare-and-set UPDATE on their lease.

    The UPDATE re-checks "free" row by row (SQLite serialises writers; PostgreSQL re-evaluates the
    WHERE after waiting on a row another worker holds), so of two workers exactly one wins a row.
    Taking a row counts the attempt, before anything is sent.
    """
    now = timezone.now()
    # Soonest due first (a row that just failed goes to the back), then oldest: a backlog leaves in order.
    candidates = list(Delivery.objects.filter(_claimable(now)).order_by("next_attempt_at", "id")
                      .values_list("id", flat=True)[: options.batch])
    if not candidates:
        return []
    token = f"{worker_id[:45]}:{random.getrandbits(64):016x}"  # fits locked_by; unique per claim
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    Delivery.objects.filter(free, pk__in=candidates, status=Delivery.Status.WAITING).update(
        locked_until=now + dt.timedelta(seconds=options.lease), locked_by=token, attempts=F("attempts") + 1,
        sent_at=Coalesce("sent_at", Value(now)))
    return list(Delivery.objects.filter(locked_by=token).select_related("depends_on", "visit", "facility").order_by("id"))


def build(item: Delivery, resolver, org_id: str) -> dict:
    """The resource for a row, from the local records as they are now (contributors build all but the Encounter)."""
    if item.resource_type == Delivery.Resource.ENCOUNTER:
        return mapping.encounter(item.visit, org_id=org_id, resolver=resolver)
    encounter = item.depends_on if item.depends_on.resource_type == Delivery.Resource.ENCOUNTER else \
        Delivery.objects.get(visit_id=item.visit_id, resource_type=Delivery.Resource.ENCOUNTER)
    context = Context(org_id=org_id, resolver=resolver, encounter=f"Encounter/{encounter.server_id}",
                      reference=_reference)
    return mapping.checked(contributors.get(item.resource_type).build(item.local_id, context), org_id=org_id)


class NotYet(Transient):
    """A resource this one refers to (besides the one it waits for) is still on its way: try again later."""


def _reference(resource_type: str, local_id: int) -> str:
    server_id = (Delivery.objects.filter(resource_type=resource_type, local_id=local_id, status=Delivery.Status.ACCEPTED)
                 .values_list("server_id", flat=True).first())
    if not server_id:
        raise NotYet(_(NOT_YET) % {"kind": resource_type})
    return f"{resource_type}/{server_id}"


def send(item: Delivery, client: Client, resolver, stats: "Stats | None" = None) -> str:
    """Send one row; returns the server id. Raises MappingError, Refused or Transient."""
    clock = time.perf_counter()
    resource = build(item, resolver, client.config.org_id)
    if stats is not None:
        stats.build_seconds += time.perf_counter() - clock
    if item.server_id:
        return client.update(resource, item.server_id).get("id") or item.server_id
    ident = resource["identifier"][0]
    answer = client.create(resource, if_none_exist=f"identifier={ident['system']}|{ident['value']}")
    if not answer.get("id"):
        raise Transient("jawaban tanpa id")
    return answer["id"]


def process(item: Delivery, *, clients: "Clients", options: Options, stats: Stats) -> bool:
    """Send one claimed row and record the outcome; False when the platform cannot be reached at all."""
    now = timezone.now()
    mine = Delivery.objects.filter(pk=item.pk, locked_by=item.locked_by)
    attempts = item.attempts  # counted when claimed
    clock = time.perf_counter()
    try:
        client, resolver = clients.of(item.facility)
        server_id = send(item, client, resolver, stats)
    except mapping.MappingError as error:
        _finish(mine, Delivery.Status.REJECTED, reason=error.reason, error=error.detail or error.reason)
        stats.rejected += 1
    except Refused as refused:
        _finish(mine, Delivery.Status.REJECTED, reason=explain(refused), error=str(refused))
        stats.rejected += 1
    except Transient as error:
        if error.unreachable:
            # The platform is down: the row keeps its place and its attempts; the worker waits (run).
            _finish(mine, Delivery.Status.WAITING, attempts=attempts - 1, reason=_(PLATFORM_DOWN), error=str(error)[:2000])
            return False
        _retry_or_give_up(mine, item, error, now=now, attempts=attempts, options=options, stats=stats)
    except Exception as error:  # noqa: BLE001 (a bug: retried like a timeout, then a dead letter)
        _retry_or_give_up(mine, item, error, now=now, attempts=attempts, options=options, stats=stats)
    else:
        _finish(mine, Delivery.Status.ACCEPTED, reason="", error="", server_id=server_id, accepted_at=timezone.now())
        stats.accepted += 1
    stats.process_seconds += time.perf_counter() - clock
    return True


def _retry_or_give_up(mine, item: Delivery, error: Exception, *, now, attempts: int, options: Options, stats: Stats) -> None:
    first = item.sent_at or now
    if attempts >= options.max_attempts and (now - first).total_seconds() >= options.give_up_after:
        _finish(mine, Delivery.Status.REJECTED, reason=_(GAVE_UP) % {"n": attempts}, error=str(error)[:2000])
        stats.rejected += 1
        return
    why = str(error) if isinstance(error, NotYet) else \
        _("platform sibuk atau tidak menjawab") if isinstance(error, Transient) else type(error).__name__
    wait = backoff(attempts, options, getattr(error, "retry_after", None))
    _finish(mine, Delivery.Status.WAITING, reason=_(RETRYING) % {"n": attempts, "why": why}, error=str(error)[:2000],
            next_attempt_at=timezone.now() + dt.timedelta(seconds=wait))
    stats.retried += 1


class Clients:
    """One SATUSEHAT client (and IHS resolver) per organization: per facility on a Kabupaten server."""

    def __init__(self):
        self._by_org: dict[tuple, tuple[Client, PlatformResolver]] = {}

    def of(self, facility) -> tuple[Client, PlatformResolver]:
        cfg = config(facility)
        if not cfg.complete:
            raise mapping.MappingError(_(NO_FACILITY_CONFIG) % {"facility": facility.name})
        key = (cfg.org_id, cfg.client_id)
        if key not in self._by_org:
            client = Client(cfg)
            self._by_org[key] = (client, PlatformResolver(client))
        return self._by_org[key]


def release(items: list[Delivery]) -> None:
    """Give claimed rows back untried (the platform is down), with the attempt the claim counted undone."""
    for item in items:
        Delivery.objects.filter(pk=item.pk, locked_by=item.locked_by).update(
            locked_until=None, locked_by="", attempts=F("attempts") - 1)


def _finish(rows, status: str, **fields) -> None:
    rows.update(status=status, locked_until=None, locked_by="", **fields)


def run(*, once: bool = False, until_idle: bool = False, options: Options | None = None,
        deadline: float | None = None) -> Stats:
    """Deliver until stopped; `once`: what is due now; `until_idle`: until nothing waits any more."""
    options = options or Options()
    worker_id = f"{socket.gethostname()}:{os.getpid()}:{random.getrandbits(32):08x}"
    stats = Stats()
    if not any_configured():
        stats.errors.append(_(NO_CONFIG))
        return stats
    clients, down = Clients(), 0  # down: consecutive times the platform could not be reached
    while deadline is None or time.monotonic() < deadline:
        items = claim(worker_id=worker_id, options=options)
        for n, item in enumerate(items):
            if not process(item, clients=clients, options=options, stats=stats):
                release(items[n + 1:])
                down += 1
                if once:
                    return stats
                pause = backoff(down, options)  # one probe per pause: nothing burns its attempts
                time.sleep(min(pause, max(deadline - time.monotonic(), 0)) if deadline else pause)
                break
            down = 0
        if items:
            continue
        if once or (until_idle and not Delivery.objects.filter(_waiting_for_us()).exists()):
            break
        if not connection.in_atomic_block:  # idle: a fresh connection next time (inside a test's transaction it is theirs)
            close_old_connections()
        time.sleep(_pause(options))
    return stats


def _waiting_for_us():
    """Rows that will become claimable without anyone acting (not blocked behind a rejected Encounter)."""
    return Q(status=Delivery.Status.WAITING) & (Q(depends_on__isnull=True) | ~Q(depends_on__status=Delivery.Status.REJECTED))


def _pause(options: Options) -> float:
    upcoming = (Delivery.objects.filter(status=Delivery.Status.WAITING).order_by("next_attempt_at")
                .values_list("next_attempt_at", flat=True).first())
    if upcoming is None:
        return options.idle_sleep
    return min(options.idle_sleep, max((upcoming - timezone.now()).total_seconds(), 0.05))
