"""`ilp growth zscores IN.csv OUT.csv` (and `python -m ilp.growth ...`): one bad row never stops a file."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from ilp.growth import zscores
from ilp.growth.cli import main
from ilp.growth.engine import SEX_MISSING_MESSAGE

HEADER = "id,sex,age_days,weight_kg,length_cm,measured,oedema,head_cm,muac_cm\n"
ROWS = [
    "1,F,400,7.0,70.0,L,n,45.0,\n",
    "2,,400,7.0,70.0,L,n,,\n",  # no sex
    "3,M,,9.5,75.3,,0,,\n",  # no age: weight-for-length only
    "4,M,800,12.0,86.5,L,Y,,14.0\n",  # oedema
    "5,F,abc,7.0,70.0,L,n,,\n",  # age not a number
    "6,F,400,7.0,70.0,L,maybe,,\n",  # oedema not y/n
    "7,F,1900,20.0,110.0,H,false,,\n",  # WHO 2007
]


def _run(tmp_path: Path, text: str) -> list[dict[str, str]]:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(text, encoding="utf-8")
    assert main(["zscores", str(source), str(target)]) == 0
    with target.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_zscores_command_writes_every_row_and_reports_bad_ones(tmp_path):
    out = _run(tmp_path, HEADER + "".join(ROWS))
    assert [row["id"] for row in out] == ["1", "2", "3", "4", "5", "6", "7"]
    expected = zscores(sex="F", age_days=400, weight_kg=7.0, length_cm=70.0, measured="L", head_cm=45.0)
    assert out[0]["waz"] == f"{expected.waz:.2f}"
    assert out[0]["hcz"] == f"{expected.hcz:.2f}"
    assert (out[0]["acz"], out[0]["flags"], out[0]["error"]) == ("", "", "")
    assert out[1]["error"] == SEX_MISSING_MESSAGE
    assert out[1]["waz"] == ""
    assert (out[2]["waz"], out[2]["error"]) == ("", "")
    assert out[2]["whz"] != ""
    assert (out[3]["waz"], out[3]["whz"], out[3]["baz"]) == ("", "", "")
    assert out[3]["haz"] != "" and out[3]["acz"] != ""
    assert "age_days" in out[4]["error"]
    assert "oedema" in out[5]["error"]
    assert out[6]["haz"] != "" and out[6]["whz"] == ""


def test_zscores_command_writes_two_decimals_and_flags(tmp_path):
    # 1.0 kg at 400 days is far below −6 SD: implausible, flagged, still written.
    out = _run(tmp_path, HEADER + "1,M,400,1.0,,,,,\n")
    assert out[0]["waz"].startswith("-") and len(out[0]["waz"].split(".")[1]) == 2
    assert out[0]["flags"] == "waz"


def test_zscores_command_reads_indonesian_spreadsheets(tmp_path):
    text = "sex;age_days;weight_kg;length_cm\nF;400;7,0;70,0\n"
    out = _run(tmp_path, text)
    expected = zscores(sex="F", age_days=400, weight_kg=7.0, length_cm=70.0)
    assert out[0]["whz"] == f"{expected.whz:.2f}"


def test_zscores_command_refuses_a_file_without_sex(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("age_days,weight_kg\n400,7.0\n", encoding="utf-8")
    assert main(["zscores", str(source), str(tmp_path / "out.csv")]) == 1
    assert "sex" in capsys.readouterr().err


def test_zscores_command_needs_its_arguments():
    assert main(["zscores"]) == 2


def test_python_dash_m_runs_the_same_command(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + ROWS[0], encoding="utf-8")
    command = [sys.executable, "-m", "ilp.growth", "zscores", str(source), str(target)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert "waz" in target.read_text(encoding="utf-8").splitlines()[0]
