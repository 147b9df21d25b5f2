"""Results from an analyser's CSV: all lines saved, or none with every bad line named."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.lab import services
from ilp.lab.models import LabOrder, LabResult

from .factories import collected, ordered

pytestmark = pytest.mark.django_db


def test_a_clean_file_fills_the_orders_by_test_id_or_loinc(doctor, lab, puskesmas):
    order = collected(doctor, lab, tests=["hb", "gds"])
    content = f"no_order,kode,hasil,pasien\n{order.number},718-7,12.4,{order.patient.nik}\n{order.number},gds,250,\n"
    assert services.import_results_csv(actor=lab, facility=puskesmas, content=content) == [order]
    order.refresh_from_db()
    assert order.status == LabOrder.Status.RESULTED
    assert {r.test_code: (str(r.value_quantity), r.flag, r.source) for r in order.results.all()} == {
        "hb": ("12.400", "", "csv"), "gds": ("250.000", "H", "csv")}
    assert AuditEntry.objects.filter(action="lab.import").exists()


def test_semicolon_files_with_a_bom_are_read(doctor, lab, puskesmas):
    order = collected(doctor, lab, tests=["hb"])
    services.import_results_csv(actor=lab, facility=puskesmas, content=f"\ufeffno_order;kode;hasil\n{order.number};hb;13,1\n")
    assert order.results.get().value_quantity == Decimal("13.1")


def test_bad_lines_are_reported_line_by_line_and_nothing_is_saved(doctor, lab, puskesmas):
    good = collected(doctor, lab, tests=["hb", "gds"])
    waiting = ordered(doctor, tests=["hb"])  # specimen not taken yet
    content = "\n".join([
        "no_order,kode,hasil,pasien",
        f"{good.number},hb,12.0,",
        "LAB-TIDAK-ADA,hb,12.0,",
        f"{good.number},zzz,5,",
        f"{good.number},gds,-5,",
        f"{good.number},hb,12.0,3201010101010001",
        f"{waiting.number},hb,12.0,",
        f"{good.number},kolesterol,180,",
    ])
    with pytest.raises(ValidationError) as raised:
        services.import_results_csv(actor=lab, facility=puskesmas, content=content)
    assert raised.value.messages == [
        "Baris 3: order LAB-TIDAK-ADA tidak ditemukan di Puskesmas ini.",
        "Baris 4: kode pemeriksaan zzz tidak dikenal.",
        "Baris 5: Glukosa darah sewaktu tidak boleh negatif.",
        f"Baris 6: pasien 3201010101010001 tidak cocok dengan order {good.number}.",
        f"Baris 7: Spesimen order {waiting.number} belum diambil; catat pengambilan spesimen dulu.",
        f"Baris 8: Kolesterol total tidak ada dalam order {good.number}.",
    ]
    assert not LabResult.objects.filter(entered_at__isnull=False).exists()


def test_a_file_without_the_required_columns_is_refused(lab, puskesmas):
    with pytest.raises(ValidationError, match="kolom wajib no_order, kode dan hasil"):
        services.import_results_csv(actor=lab, facility=puskesmas, content="sample,test,value\n1,hb,12\n")


def test_an_empty_file_is_refused(lab, puskesmas):
    with pytest.raises(ValidationError, match="kosong"):
        services.import_results_csv(actor=lab, facility=puskesmas, content="")


def test_orders_of_another_puskesmas_are_unknown(doctor, lab, puskesmas_lain):
    order = collected(doctor, lab, tests=["hb"])
    with pytest.raises(ValidationError, match="Baris 2: order .* tidak ditemukan"):
        services.import_results_csv(actor=lab, facility=puskesmas_lain, content=f"no_order,kode,hasil\n{order.number},hb,12\n")
