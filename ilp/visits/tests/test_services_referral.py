"""Referrals from a klaster room (SOP j–l) and tindak lanjut to the Pustu of the patient's desa (SOP o)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility
from ilp.regions.models import Region
from ilp.visits import selectors, services
from ilp.visits.models import FollowUp, QueueEntry, Referral
from ilp.visits.services.queue import BAD_NEXT, NOT_IN_SERVICE
from ilp.visits.services.referral import (
    FOLLOW_UP_DONE,
    NO_PUSTU,
    NOT_A_HOSPITAL,
    NOT_A_REFERRAL_TARGET,
    NOT_REGISTERED,
    REASON_REQUIRED,
    SAME_STATION,
)

from .factories import adult, arrive, entry_at, events, serve, staff, trail, walk_to

pytestmark = pytest.mark.django_db
WAITING, DONE, IN_SERVICE = QueueEntry.Status.WAITING, QueueEntry.Status.DONE, QueueEntry.Status.IN_SERVICE


@pytest.fixture
def dokter(puskesmas):
    return staff(Role.DOKTER, username="dokter")


@pytest.fixture
def in_klaster3(pendaftaran):
    return walk_to(pendaftaran, "klaster3")


@pytest.fixture
def rsud(db) -> Facility:
    return Facility.objects.get(kind=Facility.Kind.FKRTL)


def refer_to_lab(actor, entry, **options) -> Referral:
    return services.refer_internally(actor=actor, entry=entry, to_code="lab", reason="Cek gula darah puasa", **options)


# Internal referral and the way back


def test_an_internal_referral_queues_the_patient_at_the_lab_with_the_referral(dokter, in_klaster3):
    referral = refer_to_lab(dokter, in_klaster3)
    visit = in_klaster3.visit
    assert (referral.kind, referral.from_station.code, referral.to_station.code) == ("internal", "klaster3", "lab")
    assert (referral.reason, referral.return_requested, referral.created_by) == ("Cek gula darah puasa", True, dokter)
    assert trail(visit)[-2:] == [("klaster3", DONE), ("lab", WAITING)]
    lab = entry_at(visit, "lab")
    assert (lab.referral, lab.note) == (referral, "Cek gula darah puasa")
    assert visit.events.get(kind="referred_internal").detail == {"to": "lab", "reason": "Cek gula darah puasa"}
    assert AuditEntry.objects.get(action="referral.internal").detail == {"to": "lab"}


def test_the_lab_sends_the_patient_back_with_the_answer_for_re_consultation(dokter, in_klaster3):
    referral = refer_to_lab(dokter, in_klaster3)
    visit = in_klaster3.visit
    lab = serve(dokter, visit, "lab")
    assert services.allowed_next(lab) == ["kembali", "farmasi", "pulang"]
    back = services.finish_entry(actor=dokter, entry=lab, send_to="kembali", note="GDP 142 mg/dL")
    referral.refresh_from_db()
    assert (referral.answer, referral.answered_at is not None) == ("GDP 142 mg/dL", True)
    assert trail(visit)[-3:] == [("klaster3", DONE), ("lab", DONE), ("klaster3", WAITING)]
    assert (back.station.code, back.note) == ("klaster3", "konsultasi ulang")


def test_without_a_return_requested_the_lab_cannot_send_back(dokter, in_klaster3):
    refer_to_lab(dokter, in_klaster3, return_requested=False)
    lab = serve(dokter, in_klaster3.visit, "lab")
    assert services.allowed_next(lab) == ["farmasi", "pulang"]
    with pytest.raises(ValidationError) as raised:
        services.finish_entry(actor=dokter, entry=lab, send_to="kembali")
    assert raised.value.messages == [BAD_NEXT % {"station": "Laboratorium", "target": "kembali"}]


@pytest.mark.parametrize("target", ["radiologi", "farmasi", "pendaftaran"])
def test_referral_to_a_unit_that_takes_no_referrals_is_refused(dokter, in_klaster3, target):
    with pytest.raises(ValidationError) as raised:
        services.refer_internally(actor=dokter, entry=in_klaster3, to_code=target, reason="Periksa")
    assert raised.value.messages == [NOT_A_REFERRAL_TARGET % {"target": target}]
    assert not Referral.objects.exists()
    assert trail(in_klaster3.visit)[-1] == ("klaster3", IN_SERVICE)


def test_referral_to_the_station_the_patient_is_at_is_refused(dokter, in_klaster3):
    refer_to_lab(dokter, in_klaster3)
    lab = serve(dokter, in_klaster3.visit, "lab")
    with pytest.raises(ValidationError) as raised:
        services.refer_internally(actor=dokter, entry=lab, to_code="lab", reason="Ulang")
    assert raised.value.messages == [SAME_STATION % {"station": "Laboratorium"}]


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_internal_referral_needs_a_reason(dokter, in_klaster3, reason):
    with pytest.raises(ValidationError) as raised:
        services.refer_internally(actor=dokter, entry=in_klaster3, to_code="lab", reason=reason)
    assert raised.value.message_dict == {"reason": [REASON_REQUIRED]}
    assert not Referral.objects.exists()
    assert trail(in_klaster3.visit)[-1] == ("klaster3", IN_SERVICE)


def test_a_patient_not_yet_in_service_cannot_be_referred(dokter, pendaftaran, in_klaster3):
    services.refer_internally(actor=dokter, entry=in_klaster3, to_code="gigi", reason="Karies")
    waiting = entry_at(in_klaster3.visit, "gigi")
    with pytest.raises(ValidationError) as raised:
        refer_to_lab(dokter, waiting)
    assert raised.value.messages == [NOT_IN_SERVICE % {"number": in_klaster3.visit.number}]
    assert Referral.objects.count() == 1


def test_pandu_ptm_cannot_refer_internally_around_the_loket(pendaftaran):
    # SOP j: internal referrals are made by the klaster room during its examination. From Pandu PTM the
    # patient would reach the lab unregistered and unpaid, and "kembali" would bring them back to Pandu PTM.
    visit = arrive(pendaftaran)
    entry = serve(pendaftaran, visit, "pandu_ptm")
    with pytest.raises(ValidationError):
        refer_to_lab(pendaftaran, entry)
    assert not Referral.objects.exists()
    assert trail(visit) == [("pandu_ptm", IN_SERVICE)]


# External referral (FKRTL)


def test_an_external_referral_to_the_rsud_gets_a_letter_number(dokter, in_klaster3, rsud, puskesmas):
    referral = services.refer_externally(actor=dokter, entry=in_klaster3, hospital=rsud, reason="Curiga katarak",
                                         diagnosis="H25.9")
    today = timezone.localdate()
    assert referral.letter_number == f"0001/RUJ/{puskesmas.code}/{today:%m}/{today:%Y}"
    assert (referral.kind, referral.to_facility, referral.diagnosis, referral.return_requested) == (
        "external", rsud, "H25.9", False)
    assert in_klaster3.visit.events.get(kind="referred_external").detail == {"to": rsud.code}
    assert AuditEntry.objects.filter(action="referral.external").count() == 1


def test_letter_numbers_count_up(dokter, pendaftaran, in_klaster3, rsud):
    services.refer_externally(actor=dokter, entry=in_klaster3, hospital=rsud, reason="Curiga katarak")
    other = walk_to(pendaftaran, "klaster3")
    second = services.refer_externally(actor=dokter, entry=other, hospital=rsud, reason="Nyeri dada")
    assert second.letter_number.startswith("0002/RUJ/")


@pytest.mark.parametrize("kind", [Facility.Kind.PUSTU, Facility.Kind.KLINIK, Facility.Kind.PUSKESMAS])
def test_external_referrals_go_to_an_fkrtl_only(dokter, in_klaster3, kind):
    with pytest.raises(ValidationError) as raised:
        services.refer_externally(actor=dokter, entry=in_klaster3, hospital=Facility.objects.filter(kind=kind).first(),
                                  reason="Spesialis")
    assert raised.value.message_dict == {"hospital": [NOT_A_HOSPITAL]}
    assert not Referral.objects.exists()


def test_an_external_referral_needs_a_reason(dokter, in_klaster3, rsud):
    with pytest.raises(ValidationError) as raised:
        services.refer_externally(actor=dokter, entry=in_klaster3, hospital=rsud, reason="")
    assert raised.value.message_dict == {"reason": [REASON_REQUIRED]}


def test_an_unregistered_visit_cannot_be_referred_to_hospital(dokter, pendaftaran, rsud):
    entry = serve(pendaftaran, arrive(pendaftaran, emergency=True), "ugd")
    with pytest.raises(ValidationError) as raised:
        services.refer_externally(actor=dokter, entry=entry, hospital=rsud, reason="Trauma kepala")
    assert raised.value.messages == [NOT_REGISTERED]
    assert not Referral.objects.exists()


# Tindak lanjut to the Pustu


@pytest.fixture
def pustu(desa) -> Facility:
    return Facility.objects.get(kind=Facility.Kind.PUSTU, wilayah=desa)


@pytest.fixture
def bidan_desa(pustu):
    """The bidan of the Pustu of our desa: her inbox is the Pustu's."""
    return staff(Role.BIDAN, facility=pustu, username="bidan_desa")


