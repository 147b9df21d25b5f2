"""Klaster 1 pages: bad input comes back with its message and what was typed; scope by Puskesmas."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from ilp.management import services
from ilp.management.models import Attendee, FollowUpAction, Licence, Staff, Workshop

from .factories import staff as make_staff


@pytest.fixture
def head(client, kapus):
    client.login(username=kapus.username, password=PASSWORD)
    return client


def test_staff_form_refuses_a_room_of_another_puskesmas_and_keeps_what_was_typed(head, puskesmas_lain):
    room = puskesmas_lain.locations.first()
    response = head.post(reverse("management:staff_create"), {
        "name": "Ns. Dewi Anggraini", "kind": "perawat", "employment": "pppk", "education": "profesi",
        "started_on": "2020-01-06", "rooms": [room.pk]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "bukan Puskesmas Anda" in page and room.facility.name in page and 'value="Ns. Dewi Anggraini"' in page
    assert not Staff.objects.exists()


def test_staff_form_saves_and_shows_the_staff_member(head, puskesmas):
    room = puskesmas.locations.first()
    response = head.post(reverse("management:staff_create"), {
        "name": "Ns. Dewi", "kind": "perawat", "employment": "pppk", "education": "profesi",
        "started_on": "2020-01-06", "rooms": [room.pk], "klaster": "k4", "active": "on"})
    member = Staff.objects.get()
    assert member.active
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    page = head.get(member.get_absolute_url()).content.decode()
    assert room.name in page


def test_editing_a_staff_member_keeps_their_login_on_offer(head, puskesmas, bidan):
    member = make_staff(puskesmas, user=bidan)
    page = head.get(reverse("management:staff_edit", args=[member.pk])).content.decode()
    assert f'<option value="{bidan.pk}" selected>' in page


def test_a_staff_member_who_left_is_kept_but_no_longer_listed(head, puskesmas):
    member = make_staff(puskesmas, name="Bd. Pindah")
    response = head.post(reverse("management:staff_edit", args=[member.pk]), {
        "name": member.name, "kind": "bidan", "employment": "pns", "education": "d3", "started_on": "2015-03-01"})
    member.refresh_from_db()
    assert response.status_code == 302 and member.active is False
    assert "Bd. Pindah" not in head.get(reverse("management:staff_list")).content.decode()


def test_licence_form_shows_the_expiry_warning_on_the_staff_list(head, puskesmas):
    member = make_staff(puskesmas, name="dr. Fadli")
    today = timezone.localdate()
    response = head.post(reverse("management:licence_add", args=[member.pk]), {
        "kind": "sip", "number": "SIP/9", "valid_from": f"{today - dt.timedelta(days=1800):%Y-%m-%d}",
        "valid_until": f"{today + dt.timedelta(days=20):%Y-%m-%d}"})
    assert response.status_code == 302 and Licence.objects.count() == 1
    page = head.get(reverse("management:staff_list")).content.decode()
    assert "habis dalam 20 hari" in page


def test_a_sip_without_end_date_comes_back_with_its_message(head, puskesmas):
    member = make_staff(puskesmas)
    response = head.post(reverse("management:licence_add", args=[member.pk]), {
        "kind": "sip", "number": "SIP/9", "valid_from": "2024-01-01", "valid_until": ""})
    assert response.status_code == 400 and services.SIP_NEEDS_END in response.content.decode()
    assert not Licence.objects.exists()


def test_the_head_of_another_puskesmas_gets_404_on_our_records(client, kapus_lain, puskesmas):
    member = make_staff(puskesmas)
    client.login(username=kapus_lain.username, password=PASSWORD)
    assert client.get(reverse("management:staff_detail", args=[member.pk])).status_code == 404
    assert client.post(reverse("management:staff_assign", args=[member.pk]), {"klaster": "k1"}).status_code == 404


def test_the_dinkes_dashboard_shows_aggregates_without_names(client, dinkes, puskesmas):
    member = make_staff(puskesmas, name="Bd. Rahasia")
    Licence.objects.create(staff=member, kind="sip", number="SIP/1", valid_from=dt.date(2020, 1, 1),
                           valid_until=timezone.localdate() + dt.timedelta(days=3))
    client.login(username=dinkes.username, password=PASSWORD)
    response = client.get(reverse("management:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200 and "Bd. Rahasia" not in page and "3 hari lagi" in page


def test_workshop_form_refuses_a_guest_line_without_institution(head, puskesmas):
    make_staff(puskesmas)
    response = head.post(reverse("management:workshop_create"), {
        "held_on": f"{timezone.localdate():%Y-%m-%d}", "kind": "bulanan", "place": "Aula", "issues": "K1 rendah",
        "guests": "dr. Rina; Klinik Sehat\nCamat"})
    assert response.status_code == 400 and "Baris 2" in response.content.decode()
    assert not Workshop.objects.exists()


def test_workshop_form_records_staff_and_network_guests_then_an_rtl(head, puskesmas):
    member = make_staff(puskesmas)
    today = timezone.localdate()
    response = head.post(reverse("management:workshop_create"), {
        "held_on": f"{today:%Y-%m-%d}", "kind": "tribulanan", "place": "Aula", "issues": "K1 rendah",
        "present": [member.pk], "guests": "dr. Rina; Klinik Pratama Sehat; PJ klinik"})
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert list(Attendee.objects.values_list("name", "institution", "staff")) == [
        (member.name, puskesmas.name, member.pk), ("dr. Rina", "Klinik Pratama Sehat", None)]
    late = head.post(reverse("management:action_add", args=[workshop.pk]), {
        "problem": "K1", "action": "Sweeping", "person_in_charge": "Bidan", "due_on": f"{today - dt.timedelta(days=2):%Y-%m-%d}"})
    assert late.status_code == 400 and services.DUE_BEFORE_WORKSHOP in late.content.decode()
    head.post(reverse("management:action_add", args=[workshop.pk]), {
        "problem": "K1", "action": "Sweeping", "person_in_charge": "Bidan", "due_on": f"{today:%Y-%m-%d}"})
    item = FollowUpAction.objects.get()
    head.post(reverse("management:action_status", args=[item.pk]), {"status": "berjalan"})
    item.refresh_from_db()
    assert item.status == "berjalan"


def test_finance_form_refuses_retribution_by_hand(head):
    response = head.post(reverse("management:finance"), {"month": "2026-01", "direction": "masuk", "source": "retribusi",
                                                         "amount": "1000"})
    assert response.status_code == 400 and services.RETRIBUTION_COMPUTED in response.content.decode()


def test_quality_form_refuses_a_numerator_above_the_denominator(head):
    month = f"{timezone.localdate():%Y-%m}"
    response = head.post(reverse("management:quality"), {"code": "apd", "month": month, "numerator": 12, "denominator": 10})
    assert response.status_code == 400 and "tidak boleh lebih besar" in response.content.decode()


def test_staff_list_queries_do_not_grow_with_staff(head, puskesmas):
    for number in range(3):
        make_staff(puskesmas, name=f"Pegawai {number}")
    with CaptureQueriesContext(connection) as few:
        head.get(reverse("management:staff_list"))
    for number in range(3, 12):
        Licence.objects.create(staff=make_staff(puskesmas, name=f"Pegawai {number}"), kind="str", number=str(number),
                               valid_from=dt.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as many:
        head.get(reverse("management:staff_list"))
    assert len(many) == len(few)


def test_every_klaster_1_page_opens_for_the_head(head, puskesmas):
    for name in ("dashboard", "staff_list", "roster", "asset_list", "quality", "incident_list", "survey", "plan_list",
                 "workshop_list", "pkp", "finance"):
        assert head.get(reverse(f"management:{name}")).status_code == 200, name
    assert head.get(reverse("management:plan_list") + "?indikator=k1").status_code == 200
