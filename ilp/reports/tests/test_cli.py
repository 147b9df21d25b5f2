"""`ilp reports list|render|dhis2`, called as the `ilp` command maps them (call_command with the same arguments)."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from .conftest import pdf_text


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("reports", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def total_row(rows: list[list[str]]) -> list[str]:
    return next(r for r in rows if len(r) > 2 and r[2] == "JUMLAH")


def test_list_names_every_report_all_available(db):
    out, _ = run("list")
    assert [line.split()[0] for line in out.splitlines()] == ["lb1", "pws_kia", "imunisasi", "lplpo", "w2", "spm"]
    assert "belum tersedia" not in out


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_render_writes_the_file_for_a_facility_scope(some_diagnoses, puskesmas, tmp_path, fmt):
    target = tmp_path / f"lb1.{fmt}"
    out, _ = run("render", "lb1", "--period", "2026-01", "--scope", puskesmas.code, "--format", fmt, "--output", str(target))
    assert str(target) in out
    content = target.read_bytes()
    if fmt == "pdf":
        assert "LAPORAN BULANAN DATA KESAKITAN" in pdf_text(content)
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(content)).active["A1"].value == "LAPORAN BULANAN DATA KESAKITAN (LB1)"
    else:
        rows = list(csv.reader(io.StringIO(content.decode())))
        assert total_row(rows)[-1] == "4"  # the desa_lain diagnosis is outside the scope


def test_render_for_a_region_code_counts_the_whole_kabupaten(some_diagnoses, tmp_path):
    target = tmp_path / "lb1.csv"
    run("render", "lb1", "--period", "2026-01", "--scope", "13.10", "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert ["Kabupaten/Kota", "Kabupaten Dharmasraya"] in rows
    assert total_row(rows)[-1] == "5"


def test_render_without_scope_counts_the_whole_deployment(some_diagnoses, tmp_path):
    target = tmp_path / "lb1.csv"
    run("render", "lb1", "--period", "2026-01", "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert ["Wilayah", "Seluruh wilayah"] in rows
    assert total_row(rows)[-1] == "5"


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_render_lplpo_by_its_code_in_capitals(puskesmas, tmp_path, fmt):
    # The figures themselves are checked against a hand-computed month in ilp/pharmacy/tests/test_lplpo.py.
    target = tmp_path / f"lplpo.{fmt}"
    run("render", "LPLPO", "--period", "2026-01", "--scope", puskesmas.code, "--format", fmt, "--output", str(target))
    content = target.read_bytes()
    if fmt == "pdf":
        assert "LAPORAN PEMAKAIAN DAN LEMBAR PERMINTAAN OBAT" in pdf_text(content)
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet["A1"].value == "LAPORAN PEMAKAIAN DAN LEMBAR PERMINTAAN OBAT (LPLPO)"


@pytest.mark.parametrize(("args", "message"), [
    (["render", "lb9", "--period", "2026-01"], "Laporan 'lb9' tidak dikenal"),
    (["render", "lb1", "--period", "2026-13"], "Periode harus YYYY-MM"),
    (["render", "lb1", "--period", "2026-01", "--scope", "99.99"], "tidak dikenal atau tidak punya desa"),
])
def test_render_refuses_unknown_report_period_or_scope(db, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--format", "csv", "--output", str(tmp_path / "x.csv"))


def test_dhis2_writes_a_data_value_set_and_lists_what_it_left_out(first_contact, puskesmas, tmp_path):
    target = tmp_path / "dhis2.json"
    _, err = run("dhis2", "--period", "2026-01", "--scope", puskesmas.code, "--output", str(target))
    payload = json.loads(target.read_text())
    assert payload["dataValues"] and all(isinstance(v["value"], str) for v in payload["dataValues"])
    assert "desa tanpa orgUnit" not in err  # the example mapping covers the demo desa
    assert all(line.startswith("dilewati: indikator tanpa pemetaan: ") for line in err.splitlines())


def test_dhis2_with_a_broken_mapping_says_where(db, tmp_path):
    mapping = tmp_path / "mine.yaml"
    mapping.write_text("data_elements:\n  k1: {data_element: kurang}\n")
    with pytest.raises(CommandError, match="mine.yaml:2"):
        run("dhis2", "--period", "2026-01", "--mapping", str(mapping), "--output", str(tmp_path / "x.json"))


def test_the_ilp_command_maps_reports_to_this_command(db, capsys):
    from ilp.cli import main

    assert main(["ilp", "reports", "list"]) == 0
    assert "lb1" in capsys.readouterr().out
