"""The Daftar Tilik of SOP "Alur Pelayanan ILP" (seed 004), answered from each visit's record.

Answers: "ya", "tidak", "tb" (tidak berlaku). Item numbers are the SOP's 1–15.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.visits import selectors, services
from ilp.visits.tilik import ITEMS

from .factories import VITALS, arrive, entry_at, go_home, pass_station, serve, staff, walk_to

pytestmark = pytest.mark.django_db
WIB = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture
def dokter(puskesmas):
    return staff(Role.DOKTER, username="dokter")


def answers(visit) -> dict[int, str]:
    visit = selectors.visit_get(user=visit.created_by, pk=visit.pk)
    return {result.number: result.answer for result in selectors.visit_tilik(visit)}


def compliant_walk(actor, **options):
    """Kiosk, Pandu PTM (all vitals), loket with active BPJS, screening, Klaster 3 room, farmasi, home."""
    return go_home(actor, walk_to(actor, "klaster3", **options))


def test_the_list_has_the_sops_15_items():
    assert [number for number, _, _ in ITEMS] == list(range(1, 16))


def test_a_full_compliant_walk_answers_yes_where_the_sop_applies(pendaftaran):
    visit = compliant_walk(pendaftaran)
    assert answers(visit) == {1: "ya", 2: "tb", 3: "ya", 4: "ya", 5: "ya", 6: "ya", 7: "ya", 8: "ya", 9: "ya", 10: "ya",
                              11: "tb", 12: "tb", 13: "ya", 14: "ya", 15: "tb"}


def test_an_umum_patient_who_paid_the_retribution_meets_item_5(pendaftaran):
    visit = compliant_walk(pendaftaran, payer="umum")
    assert answers(visit)[5] == "ya"


def test_a_free_ckg_visit_meets_item_5_without_paying(pendaftaran):
    visit = compliant_walk(pendaftaran, payer="ckg")
    assert not visit.payments.exists()
    assert answers(visit)[5] == "ya"


def test_an_emergency_goes_to_ugd_and_skips_the_regular_steps(pendaftaran, dokter):
    visit = arrive(pendaftaran, emergency=True)
    pass_station(dokter, visit, "ugd", send_to="pulang")
    result = answers(visit)
    assert (result[1], result[2]) == ("ya", "ya")
    assert [result[n] for n in (3, 4, 5, 6)] == ["tb"] * 4


def test_an_emergency_sent_elsewhere_first_answers_no_to_item_2(pendaftaran, puskesmas):
    visit = arrive(pendaftaran, emergency=True)
    visit.entries.update(station=puskesmas.stations.get(code="pandu_ptm"))  # e.g. the kiosk was set up wrongly
    assert answers(visit)[2] == "tidak"


def test_vitals_without_height_answer_no_to_item_4(pendaftaran):
    visit = compliant_walk(pendaftaran, vitals={k: v for k, v in VITALS.items() if k != "height"})
    result = answers(visit)
    assert result[4] == "tidak"
    assert result[3] == result[5] == "ya"


def test_an_internal_referral_that_comes_back_answers_yes_to_item_11(pendaftaran, dokter):
    entry = walk_to(pendaftaran, "klaster3")
    visit = entry.visit
    services.refer_internally(actor=dokter, entry=entry, to_code="lab", reason="Cek gula darah")
    pass_station(dokter, visit, "lab", send_to="kembali", note="GDP 98 mg/dL")
    go_home(dokter, serve(dokter, visit, "klaster3"))
    result = answers(visit)
    assert (result[10], result[11], result[13]) == ("ya", "ya", "ya")


def test_a_patient_sent_home_from_the_lab_instead_of_back_answers_no_to_item_11(pendaftaran, dokter):
    entry = walk_to(pendaftaran, "klaster3")
    services.refer_internally(actor=dokter, entry=entry, to_code="lab", reason="Cek gula darah")
    pass_station(dokter, entry.visit, "lab", send_to="pulang")
    assert answers(entry.visit)[11] == "tidak"


def test_item_11_waits_until_the_visit_is_over(pendaftaran, dokter):
    entry = walk_to(pendaftaran, "klaster3")
    services.refer_internally(actor=dokter, entry=entry, to_code="lab", reason="Cek gula darah")
    assert answers(entry.visit)[11] == "tb"


def test_an_external_referral_and_a_pustu_notification_answer_items_12_and_15(pendaftaran, dokter):
    entry = walk_to(pendaftaran, "klaster3")
    services.refer_externally(actor=dokter, entry=entry, hospital=Facility.objects.get(kind=Facility.Kind.FKRTL),
                              reason="Curiga katarak")
    services.notify_pustu(actor=dokter, visit=entry.visit, reason="Pastikan kontrol ke RSUD")
    visit = go_home(dokter, entry)
    result = answers(visit)
    assert (result[12], result[15]) == ("ya", "ya")


# Compliance over a month


def at(time_machine, day: int, hour: int, minute: int = 0, second: int = 0, month: int = 8) -> None:
    time_machine.move_to(dt.datetime(2024, month, day, hour, minute, second, tzinfo=WIB), tick=False)


def test_compliance_counts_every_visit_of_the_month_per_item(kapus, pendaftaran, time_machine):
    at(time_machine, 31, 9, month=7)
    compliant_walk(pendaftaran)  # July: not counted for August
    at(time_machine, 19, 8)
    compliant_walk(pendaftaran)
    at(time_machine, 19, 9)
    compliant_walk(pendaftaran, vitals={k: v for k, v in VITALS.items() if k != "height"})
    at(time_machine, 20, 10)
    pass_station(pendaftaran, arrive(pendaftaran, emergency=True), "ugd", send_to="pulang")

    result = selectors.compliance(user=kapus, year=2024, month=8)

    rows = {row["number"]: row for row in result["rows"]}
    assert result["visits"] == 3
    assert {k: rows[1][k] for k in ("ya", "tidak", "tb", "rate")} == {"ya": 3, "tidak": 0, "tb": 0, "rate": 100.0}
    assert {k: rows[2][k] for k in ("ya", "tidak", "tb", "rate")} == {"ya": 1, "tidak": 0, "tb": 2, "rate": 100.0}
    # Item 4: one visit measured fully, one without height, the emergency not applicable: 1 / (1 + 1).
    assert {k: rows[4][k] for k in ("ya", "tidak", "tb", "rate")} == {"ya": 1, "tidak": 1, "tb": 1, "rate": 50.0}
    assert {k: rows[12][k] for k in ("ya", "tidak", "tb", "rate")} == {"ya": 0, "tidak": 0, "tb": 3, "rate": None}


def test_compliance_rates_round_to_one_decimal(kapus, pendaftaran, time_machine):
    for hour, vitals in [(8, VITALS), (9, VITALS), (10, {"weight": Decimal("60")})]:
        at(time_machine, 19, hour)
        compliant_walk(pendaftaran, vitals=vitals)
    rows = {row["number"]: row for row in selectors.compliance(user=kapus, year=2024, month=8)["rows"]}
    assert rows[4]["rate"] == 66.7  # 2 of 3


def test_compliance_of_a_month_without_visits_is_empty(kapus):
    result = selectors.compliance(user=kapus, year=2023, month=1)
    assert result["visits"] == 0
    assert {row["rate"] for row in result["rows"]} == {None}


# Waiting and service times


# Eleven patients at Pandu PTM: (seconds from queueing to the call, minutes from start to finish).
# With 11 values the 90th percentile is the 10th smallest by nearest rank (ceil(0.9 × 11) = 10)
# and by interpolation (index 0.9 × 10 = 9), so the expected values do not depend on the definition.
PANDU_PTM = [(180, 2), (90, 7), (240, 1), (60, 8), (300, 2.5), (540, 12), (120, 1), (360, 8), (300, 2), (180, 10),
             (300, 4)]
# Waits, minutes, sorted: 1, 1.5, 2, 3, 3, 4, 5, 5, 5, 6, 9   -> median (6th) 4, p90 (10th) 6
# Service, minutes, sorted: 1, 1, 2, 2, 2.5, 4, 7, 8, 8, 10, 12 -> median (6th) 4, p90 (10th) 10


def test_station_times_give_median_and_p90_per_station(kapus, pendaftaran, time_machine):
    for n, (wait_seconds, service_minutes) in enumerate(PANDU_PTM):
        queued = dt.datetime(2024, 8, 19, 7, 30, tzinfo=WIB) + dt.timedelta(minutes=30 * n)
        time_machine.move_to(queued, tick=False)
        visit = arrive(pendaftaran)
        time_machine.move_to(queued + dt.timedelta(seconds=wait_seconds), tick=False)
        services.call_entry(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
        started = queued + dt.timedelta(seconds=wait_seconds + 30)  # 30 s to walk to the desk: in neither figure
        time_machine.move_to(started, tick=False)
        entry = services.start_service(actor=pendaftaran, entry=entry_at(visit, "pandu_ptm"))
        time_machine.move_to(started + dt.timedelta(minutes=service_minutes), tick=False)
        services.finish_entry(actor=pendaftaran, entry=entry, send_to="pendaftaran")

    rows = selectors.station_times(user=kapus, year=2024, month=8)

    # The loket entries still wait: only finished entries count, so the loket has no row yet.
    assert [(r["station"].code, r["n"], r["wait_median"], r["wait_p90"], r["service_median"], r["service_p90"])
            for r in rows] == [("pandu_ptm", 11, 4.0, 6.0, 4.0, 10.0)]


def test_station_times_leave_out_other_months(kapus, pendaftaran, time_machine):
    at(time_machine, 31, 10, month=7)
    pass_station(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    assert selectors.station_times(user=kapus, year=2024, month=8) == []
    assert [r["station"].code for r in selectors.station_times(user=kapus, year=2024, month=7)] == ["pandu_ptm"]
