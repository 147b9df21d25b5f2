"""Cases from diagnoses and by hand, the alert a week raises (once), and the response to it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ilp.audit.models import AuditEntry
from ilp.surveillance import selectors, services
from ilp.surveillance.models import Alert, Case

from .factories import MONDAY, cases_in_week, diagnosed

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC)


def test_a_new_case_diagnosis_of_an_skdr_disease_becomes_one_case_in_the_patients_desa(desa):
    condition = diagnosed("A09.0", desa=desa, on=MONDAY)
    case = Case.objects.get()
    assert (case.condition, case.patient, case.desa, case.disease, case.reported_on, case.count) == (
        condition, condition.patient, desa, "A", MONDAY, 1)
    assert AuditEntry.objects.filter(action="surveillance.case.create", target_id=str(case.pk)).exists()


def test_an_old_case_or_another_disease_is_not_a_surveillance_case(desa):
    diagnosed("A09.0", desa=desa, on=MONDAY, case="lama")
    diagnosed("I10", desa=desa, on=MONDAY)
    assert not Case.objects.exists()


def test_one_suspect_measles_raises_an_alert_and_a_second_case_only_updates_it(desa):
    diagnosed("B05.9", desa=desa, on=MONDAY)
    diagnosed("B05.9", desa=desa, on=MONDAY + dt.timedelta(days=2))
    alert = Alert.objects.get()
    assert (alert.disease, alert.desa, alert.week_start, alert.count, alert.status) == ("K", desa, MONDAY, 2, "baru")
    assert AuditEntry.objects.filter(action="surveillance.alert.create").count() == 1


def test_diarrhoea_alerts_on_the_fifth_case_of_a_quiet_desa_and_not_on_the_fourth(desa):
    cases_in_week("A09.9", 4, desa=desa)
    assert not Alert.objects.exists()
    diagnosed("A09.9", desa=desa, on=MONDAY + dt.timedelta(days=4))
    assert Alert.objects.get().count == 5


def test_diarrhoea_after_three_weeks_of_four_alerts_at_eight_not_seven(desa):
    for weeks_before in (1, 2, 3):
        cases_in_week("A09.9", 4, desa=desa, monday=MONDAY - dt.timedelta(weeks=weeks_before))
    cases_in_week("A09.9", 7, desa=desa)
    assert not Alert.objects.exists()
    diagnosed("A09.9", desa=desa, on=MONDAY + dt.timedelta(days=6))
    alert = Alert.objects.get()
    assert (alert.count, alert.threshold, alert.baseline) == (8, 8, [4, 4, 4])


def test_cases_of_another_desa_or_week_do_not_add_up(desa, desa_lain):
    cases_in_week("A09.9", 4, desa=desa)
    cases_in_week("A09.9", 4, desa=desa_lain)
    diagnosed("A09.9", desa=desa, on=MONDAY + dt.timedelta(days=7))
    assert not Alert.objects.exists()


def test_the_alert_is_seen_by_the_puskesmas_and_the_dinkes_not_by_another_puskesmas(desa, kapus, dinkes, petugas_lain):
    diagnosed("A36.0", desa=desa, on=MONDAY)  # suspect diphtheria
    alert = Alert.objects.get()
    assert list(selectors.alert_list(user=kapus)) == [alert]
    assert list(selectors.alert_list(user=dinkes)) == [alert]
    assert not selectors.alert_list(user=petugas_lain).exists()
    assert selectors.alert_cases(user=kapus, alert=alert).get().patient is not None
    assert not selectors.alert_cases(user=dinkes, alert=alert).exists()  # the Dinkes sees the count, no names
    with pytest.raises(PermissionDenied):
        selectors.case_list(user=dinkes)


@time_machine.travel(TODAY)
def test_a_count_reported_without_names_is_a_case_and_can_raise_the_alert(dokter, desa):
    case = services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY, count=5, note="register Pustu")
    assert (case.source, case.patient, case.count) == ("manual", None, 5)
    assert Alert.objects.get().count == 5


@time_machine.travel(TODAY)
@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"reported_on": dt.date(2026, 11, 10)}, "reported_on", services.IN_FUTURE),
    ({"count": 0}, "count", services.COUNT_POSITIVE),
    ({"count": 2, "deaths": 3}, "deaths", services.DEATHS_RANGE),
    ({"disease": "X"}, "disease", services.UNKNOWN_DISEASE % {"code": "X"}),
])
def test_bad_manual_cases_are_refused_and_nothing_is_saved(dokter, desa, changes, field, message):
    values = {"disease": "K", "desa": desa, "reported_on": MONDAY, "count": 1, **changes}
    with pytest.raises(ValidationError) as raised:
        services.record_case(actor=dokter, **values)
    assert raised.value.message_dict == {field: [message]}
    assert not Case.objects.exists() and not Alert.objects.exists() and not AuditEntry.objects.exists()


@time_machine.travel(TODAY)
def test_a_desa_outside_the_wilayah_and_a_named_count_of_two_are_refused(dokter, desa, desa_lain):
    with pytest.raises(ValidationError) as raised:
        services.record_case(actor=dokter, disease="A", desa=desa_lain, reported_on=MONDAY)
    assert raised.value.message_dict == {"desa": [services.DESA_OUTSIDE]}
    patient = diagnosed("I10", desa=desa, on=MONDAY).patient
    with pytest.raises(ValidationError) as raised:
        services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY, count=2, patient=patient)
    assert raised.value.message_dict == {"count": [services.ONE_PER_PATIENT]}
    assert not Case.objects.exists()


@time_machine.travel(TODAY)
def test_the_dinkes_verifies_the_puskesmas_investigates_and_closes(desa, dinkes, dokter):
    diagnosed("B05.9", desa=desa, on=MONDAY)
    alert = services.verify_alert(actor=dinkes, alert=Alert.objects.get(), note="Dikonfirmasi via telepon")
    assert (alert.status, alert.verified_by) == ("diverifikasi", dinkes)
    with pytest.raises(ValidationError) as raised:
        services.start_investigation(actor=dokter, alert=alert, started_on=MONDAY - dt.timedelta(days=1), note="x")
    assert raised.value.message_dict == {"started_on": [services.BEFORE_WEEK % {"date": "02-11-2026"}]}
    services.start_investigation(actor=dokter, alert=alert, started_on=MONDAY + dt.timedelta(days=1), note="2 kontak demam ruam")
    with pytest.raises(ValidationError):
        services.close_alert(actor=dokter, alert=alert, closed_on=MONDAY, conclusion="bukan_klb")
    services.close_alert(actor=dokter, alert=alert, closed_on=MONDAY + dt.timedelta(days=5), conclusion="klb")
    alert.refresh_from_db()
    assert (alert.status, alert.conclusion, alert.investigated_by) == ("selesai", "klb", dokter)
    actions = list(AuditEntry.objects.filter(target_type="surveillance.Alert").order_by("id").values_list("action", flat=True))
    assert actions == ["surveillance.alert.create", "surveillance.alert.verify", "surveillance.alert.investigate",
                       "surveillance.alert.close"]
    assert not selectors.alert_list(user=dinkes, open_only=True).exists()


def test_a_kader_does_not_respond_to_an_alert(desa, kader):
    diagnosed("B05.9", desa=desa, on=MONDAY)
    with pytest.raises(ValidationError) as raised:
        services.verify_alert(actor=kader, alert=Alert.objects.get())
    assert raised.value.messages == [services.NOT_A_RESPONDER]


def _three_quiet_weeks_and_an_alert(desa):
    """W42-W44 two diarrhoea cases each (mean 2, threshold max(4, 5) = 5); W45 five cases: an alert."""
    for weeks_before in (1, 2, 3):
        cases_in_week("A09.9", 2, desa=desa, monday=MONDAY - dt.timedelta(weeks=weeks_before))
    cases_in_week("A09.9", 5, desa=desa)
    alert = Alert.objects.get()
    assert (alert.week_start, alert.count, alert.threshold, alert.baseline) == (MONDAY, 5, 5, [2, 2, 2])
    return alert


@time_machine.travel(TODAY)
def test_a_late_case_that_lifts_the_baseline_above_a_following_alert_closes_it_as_not_klb(dokter, desa):
    alert = _three_quiet_weeks_and_an_alert(desa)
    # Late count for W43: baseline [2, 4, 2], mean 8/3, threshold 16/3 = 5.33 > 5: no longer crossed.
    services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY - dt.timedelta(weeks=2), count=2)
    alert.refresh_from_db()
    assert (alert.baseline, alert.threshold) == ([2, 4, 2], Decimal("5.33"))
    assert (alert.status, alert.conclusion, alert.closed_by) == ("selesai", "bukan_klb", dokter)
    assert "2026-W43" in alert.verification_note
    assert AuditEntry.objects.filter(action="surveillance.alert.rejudge", target_id=str(alert.pk)).exists()


@time_machine.travel(TODAY)
def test_a_late_case_that_leaves_the_following_alert_crossed_only_updates_its_baseline(dokter, desa):
    alert = _three_quiet_weeks_and_an_alert(desa)
    # Late single case for W43: baseline [2, 3, 2], mean 7/3, threshold 14/3 = 4.67 → the minimum 5 still decides.
    services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY - dt.timedelta(weeks=2), count=1)
    alert.refresh_from_db()
    assert (alert.baseline, alert.status) == ([2, 3, 2], "baru")
    assert alert.threshold == 5


@time_machine.travel(TODAY)
def test_a_verified_alert_is_not_closed_by_a_late_case_and_a_week_out_of_the_baseline_is_untouched(dokter, dinkes, desa):
    alert = _three_quiet_weeks_and_an_alert(desa)
    services.verify_alert(actor=dinkes, alert=alert)
    services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY - dt.timedelta(weeks=4), count=9)
    alert.refresh_from_db()
    assert (alert.baseline, alert.status) == ([2, 2, 2], "diverifikasi")  # W41 is not in W45's baseline
    services.record_case(actor=dokter, disease="A", desa=desa, reported_on=MONDAY - dt.timedelta(weeks=1), count=4)
    alert.refresh_from_db()
    assert (alert.baseline, alert.threshold, alert.status) == ([2, 2, 6], Decimal("6.67"), "diverifikasi")