def notify(actor, entry, reason="Kontrol tekanan darah tiap minggu di rumah") -> FollowUp:
    return services.notify_pustu(actor=actor, visit=entry.visit, reason=reason)


def test_notify_pustu_creates_a_follow_up_for_the_pustu_of_the_patients_desa(dokter, in_klaster3, pustu):
    follow_up = notify(dokter, in_klaster3)
    assert (follow_up.pustu, follow_up.patient, follow_up.visit) == (pustu, in_klaster3.visit.patient, in_klaster3.visit)
    assert (follow_up.status, follow_up.created_by) == (FollowUp.Status.OPEN, dokter)
    assert in_klaster3.visit.events.get(kind="follow_up_sent").detail == {"pustu": pustu.code}
    assert AuditEntry.objects.filter(action="followup.create").count() == 1


def test_the_follow_up_is_in_the_pustu_inbox(dokter, in_klaster3, bidan_desa):
    follow_up = notify(dokter, in_klaster3)
    assert list(selectors.follow_up_list(user=bidan_desa)) == [follow_up]


def test_the_follow_up_is_not_in_the_inbox_of_another_desas_pustu(dokter, in_klaster3, puskesmas, pustu):
    notify(dokter, in_klaster3)
    other = Facility.objects.filter(kind=Facility.Kind.PUSTU, parent=puskesmas).exclude(pk=pustu.pk).order_by("code").first()
    assert list(selectors.follow_up_list(user=staff(Role.BIDAN, facility=other))) == []


