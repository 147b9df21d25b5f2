"""DHIS2 dataValueSets: period ids, UIDs and values checked against DHIS2's own rules, restated here.

Rules (DHIS2 Web API docs, "Data values" and "Date and period format"; CodeGenerator.isValidUid):
a UID is 11 characters, a letter then letters or digits; period ids are yyyyMM (monthly), yyyyWn
(ISO week, no leading zero), yyyyQn (quarterly), yyyy (yearly); a data value has dataElement,
period, orgUnit and value, with optional categoryOptionCombo and attributeOptionCombo; the JSON
`value` is a string. The DHIS2 clients on PyPI were looked at (2026-11): dhis2w-client has no
release for Python 3.11; dhis2 0.7.5 needs pydantic<2; dhis2-client is HTTP only; pydhis2's offline
check (required keys, string types) is weaker than this one and brings ~45 packages (pandas,
pyarrow, OpenTelemetry). So the rules are checked here.
"""

import datetime as dt
import json
import re

import pytest

from ilp.indicators.definitions_loader import indicator_registry
from ilp.reports import dhis2
from ilp.reports.tables import Month

from .conftest import JANUARY

DHIS2_UID = re.compile(r"^[a-zA-Z]{1}[a-zA-Z0-9]{10}$")
DHIS2_PERIODS = [re.compile(p) for p in (r"^\d{4}(0[1-9]|1[0-2])$", r"^\d{4}W([1-9]|[1-4]\d|5[0-3])$", r"^\d{4}Q[1-4]$",
                                         r"^\d{4}$")]
VALUE_KEYS = {"dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value"}


def dhis2_errors(payload: dict) -> list[str]:
    errors = [] if set(payload) <= {"dataSet", "dataValues"} else [f"unknown keys {set(payload)}"]
    if "dataSet" in payload and not DHIS2_UID.match(payload["dataSet"]):
        errors.append(f"dataSet {payload['dataSet']}")
    for value in payload["dataValues"]:
        if not {"dataElement", "period", "orgUnit", "value"} <= set(value) <= VALUE_KEYS:
            errors.append(f"keys {sorted(value)}")
        for key in ("dataElement", "orgUnit", "categoryOptionCombo", "attributeOptionCombo"):
            if key in value and not DHIS2_UID.match(value[key]):
                errors.append(f"{key} {value[key]!r}")
        if not any(p.match(value["period"]) for p in DHIS2_PERIODS):
            errors.append(f"period {value['period']!r}")
        if not isinstance(value["value"], str):
            errors.append(f"value {value['value']!r} is not a string")
    return errors


@pytest.mark.parametrize(("made", "expected"), [
    (dhis2.monthly(2026, 1), "202601"), (dhis2.monthly(2026, 12), "202612"),
    (dhis2.weekly(dt.date(2026, 1, 14)), "2026W3"), (dhis2.weekly(dt.date(2026, 12, 31)), "2026W53"),
    (dhis2.weekly(dt.date(2027, 1, 3)), "2026W53"), (dhis2.weekly(dt.date(2024, 12, 30)), "2025W1"),
    (dhis2.quarterly(2026, 1), "2026Q1"), (dhis2.quarterly(2026, 3), "2026Q1"), (dhis2.quarterly(2026, 4), "2026Q2"),
    (dhis2.quarterly(2026, 12), "2026Q4"), (dhis2.yearly(2026), "2026"),
])
def test_period_ids_in_dhis2_format(made, expected):
    assert made == expected
    assert any(p.match(made) for p in DHIS2_PERIODS)


def test_the_example_mapping_loads_with_valid_uids():
    mapping = dhis2.load_mapping(dhis2.MAPPING)
    assert all(DHIS2_UID.match(e.data_element) for e in mapping.data_elements.values())
    assert all(DHIS2_UID.match(uid) for uid in mapping.org_units.values())
    assert set(mapping.data_elements) <= set(indicator_registry())


