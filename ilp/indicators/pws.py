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


def _numerators(indicator: Indicator, year: int, month: int, prefix: str, counter) -> tuple[dict, dict, dict]:
    """(counted for the period, count for month m, count for month m−1), per desa code."""
    cumulative = indicator.period == "cumulative_year"

    def period_count(y: int, m: int, *, cum: bool) -> dict[str, int]:
        return counter(indicator.numerator, engine.month_period(y, m, cumulative=cum), scope_prefix=prefix)

    if cumulative and engine.by_date_supported(indicator.numerator):
        return _numerators_by_date(indicator, year, month, prefix, counter)
    if not cumulative:
        py, pm = _previous(year, month)
        this = period_count(year, month, cum=False)
        return this, this, period_count(py, pm, cum=False)
    this = period_count(year, month, cum=True)
    py, pm = _previous(year, month)
    before = period_count(py, pm, cum=True) if month > 1 else {}
    monthly = {k: this.get(k, 0) - before.get(k, 0) for k in set(this) | set(before)}
    if month == 1:
        # January's trend compares with December: December's own month out of last year's cumulative.
        previous = {k: period_count(py, 12, cum=True).get(k, 0) - period_count(py, 11, cum=True).get(k, 0)
                    for k in set(period_count(py, 12, cum=True))}
    else:
        ppy, ppm = _previous(py, pm)
        earlier = period_count(ppy, ppm, cum=True) if pm > 1 else {}
        previous = {k: before.get(k, 0) - earlier.get(k, 0) for k in set(before) | set(earlier)}
    return this, monthly, previous


def _numerators_by_date(indicator: Indicator, year: int, month: int, prefix: str, counter) -> tuple[dict, dict, dict]:
    """The same three counts from one query (two in January): each person on the day first counted this year."""
    by_day = counter(indicator.numerator, engine.month_period(year, month, cumulative=True), scope_prefix=prefix, by_date=True)
    this, monthly, previous = {}, {}, {}
    for (desa, day), n in by_day.items():
        this[desa] = this.get(desa, 0) + n
        if day.month == month:
            monthly[desa] = monthly.get(desa, 0) + n
        elif day.month == month - 1:
            previous[desa] = previous.get(desa, 0) + n
    if month == 1:  # December's own month, out of last year's cumulative
        december = counter(indicator.numerator, engine.month_period(year - 1, 12, cumulative=True), scope_prefix=prefix,
                           by_date=True)
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
    numerators, monthly, previous = _numerators(indicator, year, month, prefix, counter)
    if indicator.denominator_sasaran:
        memo = {} if memo is None else memo
        key = ("sasaran", year, indicator.denominator_sasaran, tuple(d.pk for d in desa))
        if key not in memo:
            memo[key] = sasaran.sasaran_for(year=year, group=indicator.denominator_sasaran, desa_ids=[d.pk for d in desa],
                                            memo=memo)
        figures = memo[key]
        denominators = {d.code: (figures[d.pk].value, figures[d.pk].source) for d in desa}
    else:
        counts = counter(indicator.denominator, engine.month_period(year, month, cumulative=indicator.period == "cumulative_year"),
                         scope_prefix=prefix)
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
