"""JSON API for the flow: open a visit, move it through stations, read its status history."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from ilp.people import selectors as people_selectors

from . import selectors, services
from .models import Priority, Visit

router = Router(tags=["alur kunjungan"])


class VisitIn(Schema):
    emergency: bool = False
    priority: bool = False


class EntryOut(Schema):
    id: int
    station: str
    status: str
    queued_at: dt.datetime
    called_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_station(obj) -> str:
        return obj.station.code


class EventOut(Schema):
    at: dt.datetime
    kind: str
    station_code: str
    detail: dict


class VisitOut(Schema):
    id: int
    number: str
    date: dt.date
    status: str
    emergency: bool
    patient_id: int | None
    klaster: str
    payer: str
    bpjs_status: str
    entries: list[EntryOut]
    events: list[EventOut]
    next_allowed: list[str]

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.select_related("station").order_by("queued_at", "id"))

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_next_allowed(obj) -> list[str]:
        active = obj.entries.filter(status="in_service").select_related("station", "visit", "referral").first()
        return services.allowed_next(active) if active else []


class FinishIn(Schema):
    send_to: str
    note: str = ""


class SkipIn(Schema):
    reason: str


class RegisterIn(Schema):
    patient_id: int
    payer: str
    pregnant: bool = False
    postpartum: bool = False


class VitalsIn(Schema):
    sbp: Decimal | None = None
    dbp: Decimal | None = None
    heart_rate: Decimal | None = None
    resp_rate: Decimal | None = None
    temperature: Decimal | None = None
    weight: Decimal | None = None
    height: Decimal | None = None
    waist: Decimal | None = None


class PayIn(Schema):
    items: list[str]


class ReferIn(Schema):
    to_code: str
    reason: str
    return_requested: bool = True


def _visit(request, pk: int) -> Visit:
    return get_object_or_404(Visit, pk=pk, facility=selectors.flow_facility(user=request.auth))


@router.post("/visits", response={201: VisitOut})
def open_visit(request, payload: VisitIn):
    facility = selectors.flow_facility(user=request.auth)
    visit = services.open_visit(actor=request.auth, facility=facility, emergency=payload.emergency,
                                priority=Priority.PRIORITY if payload.priority else Priority.NORMAL)
    return 201, visit


@router.get("/visits/{visit_id}", response=VisitOut)
def get_visit(request, visit_id: int):
    return selectors.visit_get(user=request.auth, pk=visit_id)


@router.post("/stations/{code}/call-next", response=EntryOut)
def call_next(request, code: str):
    return services.call_next(actor=request.auth, station=selectors.station_get(user=request.auth, code=code))


@router.post("/entries/{entry_id}/call", response=EntryOut)
def call_entry(request, entry_id: int):
    return services.call_entry(actor=request.auth, entry=selectors.entry_get(user=request.auth, pk=entry_id))


@router.post("/entries/{entry_id}/start", response=EntryOut)
def start(request, entry_id: int):
    return services.start_service(actor=request.auth, entry=selectors.entry_get(user=request.auth, pk=entry_id))


@router.post("/entries/{entry_id}/skip", response=EntryOut)
def skip(request, entry_id: int, payload: SkipIn):
    return services.skip_entry(actor=request.auth, entry=selectors.entry_get(user=request.auth, pk=entry_id),
                               reason=payload.reason)


@router.post("/entries/{entry_id}/finish", response=VisitOut)
def finish(request, entry_id: int, payload: FinishIn):
    entry = selectors.entry_get(user=request.auth, pk=entry_id)
    services.finish_entry(actor=request.auth, entry=entry, send_to=payload.send_to, note=payload.note)
    return _visit(request, entry.visit_id)


@router.post("/entries/{entry_id}/vitals", response=VisitOut)
def vitals(request, entry_id: int, payload: VitalsIn):
    entry = selectors.entry_get(user=request.auth, pk=entry_id)
    services.record_vitals(actor=request.auth, entry=entry, values=payload.dict())
    return _visit(request, entry.visit_id)


@router.post("/entries/{entry_id}/register", response=VisitOut)
def register(request, entry_id: int, payload: RegisterIn):
    entry = selectors.entry_get(user=request.auth, pk=entry_id)
    patient = people_selectors.patient_get(user=request.auth, pk=payload.patient_id)
    services.register_visit(actor=request.auth, entry=entry, patient=patient, payer=payload.payer,
                            pregnant=payload.pregnant, postpartum=payload.postpartum)
    return _visit(request, entry.visit_id)


@router.post("/entries/{entry_id}/pay", response=VisitOut)
def pay(request, entry_id: int, payload: PayIn):
    entry = selectors.entry_get(user=request.auth, pk=entry_id)
    services.pay_retribution(actor=request.auth, entry=entry, item_codes=payload.items)
    return _visit(request, entry.visit_id)


@router.post("/entries/{entry_id}/refer", response=VisitOut)
def refer(request, entry_id: int, payload: ReferIn):
    entry = selectors.entry_get(user=request.auth, pk=entry_id)
    services.refer_internally(actor=request.auth, entry=entry, to_code=payload.to_code, reason=payload.reason,
                              return_requested=payload.return_requested)
    return _visit(request, entry.visit_id)
