"""Sasaran: estimates by the PWS-KIA factors, the Dinkes upload (all or nothing), the page and the API."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from conftest import PASSWORD
from ilp.indicators import services
from ilp.indicators.models import Sasaran
from ilp.indicators.sasaran import sasaran_for
from ilp.people.tests.factories import PatientFactory


@override_settings(ILP_CBR_PER_1000=20, ILP_IMR_PER_1000=25)
def test_estimates_use_the_pws_kia_factors_on_the_registered_population(desa):
    for n in range(50):
        PatientFactory(desa=desa, birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=n))
    PatientFactory(desa=desa, birth_date=dt.date(2024, 3, 1))  # aged 2 at 1 July 2026: balita, not baduta
    bumil = sasaran_for(year=2026, group="bumil", desa_ids=[desa.pk])[desa.pk]
    assert (bumil.value, bumil.source) == (Decimal("1.12"), "estimasi")  # 1.10 × 20/1000 × 51
    assert sasaran_for(year=2026, group="bersalin", desa_ids=[desa.pk])[desa.pk].value == Decimal("1.07")
    assert sasaran_for(year=2026, group="bayi", desa_ids=[desa.pk])[desa.pk].value == Decimal("0.99")  # 1.02 × 0.975
    assert sasaran_for(year=2026, group="balita", desa_ids=[desa.pk])[desa.pk].value == 1
    assert sasaran_for(year=2026, group="baduta", desa_ids=[desa.pk])[desa.pk].value == 0


def test_a_dinkes_figure_replaces_the_estimate(dinkes, desa):
    services.upload_sasaran(actor=dinkes, rows=[{"tahun": "2026", "kode_desa": desa.code.replace(".", ""), "kelompok": "bumil", "nilai": "7,5"}])
    figure = sasaran_for(year=2026, group="bumil", desa_ids=[desa.pk])[desa.pk]
    assert (figure.value, figure.source) == (Decimal("7.5"), "dinkes")


def test_an_upload_with_one_bad_row_saves_nothing_and_names_each_line(dinkes, desa):
    rows = [{"tahun": "2026", "kode_desa": desa.code, "kelompok": "bumil", "nilai": "7"},
            {"tahun": "2026", "kode_desa": "99.99.99.9999", "kelompok": "bumil", "nilai": "7"},
            {"tahun": "2026", "kode_desa": desa.code, "kelompok": "kucing", "nilai": "-1"}]
    with pytest.raises(ValidationError) as raised:
        services.upload_sasaran(actor=dinkes, rows=rows)
    assert [m.split(":")[0] for m in raised.value.messages] == ["Baris 3", "Baris 4"]
    assert not Sasaran.objects.exists()


def test_only_the_dinkes_uploads_and_only_for_its_region(bidan, dinkes, desa):
    row = [{"tahun": "2026", "kode_desa": desa.code, "kelompok": "bumil", "nilai": "7"}]
    with pytest.raises(ValidationError):
        services.upload_sasaran(actor=bidan, rows=row)
    outside = [{"tahun": "2026", "kode_desa": "11.01.01.2001", "kelompok": "bumil", "nilai": "7"}]
    with pytest.raises(ValidationError):
        services.upload_sasaran(actor=dinkes, rows=outside)


def test_csv_with_semicolons_is_read(desa):
    content = f"tahun;kode_desa;kelompok;nilai\n2026;{desa.code};balita;30\n".encode()
    assert services.read_rows(filename="s.csv", content=content) == [
        {"tahun": "2026", "kode_desa": desa.code, "kelompok": "balita", "nilai": "30"}]


def test_the_page_uploads_and_shows_the_source(client, dinkes, desa):
    client.force_login(dinkes)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.csv", f"tahun,kode_desa,kelompok,nilai\n2026,{desa.code},bumil,9\n".encode())
    response = client.post("/sasaran/?tahun=2026", {"berkas": upload}, follow=True)
    assert "1 angka sasaran resmi tersimpan." in response.content.decode()
    assert Sasaran.objects.get().value == 9


def test_the_api_computes_an_indicator_for_the_callers_scope(client, dinkes, desa):
    token = base64.b64encode(f"dinkes:{PASSWORD}".encode()).decode()
    response = client.get("/api/indicators/k1", {"period": "2026-03", "scope": desa.code}, HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200
    assert [row["desa_code"] for row in response.json()] == [desa.code]
    bad = client.get("/api/indicators/k1", {"period": "2026-13"}, HTTP_AUTHORIZATION=f"Basic {token}")
    assert bad.status_code == 400 and "period" in bad.json()["errors"]