def test_the_pustu_marks_the_follow_up_done_once(dokter, in_klaster3, bidan_desa):
    follow_up = notify(dokter, in_klaster3)
    done = services.complete_follow_up(actor=bidan_desa, follow_up=follow_up, note="Kunjungan rumah, TD 130/85")
    assert (done.status, done.done_by, done.done_note) == (FollowUp.Status.DONE, bidan_desa, "Kunjungan rumah, TD 130/85")
    with pytest.raises(ValidationError) as raised:
        services.complete_follow_up(actor=bidan_desa, follow_up=follow_up, note="lagi")
    assert raised.value.messages == [FOLLOW_UP_DONE]
    follow_up.refresh_from_db()
    assert follow_up.done_note == "Kunjungan rumah, TD 130/85"
    assert list(selectors.follow_up_list(user=bidan_desa)) == []
    assert AuditEntry.objects.filter(action="followup.done").count() == 1


def test_a_follow_up_needs_a_reason(dokter, in_klaster3):
    with pytest.raises(ValidationError) as raised:
        notify(dokter, in_klaster3, reason=" ")
    assert raised.value.message_dict == {"reason": [REASON_REQUIRED]}
    assert not FollowUp.objects.exists()
    assert "follow_up_sent" not in events(in_klaster3.visit)


def test_a_desa_without_a_pustu_is_told_to_call_directly(dokter, pendaftaran, puskesmas):
    far = Region.objects.filter(level=Region.Level.DESA).exclude(code__startswith="13.10.").order_by("code").first()
    patient = adult(desa=far, nik=None)
    entry = walk_to(pendaftaran, "klaster3", patient=patient)
    with pytest.raises(ValidationError) as raised:
        notify(dokter, entry)
    assert raised.value.messages == [NO_PUSTU % {"desa": far.name}]
    assert not FollowUp.objects.exists()


def test_an_unregistered_visit_cannot_notify_the_pustu(dokter, pendaftaran):
    visit = arrive(pendaftaran)
    with pytest.raises(ValidationError) as raised:
        services.notify_pustu(actor=dokter, visit=visit, reason="Kunjungan rumah")
    assert raised.value.messages == [NOT_REGISTERED]

