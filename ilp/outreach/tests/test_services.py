"""Posyandu sessions: the five tables, weighing through the balita package, referral to the Pustu."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility
from ilp.indicators.models import Fact
from ilp.outreach import services
from ilp.outreach.choices import Meja
from ilp.outreach.models import BukuKia
from ilp.outreach.services.session import (
    ALREADY_REGISTERED,
    NOT_BALITA,
    NOT_YOUR_POSYANDU,
    SESSION_CLOSED,
    next_opening,
)
from ilp.visits.models import FollowUp

from .factories import child


@pytest.fixture
def area(posyandu):
    return posyandu.wilayah.get()


@pytest.fixture
def session(kader, posyandu):
    return services.open_session(actor=kader, posyandu=posyandu)


def test_open_session_is_one_per_posyandu_and_day_with_the_kader_present(kader, posyandu, today):
    first = services.open_session(actor=kader, posyandu=posyandu)
    again = services.open_session(actor=kader, posyandu=posyandu)
    assert first == again and first.date == today
    assert list(first.kader_present.all()) == [kader]
    assert first.meja_order == [m.value for m in Meja]
    assert AuditEntry.objects.filter(action="posyandu.open").count() == 1


def test_a_kader_cannot_open_another_posyandus_session(kader, puskesmas, posyandu):
    other = puskesmas.children.filter(kind=Facility.Kind.POSYANDU).exclude(pk=posyandu.pk).first()
    with pytest.raises(ValidationError) as raised:
        services.open_session(actor=kader, posyandu=other)
    assert raised.value.messages == [NOT_YOUR_POSYANDU % {"posyandu": other.name}]


def test_the_bidan_opens_any_posyandu_of_her_puskesmas_but_not_another(bidan, posyandu, puskesmas_lain):
    assert services.open_session(actor=bidan, posyandu=posyandu).posyandu == posyandu
    elsewhere = puskesmas_lain.children.filter(kind=Facility.Kind.POSYANDU).first()
    with pytest.raises(ValidationError):
        services.open_session(actor=bidan, posyandu=elsewhere)


def test_registration_time_stamps_meja_1_and_counts_the_buku_kia(kader, session, area):
    baby = child(born=dt.date(2025, 12, 1), desa=area)
    attendance = services.register_attendance(actor=kader, session=session, patient=baby, has_buku_kia=True)
    assert [s.meja for s in attendance.steps.all()] == [Meja.PENDAFTARAN]
    assert BukuKia.objects.get(patient=baby).since == session.date
    with pytest.raises(ValidationError) as raised:
        services.register_attendance(actor=kader, session=session, patient=baby)
    assert raised.value.messages == [ALREADY_REGISTERED % {"name": baby.name}]


def test_weighing_records_the_balita_package_with_z_scores_facts_and_both_tables(kader, session, area, posyandu):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    attendance = services.register_attendance(actor=kader, session=session, patient=baby)
    record = services.record_measurement(actor=kader, attendance=attendance,
                                         values={"weight": Decimal("9.0"), "length": Decimal("74.0"), "measured": "L"})
    assert record.package_id == "balita" and record.facility == posyandu and record.service_date == session.date
    assert record.computed["waz"] is not None and record.computed["haz"] is not None
    assert Fact.objects.filter(kind="pkg.balita", person=baby.pk, facility=posyandu, role="kader").count() == 1
    attendance.refresh_from_db()
    assert attendance.record == record
    assert {s.meja for s in attendance.steps.all()} == {Meja.PENDAFTARAN, Meja.PENGUKURAN, Meja.PENCATATAN}


def test_weighing_an_adult_at_meja_2_is_refused(kader, session, area):
    mother = child(born=dt.date(1990, 1, 1), desa=area, sex="F")
    attendance = services.register_attendance(actor=kader, session=session, patient=mother)
    with pytest.raises(ValidationError) as raised:
        services.record_measurement(actor=kader, attendance=attendance, values={"weight": Decimal("60")})
    assert raised.value.messages == [NOT_BALITA]


def test_a_step_can_be_skipped_and_keeps_its_first_time(kader, session, area):
    attendance = services.register_attendance(actor=kader, session=session, patient=child(born=dt.date(2024, 1, 1), desa=area))
    skipped = services.mark_step(actor=kader, attendance=attendance, meja=Meja.PENYULUHAN, skipped=True)
    again = services.mark_step(actor=kader, attendance=attendance, meja=Meja.PENYULUHAN)
    assert skipped == again and again.skipped


def test_referral_creates_a_tindak_lanjut_for_the_pustu_of_the_desa(kader, session, area):
    attendance = services.register_attendance(actor=kader, session=session, patient=child(born=dt.date(2024, 1, 1), desa=area))
    follow_up = services.refer_attendee(actor=kader, attendance=attendance, reason="Tidak naik dua bulan (2T)")
    assert follow_up.pustu.kind == Facility.Kind.PUSTU and follow_up.pustu.wilayah.filter(pk=area.pk).exists()
    assert FollowUp.objects.get().reason == "Tidak naik dua bulan (2T)"
    assert attendance.steps.filter(meja=Meja.PELAYANAN).exists()


def test_a_closed_session_takes_no_more_attendees(kader, session, area):
    services.close_session(actor=kader, session=session)
    with pytest.raises(ValidationError) as raised:
        services.register_attendance(actor=kader, session=session, patient=child(born=dt.date(2024, 1, 1), desa=area))
    assert raised.value.messages == [SESSION_CLOSED]


def test_a_kader_of_another_posyandu_cannot_register_here(session, area, puskesmas, posyandu):
    other = puskesmas.children.filter(kind=Facility.Kind.POSYANDU).exclude(pk=posyandu.pk).first()
    stranger = make_user("kader_lain", Role.KADER, facility=other)
    with pytest.raises(ValidationError):
        services.register_attendance(actor=stranger, session=session, patient=child(born=dt.date(2024, 1, 1), desa=area))


def test_the_kader_present_are_only_the_posyandus_own(bidan, kader, session, puskesmas, posyandu):
    other = puskesmas.children.filter(kind=Facility.Kind.POSYANDU).exclude(pk=posyandu.pk).first()
    second = make_user("kader_dua", Role.KADER, facility=posyandu)
    stranger = make_user("kader_lain", Role.KADER, facility=other)
    services.set_kader_present(actor=bidan, session=session, kader_ids=[second.pk, stranger.pk, bidan.pk])
    assert list(session.kader_present.all()) == [second]


@pytest.mark.parametrize(("week", "weekday", "after", "expected"), [
    (2, 1, "2026-06-01", "2026-06-09"),   # second Tuesday of June 2026
    (2, 1, "2026-06-10", "2026-07-14"),   # past it: July's
    (5, 0, "2026-06-01", "2026-06-29"),   # June 2026 has five Mondays
    (5, 1, "2026-06-01", "2026-06-30"),
    (5, 2, "2026-06-01", "2026-06-24"),   # no fifth Wednesday: the last one
])
def test_the_next_opening_day_is_the_nth_weekday_of_the_month(kader, posyandu, week, weekday, after, expected):
    schedule = services.set_schedule(actor=kader, posyandu=posyandu, week_of_month=week, weekday=weekday,
                                     start_time=dt.time(8, 0))
    assert next_opening(schedule, after=dt.date.fromisoformat(after)) == dt.date.fromisoformat(expected)
