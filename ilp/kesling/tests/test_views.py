"""Kesling pages through the client: an inspection form from its checklist, bad input kept and refused,
the recap for the Dinkes, counselling from the kesling room."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ilp.kesling import forms, services
from ilp.kesling.checklists import checklists
from ilp.kesling.models import Counselling, Inspection
from ilp.people.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def form_data(kind: str, desa, *, yes: int, **changes) -> dict:
    items = checklists()[kind].items
    data = {f"item_{item.id}": "ya" if index < yes else "tidak" for index, item in enumerate(items)}
    return {"object_name": "Sumur gali Bu Yusni", "address": "Jorong Koto", "desa": desa.pk,
            "inspected_on": timezone.localdate().isoformat(), "note": "Perbaiki lantai sumur", **data, **changes}


def test_an_inspection_is_recorded_and_its_category_shown(client, perawat, desa):
    client.force_login(perawat)
    response = client.post(reverse("kesling:inspection_create", args=["sam"]), form_data("sam", desa, yes=4))
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Risiko pencemaran sedang" in page and "4/10" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"inspected_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, services.IN_FUTURE),
    ({"item_jamban_10m": ""}, str(forms.ANSWER_REQUIRED)),
    ({"item_jamban_10m": "mungkin"}, str(forms.ANSWER_REQUIRED)),
])
def test_bad_input_is_refused_in_indonesian_keeping_what_was_typed(client, perawat, desa, changes, message):
    client.force_login(perawat)
    response = client.post(reverse("kesling:inspection_create", args=["sam"]), form_data("sam", desa, yes=2, **changes))
    assert response.status_code == 400
    assert message in response.content.decode() and "Perbaiki lantai sumur" in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_unknown_inspection_kind_is_404(client, perawat):
    client.force_login(perawat)
    assert client.get(reverse("kesling:inspection_create", args=["kolam"])).status_code == 404


def test_the_dinkes_reads_the_recap_but_not_the_inspections(client, perawat, desa, dinkes):
    services.record_inspection(actor=perawat, kind="ttu", desa=desa, object_name="SDN 03", inspected_on=timezone.localdate(),
                               answers={i.id: True for i in checklists()["ttu"].items})
    client.force_login(dinkes)
    page = client.get(reverse("kesling:recap")).content.decode()
    assert desa.name in page and "SDN 03" not in page
    assert client.get(reverse("kesling:inspection_list")).status_code == 403


def test_counselling_is_recorded_for_a_patient_and_read_back(client, perawat, desa):
    patient = PatientFactory(desa=desa, birth_date=dt.date(1985, 1, 1))
    client.force_login(perawat)
    url = reverse("kesling:counselling_create", args=[patient.pk])
    bad = client.post(url, {"counselled_on": timezone.localdate().isoformat(), "problem": "tbc", "findings": "", "advice": "x"})
    assert bad.status_code == 400 and not Counselling.objects.exists()
    response = client.post(url, {"counselled_on": timezone.localdate().isoformat(), "problem": "tbc",
                                 "findings": "Rumah lembab, jendela tertutup", "advice": "Buka jendela tiap pagi", "home_visit": "on"})
    counselling = Counselling.objects.get()
    assert response.status_code == 302 and counselling.home_visit
    assert "Rumah lembab" in client.get(counselling.get_absolute_url()).content.decode()


def test_the_inspection_list_does_not_query_per_row(client, perawat, desa, django_assert_max_num_queries):
    for n in range(6):
        services.record_inspection(actor=perawat, kind="sam", desa=desa, object_name=f"Sumur {n}",
                                   inspected_on=timezone.localdate(), answers={i.id: n % 2 == 0 for i in checklists()["sam"].items})
    client.force_login(perawat)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("kesling:inspection_list")).status_code == 200
