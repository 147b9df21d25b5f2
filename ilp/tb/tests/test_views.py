"""The register pages as the TB team uses them through the client: a case from terduga to outcome, a contact
from listing to TPT, errors that keep what was typed, and the walls between Puskesmas."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from ilp.packages.services import record_package
from ilp.tb.models import TbCase, TbContact, TbTest

from .factories import PRESUMPTIVE_ON, D, adult, contact, index_case, presumptive


@pytest.fixture
def as_dokter(client, dokter):
    client.login(username=dokter.username, password=PASSWORD)
    return client


def post(client, name, args, data):
    return client.post(reverse(name, args=args), data)


def test_the_register_lists_cases_and_the_terduga_worklist(as_dokter, dokter):
    case = presumptive(dokter)
    patient = adult()
    flagged = record_package(actor=dokter, patient=patient, package_id="tbc_skrining", service_date=PRESUMPTIVE_ON,
                             values={"cough": True, "weight_loss": False, "fever": False, "night_sweats": False})
    page = as_dokter.get(reverse("tb:case_list"))
    assert page.status_code == 200
    assert case.patient.name in page.content.decode()
    assert f'data-testid="worklist-{flagged.pk}"' in page.content.decode()


def test_a_case_goes_from_terduga_to_outcome_through_its_pages(as_dokter, dokter):
    patient = adult()
    response = post(as_dokter, "tb:case_create", [patient.pk], {"presumptive_on": "2026-03-02", "source": "skrining"})
    case = TbCase.objects.get(patient=patient)
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    for step, data in [("tes", {"kind": "tcm", "ordered_on": "2026-03-02", "sample_place": "pustu"}),
                       ("hasil", {"test": "", "result": "mtb_rif_sensitif", "result_on": "2026-03-03"}),
                       ("diagnosis", {"diagnosis": "bakteriologis", "diagnosed_on": "2026-03-04", "site": "paru", "resistance": "so"}),
                       ("pengobatan", {"started_on": "2026-03-05", "regimen": "kategori_1", "hiv_status": "nonreaktif", "dm_status": "bukan_dm"}),
                       ("hasil-pengobatan", {"outcome": "lengkap", "outcome_on": "2026-09-05"})]:
        if step == "hasil":
            data["test"] = str(TbTest.objects.get(case=case).pk)
        response = post(as_dokter, "tb:case_step", [case.pk, step], data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    case.refresh_from_db()
    assert (case.stage, case.outcome) == (TbCase.Stage.SELESAI, TbCase.Outcome.LENGKAP)


def test_a_future_date_is_refused_on_its_field_and_the_other_values_stay(as_dokter, dokter):
    case = presumptive(dokter)
    response = post(as_dokter, "tb:case_step", [case.pk, "tes"], {"kind": "bta", "ordered_on": "2099-01-01", "sample_place": "pustu"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field-error="ordered_on"' in html and "Tanggal tidak boleh di masa depan." in html
    assert 'value="bta" selected' in html
    assert not case.tests.exists()


def test_a_step_that_is_not_open_is_refused(as_dokter, dokter):
    case = presumptive(dokter)
    response = post(as_dokter, "tb:case_step", [case.pk, "pengobatan"], {"started_on": "2026-03-05", "regimen": "kategori_1"})
    assert response.status_code == 403


def test_the_diagnosis_form_is_not_offered_to_the_nurse(client, perawat, dokter):
    case = presumptive(dokter)
    client.login(username=perawat.username, password=PASSWORD)
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="step-tes"' in html and 'data-testid="step-diagnosis"' not in html
    assert post(client, "tb:case_step", [case.pk, "diagnosis"], {"diagnosis": "bukan_tbc", "diagnosed_on": "2026-03-04"}).status_code == 403


def test_a_contact_is_listed_as_a_new_person_then_screened_decided_and_started_on_tpt(as_dokter, dokter, desa):
    case = index_case(dokter)
    response = post(as_dokter, "tb:contact_create", [case.pk], {
        "relation": "serumah", "listed_on": "2026-03-05", "name": "Siti Aminah", "sex": "F", "birth_date": "2012-04-04",
        "desa": desa.pk})
    listed = TbContact.objects.get(index_case=case)
    assert response.status_code == 302 and listed.patient.name == "Siti Aminah"
    for step, data in [("skrining", {"screened_on": "2026-03-05", "symptomatic": "false"}),
                       ("tes", {"tested_on": "2026-03-06", "cxr": "normal", "infection_test": "abnormal"}),
                       ("keputusan", {"decision": "tpt", "decided_on": "2026-03-07", "note": "TST positif"}),
                       ("tpt", {"started_on": "2026-03-08", "regimen": "3hp"})]:
        assert post(as_dokter, "tb:contact_step", [listed.pk, step], data).status_code == 302, step
    listed.refresh_from_db()
    assert listed.tpt_started_on == D(2026, 3, 8)
    html = as_dokter.get(case.get_absolute_url()).content.decode()
    assert "1 dari target 20 kontak diskrining" in html


def test_an_existing_patient_is_found_and_picked_as_contact(as_dokter, dokter):
    case = index_case(dokter)
    neighbour = adult()
    url = reverse("tb:contact_create", args=[case.pk]) + f"?cari={neighbour.nik}"
    assert neighbour.name in as_dokter.get(url).content.decode()
    response = as_dokter.post(url, {"relation": "erat", "listed_on": "2026-03-05", "patient": neighbour.pk})
    assert response.status_code == 302
    assert TbContact.objects.get(index_case=case).patient == neighbour


def test_a_new_person_without_a_name_is_refused(as_dokter, dokter):
    case = index_case(dokter)
    response = post(as_dokter, "tb:contact_create", [case.pk], {"relation": "serumah", "listed_on": "2026-03-05"})
    assert response.status_code == 400 and 'data-field-error="name"' in response.content.decode()


@pytest.fixture
def every_url(dokter):
    case = index_case(dokter)
    listed = contact(dokter, case)
    return [("get", reverse("tb:case_detail", args=[case.pk])), ("get", reverse("tb:case_create", args=[case.patient_id])),
            ("post", reverse("tb:case_step", args=[case.pk, "tes"])), ("get", reverse("tb:contact_create", args=[case.pk])),
            ("get", reverse("tb:contact_detail", args=[listed.pk])),
            ("post", reverse("tb:contact_step", args=[listed.pk, "skrining"]))]


def test_another_puskesmas_gets_404_on_every_patient_url(client, petugas_lain, every_url):
    client.login(username=petugas_lain.username, password=PASSWORD)
    for method, url in every_url:
        assert getattr(client, method)(url).status_code == 404, url


def test_the_dinkes_is_told_it_sees_aggregates_only(client, dinkes, every_url):
    client.login(username=dinkes.username, password=PASSWORD)
    assert client.get(reverse("tb:case_list")).status_code == 403
    for method, url in every_url:
        assert getattr(client, method)(url).status_code == 403, url
