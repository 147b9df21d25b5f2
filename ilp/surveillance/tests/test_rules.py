"""Alert thresholds (docs/decisions/0010): one case for the outbreak-signal diseases; otherwise ≥ 2 × the
mean of the 3 weeks before and at least the disease's minimum. Each boundary from both sides."""

from decimal import Decimal

import pytest

from ilp.reports.definitions import catalogue
from ilp.surveillance.diseases import (
    IMMEDIATE,
    AlertRule,
    DiseaseFileError,
    disease_for_icd10,
    diseases,
    load,
)

DIARE = AlertRule(kind="increase", minimum=5)


@pytest.mark.parametrize("code", ["K", "L", "N", "Q"])  # campak, difteri, AFP, antraks
def test_one_case_of_an_outbreak_signal_disease_alerts_and_none_does_not(code):
    rule = diseases()[code].rule
    assert rule.kind == IMMEDIATE
    assert not rule.crossed(0, [])
    assert rule.crossed(1, [])


@pytest.mark.parametrize(("count", "alerts"), [(4, False), (5, True)])
def test_without_cases_before_the_minimum_decides(count, alerts):
    assert DIARE.crossed(count, [0, 0, 0]) is alerts


@pytest.mark.parametrize(("count", "alerts"), [(7, False), (8, True)])
def test_twice_the_mean_of_the_three_weeks_before_alerts(count, alerts):
    assert DIARE.threshold([4, 4, 4]) == Decimal(8)
    assert DIARE.crossed(count, [4, 4, 4]) is alerts


@pytest.mark.parametrize(("count", "alerts"), [(6, False), (7, True)])
def test_a_mean_that_is_not_whole_is_not_rounded(count, alerts):
    # mean 10/3, threshold 6.67: 6 stays below, 7 reaches it.
    assert DIARE.crossed(count, [3, 3, 4]) is alerts


def test_every_w2_disease_has_a_rule_and_the_diarrhoea_codes_come_from_the_w2_form():
    assert list(diseases()) == [d.code for d in catalogue()["w2"].diseases]
    assert diseases()["A"].rule == AlertRule(kind="increase", minimum=5)
    assert disease_for_icd10("A09.0").code == "A" and disease_for_icd10("B05.9").code == "K"
    assert disease_for_icd10("I10") is None


@pytest.mark.parametrize(("rules", "message"), [
    ("  - {code: X9, alert: immediate}\n", "skdr.yaml:3: penyakit 'X9' tidak ada"),
    ("  - {code: A, alert: sometimes}\n", "skdr.yaml:3: alert harus"),
    ("  - {code: A, alert: immediate}\n", "skdr.yaml:1: penyakit W2 tanpa aturan kewaspadaan: B, C"),
])
def test_a_wrong_rule_file_is_refused_with_file_and_line(tmp_path, rules, message):
    path = tmp_path / "skdr.yaml"
    path.write_text("id: skdr\nrules:\n" + rules, encoding="utf-8")
    with pytest.raises(DiseaseFileError) as raised:
        load(path)
    assert str(raised.value).startswith(message)
