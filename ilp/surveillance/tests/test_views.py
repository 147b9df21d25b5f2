"""Surveillance pages through the client, as each persona: bad input refused in Indonesian with what was
typed kept and nothing saved; alerts on their page and the home dashboard, without names for the Dinkes."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ilp.audit.models import AuditEntry
from ilp.surveillance import forms, services
from ilp.surveillance.models import Alert, Case

from .factories import MONDAY, diagnosed

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC)


def post_case(client, user, **changes):
    client.force_login(user)
    data = {"disease": "A", "desa": user.facility.wilayah.order_by("code").first().pk, "reported_on": "2026-11-03",
            "count": "3", "deaths": "0", "note": "register Pustu", **changes}
    return client.post(reverse("surveillance:case_create"), data)


@time_machine.travel(NOW)
def test_a_count_from_the_pustu_register_is_saved_and_shown(client, dokter):
    response = post_case(client, dokter)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert (case.count, case.reported_on, case.patient) == (3, dt.date(2026, 11, 3), None)
    assert "register Pustu" in client.get(case.get_absolute_url()).content.decode()


@time_machine.travel(NOW)
@pytest.mark.parametrize(("changes", "message"), [
    ({"reported_on": "2026-11-10"}, services.IN_FUTURE),
    ({"count": "-2"}, str(forms.COUNT_POSITIVE)),
    ({"deaths": "-1"}, str(forms.NOT_NEGATIVE)),
    ({"disease": "ZZ"}, str(forms.UNKNOWN_DISEASE)),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, dokter, changes, message):
    response = post_case(client, dokter, **changes)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "register Pustu" in page  # what was typed stays
    assert not Case.objects.exists() and not Alert.objects.exists()


@time_machine.travel(NOW)
def test_a_named_case_is_entered_from_the_patient_and_audited_when_read(client, dokter, desa):
    patient = diagnosed("I10", desa=desa, on=MONDAY).patient
    client.force_login(dokter)
    assert patient.name in client.get(reverse("surveillance:case_list"), {"cari": patient.name}).content.decode()
    response = client.post(reverse("surveillance:case_create") + f"?pasien={patient.pk}",
                           {"disease": "K", "desa": desa.pk, "reported_on": "2026-11-04", "count": "1", "deaths": "0"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.patient == patient
    client.get(case.get_absolute_url())
    assert AuditEntry.objects.filter(action="case.read", target_id=str(case.pk), actor=dokter, patient_id=patient.pk).exists()


def test_the_alert_shows_on_home_for_the_puskesmas_and_the_dinkes_names_only_for_the_puskesmas(client, desa, kapus, dinkes):
    patient = diagnosed("A36.0", desa=desa, on=MONDAY).patient  # one suspect diphtheria
    alert = Alert.objects.get()
    for user in (kapus, dinkes):
        client.force_login(user)
        home = client.get(reverse("dashboards:home")).content.decode()
        assert "Sinyal kewaspadaan SKDR" in home and "Suspek difteri" in home and alert.get_absolute_url() in home
        page = client.get(alert.get_absolute_url()).content.decode()
        assert (patient.name in page) is (user == kapus)


def test_the_dinkes_verifies_an_alert_on_its_page_and_a_kader_may_not(client, desa, dinkes, kader):
    diagnosed("B05.9", desa=desa, on=MONDAY)
    alert = Alert.objects.get()
    client.force_login(kader)
    assert client.post(reverse("surveillance:alert_step", args=[alert.pk, "verifikasi"])).status_code == 403
    client.force_login(dinkes)
    response = client.post(reverse("surveillance:alert_step", args=[alert.pk, "verifikasi"]), {"note": "cek lapangan"})
    alert.refresh_from_db()
    assert response.status_code == 302 and alert.status == Alert.Status.VERIFIED and alert.verified_by == dinkes


@time_machine.travel(NOW)
def test_an_investigation_in_the_future_is_refused_and_the_alert_stays_new(client, desa, dokter):
    diagnosed("B05.9", desa=desa, on=MONDAY)
    alert = Alert.objects.get()
    client.force_login(dokter)
    response = client.post(reverse("surveillance:alert_step", args=[alert.pk, "penyelidikan"]),
                           {"started_on": "2026-11-12", "note": "Rumah kasus dikunjungi"})
    alert.refresh_from_db()
    assert response.status_code == 400 and services.IN_FUTURE in response.content.decode()
    assert "Rumah kasus dikunjungi" in response.content.decode() and alert.status == Alert.Status.NEW


def test_the_weekly_page_shows_the_counts_and_refuses_a_desa_outside_the_area(client, desa, desa_lain, dinkes, kapus):
    diagnosed("A09.0", desa=desa, on=MONDAY)
    client.force_login(kapus)
    response = client.get(reverse("surveillance:weekly"), {"desa": desa.pk, "minggu": "2026-W45"})
    assert response.status_code == 200
    assert '<tr data-disease="A"><td>A</td><td>Diare akut</td>' in response.content.decode()
    assert response.context["table"].rows[0][1][-1] == 1
    assert client.get(reverse("surveillance:weekly"), {"desa": desa_lain.pk}).status_code == 404
    client.force_login(dinkes)
    assert client.get(reverse("surveillance:weekly"), {"desa": desa_lain.pk, "minggu": "2026-W45"}).status_code == 200


def test_the_case_list_and_the_alert_list_do_not_query_per_row(client, desa, kapus, django_assert_max_num_queries):
    for day in range(5):
        diagnosed("B05.9", desa=desa, on=MONDAY + dt.timedelta(days=day, weeks=-day))
    client.force_login(kapus)
    for name in ("surveillance:case_list", "surveillance:alert_list"):
        with django_assert_max_num_queries(9):
            assert client.get(reverse(name)).status_code == 200
