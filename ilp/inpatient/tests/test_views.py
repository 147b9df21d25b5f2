"""Rawat inap pages through the client: admission, bad input on the page, resume, occupancy."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ilp.inpatient import services
from ilp.inpatient.models import Admission, DailyNote

FMT = "%Y-%m-%dT%H:%M"


def admit_post(client, patient, bed, **extra):
    data = {"patient_id": patient.pk, "bed": bed.pk, "reason": "Demam tifoid", "source": "ruang", "code": "A01.0",
            "admitted_at": timezone.localtime().strftime(FMT), **extra}
    return client.post(reverse("inpatient:admit"), data)


def test_admit_page_finds_the_patient_and_admits(client, dokter, patient, beds):
    client.force_login(dokter)
    found = client.get(reverse("inpatient:admit"), {"q": "yusri"})
    assert "Yusri Chaniago" in found.content.decode()
    response = admit_post(client, patient, beds[0])
    admission = Admission.objects.get()
    assert response.status_code == 302 and response["Location"] == admission.get_absolute_url()
    assert admission.diagnosis_code == "A01.0"


def test_a_second_patient_for_the_same_bed_is_refused_and_the_form_kept(client, dokter, patient, other_patient, beds):
    client.force_login(dokter)
    admit_post(client, patient, beds[0])
    # The occupied bed is no longer offered; a forged post names it as taken, never half-saved.
    response = admit_post(client, other_patient, beds[0], reason="Pneumonia")
    body = response.content.decode()
    assert response.status_code == 200 and "sudah terisi" in body and "Pneumonia" in body
    assert not Admission.objects.filter(patient=other_patient).exists()


def test_discharge_before_admission_is_refused_on_the_page(client, dokter, patient, beds):
    admission = services.admit_patient(actor=dokter, facility=beds[0].ward.facility, patient=patient, bed=beds[0],
                                       reason="Diare", source="ruang", admitted_at=timezone.now() - dt.timedelta(hours=2))
    client.force_login(dokter)
    early = timezone.localtime(admission.admitted_at - dt.timedelta(days=1)).strftime(FMT)
    response = client.post(reverse("inpatient:admission_step", args=[admission.pk, "pulang"]),
                           {"discharged_at": early, "outcome": "pulang", "course": "Membaik setelah rehidrasi"})
    body = response.content.decode()
    assert response.status_code == 400 and "tidak boleh sebelum waktu masuk" in body and "Membaik setelah rehidrasi" in body
    admission.refresh_from_db()
    assert admission.is_open
    assert client.get(reverse("inpatient:discharge_summary", args=[admission.pk])).status_code == 404


def test_note_vitals_and_discharge_make_the_printable_resume(client, dokter, patient, beds):
    admission = services.admit_patient(actor=dokter, facility=beds[0].ward.facility, patient=patient, bed=beds[0],
                                       reason="Diare", source="ruang", admitted_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(dokter)
    url = lambda slug: reverse("inpatient:admission_step", args=[admission.pk, slug])  # noqa: E731
    now = timezone.localtime().strftime(FMT)
    assert client.post(url("catatan"), {"written_at": now, "subjective": "Lemas", "objective": "Turgor kurang",
                                        "assessment": "Dehidrasi sedang", "plan": "Infus RL"}).status_code == 302
    assert client.post(url("vital"), {"measured_at": now, "temperature": "38.1", "heart_rate": "100"}).status_code == 302
    assert client.post(url("pulang"), {"discharged_at": now, "outcome": "pulang", "course": "Membaik", "code": "A09"}).status_code == 302
    detail = client.get(admission.get_absolute_url()).content.decode()
    assert "vitals-chart" in detail and "38.1" in detail and DailyNote.objects.count() == 1
    summary = client.get(reverse("inpatient:discharge_summary", args=[admission.pk])).content.decode()
    assert "RESUME MEDIS" in summary and "A09" in summary and "Membaik" in summary


def test_occupancy_page_shows_the_month(client, kapus, beds):
    client.force_login(kapus)
    response = client.get(reverse("inpatient:occupancy"), {"bulan": "2026-06"})
    assert response.status_code == 200 and response.context["figures"].beds == 4 and response.context["figures"].days == 30


def test_another_puskesmas_sees_no_beds_and_gets_404_on_our_stay(client, dokter, petugas_lain, patient, beds):
    admission = services.admit_patient(actor=dokter, facility=beds[0].ward.facility, patient=patient, bed=beds[0],
                                       reason="Diare", source="ruang")
    client.force_login(petugas_lain)
    assert "tidak mempunyai ruang rawat inap" in client.get(reverse("inpatient:ward_board")).content.decode()
    assert client.get(admission.get_absolute_url()).status_code == 404


def test_bed_board_shows_who_lies_where_in_a_fixed_number_of_queries(client, dokter, patient, other_patient, beds,
                                                                      django_assert_max_num_queries):
    for person, bed in ((patient, beds[0]), (other_patient, beds[2])):
        services.admit_patient(actor=dokter, facility=bed.ward.facility, patient=person, bed=bed, reason="Diare", source="ruang")
    client.force_login(dokter)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("inpatient:ward_board")).content.decode()
    assert "Yusri Chaniago" in body and "Rosna Dewi" in body and body.count(">kosong<") == 2


def test_admission_from_a_klaster_room_keeps_the_visit(client, dokter, patient, beds, puskesmas):
    from ilp.visits.services import open_visit

    visit = open_visit(actor=dokter, facility=puskesmas)
    visit.patient = patient
    visit.save(update_fields=["patient"])
    client.force_login(dokter)
    url = f"{reverse('inpatient:admit')}?pasien={patient.pk}&kunjungan={visit.pk}"
    assert "Yusri Chaniago" in client.get(url).content.decode()
    data = {"patient_id": patient.pk, "bed": beds[1].pk, "reason": "Pneumonia", "source": "ruang", "code": "J18.9",
            "admitted_at": timezone.localtime().strftime(FMT)}
    assert client.post(url, data).status_code == 302
    assert Admission.objects.get().visit == visit
