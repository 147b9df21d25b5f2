"""Every definition file loads into typed objects; broken files and unsafe expressions are refused."""

import textwrap

import pytest

from ilp.packages.engine.expressions import ExpressionError, compile_expression
from ilp.packages.engine.loader import DEFINITIONS, DefinitionError, load_file, registry
from ilp.packages.engine.schema import SYSTEMS
from ilp.visits.routing import routing

FILES = sorted(DEFINITIONS.glob("*.yaml"))
KLASTER_2 = {"anc", "balita", "persalinan", "nifas", "neonatal", "remaja"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_definition_file_loads(path):
    package = load_file(path)
    assert package.id and package.version >= 1 and package.name and package.source


def test_registry_holds_one_package_per_file_with_unique_ids():
    ids = [load_file(path).id for path in FILES]
    assert len(ids) == len(set(ids)) == len(registry())
    assert set(registry()) >= KLASTER_2


@pytest.mark.parametrize("package", registry().values(), ids=lambda p: p.id)
def test_field_and_computed_ids_are_unique_within_a_package(package):
    ids = [f.id for f in package.fields] + [c.id for c in package.computed]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("package", registry().values(), ids=lambda p: p.id)
def test_every_code_has_a_known_system(package):
    codes = [f.code for f in package.fields if f.code] + [c.code for c in package.computed if c.code]
    assert codes, "a package stores at least one coded observation"
    assert {code.system for code in codes} <= set(SYSTEMS.values())
    assert all(code.code and code.display for code in codes)


@pytest.mark.parametrize("package", registry().values(), ids=lambda p: p.id)
def test_every_quantity_has_a_unit_and_hard_limits(package):
    for field_def in package.fields:
        if field_def.type == "quantity":
            assert field_def.unit and field_def.hard, field_def.id
            low, high = field_def.hard
            assert low < high
            if field_def.soft:
                assert low <= field_def.soft[0] < field_def.soft[1] <= high, field_def.id


@pytest.mark.parametrize("package", registry().values(), ids=lambda p: p.id)
def test_rules_refer_only_to_stations_that_exist(package):
    stations = set(routing().stations)
    assert {rule.refer_to for rule in package.rules if rule.refer_to} <= stations
    assert all(rule.flag or rule.follow_up or rule.refer_to for rule in package.rules)


def write(tmp_path, text: str):
    path = tmp_path / "rusak.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


HEADER = """\
id: rusak
version: 1
name: Paket rusak
klaster: k2
life_stage: semua
"""


def test_a_yaml_syntax_error_is_rejected_with_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + "fields:\n  - {id: a, label: A, type: text\n")
    with pytest.raises(DefinitionError) as raised:
        load_file(path)
    assert "rusak.yaml" in str(raised.value) and "line 7" in str(raised.value)


def test_an_unknown_field_type_is_rejected_with_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + "fields:\n  - {id: a, label: A, type: text}\n  - {id: b, label: B, type: warna}\n")
    with pytest.raises(DefinitionError, match=r"^rusak\.yaml:8: field b: unknown type 'warna'"):
        load_file(path)


def test_a_quantity_without_unit_is_rejected(tmp_path):
    path = write(tmp_path, HEADER + "fields:\n  - {id: berat, label: Berat, type: quantity, hard: [0, 10]}\n")
    with pytest.raises(DefinitionError, match=r"^rusak\.yaml:7: .*needs a unit"):
        load_file(path)


def test_a_rule_with_an_unknown_name_is_rejected_at_its_line(tmp_path):
    path = write(tmp_path, HEADER + """\
        fields:
          - {id: lila, label: LILA, type: quantity, unit: cm, hard: [5, 60]}
        rules:
          - {id: kek, when: "lila < 23.5", flag: {code: kek, label: KEK}}
          - {id: typo, when: "lia < 23.5", flag: {code: kek, label: KEK}}
        """.replace("        ", ""))
    with pytest.raises(DefinitionError, match=r"^rusak\.yaml:10: .*unknown name\(s\) lia"):
        load_file(path)


def test_a_missing_key_is_rejected_with_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + "fields:\n  - {id: a, type: text}\n")
    with pytest.raises(DefinitionError, match=r"^rusak\.yaml:7: missing key 'label'"):
        load_file(path)


