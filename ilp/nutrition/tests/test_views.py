"""The gizi room through the client: counselling with the z-scores, starting PMT, hand-outs, the end."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ilp.nutrition import services
from ilp.nutrition.models import PmtDistribution, PmtProgram

from .factories import stored_whz, visit_of, weigh


@pytest.fixture
def anak_visit(pendaftaran, puskesmas, anak):
    return visit_of(pendaftaran, puskesmas, anak)


@pytest.fixture
def program(nutrisionis, bidan, anak, anak_visit):
    weigh(bidan, anak, weight="8.6", days_ago=3)
    return services.start_pmt(actor=nutrisionis, visit=anak_visit, kind="lokal", started_on=timezone.localdate())


def test_the_counselling_page_shows_the_z_scores_and_the_growth_charts(client, nutrisionis, bidan, anak, anak_visit):
    record = weigh(bidan, anak, weight="8.6")
    client.force_login(nutrisionis)
    response = client.get(reverse("nutrition:counselling", args=[anak_visit.pk]))
    html = response.content.decode()
    whz = str(record.computed["whz"]).replace(".", ",")  # Indonesian decimal comma
    assert f'data-z="whz">{whz}<' in html
    assert 'id="growth-data"' in html and 'id="chart-wfh"' in html and "packages/kia.js" in html
    assert response.context["page"].assessment.eligible


def test_counselling_is_saved_or_comes_back_with_its_message(client, nutrisionis, anak_visit):
    client.force_login(nutrisionis)
    url = reverse("nutrition:counselling", args=[anak_visit.pk])
    response = client.post(url, {"assessment": "Makan kurang", "advice": "Lauk hewani"})
    assert response.status_code == 200 and "Pilih sedikitnya satu topik" in response.content.decode()
    assert response.context["form"]["assessment"].value() == "Makan kurang"
    response = client.post(url, {"topics": ["gizi_kurang"], "assessment": "Makan kurang", "advice": "Lauk hewani"})
    assert response.status_code == 302 and anak_visit.nutrition_counsellings.count() == 1


def test_pmt_start_refused_at_the_boundary_says_why(client, nutrisionis, bidan, anak, anak_visit):
    stored_whz(bidan, anak, -2.0)
    client.force_login(nutrisionis)
    response = client.post(reverse("nutrition:pmt_start", args=[anak_visit.pk]),
                           {"kind": "lokal", "started_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and "tidak di bawah −2 SD" in response.content.decode()
    assert not PmtProgram.objects.exists()


def test_pmt_start_goes_to_the_course(client, nutrisionis, bidan, anak, anak_visit):
    stored_whz(bidan, anak, -2.01)
    client.force_login(nutrisionis)
    response = client.post(reverse("nutrition:pmt_start", args=[anak_visit.pk]),
                           {"kind": "pabrikan", "started_on": timezone.localdate().isoformat()})
    program = PmtProgram.objects.get()
    assert response["Location"] == f"/gizi/pasien/{program.patient_id}/pmt/#pmt-{program.pk}"


def test_a_negative_quantity_is_refused_and_kept(client, nutrisionis, program):
    client.force_login(nutrisionis)
    response = client.post(reverse("nutrition:distribution_add", args=[program.patient_id]),
                           {"given_on": timezone.localdate().isoformat(), "quantity": "-2", "unit": "porsi", "period": "harian"})
    assert response.status_code == 200 and services.NOT_POSITIVE in response.content.decode()
    assert response.context["distribution_form"]["quantity"].value() == "-2"
    assert not PmtDistribution.objects.exists()


def test_a_future_hand_out_is_refused(client, nutrisionis, program):
    client.force_login(nutrisionis)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(reverse("nutrition:distribution_add", args=[program.patient_id]),
                           {"given_on": tomorrow.isoformat(), "quantity": "1", "unit": "porsi", "period": "harian"})
    assert services.FUTURE in response.content.decode() and not PmtDistribution.objects.exists()


def test_the_course_page_and_list(client, nutrisionis, program, django_assert_max_num_queries):
    services.record_distribution(actor=nutrisionis, program=program, given_on=timezone.localdate(), quantity=7, unit="paket",
                                 period="mingguan")
    client.force_login(nutrisionis)
    assert "7 paket bahan pangan" in client.get(reverse("nutrition:pmt_detail", args=[program.patient_id])).content.decode()
    with django_assert_max_num_queries(12):
        html = client.get(reverse("nutrition:home")).content.decode()
    assert "Aisyah Putri" in html and "1× · 7" in html


@pytest.mark.parametrize(("persona", "status"), [("petugas_lain", 404), ("kader", 403), ("dinkes", 403), ("admin_user", 403)])
def test_others_do_not_see_the_course(client, request, program, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("nutrition:pmt_detail", args=[program.patient_id])).status_code == status
    response = client.post(reverse("nutrition:distribution_add", args=[program.patient_id]),
                           {"given_on": timezone.localdate().isoformat(), "quantity": "1", "unit": "porsi", "period": "harian"})
    assert response.status_code == status and not PmtDistribution.objects.exists()


def test_the_end_of_the_course_through_the_page(client, nutrisionis, bidan, anak, program):
    weigh(bidan, anak, weight="9.4")
    client.force_login(nutrisionis)
    url = reverse("nutrition:pmt_finish", args=[program.patient_id])
    response = client.post(url, {"ended_on": timezone.localdate().isoformat(), "completed": "1", "note": ""})
    assert response.status_code == 302
    html = client.get(reverse("nutrition:pmt_detail", args=[program.patient_id])).content.decode()
    assert "kenaikan BB 0,8 kg" in html and 'data-testid="pmt-selesai"' in html
    response = client.post(url, {"ended_on": timezone.localdate().isoformat(), "completed": "1"})
    assert "Tidak ada PMT yang sedang berjalan" in response.content.decode()


def test_the_gizi_room_worklist_opens_the_counselling_page(client, nutrisionis, bidan, anak):
    from ilp.visits.services import refer_internally
    from ilp.visits.tests.factories import serve, walk_to

    entry = walk_to(bidan, "klaster2", patient=anak, payer="umum")
    refer_internally(actor=bidan, entry=entry, to_code="gizi", reason="Gizi kurang", return_requested=False)
    at_gizi = serve(nutrisionis, entry.visit, "gizi")
    client.force_login(nutrisionis)
    html = client.get(reverse("visits:worklist", args=["gizi"]) + f"?entry={at_gizi.pk}").content.decode()
    assert reverse("nutrition:counselling", args=[entry.visit.pk]) in html
