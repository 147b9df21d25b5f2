"""The network pages as the head of the Puskesmas, the Dinkes and the partner klinik use them through the client."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.network import services
from ilp.network.choices import MemberKind
from ilp.network.models import Agreement, ChecklistItem, Monitoring, NetworkMember, Pathway
from ilp.packages.models import PackageRecord
from ilp.people.tests.factories import PatientFactory

from .factories import D, ht_control


@pytest.fixture
def member(kapus, clinic):
    return services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))


def test_the_head_adds_a_klinik_from_the_page(client, kapus, clinic):
    client.force_login(kapus)
    response = client.post(reverse("network:member_create"), {"kind": "klinik", "facility": clinic.pk, "joined_on": "2026-01-05"})
    member = NetworkMember.objects.get()
    assert response.status_code == 302 and response.url == member.get_absolute_url()
    assert clinic.name in client.get(reverse("network:home")).content.decode()


def test_an_agreement_ending_before_it_starts_keeps_what_was_typed(client, kapus, member):
    client.force_login(kapus)
    response = client.post(member.get_absolute_url(), {
        "kind": "mou", "number": "445/77/PKM/2026", "parties": "Puskesmas; Klinik", "starts_on": "2026-06-01",
        "ends_on": "2026-05-01", "file": SimpleUploadedFile("mou.pdf", b"%PDF", content_type="application/pdf")})
    html = response.content.decode()
    assert response.status_code == 400
    assert services.ENDS_BEFORE_START % {"ends": "01-05-2026", "starts": "01-06-2026"} in html
    assert 'value="445/77/PKM/2026"' in html
    assert not Agreement.objects.exists()


def test_an_agreement_scan_downloads_for_the_dinkes_and_not_for_another_head(client, kapus, dinkes, member, puskesmas_lain):
    client.force_login(kapus)
    client.post(member.get_absolute_url(), {
        "kind": "pks", "number": "12/PKS/2026", "parties": "Puskesmas; Klinik", "starts_on": "2026-01-01",
        "ends_on": "2027-12-31", "file": SimpleUploadedFile("pks.pdf", b"%PDF-PKS", content_type="application/pdf")})
    url = reverse("network:agreement_file", args=[Agreement.objects.get().pk])
    client.force_login(dinkes)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-PKS"
    client.force_login(make_user("kapus.lain", Role.KEPALA_PUSKESMAS, facility=puskesmas_lain))
    assert client.get(url).status_code == 404


def test_the_head_opens_an_iq_care_and_writes_its_stages(client, kapus, member):
    client.force_login(kapus)
    response = client.post(reverse("network:pathway_create"), {"problem": "Hipertensi tidak terkendali",
                                                               "indicator_code": "ht_terkendali", "members": [member.pk]})
    pathway = Pathway.objects.get()
    assert response.url == pathway.get_absolute_url()
    part = lambda name: reverse("network:pathway_part", args=[pathway.pk, name])  # noqa: E731 - a local shorthand
    client.post(part("langkah"), {"phase": "promotif", "member": member.pk, "task": "Penyuluhan diet rendah garam",
                                  "guideline": "PNPK Hipertensi"})
    client.post(part("tim"), {"name": "dr. Rahmi", "profession": "dokter", "member": member.pk})
    client.post(part("tugas"), {"description": "Lapor kontrol HT bulanan", "assignee": pathway.team.get().pk})
    month = timezone.localdate()  # the running month: the pathway was opened (its baseline) this month
    client.post(part("monitoring"), {"kind": "bulanan", "month": month.strftime("%Y-%m"), "findings": "Berjalan"})
    html = client.get(pathway.get_absolute_url()).content.decode()
    assert "Penyuluhan diet rendah garam" in html and "PNPK Hipertensi" in html and "Lapor kontrol HT bulanan" in html
    assert Monitoring.objects.filter(pathway=pathway, month=month.month).exists()


def test_a_part_with_bad_input_re_renders_the_pathway_with_the_error(client, kapus, member):
    pathway = services.open_pathway(actor=kapus, problem="HT", indicator_code="ht_terkendali", members=[member])
    client.force_login(kapus)
    future = timezone.localdate().replace(day=28) + dt.timedelta(days=10)
    response = client.post(reverse("network:pathway_part", args=[pathway.pk, "monitoring"]),
                           {"kind": "bulanan", "month": future.strftime("%Y-%m"), "findings": "Catatan saya"})
    assert response.status_code == 400
    assert services.FUTURE_MONTH in response.content.decode() and "Catatan saya" in response.content.decode()
    assert not Monitoring.objects.exists()


def test_the_checklist_page_sets_a_status(client, kapus, desa):
    pustu = Facility.objects.get(kind=Facility.Kind.PUSTU, region=desa)
    client.force_login(kapus)
    client.post(reverse("network:checklist_set", args=[pustu.pk]), {"area": "sop", "status": "terpenuhi", "note": "SOP rujukan"})
    assert ChecklistItem.objects.get(facility=pustu).status == "terpenuhi"
    assert 'data-testid="checklist"' in client.get(reverse("network:checklist")).content.decode()


def test_the_klinik_doctor_records_hypertension_control_through_the_package_page(client, dokter_klinik, clinic, desa):
    patient = PatientFactory(desa=desa, birth_date=D(1968, 4, 1))
    client.force_login(dokter_klinik)
    url = reverse("packages:record", args=[patient.pk, "ptm_kontrol"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"service_date": timezone.localdate().isoformat(), "diagnosis": "HT", "place": "puskesmas",
                                 "sbp": "132", "dbp": "84", "education": "true", "therapy": "farmakologi"})
    assert response.status_code == 302
    record = PackageRecord.objects.get(patient=patient)
    assert record.facility == clinic and "ht_terkendali" in {f["code"] for f in record.flags}


def test_the_klinik_doctor_does_not_open_the_network_pages(client, dokter_klinik):
    client.force_login(dokter_klinik)
    assert client.get(reverse("network:home")).status_code == 403


def test_the_home_page_lists_pathways_with_a_bounded_number_of_queries(client, kapus, member, django_assert_max_num_queries):
    for n in range(3):
        services.open_pathway(actor=kapus, problem=f"Masalah {n}", indicator_code="ht_terkendali", members=[member])
    client.force_login(kapus)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("network:home")).status_code == 200


def test_the_pathway_page_shows_figures_from_both_facilities(client, kapus, member, clinic, puskesmas, desa, dokter_klinik):
    perawat = make_user("perawat", Role.PERAWAT, facility=puskesmas)
    ht_control(perawat, PatientFactory(desa=desa, birth_date=D(1965, 1, 1)), timezone.localdate(), 128, 80)
    ht_control(dokter_klinik, PatientFactory(desa=desa, birth_date=D(1966, 1, 1)), timezone.localdate(), 126, 78)
    pathway = services.open_pathway(actor=kapus, problem="HT", indicator_code="ht_terkendali", members=[member])
    client.force_login(kapus)
    html = client.get(pathway.get_absolute_url()).content.decode()
    assert f"<td>{clinic.name}</td><td class=\"text-end\">1</td>" in html
    assert f"<td>{puskesmas.name}</td><td class=\"text-end\">1</td>" in html
    assert 'data-testid="current">100,0%' in html


def test_an_agreement_scan_must_be_a_pdf_or_an_image(client, kapus, member):
    client.force_login(kapus)
    response = client.post(member.get_absolute_url(), {
        "kind": "mou", "number": "1", "parties": "A; B", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "file": SimpleUploadedFile("mou.exe", b"MZ", content_type="application/octet-stream")})
    assert response.status_code == 400 and "Unggah berkas PDF, JPG atau PNG." in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_pathway_page_reads_a_bounded_number_of_queries(client, kapus, member, django_assert_max_num_queries):
    pathway = services.open_pathway(actor=kapus, problem="HT", indicator_code="ht_terkendali", members=[member])
    for n in range(4):
        person = services.add_team_member(actor=kapus, pathway=pathway, name=f"Petugas {n}", profession="perawat", member=member)
        services.add_step(actor=kapus, pathway=pathway, phase="promotif", member=member, task=f"Tugas {n}")
        services.assign_task(actor=kapus, pathway=pathway, description=f"Tugas {n}", assignee=person)
    client.force_login(kapus)
    with django_assert_max_num_queries(30):
        assert client.get(pathway.get_absolute_url()).status_code == 200
