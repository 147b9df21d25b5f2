"""The loket (SOP steps e–g): identify the patient, check BPJS, route to Klaster 2 or 3, send on."""

import socket
import time
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp import visits
from ilp.audit.models import AuditEntry
from ilp.people.models import MedicalRecord
from ilp.visits import services
from ilp.visits.models import BpjsStatus, Payer, Payment, QueueEntry, Visit
from ilp.visits.services.queue import NOT_IN_SERVICE
from ilp.visits.services.registration import (
    ALREADY_PAID,
    NO_BPJS_NUMBER,
    NO_ITEMS,
    PREGNANT_MALE,
    WRONG_STATION,
)

from .factories import adult, arrive, card, entry_at, events, measure, serve, trail, years_ago

pytestmark = pytest.mark.django_db
WAITING, DONE, IN_SERVICE = QueueEntry.Status.WAITING, QueueEntry.Status.DONE, QueueEntry.Status.IN_SERVICE


@pytest.fixture
def at_loket(pendaftaran):
    """A visit measured at Pandu PTM and being served at the loket."""
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    return serve(pendaftaran, visit, "pendaftaran")


@pytest.fixture
def bpjs_down(settings):
    """BPJS unreachable: a port nobody listens on answers 'connection refused' at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ILP_BPJS_URL = f"http://127.0.0.1:{port}"
    return settings


def register(actor, entry, patient, payer=Payer.BPJS, **facts) -> Visit:
    return services.register_visit(actor=actor, entry=entry, patient=patient, payer=payer, **facts)


def unchanged(entry) -> bool:
    """A refused registration leaves the visit unregistered and the patient at the loket."""
    visit = Visit.objects.get(pk=entry.visit_id)
    return (visit.patient_id is None and visit.klaster == "" and visit.registered_at is None
            and trail(visit)[-1] == ("pendaftaran", IN_SERVICE) and "registered" not in events(visit)
            and not AuditEntry.objects.filter(action="visit.register").exists())


# Routing to a klaster


def test_an_adult_with_active_bpjs_goes_straight_to_klaster_3_screening(pendaftaran, at_loket, puskesmas):
    patient = adult()
    visit = register(pendaftaran, at_loket, patient)
    visit.refresh_from_db()
    assert (visit.patient, visit.klaster, visit.klaster_reason) == (patient, "k3", "dewasa dan lansia")
    assert (visit.payer, visit.bpjs_status, visit.registered_at is not None) == (Payer.BPJS, BpjsStatus.ACTIVE, True)
    assert trail(visit)[-2:] == [("pendaftaran", DONE), ("skrining_k3", WAITING)]
    assert visit.events.get(kind="registered").detail == {"klaster": "k3", "payer": "bpjs", "bpjs_status": "aktif"}
    assert AuditEntry.objects.get(action="visit.register").detail == {"klaster": "k3", "payer": "bpjs"}


def test_registration_gives_a_first_time_patient_a_medical_record_number(pendaftaran, at_loket, puskesmas):
    patient = adult()
    register(pendaftaran, at_loket, patient)
    assert MedicalRecord.objects.filter(patient=patient, facility=puskesmas).count() == 1


@pytest.mark.parametrize(("facts", "reason"), [
    ({"pregnant": True}, "ibu hamil"),
    ({"postpartum": True}, "ibu nifas (≤ 42 hari)"),
])
def test_a_pregnant_or_postpartum_woman_goes_to_klaster_2(pendaftaran, at_loket, facts, reason):
    visit = register(pendaftaran, at_loket, adult(), **facts)
    assert (visit.klaster, visit.klaster_reason) == ("k2", reason)
    assert trail(visit)[-1] == ("skrining_k2", WAITING)


def test_a_pregnant_girl_is_routed_as_pregnant_first(pendaftaran, at_loket):
    visit = register(pendaftaran, at_loket, adult(birth_date=years_ago(16)), pregnant=True)
    assert (visit.klaster, visit.klaster_reason) == ("k2", "ibu hamil")


def test_a_patient_one_day_short_of_18_goes_to_klaster_2(pendaftaran, at_loket):
    visit = register(pendaftaran, at_loket, adult(sex="M", birth_date=years_ago(18, days=1)))
    assert (visit.klaster, visit.klaster_reason) == ("k2", "anak dan remaja (< 18 tahun)")
    assert trail(visit)[-1] == ("skrining_k2", WAITING)


def test_a_patient_turning_18_today_goes_to_klaster_3(pendaftaran, at_loket):
    visit = register(pendaftaran, at_loket, adult(sex="M", birth_date=years_ago(18)))
    assert (visit.klaster, visit.klaster_reason) == ("k3", "dewasa dan lansia")


@pytest.mark.parametrize("fact", ["pregnant", "postpartum"])
def test_a_man_cannot_be_pregnant_or_postpartum(pendaftaran, at_loket, fact):
    with pytest.raises(ValidationError) as raised:
        register(pendaftaran, at_loket, adult(sex="M"), **{fact: True})
    assert raised.value.messages == [PREGNANT_MALE]
    assert unchanged(at_loket)


def test_registration_happens_at_the_loket_only(pendaftaran):
    visit = arrive(pendaftaran)
    entry = serve(pendaftaran, visit, "pandu_ptm")
    with pytest.raises(ValidationError) as raised:
        register(pendaftaran, entry, adult())
    assert raised.value.messages == [WRONG_STATION % {"station": "Loket Pendaftaran (Klaster 1)", "here": "Pandu PTM"}]
    assert Visit.objects.get(pk=visit.pk).patient is None


def test_a_loket_entry_not_yet_started_cannot_be_registered(pendaftaran):
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    with pytest.raises(ValidationError) as raised:
        register(pendaftaran, entry_at(visit, "pendaftaran"), adult())
    assert raised.value.messages == [NOT_IN_SERVICE % {"number": visit.number}]
    visit.refresh_from_db()
    assert (visit.patient, visit.klaster) == (None, "")
    assert trail(visit)[-1] == ("pendaftaran", WAITING)


# BPJS


def test_bpjs_payer_without_a_card_number_is_refused(pendaftaran, at_loket):
    with pytest.raises(ValidationError) as raised:
        register(pendaftaran, at_loket, adult(bpjs_number=None))
    assert raised.value.messages == [NO_BPJS_NUMBER]
    assert unchanged(at_loket)


@pytest.mark.parametrize(("answer", "status"), [
    ("tidak_aktif", BpjsStatus.INACTIVE), ("tidak_ditemukan", BpjsStatus.NOT_FOUND),
])
def test_without_active_bpjs_the_patient_pays_at_the_kasir(pendaftaran, at_loket, answer, status):
    visit = register(pendaftaran, at_loket, adult(bpjs_number=card(answer)))
    visit.refresh_from_db()
    assert (visit.payer, visit.bpjs_status) == (Payer.UMUM, status)
    assert trail(visit)[-2:] == [("pendaftaran", DONE), ("kasir", WAITING)]


def test_a_patient_paying_umum_is_not_checked_with_bpjs_and_goes_to_the_kasir(pendaftaran, at_loket):
    visit = register(pendaftaran, at_loket, adult(), payer=Payer.UMUM)
    assert (visit.payer, visit.bpjs_status) == (Payer.UMUM, BpjsStatus.UNCHECKED)
    assert trail(visit)[-1] == ("kasir", WAITING)


def test_a_bpjs_timeout_flags_the_visit_and_registration_still_completes(pendaftaran, at_loket):
    started = time.monotonic()
    visit = register(pendaftaran, at_loket, adult(bpjs_number=card("lambat")))
    elapsed = time.monotonic() - started
    visit.refresh_from_db()
    assert (visit.payer, visit.bpjs_status, visit.klaster) == (Payer.BPJS, BpjsStatus.UNAVAILABLE, "k3")
    assert trail(visit)[-1] == ("skrining_k3", WAITING)
    assert 1 <= elapsed < 5  # waited for the 1 s timeout, not for the stand-in's 10 s sleep


def test_bpjs_down_flags_the_visit_and_registration_still_completes(pendaftaran, at_loket, bpjs_down):
    visit = register(pendaftaran, at_loket, adult())
    assert (visit.payer, visit.bpjs_status) == (Payer.BPJS, BpjsStatus.UNAVAILABLE)
    assert trail(visit)[-1] == ("skrining_k3", WAITING)


def test_recheck_later_stores_the_answer_once_bpjs_is_back(pendaftaran, at_loket, bpjs_down, bpjs_server):
    visit = register(pendaftaran, at_loket, adult())
    bpjs_down.ILP_BPJS_URL = bpjs_server
    assert services.recheck_bpjs(actor=pendaftaran, visit=visit) == BpjsStatus.ACTIVE
    visit.refresh_from_db()
    assert visit.bpjs_status == BpjsStatus.ACTIVE
    assert visit.events.get(kind="bpjs_rechecked").detail == {"bpjs_status": "aktif"}


def test_recheck_while_bpjs_is_still_down_keeps_the_flag(pendaftaran, at_loket, bpjs_down):
    visit = register(pendaftaran, at_loket, adult())
    assert services.recheck_bpjs(actor=pendaftaran, visit=visit) == BpjsStatus.UNAVAILABLE
    visit.refresh_from_db()
    assert visit.bpjs_status == BpjsStatus.UNAVAILABLE
    assert "bpjs_rechecked" not in events(visit)


# Kasir (retribution for patients without active BPJS)


@pytest.fixture
def at_kasir(pendaftaran):
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    services.register_visit(actor=pendaftaran, entry=serve(pendaftaran, visit, "pendaftaran"), patient=adult(),
                            payer=Payer.UMUM)
    return serve(pendaftaran, visit, "kasir")


def tariff_amounts() -> dict[str, int]:
    """The Perda tariff as the deployment's tariffs.yaml states it."""
    data = yaml.safe_load((Path(visits.__file__).parent / "tariffs.yaml").read_text(encoding="utf-8"))
    return {row["code"]: row["amount"] for row in data["items"]}


