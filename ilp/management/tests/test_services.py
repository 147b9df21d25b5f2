"""Klaster 1 writes and the figures read from them: refusals leave nothing behind, every write is audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.indicators.definitions_loader import indicator_registry
from ilp.indicators.models import Sasaran
from ilp.management import choices, inm, selectors, services
from ilp.management.models import DutyShift, FinanceEntry, Licence, Staff, Workshop
from ilp.visits.models import Payment, QueueEntry, Visit
from ilp.visits.services.queue import ensure_stations

from .factories import staff as make_staff

TODAY = dt.date(2026, 11, 10)


def new_staff(kapus, **fields):
    values = {"name": "Ns. Hendra", "kind": choices.StaffKind.PERAWAT, "employment": choices.Employment.PNS,
              "education": choices.Education.PROFESI, "started_on": dt.date(2015, 7, 1)} | fields
    return services.save_staff(actor=kapus, **values)


def test_save_staff_with_rooms_of_our_puskesmas_is_audited(kapus, puskesmas):
    rooms = list(puskesmas.locations.all()[:2])
    member = new_staff(kapus, rooms=rooms, klaster="k3")
    assert member.facility == puskesmas and set(member.rooms.all()) == set(rooms)
    assert AuditEntry.objects.filter(action="management.staff.add", target_id=str(member.pk)).exists()


def test_save_staff_refuses_a_room_of_another_puskesmas_and_saves_nothing(kapus, puskesmas_lain):
    room = puskesmas_lain.locations.first()
    with pytest.raises(ValidationError) as raised:
        new_staff(kapus, rooms=[room])
    assert raised.value.message_dict["rooms"] == [services.ROOM_ELSEWHERE % {"room": room.name, "facility": puskesmas_lain.name}]
    assert not Staff.objects.exists() and not AuditEntry.objects.filter(action__startswith="management.").exists()


def test_assign_staff_refuses_a_room_of_another_puskesmas(kapus, puskesmas, puskesmas_lain):
    member = new_staff(kapus, rooms=[puskesmas.locations.first()])
    with pytest.raises(ValidationError):
        services.assign_staff(actor=kapus, staff=member, klaster="k4", rooms=[puskesmas_lain.locations.first()])
    member.refresh_from_db()
    assert member.klaster == "" and list(member.rooms.all()) == [puskesmas.locations.first()]


def test_staff_may_be_linked_to_a_login_of_our_puskesmas_only(kapus, bidan, petugas_lain):
    assert new_staff(kapus, name="Bd. Yusnita", user=bidan).user == bidan
    with pytest.raises(ValidationError) as raised:
        new_staff(kapus, name="Lain", user=petugas_lain)
    assert "user" in raised.value.message_dict


def test_only_the_head_of_the_puskesmas_writes_klaster_1_records(bidan, dinkes):
    for user in (bidan, dinkes):
        with pytest.raises(PermissionDenied):
            new_staff(user)


def test_a_sip_needs_an_end_date_and_an_str_may_be_for_life(kapus, puskesmas):
    member = make_staff(puskesmas)
    with pytest.raises(ValidationError) as raised:
        services.add_licence(actor=kapus, staff=member, kind="sip", number="SIP/1", valid_from=TODAY, valid_until=None)
    assert raised.value.message_dict["valid_until"] == [services.SIP_NEEDS_END]
    with pytest.raises(ValidationError):
        services.add_licence(actor=kapus, staff=member, kind="sip", number="SIP/1", valid_from=TODAY, valid_until=TODAY)
    services.add_licence(actor=kapus, staff=member, kind="str", number="STR-1", valid_from=TODAY, valid_until=None)
    assert list(Licence.objects.values_list("kind", flat=True)) == ["str"]


def test_licence_alerts_flag_expired_and_within_90_days_only(puskesmas):
    for number, days in [("A", -1), ("B", 0), ("C", 90), ("D", 91)]:
        member = make_staff(puskesmas, name=f"Pegawai {number}")
        Licence.objects.create(staff=member, kind="sip", number=number, valid_from=TODAY - dt.timedelta(days=900),
                               valid_until=TODAY + dt.timedelta(days=days))
        Licence.objects.create(staff=member, kind="str", number=f"life {number}", valid_from=TODAY, valid_until=None)
    alerts = selectors.licence_alerts(facilities=[puskesmas], today=TODAY)
    assert [(a.licence.number, a.status, a.days_left) for a in alerts] == [
        ("A", "kedaluwarsa", -1), ("B", "segera", 0), ("C", "segera", 90)]


def test_a_sip_renewed_before_it_runs_out_clears_its_warning(kapus, puskesmas):
    member = make_staff(puskesmas)
    today = timezone.localdate()
    services.add_licence(actor=kapus, staff=member, kind="sip", number="SIP/old", valid_from=today - dt.timedelta(days=1800),
                         valid_until=today + dt.timedelta(days=10))
    assert [a.licence.number for a in selectors.licence_alerts(facilities=[puskesmas], today=today)] == ["SIP/old"]
    services.add_licence(actor=kapus, staff=member, kind="sip", number="SIP/new", valid_from=today,
                         valid_until=today + dt.timedelta(days=1825))
    assert selectors.licence_alerts(facilities=[puskesmas], today=today) == []


def test_licence_alerts_leave_out_staff_who_left(puskesmas):
    member = make_staff(puskesmas, active=False)
    Licence.objects.create(staff=member, kind="sip", number="X", valid_from=TODAY, valid_until=TODAY + dt.timedelta(days=5))
    assert selectors.licence_alerts(facilities=[puskesmas], today=TODAY) == []


def test_set_shifts_replaces_days_and_refuses_a_range_across_months(kapus, puskesmas):
    member = make_staff(puskesmas)
    first = timezone.localdate().replace(day=1)
    services.set_shifts(actor=kapus, staff=member, first=first, last=first + dt.timedelta(days=6), shift="P")
    services.set_shifts(actor=kapus, staff=member, first=first + dt.timedelta(days=5), last=first + dt.timedelta(days=6), shift="M")
    assert "".join(DutyShift.objects.filter(staff=member).order_by("date").values_list("shift", flat=True)) == "PPPPPMM"
    with pytest.raises(ValidationError):
        services.set_shifts(actor=kapus, staff=member, first=first - dt.timedelta(days=1), last=first, shift="P")
    assert DutyShift.objects.count() == 7
    grid = selectors.roster(user=kapus, year=first.year, month=first.month)
    assert grid["rows"][0]["cells"][:8] == ["P", "P", "P", "P", "P", "M", "M", ""] and grid["rows"][0]["counts"]["M"] == 2


def test_save_asset_refuses_a_room_of_another_puskesmas(kapus, puskesmas_lain):
    with pytest.raises(ValidationError) as raised:
        services.save_asset(actor=kapus, category="alkes", name="EKG", condition="baik", room=puskesmas_lain.locations.first())
    assert "room" in raised.value.message_dict


def test_calibration_alerts_within_90_days(kapus):
    today = timezone.localdate()
    for name, days in [("Doppler", -3), ("EKG", 60), ("Timbangan", 120)]:
        services.save_asset(actor=kapus, category="alkes", name=name, condition="baik", calibration_due=today + dt.timedelta(days=days))
    services.save_asset(actor=kapus, category="sarana", name="Gedung", condition="rusak_ringan")
    assert [a.name for a in selectors.calibration_alerts(facilities=[kapus.facility], today=today)] == ["Doppler", "EKG"]


# ---- Mutu ---------------------------------------------------------------------------------------

def test_quality_measure_refuses_a_numerator_above_its_denominator_and_computed_indicators(kapus):
    month = timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError) as raised:
        services.record_quality_measure(actor=kapus, code="kebersihan_tangan", month=month, numerator=11, denominator=10)
    assert raised.value.message_dict["numerator"] == [services.NUMERATOR_ABOVE % {"numerator": 11, "denominator": 10}]
    with pytest.raises(ValidationError):
        services.record_quality_measure(actor=kapus, code=inm.WAITING_TIME, month=month, numerator=1, denominator=2)
    with pytest.raises(ValidationError):
        services.record_quality_measure(actor=kapus, code="apd", month=month, numerator=0, denominator=0)


def test_quality_measure_entered_twice_keeps_the_last_values(kapus):
    month = timezone.localdate().replace(day=1)
    services.record_quality_measure(actor=kapus, code="apd", month=month, numerator=5, denominator=10)
    services.record_quality_measure(actor=kapus, code="apd", month=month + dt.timedelta(days=3), numerator=9, denominator=10)
    rows = {r.indicator.code: r for r in selectors.inm_month(facilities=[kapus.facility], year=month.year, month=month.month)}
    assert (rows["apd"].numerator, rows["apd"].denominator, rows["apd"].value, rows["apd"].met) == (9, 10, Decimal("90.0"), False)
    assert rows["kebersihan_tangan"].value is None


def _visit(puskesmas, number: str, arrived: dt.datetime, *, emergency: bool = False) -> Visit:
    return Visit.objects.create(facility=puskesmas, date=arrived.date(), number=number, arrived_at=arrived,
                                routing_version="test", emergency=emergency)


def _entry(visit, station, queued: dt.datetime, started: dt.datetime | None) -> None:
    QueueEntry.objects.create(visit=visit, station=station, queued_at=queued, started_at=started,
                              status=QueueEntry.Status.DONE if started else QueueEntry.Status.WAITING)


def test_waiting_time_is_computed_from_a_hand_made_flow(puskesmas):
    """Arrival to the start of service in the first examination room; the INM limit is 60 minutes inclusive.

    A: pendaftaran after 10 min, Klaster 3 room at 45 min, then Lab → 45 min (counted once, first room).
    B: Klaster 2 room at exactly 60 min → within. C: Klaster 3 at 75 min → not within.
    D: still waiting in the room (never started) → not counted. E: an UGD arrival → not an outpatient.
    Hand count: 2 of 3 within 60 minutes = 66.7 %, median of 45, 60, 75 = 60.
    """
    stations = ensure_stations(facility=puskesmas)
    tz = timezone.get_current_timezone()
    at = dt.datetime(2026, 10, 5, 8, 0, tzinfo=tz)
    minutes = dt.timedelta(minutes=1)
    a = _visit(puskesmas, "A001", at)
    _entry(a, stations["pendaftaran"], at, at + 10 * minutes)
    _entry(a, stations["klaster3"], at + 20 * minutes, at + 45 * minutes)
    _entry(a, stations["klaster4"], at + 60 * minutes, at + 90 * minutes)
    b = _visit(puskesmas, "A002", at)
    _entry(b, stations["klaster2"], at, at + 60 * minutes)
    c = _visit(puskesmas, "A003", at + 5 * minutes)
    _entry(c, stations["klaster3"], at + 5 * minutes, at + 80 * minutes)
    d = _visit(puskesmas, "A004", at)
    _entry(d, stations["klaster3"], at, None)
    e = _visit(puskesmas, "U001", at, emergency=True)
    _entry(e, stations["ugd"], at, at + 2 * minutes)
    _entry(e, stations["klaster3"], at, at + 200 * minutes)
    assert selectors.waiting_time(facilities=[puskesmas], year=2026, month=10) == {
        "numerator": 2, "denominator": 3, "median": 60.0}
    row = next(r for r in selectors.inm_month(facilities=[puskesmas], year=2026, month=10) if r.indicator.code == inm.WAITING_TIME)
    assert row.value == Decimal("66.7") and row.met is False
    assert selectors.waiting_time(facilities=[puskesmas], year=2026, month=11)["denominator"] == 0


def test_satisfaction_counts_scores_3_and_4_and_scores_units_out_of_100(kapus):
    day = timezone.localdate()
    for unit, score in [("Farmasi", 4), ("Farmasi", 2), ("Pendaftaran", 3), ("Pendaftaran", 3)]:
        services.record_survey(actor=kapus, unit=unit, answered_on=day, score=score)
    survey = selectors.satisfaction(facilities=[kapus.facility], year=day.year, month=day.month)
    assert (survey["numerator"], survey["denominator"]) == (3, 4)
    assert survey["units"] == [{"unit": "Farmasi", "n": 2, "score": 75.0}, {"unit": "Pendaftaran", "n": 2, "score": 75.0}]
    with pytest.raises(ValidationError):
        services.record_survey(actor=kapus, unit="Farmasi", answered_on=day, score=5)


def test_a_sentinel_event_is_graded_red_and_an_incident_closes_with_its_follow_up(kapus):
    day = timezone.localdate()
    with pytest.raises(ValidationError):
        services.report_incident(actor=kapus, occurred_on=day, kind="sentinel", grade="kuning", unit="UGD", description="Pasien meninggal")
    incident = services.report_incident(actor=kapus, occurred_on=day, kind="knc", grade="hijau", unit="Farmasi", description="Nama mirip")
    with pytest.raises(ValidationError):
        services.follow_up_incident(actor=kapus, incident=incident, status="selesai", follow_up=" ")
    services.follow_up_incident(actor=kapus, incident=incident, status="selesai", follow_up="Dua penanda identitas")
    assert selectors.incident_counts(facilities=[kapus.facility], year=day.year) == {"knc": 1}


# ---- P1, P2, P3 ---------------------------------------------------------------------------------

def test_ruk_is_for_next_year_and_draws_target_and_sasaran_from_the_indicator(kapus, puskesmas):
    next_year = timezone.localdate().year + 1
    indicator = indicator_registry()["k1"]
    desa = list(puskesmas.wilayah.all())
    for number, region in enumerate(desa):
        Sasaran.objects.create(year=next_year, desa=region, group=indicator.denominator_sasaran, value=Decimal(10 + number),
                               source=Sasaran.Source.DINKES)
    drawn = selectors.indicator_target(user=kapus, code="k1", year=next_year)
    assert drawn == {"sasaran": sum(10 + n for n in range(len(desa))), "target": Decimal(str(indicator.target))}
    with pytest.raises(ValidationError) as raised:
        services.add_plan_activity(actor=kapus, kind="ruk", year=next_year - 1, name="Kelas ibu", fund_source="bok",
                                   person_in_charge="Bidan")
    assert "year" in raised.value.message_dict
    activity = services.add_plan_activity(actor=kapus, kind="ruk", year=next_year, name="Kelas ibu", fund_source="bok",
                                          person_in_charge="Bidan", indicator_code="k1",
                                          target_percent=drawn["target"], sasaran=drawn["sasaran"])
    progress = selectors.plan_progress(facilities=[puskesmas], year=next_year - 1)
    assert progress[1]["total"] == 1 and activity.target_percent == drawn["target"]


def test_hold_workshop_with_attendance_and_rtl(kapus, puskesmas):
    member = make_staff(puskesmas)
    day = timezone.localdate()
    workshop = services.hold_workshop(
        actor=kapus, held_on=day, kind="tribulanan", place="Aula", issues="K1 rendah",
        attendees=[{"name": member.name, "institution": puskesmas.name, "staff": member},
                   {"name": "dr. Rina", "institution": "Klinik Pratama Sehat", "position": "PJ"}],
        actions=[{"problem": "K1 rendah", "action": "Sweeping bumil", "person_in_charge": "Bd. Yusnita",
                  "due_on": day + dt.timedelta(days=30)}])
    assert [a.institution for a in workshop.attendees.all()] == [puskesmas.name, "Klinik Pratama Sehat"]
    assert [a.action for a in selectors.open_actions(facilities=[puskesmas])] == ["Sweeping bumil"]
    services.set_action_status(actor=kapus, item=workshop.actions.get(), status="selesai", note="12 bumil ditemukan")
    assert not selectors.open_actions(facilities=[puskesmas]).exists()


def test_a_network_member_attends_for_a_facility_of_our_wilayah_only(kapus, puskesmas, puskesmas_lain):
    from ilp.facilities.models import Facility

    workshop = services.hold_workshop(actor=kapus, held_on=timezone.localdate(), kind="tribulanan", place="Aula",
                                      issues="K1", attendees=[{"name": "Kapus", "institution": puskesmas.name}])
    ours = puskesmas.children.filter(kind=Facility.Kind.PUSTU).first()
    theirs = puskesmas_lain.children.filter(kind=Facility.Kind.PUSTU).first()
    attendee = services.add_attendee(actor=kapus, workshop=workshop, name="Bd. Elvi", institution=ours.name, member_facility=ours)
    assert list(ours.workshop_attendance.all()) == [attendee]
    with pytest.raises(ValidationError) as raised:
        services.add_attendee(actor=kapus, workshop=workshop, name="X", institution=theirs.name, member_facility=theirs)
    assert raised.value.message_dict["member_facility"] == [services.NOT_IN_NETWORK % {"facility": theirs.name}]
    assert workshop.attendees.count() == 2


def test_a_workshop_with_an_rtl_due_before_it_is_refused_whole(kapus):
    day = timezone.localdate()
    with pytest.raises(ValidationError) as raised:
        services.hold_workshop(actor=kapus, held_on=day, kind="bulanan", place="Aula", issues="K1",
                               attendees=[{"name": "A", "institution": "B"}],
                               actions=[{"problem": "K1", "action": "X", "person_in_charge": "Y", "due_on": day - dt.timedelta(days=1)}])
    assert raised.value.message_dict["due_on"] == [services.DUE_BEFORE_WORKSHOP]
    assert not Workshop.objects.exists()


def test_pkp_scores_are_capped_at_100_and_categorised(kapus):
    year = timezone.localdate().year
    services.record_performance(actor=kapus, year=year, name="Rapat lintas sektor", target=Decimal(80), achievement=Decimal(100))
    services.record_performance(actor=kapus, year=year, name="Supervisi Pustu", target=Decimal(100), achievement=Decimal(70))
    with pytest.raises(ValidationError):
        services.record_performance(actor=kapus, year=year, name="Supervisi Pustu", target=Decimal(100), achievement=Decimal(80))
    result = selectors.pkp(user=kapus, year=year, today=timezone.localdate())
    manual = {r.name: r.score for r in result["rows"] if r.source == "manual"}
    assert manual == {"Rapat lintas sektor": Decimal(100), "Supervisi Pustu": Decimal(70)}
    assert any(r.source == "data" for r in result["rows"])
    assert [selectors.pkp_category(Decimal(v)) for v in ("91", "90.9", "80.1", "80")] == ["Baik", "Cukup", "Cukup", "Kurang"]


# ---- Keuangan -----------------------------------------------------------------------------------

def test_retribution_is_computed_from_the_kasir_and_refused_by_hand(kapus, puskesmas, puskesmas_lain):
    tz = timezone.get_current_timezone()
    for facility, receipt, total, paid in [(puskesmas, "KW-1", 10_000, dt.datetime(2026, 3, 31, 23, 30, tzinfo=tz)),
                                           (puskesmas, "KW-2", 15_000, dt.datetime(2026, 4, 1, 0, 10, tzinfo=tz)),
                                           (puskesmas_lain, "KW-3", 99_000, dt.datetime(2026, 3, 5, 9, 0, tzinfo=tz))]:
        visit = _visit(facility, receipt[-1], paid)
        Payment.objects.create(visit=visit, receipt_number=receipt, items=[], total=total, tariff_version="t", paid_at=paid)
    with pytest.raises(ValidationError) as raised:
        services.record_finance(actor=kapus, month=dt.date(2026, 3, 1), direction="masuk", source="retribusi", amount=5)
    assert raised.value.message_dict["source"] == [services.RETRIBUTION_COMPUTED]
    services.record_finance(actor=kapus, month=dt.date(2026, 3, 1), direction="masuk", source="kapitasi", amount=100_000_000)
    services.record_finance(actor=kapus, month=dt.date(2026, 3, 1), direction="keluar", source="bok", amount=2_000_000)
    assert FinanceEntry.objects.count() == 2
    year = selectors.finance_year(facilities=[puskesmas], year=2026)
    lines = {(line["direction"].value, line["source"].value): line["months"] for line in year["lines"]}
    assert lines[("masuk", "retribusi")][2:4] == [10_000, 15_000]
    assert year["revenue"][2] == 100_010_000 and year["spending"][2] == 2_000_000


def test_dashboard_for_the_dinkes_covers_every_puskesmas_of_the_kabupaten(kapus, dinkes, puskesmas, puskesmas_lain):
    make_staff(puskesmas)
    make_staff(puskesmas_lain, name="Bidan lain", kind=choices.StaffKind.PERAWAT)
    today = timezone.localdate()
    ours = selectors.dashboard(user=kapus, year=today.year, month=today.month, today=today)
    region = selectors.dashboard(user=dinkes, year=today.year, month=today.month, today=today)
    assert ours["staff_total"] == 1 and region["staff_total"] == 2
    assert puskesmas_lain in region["facilities"] and region["occupancy"] is None
    lines = {line["facility"]: line for line in region["per_facility"]}
    assert lines[puskesmas]["staff"] == 1 and lines[puskesmas_lain]["staff"] == 1 and ours["per_facility"] == []
    assert ours["stock"]["drugs_in_catalogue"] > 0 and len(ours["inm"]) == len(inm.INDICATORS)


def test_dashboard_is_refused_to_facility_staff(bidan):
    with pytest.raises(PermissionDenied):
        selectors.dashboard_facilities(user=bidan)
