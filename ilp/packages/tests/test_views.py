"""Package pages through the client: the form's errors sit next to their field, the soft limit asks for a tick,
and the Buku KIA page shows ANC contacts (K-numbers), growth chart data and the immunisation card."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_user
from ilp.accounts.models import Role
from ilp.immunization.tests.factories import give
from ilp.packages.engine.evaluate import IN_FUTURE
from ilp.packages.models import PackageRecord
from ilp.packages.services import record_package

from .factories import TODAY, child, mother


def form_url(patient, package_id: str) -> str:
    return reverse("packages:record", args=[patient.pk, package_id])


def anc_post(**values) -> dict:
    base = {"service_date": TODAY.isoformat(), "hpht": (TODAY - dt.timedelta(days=100)).isoformat(), "lila": "25.0",
            "sbp": "110", "dbp": "70"}
    return {**base, **values}


@pytest.fixture
def ibu(db):
    return mother()


def test_an_hpht_in_the_future_is_shown_next_to_its_field(client, bidan, ibu):
    client.force_login(bidan)
    response = client.post(form_url(ibu, "anc"), anc_post(hpht=(TODAY + dt.timedelta(days=3)).isoformat(), lila="22.0"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block" data-field-error="hpht">{IN_FUTURE}</div>' in html
    assert 'value="22.0"' in html  # what was typed stays
    assert not PackageRecord.objects.exists()


def test_a_saved_anc_contact_shows_its_flags_on_the_record_page(client, bidan, ibu):
    client.force_login(bidan)
    response = client.post(form_url(ibu, "anc"), anc_post(lila="23.0", hb="9.5"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("packages:record_detail", args=[ibu.pk, PackageRecord.objects.get().pk])
    assert "KEK: LILA &lt; 23,5 cm" in html and "Anemia sedang" in html
    assert "anc@1" in html


def test_a_soft_limit_asks_for_the_tick_then_saves(client, bidan, ibu):
    client.force_login(bidan)
    first = client.post(form_url(ibu, "anc"), anc_post(weight="30.0"))
    assert first.status_code == 400 and 'type="checkbox" name="confirmed"' in first.content.decode()
    assert client.post(form_url(ibu, "anc"), anc_post(weight="30.0", confirmed="on")).status_code == 302
    assert PackageRecord.objects.get().warnings


def test_a_time_field_is_a_time_input(client, bidan, ibu):
    client.force_login(bidan)
    assert re.search(r'<input type="time" name="delivery_time"', client.get(form_url(ibu, "nifas")).content.decode())


def kia_url(patient) -> str:
    return reverse("packages:kia", args=[patient.pk])


def test_the_buku_kia_lists_anc_contacts_with_k_numbers_and_who_saw_her(client, bidan, puskesmas, ibu, record):
    dokter = make_user("dokter", Role.DOKTER, facility=puskesmas)
    hpht = TODAY - dt.timedelta(days=200)
    values = {"hpht": hpht, "lila": Decimal("25"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    record_package(actor=dokter, patient=ibu, package_id="anc", values=values, service_date=hpht + dt.timedelta(days=70))
    record("anc", ibu, values, on=hpht + dt.timedelta(days=120))
    record("anc", ibu, {**values, "lila": Decimal("23.0")}, on=hpht + dt.timedelta(days=120))  # same day: still K2
    record("anc", ibu, values, on=TODAY)
    client.force_login(bidan)
    html = client.get(kia_url(ibu)).content.decode()
    assert re.findall(r'data-k="(K\d)"', html) == ["K1", "K2", "K2", "K3"]
    assert "Dokter" in html and "Bidan" in html
    assert f"HPL {hpht + dt.timedelta(days=280):%d-%m-%Y}" in html
    assert "kontak T1 1 · T2 1 · T3 1" in html


def test_the_buku_kia_of_a_child_carries_growth_curves_measurements_and_the_card(client, bidan, record):
    baby = child(born=TODAY - dt.timedelta(days=300), sex="F")
    record("balita", baby, {"weight": Decimal("7.9"), "length": Decimal("68.5"), "measured": "L"}, on=TODAY - dt.timedelta(days=30))
    give(baby, "BCG", TODAY - dt.timedelta(days=290))
    client.force_login(bidan)
    response = client.get(kia_url(baby))
    data = json.loads(re.search(r'<script id="growth-data" type="application/json">(.*?)</script>', response.content.decode(),
                                re.S).group(1))
    charts = {c["id"]: c for c in data["charts"]}
    assert set(charts) == {"wfa", "lhfa", "wfl"}
    assert set(charts["wfa"]["lines"]) == {"-3", "-2", "-1", "0", "1", "2", "3"}
    assert charts["wfa"]["x"][-1] <= 24.02  # under two: the 0–24 month chart
    assert charts["wfa"]["points"] == [{"x": round(270 / 30.4375, 3), "y": 7.9, "date": f"{TODAY - dt.timedelta(days=30):%d-%m-%Y}"}]
    assert charts["wfl"]["points"][0]["x"] == 68.5
    html = response.content.decode()
    assert 'data-dose="BCG" data-status="given"' in html and 'data-dose="MR1" data-status="due"' in html
    assert "style=" not in html and "<script>" not in html


def test_a_woman_without_records_gets_an_empty_buku_kia(client, bidan, ibu):
    client.force_login(bidan)
    assert 'data-testid="empty-state"' in client.get(kia_url(ibu)).content.decode()


def test_the_patient_page_links_to_the_buku_kia_and_the_card(client, bidan, ibu):
    client.force_login(bidan)
    html = client.get(ibu.get_absolute_url()).content.decode()
    assert kia_url(ibu) in html and reverse("immunization:card", args=[ibu.pk]) in html


@pytest.mark.parametrize("persona, status", [("petugas_lain", 404), ("dinkes", 403)])
def test_others_cannot_open_the_buku_kia(client, request, ibu, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(kia_url(ibu)).status_code == status