def test_the_kasir_takes_the_tariff_total_and_sends_the_patient_to_screening(pendaftaran, at_kasir, puskesmas):
    payment = services.pay_retribution(actor=pendaftaran, entry=at_kasir, item_codes=["karcis", "lab_sederhana"])
    amounts = tariff_amounts()
    assert payment.total == amounts["karcis"] + amounts["lab_sederhana"]
    assert [(i["code"], i["amount"]) for i in payment.items] == [("karcis", amounts["karcis"]),
                                                                ("lab_sederhana", amounts["lab_sederhana"])]
    assert payment.receipt_number == f"KW-{puskesmas.code}-{timezone.localdate():%Y%m%d}-0001"
    assert (payment.tariff_version, payment.cashier) == ("perda-retribusi-demo@2024", pendaftaran)
    assert trail(at_kasir.visit)[-2:] == [("kasir", DONE), ("skrining_k3", WAITING)]
    assert at_kasir.visit.events.get(kind="paid").detail == {"total": payment.total}
    assert AuditEntry.objects.get(action="payment.create").detail == {"receipt": payment.receipt_number}


def test_receipt_numbers_count_up_per_day(pendaftaran, at_kasir, puskesmas):
    services.pay_retribution(actor=pendaftaran, entry=at_kasir, item_codes=["karcis"])
    other = arrive(pendaftaran)
    measure(pendaftaran, other)
    services.register_visit(actor=pendaftaran, entry=serve(pendaftaran, other, "pendaftaran"), patient=adult(),
                            payer=Payer.UMUM)
    second = services.pay_retribution(actor=pendaftaran, entry=serve(pendaftaran, other, "kasir"), item_codes=["karcis"])
    assert second.receipt_number.endswith("-0002")


