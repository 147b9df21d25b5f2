"""Safe expressions for rules and conditions: `lila < 23.5`, `sbp >= 140 or dbp >= 90`, `sex == 'F'`.

Parsed once with Python's `ast` and checked against a whitelist (comparisons, and/or/not,
arithmetic, names, numbers and strings): no calls, no attributes, so a definition file can never
run code. A comparison with a missing value is false, so a rule never fires on an empty field.
"""

import ast
import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_ALLOWED = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare, ast.Name,
            ast.Load, ast.Constant, ast.BinOp, ast.Tuple, ast.List, *_COMPARE, *_ARITH)


class ExpressionError(ValueError):
    """An expression uses something outside the whitelist, or a name the package does not define."""


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression
    names: frozenset[str]

    def __call__(self, facts: dict) -> bool:
        value = _eval(self.tree.body, facts)
        return value is not MISSING and bool(value)


def compile_expression(source: str, known_names: set[str] | frozenset[str]) -> Expression:
    """Parse and check once; the same source and names give the cached Expression."""
    return _compile(source, frozenset(known_names))


@lru_cache(maxsize=4096)
def _compile(source: str, known_names: frozenset[str]) -> Expression:
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"cannot parse {source!r}: {error.msg}") from None
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"{source!r}: {type(node).__name__} is not allowed")
        if isinstance(node, ast.Name):
            names.add(node.id)
    unknown = names - known_names
    if unknown:
        raise ExpressionError(f"{source!r}: unknown name(s) {', '.join(sorted(unknown))}")
    return Expression(source, tree, frozenset(names))


class _Missing:
    """A value that is not there: every comparison with it is false, arithmetic stays missing."""


MISSING = _Missing()


def _number(value):
    return Decimal(str(value)) if isinstance(value, float | int) and not isinstance(value, bool) else value


def _eval(node, facts):
    if isinstance(node, ast.Constant):
        return _number(node.value)
    if isinstance(node, ast.Name):
        value = facts.get(node.id)
        return MISSING if value is None else _number(value)
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(e, facts) for e in node.elts)
    if isinstance(node, ast.BoolOp):
        values = (_eval(v, facts) for v in node.values)
        if isinstance(node.op, ast.And):
            return all(v is not MISSING and bool(v) for v in values)
        return any(v is not MISSING and bool(v) for v in values)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, facts)
        if value is MISSING:
            return MISSING
        return (not value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, facts), _eval(node.right, facts)
        if MISSING in (left, right) or (isinstance(node.op, ast.Div) and right == 0):
            return MISSING
        return _ARITH[type(node.op)](left, right)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, facts)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, facts)
            if left is MISSING or right is MISSING or not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    raise ExpressionError(f"unsupported node {type(node).__name__}")
