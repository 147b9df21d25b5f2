"""/laporan/ as each persona uses it: the list, downloads in every format, the user's area only, no names."""

import csv
import io
import json

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.regions.models import Region
from ilp.reports.area import area_for_user

URL = "/laporan/"


def download(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"period": "2026-01", "format": "csv", **params})


def lb1_total(response) -> int:
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return int(next(r for r in rows if len(r) > 2 and r[2] == "JUMLAH")[-1])


def test_the_page_lists_every_report(client, bidan):
    client.force_login(bidan)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Laporan Bulanan Data Kesakitan (LB1)" in page and "Lembar Permintaan Obat (LPLPO)" in page
    assert f'href="{URL}"' in page  # the Laporan nav item


@pytest.mark.parametrize(("fmt", "content_type", "start"), [
    ("pdf", "application/pdf", b"%PDF"), ("xlsx", "application/vnd.openxmlformats", b"PK"), ("csv", "text/csv", b"Laporan,"),
])
def test_a_report_downloads_as_a_file(client, bidan, some_diagnoses, fmt, content_type, start):
    response = download(client, bidan, report="lb1", format=fmt)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="lb1-2026-01.{fmt}"'
    assert response.content.startswith(start)


def test_puskesmas_staff_get_their_wilayah_and_dinkes_its_region(client, bidan, dinkes, petugas_lain, some_diagnoses):
    assert lb1_total(download(client, bidan, report="lb1")) == 4
    assert lb1_total(download(client, dinkes, report="lb1")) == 5
    assert lb1_total(download(client, petugas_lain, report="lb1")) == 1  # only the case in its own wilayah


def test_scope_desa_by_persona(bidan, kader, dinkes, puskesmas, posyandu):
    assert {d.pk for d in area_for_user(bidan).desa} == set(puskesmas.wilayah.values_list("pk", flat=True))
    assert [d.pk for d in area_for_user(kader).desa] == list(posyandu.wilayah.values_list("pk", flat=True))
    dinkes_desa = {d.code for d in area_for_user(dinkes).desa}
    assert dinkes_desa == set(Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.").values_list("code", flat=True))
    assert ("Puskesmas", "Sitiung I") in area_for_user(bidan).header
    assert area_for_user(dinkes).signer == "Kepala Dinas Kesehatan"


@pytest.mark.parametrize("code", ["lb1", "pws_kia", "imunisasi", "lplpo", "w2", "spm"])
def test_no_patient_name_in_any_report(client, bidan, some_diagnoses, first_contact, code):
    content = download(client, bidan, report=code).content.decode()
    assert all(patient.name not in content for patient in [*some_diagnoses, first_contact.patient])


def test_lplpo_downloads_for_the_puskesmas_and_its_pustu(client, bidan):
    response = download(client, bidan, report="lplpo", format="csv")
    assert response.status_code == 200
    assert "Parasetamol 500 mg" in response.content.decode()


def test_a_wrong_month_is_shown_at_the_field(client, bidan):
    response = download(client, bidan, report="lb1", period="2026-13")
    assert response.status_code == 400
    assert 'data-field-error="period"' in response.content.decode()


def test_a_user_without_any_desa_gets_a_message_not_a_file(client, db):
    nobody = make_user("provinsi_tanpa_wilayah", Role.DINKES_PROVINSI)
    response = download(client, nobody, report="lb1")
    assert response.status_code == 400
    assert "Tidak ada desa dalam cakupan Anda" in response.content.decode()


def test_dhis2_json_downloads_for_the_user_s_area(client, bidan, first_contact):
    client.force_login(bidan)
    response = client.get("/laporan/dhis2/", {"period": "2026-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dhis2-2026-01.json"'
    org_units = {v["orgUnit"] for v in json.loads(response.content)["dataValues"]}
    assert len(org_units) == bidan.facility.wilayah.count()