def test_a_visit_cannot_be_paid_twice(pendaftaran, at_kasir):
    services.pay_retribution(actor=pendaftaran, entry=at_kasir, item_codes=["karcis"])
    with pytest.raises(ValidationError) as raised:
        services.pay_retribution(actor=pendaftaran, entry=at_kasir, item_codes=["karcis"])
    assert raised.value.messages == [ALREADY_PAID]
    assert Payment.objects.count() == 1
    assert trail(at_kasir.visit)[-1] == ("skrining_k3", WAITING)


@pytest.mark.parametrize("codes", [[], ["parkir"]])
def test_payment_needs_at_least_one_tariff_item(pendaftaran, at_kasir, codes):
    with pytest.raises(ValidationError) as raised:
        services.pay_retribution(actor=pendaftaran, entry=at_kasir, item_codes=codes)
    assert raised.value.messages == [NO_ITEMS]
    assert not Payment.objects.exists()
    assert trail(at_kasir.visit)[-1] == ("kasir", IN_SERVICE)


def test_payment_is_taken_at_the_kasir_only(pendaftaran, at_loket):
    with pytest.raises(ValidationError) as raised:
        services.pay_retribution(actor=pendaftaran, entry=at_loket, item_codes=["karcis"])
    assert raised.value.messages == [WRONG_STATION % {"station": "Kasir", "here": "Loket Pendaftaran (Klaster 1)"}]
    assert not Payment.objects.exists()
