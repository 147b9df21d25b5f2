"""Visits made the way the flow makes them: through the services, one station at a time.

`arrive` takes a kiosk number; `serve` calls and starts the entry waiting at a station; `walk_to`
takes a visit from the kiosk up to a station (in service there). BPJS card numbers ask the local
stand-in (ilp.stubs.bpjs_server) for a given answer by their last digit.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from ilp.accounts.tests.factories import UserFactory
from ilp.facilities.models import Facility
from ilp.people.tests.factories import PatientFactory

from .. import services
from ..models import Payer, Priority, QueueEntry, Visit

OUR_PUSKESMAS = "Puskesmas Sitiung I"
# What Pandu PTM measures for an adult (SOP step d).
VITALS = {"sbp": Decimal("128"), "dbp": Decimal("82"), "heart_rate": Decimal("76"), "weight": Decimal("61.5"),
          "height": Decimal("158.0"), "waist": Decimal("84.0")}
ACTIVE = (QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE)

_cards = itertools.count(1)


def card(answer: str = "aktif") -> str:
    """A 13-digit BPJS card the stand-in answers with `answer`: aktif, tidak_aktif, tidak_ditemukan or lambat."""
    last = {"aktif": "3", "tidak_aktif": "7", "tidak_ditemukan": "9", "lambat": "3"}[answer]
    prefix = "9999" if answer == "lambat" else "0001"  # 9999… sleeps past the client's timeout
    return f"{prefix}{next(_cards):08d}{last}"


def adult(**fields):
    """A woman of 40 in our wilayah (Klaster 3 by age), with an active BPJS card unless told otherwise."""
    defaults = {"sex": "F", "birth_date": years_ago(40, days=-30), "bpjs_number": card()}
    return PatientFactory(**(defaults | fields))


def our_puskesmas() -> Facility:
    return Facility.objects.get(name=OUR_PUSKESMAS)


def arrive(actor, *, facility: Facility | None = None, emergency: bool = False,
           priority: int = Priority.NORMAL) -> Visit:
    """A queue number from the kiosk."""
    return services.open_visit(actor=actor, facility=facility or our_puskesmas(), emergency=emergency,
                               priority=priority)


def entry_at(visit: Visit, code: str) -> QueueEntry:
    """The visit's entry at a station that is still in the queue (waiting, called or in service)."""
    return visit.entries.select_related("station", "visit", "referral").get(station__code=code, status__in=ACTIVE)


def serve(actor, visit: Visit, code: str) -> QueueEntry:
    """Call the visit's number at a station and start serving it."""
    entry = services.call_entry(actor=actor, entry=entry_at(visit, code))
    return services.start_service(actor=actor, entry=entry)


def pass_station(actor, visit: Visit, code: str, send_to: str | None = None, note: str = "") -> QueueEntry | None:
    """Serve the visit at a station and send it on (to the usual next station unless told)."""
    entry = serve(actor, visit, code)
    target = send_to or services.allowed_next(entry)[0]
    return services.finish_entry(actor=actor, entry=entry, send_to=target, note=note)


def measure(actor, visit: Visit, values: dict | None = None) -> None:
    """Pandu PTM: measure and send to the loket."""
    entry = serve(actor, visit, "pandu_ptm")
    services.record_vitals(actor=actor, entry=entry, values=VITALS if values is None else values)
    services.finish_entry(actor=actor, entry=entry, send_to="pendaftaran")


def register(actor, visit: Visit, patient, payer: str = Payer.BPJS, **facts) -> Visit:
    """Loket: identify the patient and route the visit (facts: pregnant, postpartum)."""
    entry = serve(actor, visit, "pendaftaran")
    return services.register_visit(actor=actor, entry=entry, patient=patient, payer=payer, **facts)


def walk_to(actor, code: str, *, patient=None, payer: str = Payer.BPJS, vitals: dict | None = None,
            visit: Visit | None = None) -> QueueEntry:
    """A non-emergency visit from the kiosk to `code` (pendaftaran, kasir, skrining_kN or klasterN), in service there."""
    visit = visit or arrive(actor)
    measure(actor, visit, vitals)
    if code == "pendaftaran":
        return serve(actor, visit, code)
    visit = register(actor, visit, patient or adult(), payer)
    if code == "kasir":
        return serve(actor, visit, code)
    if visit.payer == Payer.UMUM:
        entry = serve(actor, visit, "kasir")
        services.pay_retribution(actor=actor, entry=entry, item_codes=["karcis"])
    screening = f"skrining_{visit.klaster}"
    if code == screening:
        return serve(actor, visit, code)
    pass_station(actor, visit, screening)
    return serve(actor, visit, code)


def go_home(actor, entry: QueueEntry, *, via_pharmacy: bool = True) -> Visit:
    """From a klaster room: to the pharmacy and home, or straight home."""
    visit = entry.visit
    services.finish_entry(actor=actor, entry=entry, send_to="farmasi" if via_pharmacy else "pulang")
    if via_pharmacy:
        pass_station(actor, visit, "farmasi", send_to="pulang")
    visit.refresh_from_db()
    return visit


def years_ago(years: int, *, days: int = 0) -> dt.date:
    """The birth date of someone who turns `years` today, moved `days` later (so still younger)."""
    today = timezone.localdate()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday + dt.timedelta(days=days)


def trail(visit: Visit) -> list[tuple[str, str]]:
    """The visit's path so far: (station code, entry status) in queue order."""
    return [(e.station.code, e.status) for e in visit.entries.select_related("station").order_by("queued_at", "id")]


def events(visit: Visit) -> list[str]:
    return list(visit.events.values_list("kind", flat=True))


def staff(role: str, *, facility: Facility | None = None, username: str | None = None):
    """Another member of staff (of our Puskesmas unless told) who logs in with the test password."""
    return UserFactory(role=role, facility=facility or our_puskesmas(), **({"username": username} if username else {}))
