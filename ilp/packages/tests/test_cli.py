"""`ilp packages list [--format json]`: every package's code, name, klaster, life stage and version."""

import json
from io import StringIO

from django.core.management import call_command

from ilp.cli import main
from ilp.packages.engine.loader import registry


def run(*args) -> str:
    out = StringIO()
    call_command("packages", *args, stdout=out)
    return out.getvalue()


def test_the_json_list_names_every_package():
    rows = json.loads(run("list", "--format", "json"))
    assert [r["code"] for r in rows] == sorted(registry())
    nifas = next(r for r in rows if r["code"] == "nifas")
    assert nifas == {"code": "nifas", "name": "Kunjungan nifas (KF)", "klaster": "k2", "life_stage": "ibu_nifas",
                     "version": 1, "file": "nifas.yaml"}


def test_the_plain_list_is_a_table_with_a_header():
    lines = run("list").splitlines()
    assert lines[0].split() == ["kode", "versi", "klaster", "tahap", "hidup", "nama"]
    assert len(lines) == len(registry()) + 1
    assert lines[1].split()[:4] == ["anc", "1", "k2", "ibu_hamil"]


def test_the_ilp_command_runs_it(capsys):
    assert main(["ilp", "packages", "list", "--format", "json"]) == 0
    assert {r["code"] for r in json.loads(capsys.readouterr().out)} == set(registry())
