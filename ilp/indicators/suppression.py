"""Small-cell suppression for users who see aggregates only (docs/decisions/0017).

Rule, for every role that does not see patient names (Dinkes, pusat, admin):
1. a count of 1–4 is shown as "<5" (0 and ≥ 5 are shown);
2. a percentage made from a hidden count is hidden too (value × sasaran would give it back); a
   denominator that is itself a count (source "register", e.g. the women examined) follows rule 1
   and hides its percentage; a sasaran (an estimate or a Dinkes figure) is shown;
3. complementary suppression within one column of a table whose total is shown: if exactly one
   cell is hidden, the smallest other non-zero cell is hidden as well, so the total minus the
   shown cells never equals one hidden cell; a total of 1–4 is itself hidden.
Facility staff, who may see the patients themselves, get every number.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import pws

SMALL = "<5"
COLUMNS = (("numerator", "value"), ("count_month", "monthly"), ("count_previous", "previous_monthly"))


def applies(user) -> bool:
    return not user.sees_patients


def small(n: int) -> bool:
    return 1 <= n <= 4


@dataclass(frozen=True)
class Shown:
    """A PWS row as displayed: each count and percentage is its text, "<5" or "—" when hidden."""

    row: pws.Row
    numerator: str
    value: Decimal | None
    monthly: Decimal | None
    previous_monthly: Decimal | None
    hidden: frozenset[str]
    denominator: Decimal | str | None  # "<5" for a small counted denominator

    def __getattr__(self, name):  # desa_code, desa_name, denominator, target, status... from the row
        return getattr(self.row, name)


def hidden_cells(counts: list[int], total: int | None) -> set[int]:
    """Indexes of the cells of one column to hide (rules 1 and 3); the total is judged by the caller."""
    hidden = {i for i, n in enumerate(counts) if small(n)}
    if len(hidden) == 1 and total is not None:
        others = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return hidden


def protect(rows: list[pws.Row], total: pws.Row | None, *, user) -> tuple[list[Shown], Shown | None]:
    """The rows and their total as the user may see them."""
    if not applies(user):
        return [_shown(r, set()) for r in rows], _shown(total, set()) if total else None
    per_row: list[set[str]] = [{"denominator"} if _small_count_denominator(r) else set() for r in rows]
    total_hidden: set[str] = {"denominator"} if total and _small_count_denominator(total) else set()
    for count_field, _pct_field in COLUMNS:
        counts = [getattr(r, count_field) for r in rows]
        subtotal = getattr(total, count_field) if total else None
        for i in hidden_cells(counts, subtotal):
            per_row[i].add(count_field)
        if subtotal is not None and small(subtotal):
            total_hidden.add(count_field)
    return ([_shown(r, hidden) for r, hidden in zip(rows, per_row, strict=True)],
            _shown(total, total_hidden) if total else None)


def _shown(row: pws.Row, hidden: set[str]) -> Shown:
    denominator = row.denominator
    if "denominator" in hidden:
        denominator = SMALL
        hidden = hidden | {"numerator", "count_month", "count_previous"}
    pct = {pct_field: None if count_field in hidden else getattr(row, pct_field) for count_field, pct_field in COLUMNS}
    return Shown(row, SMALL if "numerator" in hidden else str(row.numerator),
                 pct["value"], pct["monthly"], pct["previous_monthly"], frozenset(hidden), denominator)


def _small_count_denominator(row: pws.Row) -> bool:
    return row.denominator_source == "register" and row.denominator is not None and small(int(row.denominator))
