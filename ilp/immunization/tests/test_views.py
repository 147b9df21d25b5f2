"""The card page (read, record a dose) and the due list, through the client as each persona."""

import datetime as dt

import pytest
from django.urls import reverse

from ilp.immunization.models import Immunization
from ilp.immunization.services import IN_FUTURE

from .factories import give


def card_url(patient) -> str:
    return reverse("immunization:card", args=[patient.pk])


def test_the_bidan_sees_the_card_with_statuses_and_the_form(client, bidan, baby):
    give(baby, "BCG", dt.date(2025, 3, 20))
    client.force_login(bidan)
    response = client.get(card_url(baby))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-dose="BCG" data-status="given"' in html
    assert 'data-dose="DPT-HB-Hib1" data-status="overdue"' in html
    assert 'data-testid="immunization-form"' in html


def test_recording_a_late_dose_redirects_to_the_card_and_shows_its_warning(client, bidan, baby):
    client.force_login(bidan)
    response = client.post(card_url(baby), {"dose": "MR:1", "given_on": "2026-02-01", "facility": bidan.facility_id,
                                             "lot_number": "MR-77"}, follow=True)
    assert response.redirect_chain[-1][0] == card_url(baby)
    assert "MR1 tercatat." in response.content.decode()
    assert "MR1 di luar jadwal" in response.content.decode()
    assert Immunization.objects.get(patient=baby).outside_window


def test_a_date_in_the_future_is_shown_next_to_its_field(client, bidan, baby):
    client.force_login(bidan)
    response = client.post(card_url(baby), {"dose": "BCG:1", "given_on": "2026-06-16", "facility": bidan.facility_id})
    assert response.status_code == 400
    assert f'<div class="invalid-feedback d-block" data-field-error="given_on">{IN_FUTURE}</div>' in response.content.decode()
    assert not Immunization.objects.exists()


def test_the_kader_reads_the_card_without_the_form_and_cannot_post(client, kader, baby):
    client.force_login(kader)
    assert 'data-testid="immunization-form"' not in client.get(card_url(baby)).content.decode()
    assert client.post(card_url(baby), {"dose": "BCG:1", "given_on": "2025-03-20"}).status_code == 403


def test_another_puskesmas_gets_404(client, petugas_lain, baby):
    client.force_login(petugas_lain)
    assert client.get(card_url(baby)).status_code == 404


def test_the_due_list_page_lists_the_desa(client, bidan, baby, desa):
    client.force_login(bidan)
    response = client.get(reverse("immunization:due_list"), {"desa": desa.pk})
    assert response.status_code == 200
    assert f'data-patient="{baby.pk}"' in response.content.decode()


@pytest.mark.parametrize("persona", ["dinkes", "admin_user"])
def test_regional_roles_get_no_due_list(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("immunization:due_list")).status_code == 403
