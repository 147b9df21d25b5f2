"""The forms of the offline app, drawn from the server's own definitions (one source of rules).

Packages come from their YAML definitions: fields, limits, choices, the package's messages, and its
conditions (`applies_if`, `show_if`, `required_if`) as the expression tree the server itself compiled,
so the phone evaluates the same tree (static/outreach/kader-rules.js) instead of a second copy of
the rules. The PIS-PK form comes from `pispk.INDICATORS`; registration from the people app's choices
and edge rules. The server validates every upload again with the same definitions.
"""

import ast

from ilp.core.choices import Sex
from ilp.packages.engine import evaluate
from ilp.packages.engine.expressions import compile_expression
from ilp.packages.engine.loader import CONTEXT_FACTS, known_names, registry
from ilp.packages.engine.schema import PackageDef
from ilp.people.models import FamilyRelation
from ilp.people.services import BIRTH_IN_FUTURE, BIRTH_TOO_OLD

from . import pispk

# The Posyandu weighing (meja 2) and the home-visit checklists (stations: kunjungan_rumah).
WEIGHING_FIELDS = ("weight", "length", "measured", "muac")
HOME_VISIT_STATION = "kunjungan_rumah"
NAME_REQUIRED = "Tulis nama lengkap."
NIK_SHAPE = "NIK terdiri dari 16 angka."
KK_SHAPE = "Nomor KK terdiri dari 16 angka."

_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
        ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def offline_packages() -> list[PackageDef]:
    """Packages the kader records offline: the balita weighing and every home-visit checklist."""
    return [p for p in registry().values() if p.id == "balita" or HOME_VISIT_STATION in p.stations]


def expression_tree(source: str, names) -> dict | None:
    """The compiled expression as JSON (the same whitelisted tree the server evaluates)."""
    return _node(compile_expression(source, frozenset(names)).tree.body) if source else None


def _node(node) -> dict:
    if isinstance(node, ast.Constant):
        return {"c": node.value}
    if isinstance(node, ast.Name):
        return {"n": node.id}
    if isinstance(node, ast.Tuple | ast.List):
        return {"t": [_node(e) for e in node.elts]}
    if isinstance(node, ast.BoolOp):
        return {"and" if isinstance(node.op, ast.And) else "or": [_node(v) for v in node.values]}
    if isinstance(node, ast.UnaryOp):
        return {"not" if isinstance(node.op, ast.Not) else "neg": _node(node.operand)}
    if isinstance(node, ast.BinOp):
        return {"op": _OPS[type(node.op)], "l": _node(node.left), "r": _node(node.right)}
    return {"cmp": [_OPS[type(op)] for op in node.ops], "l": _node(node.left), "r": [_node(c) for c in node.comparators]}


def package_form(package: PackageDef, *, only: tuple[str, ...] = ()) -> dict:
    """A package's fields with limits, choices, messages and condition trees, as the app renders and checks them."""
    names = known_names(package)
    return {
        "id": package.id, "version": package.version, "name": package.name,
        "applies_if": expression_tree(package.applies_if, CONTEXT_FACTS),
        "fields": [{
            "id": f.id, "label": f.label, "type": f.type, "unit": f.unit, "decimals": f.decimals,
            "hard": [str(x) for x in f.hard] if f.hard else None, "soft": [str(x) for x in f.soft] if f.soft else None,
            "required": f.required, "required_if": expression_tree(f.required_if, names),
            "show_if": expression_tree(f.show_if, CONTEXT_FACTS), "help": f.help,
            "choices": [{"code": c.code, "label": c.label} for c in f.choices]}
            for f in package.fields if not only or f.id in only],
    }


def forms_messages() -> dict:
    """The server's own message templates, filled in on the phone (placeholders %(name)s)."""
    return {"hard": evaluate.OUT_OF_HARD, "soft": evaluate.OUT_OF_SOFT, "required": evaluate.REQUIRED,
            "name": NAME_REQUIRED, "nik": NIK_SHAPE, "kk": KK_SHAPE, "birth_future": BIRTH_IN_FUTURE,
            "birth_old": BIRTH_TOO_OLD}


def forms() -> dict:
    """Everything the app needs to record offline, in one response (one round trip on a slow link)."""
    packages = [package_form(p, only=WEIGHING_FIELDS if p.id == "balita" else ()) for p in offline_packages()]
    return {
        "packages": {p["id"]: p for p in packages}, "messages": forms_messages(),
        "pispk": [{"code": i.code, "label": i.label, "applies_when": i.applies_when, "always": i.always}
                  for i in pispk.INDICATORS],
        "sex": [{"code": c.value, "label": str(c.label)} for c in Sex],
        "relations": [{"code": c.value, "label": str(c.label)} for c in FamilyRelation],
    }
