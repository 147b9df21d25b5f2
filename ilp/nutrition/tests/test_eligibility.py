"""Who may start PMT (DOMAIN.md §1 KEK LILA < 23.5 cm; §2 wasting BB/TB < −2 SD), both sides of each boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ilp.nutrition import eligibility
from ilp.nutrition.eligibility import assess, is_kek, is_wasted

from .factories import anc, stored_whz, weigh


@pytest.mark.parametrize(("whz", "wasted"), [(-2.01, True), (-2.00, False), (-1.99, False), (-3.5, True), (None, False)])
def test_wasting_is_whz_below_minus_two(whz, wasted):
    assert is_wasted(whz) is wasted


@pytest.mark.parametrize(("lila", "kek"), [("23.4", True), ("23.5", False), ("23.6", False), ("18.0", True), (None, False)])
def test_kek_is_lila_below_23_5(lila, kek):
    assert is_kek(Decimal(lila) if lila else None) is kek


@pytest.mark.parametrize(("whz", "eligible"), [(-2.01, True), (-2.0, False)])
def test_a_balita_is_eligible_on_the_stored_whz(bidan, anak, whz, eligible):
    stored_whz(bidan, anak, whz)
    result = assess(anak, on=timezone.localdate(), pregnant=False)
    assert (result.target, result.eligible, result.value) == ("balita_wasting", eligible, Decimal(str(whz)))


def test_the_whz_comes_from_the_growth_engine_through_the_package(bidan, anak):
    record = weigh(bidan, anak, weight="8.6")  # 800 days, 82 cm, 8.6 kg: WHZ −2.53
    result = assess(anak, on=timezone.localdate(), pregnant=False)
    assert result.eligible and result.record == record and result.value == Decimal(str(record.computed["whz"]))
    assert result.value < -2


def test_a_recovered_child_on_a_newer_weighing_is_not_eligible(bidan, anak):
    weigh(bidan, anak, weight="8.6", days_ago=10)
    weigh(bidan, anak, weight="9.4")  # WHZ −1.46
    assert not assess(anak, on=timezone.localdate(), pregnant=False).eligible


def test_a_weighing_older_than_a_month_does_not_count(bidan, anak):
    stored_whz(bidan, anak, -2.5, days_ago=eligibility.RECENT_DAYS + 1)
    result = assess(anak, on=timezone.localdate(), pregnant=False)
    assert not result.eligible and "30 hari" in result.reason
    stored_whz(bidan, anak, -2.5, days_ago=eligibility.RECENT_DAYS)
    assert assess(anak, on=timezone.localdate(), pregnant=False).eligible


def test_an_implausible_whz_needs_a_new_measurement(bidan, anak):
    record = stored_whz(bidan, anak, -5.5)
    record.computed["implausible"] = "whz"
    record.save()
    assert assess(anak, on=timezone.localdate(), pregnant=False).reason == eligibility.IMPLAUSIBLE


@pytest.mark.parametrize(("lila", "eligible"), [("23.4", True), ("23.5", False)])
def test_a_pregnant_woman_is_eligible_on_the_anc_lila(bidan, ibu, lila, eligible):
    anc(bidan, ibu, lila=lila)
    result = assess(ibu, on=timezone.localdate(), pregnant=True)
    assert (result.target, result.eligible, result.value) == ("bumil_kek", eligible, Decimal(lila))


def test_a_woman_not_pregnant_is_no_pmt_target(bidan, ibu):
    anc(bidan, ibu, lila="21.0")
    result = assess(ibu, on=timezone.localdate(), pregnant=False)
    assert (result.target, result.eligible, result.reason) == ("", False, eligibility.NOT_A_TARGET)


def test_a_child_of_five_is_no_longer_a_balita_target(bidan, anak):
    anak.birth_date = timezone.localdate() - dt.timedelta(days=eligibility.UNDER_FIVE_DAYS)
    assert eligibility.target_for(anak, on=timezone.localdate(), pregnant=False) == ""
