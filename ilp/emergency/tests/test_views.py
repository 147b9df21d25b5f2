"""UGD pages through the client, as the nurse and the doctor post them."""

import pytest
from django.urls import reverse

from ilp.clinical.models import Observation
from ilp.emergency import services
from ilp.emergency.models import EmergencyCase
from ilp.inpatient.models import Admission


def step(client, case, slug, data):
    return client.post(reverse("emergency:case_step", args=[case.pk, slug]), data)


def test_arrival_form_starts_a_case_and_opens_it(client, perawat):
    client.force_login(perawat)
    response = client.post(reverse("emergency:arrive"), {"complaint": "Kejang", "arrival": "keluarga", "sex": "F", "age": "30"})
    case = EmergencyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.label == "Ny. X, ±30 th"


def test_arrival_without_complaint_says_so_and_keeps_what_was_typed(client, perawat):
    client.force_login(perawat)
    response = client.post(reverse("emergency:arrive"), {"complaint": "", "arrival": "polisi", "age": "40"})
    assert response.status_code == 200
    assert "Tuliskan keluhan utama" in response.content.decode() and 'value="40"' in response.content.decode()
    assert not EmergencyCase.objects.exists()


def test_board_lists_untriaged_first_then_by_level_then_by_waiting_time(client, perawat, puskesmas, django_assert_max_num_queries):
    arrivals = [services.start_arrival(actor=perawat, facility=puskesmas, complaint=c) for c in ("A", "B", "C", "D")]
    services.triage_case(actor=perawat, case=arrivals[0], level=4, values={})
    services.triage_case(actor=perawat, case=arrivals[1], level=1, values={})
    services.triage_case(actor=perawat, case=arrivals[2], level=4, values={})
    client.force_login(perawat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("emergency:board"))
    order = [c.complaint for c in response.context["present"]]
    assert order == ["D", "B", "A", "C"]
    assert "MERAH" in response.content.decode()


def test_triage_without_level_is_refused_with_the_reason_and_the_vitals_kept(client, perawat, case):
    client.force_login(perawat)
    response = step(client, case, "triase", {"sbp": "120", "dbp": "80"})
    body = response.content.decode()
    assert response.status_code == 400 and services.LEVEL_REQUIRED in body and 'value="120"' in body
    assert not Observation.objects.exists()


def test_triage_with_an_impossible_pulse_names_the_field(client, perawat, case):
    client.force_login(perawat)
    response = step(client, case, "triase", {"level": "2", "heart_rate": "400"})
    assert response.status_code == 400 and "Nadi 400" in response.content.decode()
    case.refresh_from_db()
    assert case.triage_level is None


def test_identify_then_admit_through_the_pages(client, dokter, case, patient, beds):
    client.force_login(dokter)
    assert step(client, case, "triase", {"level": "3", "sbp": "100", "dbp": "70"}).status_code == 302
    assert step(client, case, "identitas", {"patient_id": patient.pk, "payer": "umum"}).status_code == 302
    assert step(client, case, "periksa", {"anamnesis": "Diare 10x", "code": "A09"}).status_code == 302
    response = step(client, case, "disposisi", {"disposition": "rawat_inap", "note": "Dehidrasi", "bed": beds[0].pk})
    admission = Admission.objects.get()
    assert response.status_code == 302 and (admission.patient, admission.bed) == (patient, beds[0])
    assert "Rawat inap" in client.get(case.get_absolute_url()).content.decode()


def test_disposition_of_an_unknown_patient_home_is_refused_on_the_page(client, dokter, case):
    client.force_login(dokter)
    step(client, case, "triase", {"level": "5"})
    response = step(client, case, "disposisi", {"disposition": "pulang"})
    assert response.status_code == 400 and "Identitas pasien belum diketahui" in response.content.decode()
    case.refresh_from_db()
    assert case.is_open


def test_another_puskesmas_gets_404_and_a_kader_403(client, petugas_lain, kader, case):
    client.force_login(petugas_lain)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert step(client, case, "triase", {"level": "1"}).status_code == 404
    client.force_login(kader)
    assert client.get(reverse("emergency:board")).status_code == 403


@pytest.mark.parametrize("slug", ["lain", "hapus"])
def test_unknown_steps_are_404(client, perawat, case, slug):
    client.force_login(perawat)
    assert step(client, case, slug, {}).status_code == 404


def test_a_kiosk_emergency_ticket_shows_on_the_board_and_is_received_on_its_visit(client, perawat, puskesmas):
    from ilp.visits.services import open_visit

    visit = open_visit(actor=perawat, facility=puskesmas, emergency=True)
    client.force_login(perawat)
    board = client.get(reverse("emergency:board"))
    assert [t.visit for t in board.context["tickets"]] == [visit]
    response = client.post(f"{reverse('emergency:arrive')}?tiket={visit.pk}", {"complaint": "Sesak napas", "arrival": "sendiri"})
    case = EmergencyCase.objects.get()
    assert response.status_code == 302 and case.visit == visit
    assert client.get(reverse("emergency:board")).context["tickets"] == []