def test_data_value_set_has_every_mapped_indicator_for_every_desa_and_passes_dhis2_rules(area, first_contact, desa):
    mapping = dhis2.load_mapping(dhis2.MAPPING)
    payload, skipped = dhis2.data_value_set(area=area, month=JANUARY, mapping=mapping)
    assert dhis2_errors(json.loads(dhis2.dumps(payload))) == []
    assert len(payload["dataValues"]) == len(mapping.data_elements) * len(area.desa)
    k1 = [v for v in payload["dataValues"] if v["dataElement"] == mapping.data_elements["k1"].data_element]
    assert {v["orgUnit"]: v["value"] for v in k1}[mapping.org_units[desa.code]] == "1"
    assert {v["period"] for v in payload["dataValues"]} == {"202601"}
    assert payload["dataSet"] == mapping.data_set
    assert not [line for line in skipped if line.startswith("desa")]


def write_mapping(tmp_path, body: str):
    path = tmp_path / "dhis2.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_cumulative_indicator_sends_the_month_s_new_persons_or_the_year_to_date(area, first_contact, desa, tmp_path):
    monthly = dhis2.load_mapping(write_mapping(tmp_path, f'data_elements:\n  k1: {{data_element: a1234567890}}\n'
                                                        f'org_units:\n  "{desa.code}": b1234567890\n'))
    february = dhis2.data_value_set(area=area, month=Month(2026, 2), mapping=monthly)[0]["dataValues"]
    assert [(v["period"], v["value"]) for v in february] == [("202602", "0")]  # counted in January already
    yearly = dhis2.load_mapping(write_mapping(tmp_path, f'data_elements:\n  k1: {{data_element: a1234567890, period: yearly}}\n'
                                                       f'org_units:\n  "{desa.code}": b1234567890\n'))
    february = dhis2.data_value_set(area=area, month=Month(2026, 2), mapping=yearly)[0]["dataValues"]
    assert [(v["period"], v["value"]) for v in february] == [("2026", "1")]


def test_by_sex_splits_the_value_into_category_option_combos(area, first_contact, desa, tmp_path):
    mapping = dhis2.load_mapping(write_mapping(tmp_path, (
        "attribute_option_combo: HllvX50cXC0\ndata_elements:\n"
        "  k1: {data_element: a1234567890, by_sex: {M: mMMMMMMMMMM, F: fFFFFFFFFFF}}\n"
        f'org_units:\n  "{desa.code}": b1234567890\n')))
    payload, skipped = dhis2.data_value_set(area=area, month=JANUARY, mapping=mapping)
    values = {v["categoryOptionCombo"]: v["value"] for v in payload["dataValues"]}
    assert values == {"mMMMMMMMMMM": "0", "fFFFFFFFFFF": "1"}
    assert {v["attributeOptionCombo"] for v in payload["dataValues"]} == {"HllvX50cXC0"}
    assert dhis2_errors(payload) == []
    assert len([line for line in skipped if line.startswith("desa")]) == len(area.desa) - 1


@pytest.mark.parametrize(("body", "message"), [
    ("data_elements:\n  k1: {data_element: 1abcdefghij}\n", "dhis2.yaml:2: k1.data_element: '1abcdefghij' bukan UID DHIS2"),
    ("data_elements:\n  k1: {data_element: abcdefghij}\n", "dhis2.yaml:2: k1.data_element: 'abcdefghij' bukan UID DHIS2"),
    ("data_elements:\n  k1: {data_element: a1234567890}\n  nope: {data_element: a1234567890}\n",
     "dhis2.yaml:3: indikator 'nope' tidak ada"),
    ("data_elements:\n  k1: {data_element: a1234567890, period: weekly}\n", "dhis2.yaml:2: k1.period harus"),
    ('org_units:\n  "13.10": a12345-7890\n', "dhis2.yaml:1: org_units.13.10: 'a12345-7890' bukan UID DHIS2"),
])
def test_a_wrong_mapping_is_refused_with_file_and_line(tmp_path, body, message):
    with pytest.raises(dhis2.MappingError) as raised:
        dhis2.load_mapping(write_mapping(tmp_path, body))
    assert str(raised.value).startswith(message)
