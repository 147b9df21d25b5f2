"""PWS (Pemantauan Wilayah Setempat) per desa: coverage against target, trend and status (DOMAIN.md §6.2).

Status (PWS-KIA): ≥ target and trend up → Baik (green); ≥ target and down → Kurang (yellow);
< target and up → Cukup (yellow); < target and down → Jelek (red). "≥" is inclusive and an
unchanged month counts as up (project decisions in DOMAIN.md); January compares with December.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ilp.regions.models import Region

from . import engine, sasaran
from .definitions_loader import Indicator

BAIK, KURANG, CUKUP, JELEK = "baik", "kurang", "cukup", "jelek"
LABELS = {BAIK: "Baik", KURANG: "Kurang", CUKUP: "Cukup", JELEK: "Jelek"}


@dataclass(frozen=True)
class Row:
    desa_code: str
    desa_name: str
    numerator: int          # cumulative Jan..m (or the month, for monthly indicators)
    denominator: Decimal | None
    denominator_source: str
    value: Decimal | None   # percent
    monthly: Decimal | None
    previous_monthly: Decimal | None
    target: Decimal | None
    status: str | None
    count_month: int = 0      # the month's own count (for cumulative: cumulative(m) − cumulative(m−1))
    count_previous: int = 0   # the previous month's own count

    @property
    def status_label(self) -> str:
        return LABELS.get(self.status or "", "—")


def status(*, value: Decimal | None, target: Decimal | None, monthly: Decimal | None, previous: Decimal | None) -> str | None:
    if value is None or target is None or monthly is None or previous is None:
        return None
    up = monthly >= previous
    if value >= target:
        return BAIK if up else KURANG
    return CUKUP if up else JELEK


def _pct(numerator: int | Decimal, denominator: Decimal | None, factor: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * factor).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _counts(counter, count, periods: list[engine.Period], prefix: str, memo: dict | None) -> list[dict]:
    """The count for each period: one query for all of them where the engine allows, each result kept in `memo`."""
    key = ("counts", count, tuple(periods), prefix)
    if memo is not None and key in memo:
        return memo[key]
    if engine.multi_period_supported(count):
        found = counter(count, tuple(periods), scope_prefix=prefix)
    else:
        found = [counter(count, period, scope_prefix=prefix) for period in periods]
    if memo is not None:
        memo[key] = found
    return found


def _numerators(indicator: Indicator, year: int, month: int, prefix: str, counter, memo: dict | None = None
                ) -> tuple[dict, dict, dict]:
    """(counted for the period, count for month m, count for month m−1), per desa code."""
    cumulative = indicator.period == "cumulative_year"
    py, pm = _previous(year, month)
    if not cumulative:
        this, previous = _counts(counter, indicator.numerator, [engine.month_period(year, month, cumulative=False),
                                                               engine.month_period(py, pm, cumulative=False)], prefix, memo)
        return this, this, previous
    if engine.by_date_supported(indicator.numerator):
        return _numerators_by_date(indicator, year, month, prefix, counter, memo)
    # Cumulative counts: m, m−1 and m−2 (January: this January, last December and November).
    ppy, ppm = _previous(py, pm)
    ends = [(year, month), (py, pm), (ppy, ppm)] if month > 2 else [(year, month), (py, pm)] if month == 2 else \
        [(year, month), (py, 12), (py, 11)]
    found = _counts(counter, indicator.numerator, [engine.month_period(y, m, cumulative=True) for y, m in ends], prefix,
                    memo)
    this = found[0]
    if month == 1:  # January's trend compares with December: December's own month out of last year's cumulative.
        before, december, november = {}, found[1], found[2]
        previous = {k: december.get(k, 0) - november.get(k, 0) for k in set(december)}
    else:
        before = found[1]
        earlier = found[2] if month > 2 else {}
        previous = {k: before.get(k, 0) - earlier.get(k, 0) for k in set(before) | set(earlier)}
    monthly = {k: this.get(k, 0) - before.get(k, 0) for k in set(this) | set(before)}
    return this, monthly, previous


def _by_date(counter, count, period: engine.Period, prefix: str, memo: dict | None) -> dict:
    key = ("by_date", count, period, prefix)
    if memo is None or key not in memo:
        found = counter(count, period, scope_prefix=prefix, by_date=True)
        if memo is None:
            return found
        memo[key] = found
    return memo[key]


def _numerators_by_date(indicator: Indicator, year: int, month: int, prefix: str, counter, memo: dict | None = None
                        ) -> tuple[dict, dict, dict]:
    """The same three counts from one query (two in January): each person on the day first counted this year."""
    by_day = _by_date(counter, indicator.numerator, engine.month_period(year, month, cumulative=True), prefix, memo)
    this, monthly, previous = {}, {}, {}
    for (desa, day), n in by_day.items():
        this[desa] = this.get(desa, 0) + n
        if day.month == month:
            monthly[desa] = monthly.get(desa, 0) + n
        elif day.month == month - 1:
            previous[desa] = previous.get(desa, 0) + n
    if month == 1:  # December's own month, out of last year's cumulative
        december = _by_date(counter, indicator.numerator, engine.month_period(year - 1, 12, cumulative=True), prefix, memo)
        for (desa, day), n in december.items():
            if day.month == 12:
                previous[desa] = previous.get(desa, 0) + n
    return this, monthly, previous


def compute(indicator: Indicator, *, year: int, month: int, desa: list[Region], counter=engine.count_by_desa,
            memo: dict | None = None) -> list[Row]:
    """One row per desa of `desa` for the indicator at month `month` of `year`.

    `memo` (a dict the caller keeps for one page or batch) shares the sasaran between indicators.
    """
    prefix = _common_prefix([d.code for d in desa])
    numerators, monthly, previous = _numerators(indicator, year, month, prefix, counter, memo)
    if indicator.denominator_sasaran:
        memo = {} if memo is None else memo
        key = ("sasaran", year, indicator.denominator_sasaran, tuple(d.pk for d in desa))
        if key not in memo:
            memo[key] = sasaran.sasaran_for(year=year, group=indicator.denominator_sasaran, desa_ids=[d.pk for d in desa],
                                            memo=memo)
        figures = memo[key]
        denominators = {d.code: (figures[d.pk].value, figures[d.pk].source) for d in desa}
    else:
        counts = _denominator_counts(indicator, year, month, prefix, counter, memo)
        denominators = {d.code: (Decimal(counts.get(d.code, 0)), "register") for d in desa}
    target = None
    if indicator.target is not None:
        share = Decimal(month) / 12 if indicator.period == "cumulative_year" else Decimal(1)
        target = (Decimal(str(indicator.target)) * share).quantize(Decimal("0.1"), ROUND_HALF_UP)
    rows = []
    for d in desa:
        denominator, source = denominators[d.code]
        value = _pct(numerators.get(d.code, 0), denominator, indicator.factor)
        this_month = _pct(monthly.get(d.code, 0), denominator, indicator.factor)
        last_month = _pct(previous.get(d.code, 0), denominator, indicator.factor)
        rows.append(Row(d.code, d.name, numerators.get(d.code, 0), denominator, source, value, this_month, last_month,
                        target, status(value=value, target=target, monthly=this_month, previous=last_month),
                        monthly.get(d.code, 0), previous.get(d.code, 0)))
    return rows


def _denominator_counts(indicator: Indicator, year: int, month: int, prefix: str, counter, memo: dict | None) -> dict:
    """A counted denominator; a cumulative person count is the sum of its by-date counts (shared with numerators)."""
    period = engine.month_period(year, month, cumulative=indicator.period == "cumulative_year")
    if indicator.period == "cumulative_year" and engine.by_date_supported(indicator.denominator):
        counts: dict[str, int] = {}
        for (desa, _day), n in _by_date(counter, indicator.denominator, period, prefix, memo).items():
            counts[desa] = counts.get(desa, 0) + n
        return counts
    return _counts(counter, indicator.denominator, [period], prefix, memo)[0]


def aggregate(indicator: Indicator, rows: list[Row], *, name: str) -> Row:
    """One row for a whole area: counts and sasaran summed over its desa, then the same PWS rules."""
    numerator = sum(r.numerator for r in rows)
    known = [r.denominator for r in rows if r.denominator is not None]
    denominator = sum(known, Decimal(0)) if known else None
    sources = {r.denominator_source for r in rows}
    value = _pct(numerator, denominator, indicator.factor)
    monthly = _pct(sum(r.count_month for r in rows), denominator, indicator.factor)
    previous = _pct(sum(r.count_previous for r in rows), denominator, indicator.factor)
    target = rows[0].target if rows else None
    return Row("", name, numerator, denominator, "/".join(sorted(sources)), value, monthly, previous, target,
               status(value=value, target=target, monthly=monthly, previous=previous),
               sum(r.count_month for r in rows), sum(r.count_previous for r in rows))


def _common_prefix(codes: list[str]) -> str:
    """The longest dotted code that every desa code starts with (the kecamatan, or the kab/kota...)."""
    if not codes:
        return ""
    parts = [code.split(".") for code in codes]
    common = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common)


def today_period() -> tuple[int, int]:
    today = dt.date.today()
    return today.year, today.month
