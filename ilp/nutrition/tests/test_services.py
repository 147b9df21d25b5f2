"""Counselling and PMT writes: start on eligibility, hand-outs, outcome; refused input leaves nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.nutrition import services
from ilp.nutrition.models import Counselling, PmtDistribution, PmtProgram

from .factories import anc, stored_whz, visit_of, weigh

TODAY = timezone.localdate
DAY = dt.timedelta(days=1)


@pytest.fixture
def anak_visit(pendaftaran, puskesmas, anak):
    return visit_of(pendaftaran, puskesmas, anak)


@pytest.fixture
def wasted(bidan, anak):
    return weigh(bidan, anak, weight="8.6", days_ago=7)


def start(actor, visit, **kwargs):
    return services.start_pmt(actor=actor, visit=visit, **({"kind": "lokal", "started_on": TODAY() - 5 * DAY} | kwargs))


def test_counselling_links_the_latest_growth_record(nutrisionis, anak_visit, wasted):
    counselling = services.record_counselling(actor=nutrisionis, visit=anak_visit, topics=["gizi_kurang", "asi_mpasi"],
                                              assessment="Makan 2x sehari", advice="Tambah lauk hewani", next_visit_on=TODAY() + 14 * DAY)
    assert counselling.measurement == wasted and counselling.topic_labels()[0].startswith("Gizi kurang")
    assert AuditEntry.objects.filter(action="nutrition.counselling", patient_id=anak_visit.patient_id).exists()


def test_counselling_needs_a_topic_and_a_later_next_visit(nutrisionis, anak_visit):
    with pytest.raises(ValidationError) as raised:
        services.record_counselling(actor=nutrisionis, visit=anak_visit, topics=[], assessment="a", advice="b")
    assert raised.value.message_dict == {"topics": [services.NO_TOPIC]}
    with pytest.raises(ValidationError) as raised:
        services.record_counselling(actor=nutrisionis, visit=anak_visit, topics=["kek"], assessment="a", advice="b",
                                    next_visit_on=anak_visit.date)
    assert raised.value.message_dict == {"next_visit_on": [services.NEXT_VISIT_PAST]}
    assert not Counselling.objects.exists()


def test_start_pmt_for_a_wasted_child_keeps_the_basis(nutrisionis, anak_visit, wasted):
    program = start(nutrisionis, anak_visit)
    assert (program.target, program.basis, program.basis_value, program.start_weight, program.planned_days) == (
        "balita_wasting", wasted, Decimal(str(wasted.computed["whz"])), Decimal("8.6"), 56)
    assert AuditEntry.objects.filter(action="nutrition.pmt_start", target_id=program.pk).exists()


def test_pmt_is_refused_at_whz_minus_two(nutrisionis, bidan, anak, anak_visit):
    stored_whz(bidan, anak, -2.0, days_ago=6)
    with pytest.raises(ValidationError) as raised:
        start(nutrisionis, anak_visit)
    assert "tidak di bawah −2 SD" in raised.value.messages[0]
    assert not PmtProgram.objects.exists()


def test_pmt_for_a_pregnant_woman_with_kek(nutrisionis, bidan, pendaftaran, puskesmas, ibu):
    anc(bidan, ibu, lila="23.4", days_ago=6)
    program = start(nutrisionis, visit_of(pendaftaran, puskesmas, ibu, pregnant=True), kind="pabrikan")
    assert (program.target, program.basis_value, program.planned_days) == ("bumil_kek", Decimal("23.4"), 90)


def test_one_course_at_a_time(nutrisionis, anak_visit, wasted):
    start(nutrisionis, anak_visit)
    with pytest.raises(ValidationError) as raised:
        start(nutrisionis, anak_visit)
    assert "masih menjalani PMT" in raised.value.messages[0] and PmtProgram.objects.count() == 1


def test_start_in_the_future_is_refused(nutrisionis, anak_visit, wasted):
    with pytest.raises(ValidationError) as raised:
        start(nutrisionis, anak_visit, started_on=TODAY() + DAY)
    assert raised.value.message_dict == {"started_on": [services.FUTURE]}


def test_a_kader_or_clerk_cannot_start_pmt(pendaftaran, anak_visit, wasted):
    with pytest.raises(ValidationError) as raised:
        start(pendaftaran, anak_visit)
    assert raised.value.messages == [services.NOT_ALLOWED]


@pytest.fixture
def program(nutrisionis, anak_visit, wasted):
    return start(nutrisionis, anak_visit)


def test_hand_outs_daily_and_weekly(nutrisionis, program):
    services.record_distribution(actor=nutrisionis, program=program, given_on=TODAY() - 5 * DAY, quantity=1, unit="porsi",
                                 period="harian")
    services.record_distribution(actor=nutrisionis, program=program, given_on=TODAY(), quantity=7, unit="paket",
                                 period="mingguan")
    assert list(program.distributions.values_list("quantity", "period")) == [(1, "harian"), (7, "mingguan")]


@pytest.mark.parametrize(("quantity", "given_days_ago", "field", "message"), [
    (-3, 0, "quantity", services.NOT_POSITIVE),
    (0, 0, "quantity", services.NOT_POSITIVE),
    (2, -1, "given_on", services.FUTURE),
])
def test_bad_hand_outs_are_refused(nutrisionis, program, quantity, given_days_ago, field, message):
    with pytest.raises(ValidationError) as raised:
        services.record_distribution(actor=nutrisionis, program=program, given_on=TODAY() - given_days_ago * DAY,
                                     quantity=quantity, unit="porsi", period="harian")
    assert raised.value.message_dict == {field: [message]}
    assert not PmtDistribution.objects.exists()


def test_a_hand_out_before_the_start_is_refused(nutrisionis, program):
    with pytest.raises(ValidationError) as raised:
        services.record_distribution(actor=nutrisionis, program=program, given_on=program.started_on - DAY, quantity=1,
                                     unit="porsi", period="harian")
    assert "sebelum PMT dimulai" in raised.value.message_dict["given_on"][0]


def test_finishing_needs_a_measurement_after_the_start(nutrisionis, program):
    with pytest.raises(ValidationError) as raised:
        services.finish_pmt(actor=nutrisionis, program=program, ended_on=TODAY(), completed=True)
    assert raised.value.message_dict == {"ended_on": [services.NO_END_MEASUREMENT]}
    program.refresh_from_db()
    assert program.status == PmtProgram.Status.RUNNING


def test_the_outcome_weight_gain_and_recovery(nutrisionis, bidan, anak, program):
    end = weigh(bidan, anak, weight="9.4")  # WHZ −1.46
    program = services.finish_pmt(actor=nutrisionis, program=program, ended_on=TODAY(), completed=True, note="naik")
    assert (program.status, program.end_record, program.end_weight, program.weight_gain, program.recovered) == (
        "selesai", end, Decimal("9.4"), Decimal("0.8"), True)
    with pytest.raises(ValidationError):
        services.record_distribution(actor=nutrisionis, program=program, given_on=TODAY(), quantity=1, unit="porsi",
                                     period="harian")


def test_still_wasted_at_the_end_is_not_recovered(nutrisionis, bidan, anak, program):
    weigh(bidan, anak, weight="8.7")
    program = services.finish_pmt(actor=nutrisionis, program=program, ended_on=TODAY(), completed=True)
    assert program.recovered is False and program.weight_gain == Decimal("0.1")


def test_stopping_early_without_a_measurement(nutrisionis, program):
    program = services.finish_pmt(actor=nutrisionis, program=program, ended_on=TODAY(), completed=False, note="pindah")
    assert (program.status, program.recovered, program.weight_gain) == ("berhenti", None, None)


def test_the_end_date_cannot_be_in_the_future(nutrisionis, program):
    with pytest.raises(ValidationError) as raised:
        services.finish_pmt(actor=nutrisionis, program=program, ended_on=TODAY() + DAY, completed=False)
    assert raised.value.message_dict == {"ended_on": [services.FUTURE]}
