"""Read every definition file once into typed PackageDef objects; errors name the file and line."""

from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from . import computed as computed_kinds
from .expressions import ExpressionError, compile_expression
from .schema import (
    FIELD_TYPES,
    LIFE_STAGES,
    SYSTEMS,
    Choice,
    Code,
    ComputedDef,
    FactsDef,
    FieldDef,
    Flag,
    PackageDef,
    RuleDef,
    Window,
)

DEFINITIONS = Path(__file__).resolve().parent.parent / "definitions"
CONTEXT_FACTS = {"sex", "age_days", "age_months", "age_years", "pregnant", "postpartum"}
KLASTERS = {"k1", "k2", "k3", "k4", "lintas"}


class DefinitionError(ValueError):
    """A package file is wrong; the message says which file, which line and what."""


class _ItemError(ValueError):
    """A check failed on one field, computed value or rule; the parser turns `key` into its line."""

    def __init__(self, key: str, error: Exception):
        super().__init__(str(error))
        self.key = key


@contextmanager
def _about(key: str):
    try:
        yield
    except ValueError as error:  # ExpressionError is a ValueError
        raise _ItemError(key, error) from None


class LineLoader(yaml.SafeLoader):
    """Remembers the line of every mapping, so errors can point at it."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _code(raw: dict | None) -> Code | None:
    if not raw:
        return None
    system = SYSTEMS.get(raw["system"], raw["system"])
    return Code(system=system, code=str(raw["code"]), display=raw.get("display", ""))


def _pair(raw) -> tuple[Decimal, Decimal] | None:
    return (Decimal(str(raw[0])), Decimal(str(raw[1]))) if raw else None


def _field(raw: dict) -> FieldDef:
    if raw["type"] not in FIELD_TYPES:
        raise ValueError(f"field {raw.get('id')}: unknown type {raw['type']!r}")
    choices = tuple(Choice(code=str(c["code"]), label=c["label"]) for c in raw.get("choices", []))
    if raw["type"] == "choice" and not choices:
        raise ValueError(f"field {raw['id']}: a choice field needs choices")
    return FieldDef(
        id=raw["id"], label=raw["label"], type=raw["type"], code=_code(raw.get("code")), unit=raw.get("unit", ""),
        hard=_pair(raw.get("hard")), soft=_pair(raw.get("soft")), decimals=int(raw.get("decimals", 1)),
        required=bool(raw.get("required", False)), required_if=raw.get("required_if", ""), show_if=raw.get("show_if", ""),
        choices=choices, help=raw.get("help", ""), not_future=bool(raw.get("not_future", False)),
        from_vitals=raw.get("from_vitals", ""), feeds=tuple(raw.get("feeds", ())))


def _window(raw: dict) -> Window:
    first, last = raw["days"]
    return Window(slot=str(raw["slot"]), first_day=int(first), last_day=int(last), min_hours=int(raw.get("min_hours", 0)))


def _rule(raw: dict) -> RuleDef:
    flag = raw.get("flag")
    return RuleDef(id=raw["id"], when=raw["when"], refer_to=raw.get("refer_to", ""), follow_up=raw.get("follow_up", ""),
                   message=raw.get("message", ""),
                   flag=Flag(code=flag["code"], label=flag["label"], severity=flag.get("severity", "warning")) if flag else None)


def parse_package(data: dict, path: str) -> PackageDef:
    """Build and check one definition; raises DefinitionError naming file and line."""
    line = data.get("__line__", 1)
    current = (path, line)
    lines: dict[str, int] = {}  # "field:lila" -> its line, for checks that run once everything is parsed
    try:
        fields = []
        for raw in data["fields"]:
            current = (path, raw.get("__line__", line))
            fields.append(_field(raw))
            lines[f"field:{fields[-1].id}"] = current[1]
        computed = []
        for raw in data.get("computed", []):
            current = (path, raw.get("__line__", line))
            lines[f"computed:{raw['id']}"] = current[1]
            if raw["kind"] not in computed_kinds.KINDS:
                raise ValueError(f"computed {raw['id']}: unknown kind {raw['kind']!r}")
            computed.append(ComputedDef(id=raw["id"], label=raw.get("label", raw["id"]), kind=raw["kind"],
                                        inputs=dict(raw.get("inputs", {})) if raw.get("inputs") else {},
                                        unit=raw.get("unit", ""), code=_code(raw.get("code")),
                                        windows=tuple(_window(w) for w in raw.get("windows", []))))
        for item in computed:
            item.inputs.pop("__line__", None)
        rules = []
        for raw in data.get("rules", []):
            current = (path, raw.get("__line__", line))
            rules.append(_rule(raw))
            lines[f"rule:{rules[-1].id}"] = current[1]
        current = (path, line)
        package = PackageDef(
            id=data["id"], version=int(data["version"]), name=data["name"], klaster=data["klaster"],
            life_stage=data["life_stage"], source=data.get("source", ""), fields=tuple(fields),
            computed=tuple(computed), rules=tuple(rules), applies_if=data.get("applies_if", ""),
            stations=tuple(data.get("stations", ())), path=path,
            facts=FactsDef(**{k: v for k, v in (data.get("facts") or {}).items() if k != "__line__"}))
        _check(package)
    except (KeyError, TypeError, ValueError, ExpressionError) as error:
        if isinstance(error, _ItemError):
            current = (path, lines.get(error.key, line))
        detail = f"missing key {error}" if isinstance(error, KeyError) else str(error)
        raise DefinitionError(f"{current[0]}:{current[1]}: {detail}") from None
    return package


def known_names(package: PackageDef) -> set[str]:
    names = {f.id for f in package.fields} | CONTEXT_FACTS
    for item in package.computed:
        names |= set(computed_kinds.outputs(item))
    return names


def _check(package: PackageDef) -> None:
    if package.klaster not in KLASTERS:
        raise ValueError(f"unknown klaster {package.klaster!r}")
    if package.life_stage not in LIFE_STAGES:
        raise ValueError(f"unknown life_stage {package.life_stage!r}")
    ids = [f.id for f in package.fields] + [c.id for c in package.computed]
    if len(ids) != len(set(ids)):
        raise ValueError("field and computed ids must be unique")
    names = known_names(package)
    for field_def in package.fields:
        with _about(f"field:{field_def.id}"):
            if field_def.required_if:
                compile_expression(field_def.required_if, names)
            if field_def.show_if:
                compile_expression(field_def.show_if, CONTEXT_FACTS)
            if field_def.type == "quantity" and not (field_def.unit and field_def.hard):
                raise ValueError(f"field {field_def.id}: a quantity needs a unit and hard limits")
    field_ids = {f.id for f in package.fields}
    for item in package.computed:
        with _about(f"computed:{item.id}"):
            missing = [v for v in item.inputs.values() if v not in names]
            if missing:
                raise ValueError(f"computed {item.id}: unknown input(s) {missing}")
            clashes = sorted(field_ids & (set(computed_kinds.outputs(item)) - {item.id}))
            if clashes:
                raise ValueError(f"computed {item.id}: output(s) {clashes} clash with field ids")
            if item.kind == "days_since":
                _check_windows(item)
    for rule in package.rules:
        with _about(f"rule:{rule.id}"):
            compile_expression(rule.when, names)
    if package.applies_if:
        compile_expression(package.applies_if, CONTEXT_FACTS)


def _check_windows(item) -> None:
    unknown = set(item.inputs) - {"date", "time", "at_time"}
    if unknown:
        raise ValueError(f"computed {item.id}: unknown input key(s) {sorted(unknown)}")
    if not item.windows:
        raise ValueError(f"computed {item.id}: days_since needs windows")
    previous_last = -1
    for window in item.windows:
        # Windows in day order and apart, so a visit day fills at most one slot.
        if not previous_last < window.first_day <= window.last_day:
            raise ValueError(f"computed {item.id}: window {window.slot} overlaps or is out of order")
        previous_last = window.last_day
    if len({w.slot for w in item.windows}) != len(item.windows):
        raise ValueError(f"computed {item.id}: window slots must be unique")


def load_file(path: Path) -> PackageDef:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: {error}") from None
    return parse_package(data, path.name)


@lru_cache(maxsize=1)
def registry() -> dict[str, PackageDef]:
    """Every package definition by id (the latest version of each file in definitions/)."""
    packages: dict[str, PackageDef] = {}
    for path in sorted(DEFINITIONS.glob("*.yaml")):
        package = load_file(path)
        if package.id in packages:
            raise DefinitionError(f"{path.name}: package id {package.id!r} is also in {packages[package.id].path}")
        packages[package.id] = package
    return packages
