"""The Posyandu pages as the kader walks them, and as staff of another Puskesmas (404)."""

import datetime as dt

import pytest
from django.urls import reverse

from ilp.outreach import services
from ilp.outreach.models import Attendance, PosyanduSession

from .factories import child


@pytest.fixture
def area(posyandu):
    return posyandu.wilayah.get()


def test_the_kader_opens_a_session_registers_weighs_and_reads_the_recap(client, kader, posyandu, area):
    baby = child(born=dt.date(2025, 6, 1), desa=area, name="Budi Santoso")
    client.force_login(kader)
    assert client.get(reverse("outreach:session_list")).status_code == 200
    response = client.post(reverse("outreach:session_open", args=[posyandu.pk]), {"date": "2026-06-15"})
    session = PosyanduSession.objects.get()
    assert response.url == reverse("outreach:session_detail", args=[session.pk])
    found = client.get(reverse("outreach:session_detail", args=[session.pk]), {"q": "budi"})
    assert "Budi Santoso" in found.content.decode()
    client.post(reverse("outreach:attendance_register", args=[session.pk]), {"patient": baby.pk, "has_buku_kia": "on"})
    attendance = Attendance.objects.get()
    weigh_url = reverse("outreach:attendance_weigh", args=[session.pk, attendance.pk])
    assert client.get(weigh_url).status_code == 200
    response = client.post(weigh_url, {"weight": "9.0", "length": "74.0", "measured": "L"})
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.record.values["weight"] == "9.0"
    client.post(reverse("outreach:session_close", args=[session.pk]))
    recap = client.get(reverse("outreach:session_recap", args=[session.pk]))
    assert recap.status_code == 200 and "Rekap sesi Posyandu" in recap.content.decode()
    assert client.get(reverse("outreach:skdn", args=[posyandu.pk]), {"bulan": "2026-06"}).status_code == 200


def test_an_implausible_weight_is_refused_with_the_package_message(client, kader, posyandu, area):
    session = services.open_session(actor=kader, posyandu=posyandu)
    attendance = services.register_attendance(actor=kader, session=session, patient=child(born=dt.date(2025, 6, 1), desa=area))
    client.force_login(kader)
    response = client.post(reverse("outreach:attendance_weigh", args=[session.pk, attendance.pk]), {"weight": "400"})
    assert response.status_code == 400 and "tidak mungkin" in response.content.decode()


@pytest.mark.parametrize("name", ["session_detail", "session_recap"])
def test_staff_of_another_puskesmas_get_404(client, kader, petugas_lain, posyandu, name):
    session = services.open_session(actor=kader, posyandu=posyandu)
    client.force_login(petugas_lain)
    assert client.get(reverse(f"outreach:{name}", args=[session.pk])).status_code == 404
    assert client.get(reverse("outreach:skdn", args=[posyandu.pk])).status_code == 404


def test_dinkes_sees_no_posyandu_rows_but_reads_the_iks(client, dinkes):
    client.force_login(dinkes)
    assert client.get(reverse("outreach:session_list")).status_code == 403
    assert client.get(reverse("outreach:iks")).status_code == 200


@pytest.mark.parametrize("name", ["conflict_list", "whatsapp_number"])
def test_pages_for_recording_staff_refuse_regional_roles(client, dinkes, name):
    client.force_login(dinkes)
    assert client.get(reverse(f"outreach:{name}")).status_code == 403


def test_a_home_visit_page_refuses_regional_roles(client, dinkes, desa):
    from ilp.people.tests.factories import FamilyFactory

    client.force_login(dinkes)
    assert client.get(reverse("outreach:family_visit", args=[FamilyFactory(desa=desa).pk])).status_code == 403


def test_the_session_page_and_skdn_do_not_query_per_attendee(client, kader, posyandu, area, django_assert_max_num_queries):
    session = services.open_session(actor=kader, posyandu=posyandu)
    for day in range(1, 9):
        attendance = services.register_attendance(actor=kader, session=session,
                                                  patient=child(born=dt.date(2025, 1, day), desa=area))
        services.record_measurement(actor=kader, attendance=attendance, values={"weight": "10.0"})
    client.force_login(kader)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("outreach:session_detail", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("outreach:skdn", args=[posyandu.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("outreach:session_recap", args=[session.pk])).status_code == 200


def test_the_kader_sets_the_hari_buka_and_sees_the_next_opening(client, kader, posyandu):
    client.force_login(kader)
    client.post(reverse("outreach:schedule_set", args=[posyandu.pk]), {"week_of_month": "3", "weekday": "2", "start_time": "08:30"})
    page = client.get(reverse("outreach:session_list")).content.decode()
    assert "Rabu minggu ke-3, 08:30 · berikutnya Rabu, 17 Juni 2026" in page