@pytest.mark.parametrize("windows, message", [
    ("[{slot: A, days: [0, 5]}, {slot: B, days: [5, 9]}]", "overlaps"),
    ("[{slot: A, days: [3, 5]}, {slot: B, days: [0, 2]}]", "overlaps or is out of order"),
    ("[]", "needs windows"),
])
def test_visit_windows_must_be_in_order_and_apart(tmp_path, windows, message):
    path = write(tmp_path, HEADER + "fields:\n  - {id: tanggal, label: Tanggal, type: date}\n"
                 f"computed:\n  - {{id: slot, kind: days_since, inputs: {{date: tanggal}}, windows: {windows}}}\n")
    with pytest.raises(DefinitionError, match=message):
        load_file(path)


def test_a_computed_output_may_not_shadow_a_field(tmp_path):
    path = write(tmp_path, HEADER + "fields:\n  - {id: tanggal, label: Tanggal, type: date}\n"
                 "  - {id: slot_day, label: Hari, type: integer, hard: [0, 9]}\n"
                 "computed:\n  - {id: slot, kind: days_since, inputs: {date: tanggal}, windows: [{slot: A, days: [0, 2]}]}\n")
    with pytest.raises(DefinitionError, match="clash with field ids"):
        load_file(path)


@pytest.mark.parametrize("source", [
    "__import__('os').system('id')",
    "len(lila)",
    "lila.real > 1",
    "lila[0] > 1",
    "(lambda: 1)()",
    "[x for x in lila]",
    "lila if lila else 0",
])
def test_expressions_reject_calls_attributes_and_other_code(source):
    with pytest.raises(ExpressionError):
        compile_expression(source, {"lila", "x"})


def test_expressions_reject_unknown_names():
    with pytest.raises(ExpressionError, match="unknown name"):
        compile_expression("lila < 23.5 and hb < 11", {"lila"})


def test_a_comparison_with_a_missing_value_is_false():
    expression = compile_expression("lila < 23.5", {"lila"})
    assert expression({"lila": None}) is False
    assert expression({}) is False
    assert compile_expression("not (lila < 23.5)", {"lila"})({"lila": None}) is True


def test_a_bare_missing_value_is_false_whether_negated_or_not():
    """`not pinhole` on an empty field must not fire: a missing answer is not a 'no'."""
    assert compile_expression("not pinhole", {"pinhole"})({"pinhole": None}) is False
    assert compile_expression("pinhole", {"pinhole"})({}) is False
    assert compile_expression("-x", {"x"})({"x": None}) is False
    assert compile_expression("not pinhole", {"pinhole"})({"pinhole": False}) is True


def test_expressions_compare_numbers_exactly_and_read_tuples():
    from decimal import Decimal

    assert compile_expression("hb >= 10 and hb < 11", {"hb"})({"hb": Decimal("10.9")})
    assert compile_expression("grade in (7, 10)", {"grade"})({"grade": 10})
    assert not compile_expression("grade in (7, 10)", {"grade"})({"grade": 8})


def test_systolic_not_above_diastolic_is_refused_in_every_package_with_both():
    """DOMAIN.md §6.4: SBP > DBP, whichever package records the blood pressure."""
    import datetime as dt
    from decimal import Decimal

    from ilp.clinical.vitals import SBP_NOT_ABOVE_DBP
    from ilp.packages.engine import evaluate

    with_bp = [p for p in registry().values() if {"sbp", "dbp"} <= {f.id for f in p.fields}]
    assert len(with_bp) >= 5
    for package in with_bp:
        ages = (30, 70, 14)
        contexts = [{"sex": "F", "age_days": a * 365, "age_months": a * 12, "age_years": a, "pregnant": True,
                     "postpartum": False} for a in ages]
        context = next(c for c in contexts if evaluate.applies(package, c))
        outcome = evaluate.run(package, {"sbp": Decimal("120"), "dbp": Decimal("130")}, context,
                               service_date=dt.date(2026, 1, 1), birth_date=dt.date(2026 - context["age_years"], 1, 1))
        assert SBP_NOT_ABOVE_DBP in outcome.errors.get("sbp", []), package.id
