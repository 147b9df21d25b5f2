"""Every report file loads; every report has a builder or says why it is unavailable; errors name file and line."""

import pytest

from ilp.reports import definitions
from ilp.reports.builders import BUILDERS


def test_every_report_has_a_builder_or_a_reason():
    for code, report in definitions.catalogue().items():
        assert (code in BUILDERS) != bool(report.unavailable), code
    assert "lplpo" in BUILDERS  # from the pharmacy's stock ledger


def test_lb1_age_bands_run_from_newborns_to_an_open_last_band():
    bands = definitions.catalogue()["lb1"].age_bands
    assert [b.label for b in bands][:3] == ["0-7 hr", "8-28 hr", "1-11 bl"]
    assert (bands[-1].below_days, bands[-1].below_years) == (None, None)
    years = [b.below_years for b in bands if b.below_years]
    assert years == sorted(years)


def test_w2_diseases_have_unique_codes_and_match_by_icd10_prefix():
    diseases = definitions.catalogue()["w2"].diseases
    assert len({d.code for d in diseases}) == len(diseases)
    diare = next(d for d in diseases if d.name == "Diare akut")
    assert diare.matches("A09.0") and not diare.matches("A06.0")


@pytest.mark.parametrize(("body", "message"), [
    ("id: x\nversion: 1\norder: 1\nname: X\nform: X\nsource: s\norientation: sideways\n", "x.yaml:1: orientation"),
    ("id: x\nversion: 1\norder: 1\nname: X\nform: X\nsource: s\norientation: portrait\n"
     "diseases:\n  - {code: A, name: Diare, icd10: [A09]}\n  - {code: B, name: Salah, icd10: [Q99.99]}\n",
     "x.yaml:10: kode ICD-10 'Q99.99' tidak dikenal"),
    ("id: x\nversion: 1\norder: 1\nname: X\nform: X\nsource: s\norientation: portrait\n"
     "services:\n  - {number: 1, name: Bumil, indicator: k99}\n", "x.yaml:9: indikator 'k99' tidak ada"),
    ("id: x\nversion: 1\nname: X\n", "x.yaml:1: kunci 'orientation' tidak ada"),
])
def test_a_wrong_report_file_is_refused_with_file_and_line(tmp_path, body, message):
    path = tmp_path / "x.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(definitions.ReportDefinitionError) as raised:
        definitions.load(path)
    assert str(raised.value).startswith(message)
