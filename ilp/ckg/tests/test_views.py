"""CKG pages as staff use them: register, examine with bad input, self-report, finish, letter, dashboard counts."""

import re

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from ilp.ckg import services
from ilp.ckg.models import CkgRegistration
from ilp.packages.models import PackageRecord
from ilp.people.tests.factories import PatientFactory

from .conftest import born


@pytest.fixture
def registration(pendaftaran, adult):
    return services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")


def test_lookup_by_ticket_opens_the_registration(client, pendaftaran, registration):
    client.force_login(pendaftaran)
    response = client.get(reverse("ckg:home"), {"q": registration[0].ticket})
    assert response.status_code == 302 and response.url == registration[0].get_absolute_url()


def test_lookup_by_nik_marks_who_already_had_ckg_this_year(client, pendaftaran, registration, adult):
    client.force_login(pendaftaran)
    response = client.get(reverse("ckg:home"), {"q": adult.nik})
    assert "sudah CKG tahun ini" in response.content.decode()


def test_registering_twice_in_a_year_shows_the_reason_and_creates_nothing(client, pendaftaran, registration, adult):
    client.force_login(pendaftaran)
    response = client.post(reverse("ckg:register", args=[adult.pk]), {"payer": "umum"}, follow=True)
    assert "CKG hanya sekali setahun" in response.content.decode()
    assert CkgRegistration.objects.count() == 1


def test_register_shows_the_self_report_link_once(client, pendaftaran, desa):
    person = PatientFactory(sex="F", birth_date=born(33), desa=desa)
    client.force_login(pendaftaran)
    response = client.post(reverse("ckg:register", args=[person.pk]), {"payer": "umum"}, follow=True)
    assert "/ckg/isi/" in response.content.decode()
    again = client.get(response.redirect_chain[-1][0])
    assert "/ckg/isi/" not in again.content.decode()


def test_the_self_report_qr_code_encodes_the_link_shown_beside_it(client, pendaftaran, desa):
    person = PatientFactory(sex="M", birth_date=born(45), desa=desa)
    client.force_login(pendaftaran)
    html = client.post(reverse("ckg:register", args=[person.pk]), {"payer": "umum"}, follow=True).content.decode()
    link = re.search(r'href="(http[^"]+/ckg/isi/[^"]+)" data-testid="ckg-self-link"', html).group(1)
    qr = html[html.index('data-testid="ckg-self-qr"'):]
    assert qr.index("<svg") < qr.index("</svg>")
    assert segno.make(link, error="m").svg_inline(scale=5, title="Kode QR kuesioner mandiri") in html


def test_out_of_range_keeps_what_was_typed_and_saves_nothing(client, dokter, registration):
    client.force_login(dokter)
    response = client.post(reverse("ckg:examine", args=[registration[0].pk]),
                           {"ptm_dewasa-sbp": "400", "ptm_dewasa-dbp": "80", "ptm_dewasa-weight": "70"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "tidak mungkin" in body and 'value="70' in body
    assert not PackageRecord.objects.exists()


def test_self_report_answers_arrive_filled_in_the_examination(client, dokter, registration):
    url = reverse("ckg:self_report", args=[registration[1]])
    page = client.get(url)
    assert page.status_code == 200 and "Merokok" in page.content.decode() and "Tekanan darah" not in page.content.decode()
    assert client.post(url, {"ptm_dewasa-smoking": "ya", "tbc_skrining-cough": "false"}).status_code == 200
    assert client.get(url).status_code == 404  # spent
    client.force_login(dokter)
    exam = client.get(reverse("ckg:examine", args=[registration[0].pk])).content.decode()
    assert '<option value="ya" selected>' in exam


def test_self_report_from_an_unknown_ticket_is_refused(client, db):
    response = client.get(reverse("ckg:self_report", args=["bukan-tiket"]))
    assert response.status_code == 404 and services.TICKET_INVALID in response.content.decode()


def test_finish_leads_to_the_letter(client, dokter, registration):
    client.force_login(dokter)
    client.post(reverse("ckg:examine", args=[registration[0].pk]), {"ptm_dewasa-sbp": "150", "ptm_dewasa-dbp": "95"})
    response = client.post(reverse("ckg:finish", args=[registration[0].pk]), follow=True)
    body = response.content.decode()
    assert "Penyakit, ditangani di FKTP" in body and "Hipertensi derajat 1" in body


def test_dashboard_counts_equal_a_hand_count(client, pendaftaran, desa, puskesmas):
    """Two adults (40–59 and 18–29), one lansia, one balita registered this year: hand count 1/2/1 by group."""
    people = [PatientFactory(sex="M", birth_date=born(45), desa=desa), PatientFactory(sex="F", birth_date=born(20), desa=desa),
              PatientFactory(sex="F", birth_date=born(70), desa=desa), PatientFactory(sex="M", birth_date=born(3), desa=desa)]
    PatientFactory(sex="M", birth_date=born(50), desa=desa)  # not yet this year
    for person in people:
        services.register_ckg(actor=pendaftaran, patient=person, payer="umum")
    client.force_login(pendaftaran)
    response = client.get(reverse("ckg:dashboard"))
    groups = {g["key"]: g["done"] for g in response.context["figures"]["groups"]}
    assert groups == {"bbl": 0, "balita": 1, "dewasa": 2, "lansia": 1}
    assert response.context["figures"]["by_month"][timezone.localdate().month - 1] == 4
    assert response.context["figures"]["by_desa"] == [(desa.name, 4)]
    statuses = [p["ckg__status"] for p in response.context["people"]]
    assert statuses.count(None) == len(statuses) - 4


def test_csv_export_has_one_row_per_person(client, dokter, registration, adult):
    client.force_login(dokter)
    for sbp in ("150", "128"):  # examined twice: the later record replaces the earlier
        client.post(reverse("ckg:examine", args=[registration[0].pk]), {"ptm_dewasa-sbp": sbp, "ptm_dewasa-dbp": "80"})
    lines = client.get(reverse("ckg:export", args=["ptm_dewasa"])).content.decode().strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith(adult.nik) and ",128," in lines[1]


def test_dinkes_sees_counts_but_no_names(client, dinkes):
    client.force_login(dinkes)
    response = client.get(reverse("ckg:dashboard"))
    assert response.status_code == 200 and response.context["people"] is None
