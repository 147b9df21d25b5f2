"""The odontogram pages through the client, as the dental staff and as people who must not see them."""

import pytest
from django.urls import reverse

from ilp.clinical.models import Condition
from ilp.dental import services
from ilp.dental.models import DentalExam, DentalTreatment

from .factories import D, visit_of


def chart_url(visit) -> str:
    return reverse("dental:chart", args=[visit.pk])


def test_the_chart_draws_every_tooth_as_a_link(client, terapis, visit):
    client.force_login(terapis)
    response = client.get(chart_url(visit))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<a href="?gigi=') == 52 and 'data-tooth="85"' in html and 'data-tooth="48"' in html


def test_clicking_a_tooth_preselects_it_with_its_status(client, terapis, visit):
    services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")
    client.force_login(terapis)
    response = client.get(chart_url(visit) + "?gigi=36")
    form = response.context["tooth_form"]
    assert (form.initial["tooth"], form.initial["status"]) == ("36", "karies")


def test_a_tooth_posted_without_javascript_is_saved(client, terapis, visit):
    client.force_login(terapis)
    response = client.post(chart_url(visit), {"tooth": "46", "status": "tumpatan"})
    assert response.status_code == 302 and response["Location"].endswith("?gigi=46")
    page = client.get(response["Location"]).content.decode()
    assert 'data-tooth="46" data-status="tumpatan"' in page and "DMF-T 1" in page


def test_an_unknown_tooth_is_refused_with_the_message_and_the_choice_kept(client, terapis, visit):
    client.force_login(terapis)
    response = client.post(chart_url(visit), {"tooth": "19", "status": "karies"})
    assert response.status_code == 200
    assert "Nomor gigi 19 tidak dikenal" in response.content.decode()
    assert response.context["tooth_form"]["status"].value() == "karies"
    assert not DentalExam.objects.exists()


def test_an_impossible_status_comes_back_on_the_field(client, terapis, visit):
    client.force_login(terapis)
    response = client.post(chart_url(visit), {"tooth": "11", "status": "persistensi"})
    assert response.context["tooth_form"].errors["status"] == [services.PERSISTENCE_PRIMARY % {"tooth": 11}]


def test_a_treatment_is_recorded_with_its_diagnosis(client, dokter_gigi, visit):
    client.force_login(dokter_gigi)
    response = client.post(reverse("dental:treatment_add", args=[visit.pk]),
                           {"procedure": "96.54", "tooth": "", "diagnosis_code": "k036", "case": "baru", "note": ""})
    assert response.status_code == 302
    assert DentalTreatment.objects.get().condition.code == "K03.6"
    page = client.get(chart_url(visit)).content.decode()
    assert "96.54" in page and "K03.6" in page


def test_a_bad_diagnosis_keeps_what_was_typed(client, dokter_gigi, visit):
    client.force_login(dokter_gigi)
    response = client.post(reverse("dental:treatment_add", args=[visit.pk]),
                           {"procedure": "23.2", "tooth": "36", "diagnosis_code": "K99.9", "case": "baru", "note": "MO"})
    form = response.context["treatment_form"]
    assert response.status_code == 200 and "K99.9" in form.errors["diagnosis_code"][0]
    assert (form["tooth"].value(), form["note"].value()) == ("36", "MO")
    assert not Condition.objects.exists() and not DentalTreatment.objects.exists()


def test_the_next_visit_shows_the_last_chart_until_changed(client, terapis, pendaftaran, puskesmas, pasien):
    earlier = visit_of(pendaftaran, puskesmas, pasien, on=D(2026, 1, 5))
    services.set_tooth_status(actor=terapis, visit=earlier, tooth=36, status="karies")
    today = visit_of(pendaftaran, puskesmas, pasien)
    client.force_login(terapis)
    response = client.get(chart_url(today))
    assert response.context["chart"].carried_over and response.context["chart"].dmft.d == 1
    assert 'data-testid="carried-over"' in response.content.decode()


def test_the_exam_list_shows_our_exams(client, terapis, visit, django_assert_max_num_queries):
    services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")
    client.force_login(terapis)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dental:exam_list"))
    assert "Rahmat Hidayat" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("petugas_lain", 404), ("kader", 403), ("dinkes", 403)])
def test_others_do_not_see_the_chart(client, request, visit, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(chart_url(visit)).status_code == status
    assert client.post(chart_url(visit), {"tooth": "36", "status": "karies"}).status_code == status
    assert not DentalExam.objects.exists()


def test_a_clerk_sees_the_chart_but_cannot_change_it(client, pendaftaran, visit):
    client.force_login(pendaftaran)
    response = client.post(chart_url(visit), {"tooth": "36", "status": "karies"})
    assert services.NOT_DENTAL in response.content.decode() and not DentalExam.objects.exists()


def test_the_poli_gigi_worklist_opens_the_odontogram(client, dokter_gigi, pasien):
    from ilp.visits.services import refer_internally
    from ilp.visits.tests.factories import serve, walk_to

    entry = walk_to(dokter_gigi, "klaster3", patient=pasien, payer="umum")
    refer_internally(actor=dokter_gigi, entry=entry, to_code="gigi", reason="Gigi berlubang", return_requested=True)
    at_gigi = serve(dokter_gigi, entry.visit, "gigi")
    client.force_login(dokter_gigi)
    html = client.get(reverse("visits:worklist", args=["gigi"]) + f"?entry={at_gigi.pk}").content.decode()
    assert f'href="{chart_url(entry.visit)}" data-testid="open-odontogram"' in html


def test_the_visit_record_links_to_its_odontogram(client, terapis, visit):
    client.force_login(terapis)
    assert 'data-testid="visit-odontogram"' not in client.get(visit.get_absolute_url()).content.decode()
    services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")
    html = client.get(visit.get_absolute_url()).content.decode()
    assert f'href="{chart_url(visit)}" data-testid="visit-odontogram"' in html and "DMF-T 1" in html
