"""Compute an indicator per desa from the facts table, with one SQL text for every engine.

The same statement runs on SQLite and PostgreSQL (through Django's connection, over the facts
table joined to its desa code) and on DuckDB over the exported Parquet files, so a Puskesmas, a
district and the nation get the same numbers from the same definition (ARCHITECTURE §4).

Counting rules (DOMAIN.md §0, §6.2; project decisions written in docs/decisions/0003):
- a person counts once per period, in the desa where they were when first counted in it;
- a pregnancy (person + HPHT) meets a `having` standard when its contacts up to the period's end
  satisfy every condition; it counts at its last contact (K4, K6), or at its first (`at: first`,
  K1 murni), in that contact's desa;
- cumulative(m) counts Jan..m; monthly(m) = cumulative(m) − cumulative(m−1).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from .definitions_loader import Count

DJANGO_FACTS = ("(SELECT f.kind, f.code, f.group_key, f.role, f.date, f.person, f.sex, f.age_days, f.disability, "
                "r.code AS desa_code FROM indicators_fact f JOIN regions_region r ON r.id = f.desa_id) facts")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def month_period(year: int, month: int, *, cumulative: bool) -> Period:
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return Period(dt.date(year, 1, 1) if cumulative else dt.date(year, month, 1), end)


def _filters(count: Count, *, scope_prefix: str, mark: str) -> tuple[list[str], list]:
    where, params = ["kind = " + mark], [count.kind]
    if count.codes:
        where.append(f"code IN ({', '.join([mark] * len(count.codes))})")
        params += list(count.codes)
    if count.age_days[0] is not None:
        where.append("age_days >= " + mark)
        params.append(count.age_days[0])
    if count.age_days[1] is not None:
        where.append("age_days < " + mark)
        params.append(count.age_days[1])
    if count.sex:
        where.append("sex = " + mark)
        params.append(count.sex)
    if scope_prefix:
        where.append(f"(desa_code = {mark} OR desa_code LIKE {mark})")
        params += [scope_prefix, scope_prefix + ".%"]
    return where, params


def by_date_supported(count: Count) -> bool:
    """Counts whose cumulative value for any end date follows from one pass (person or event, no `having`)."""
    return count.distinct in ("person", "event") and not count.having


def count_sql(count: Count, period: Period, *, source: str, scope_prefix: str = "", mark: str = "%s",
              by_date: bool = False) -> tuple[str, list]:
    """SQL giving (desa_code, n) for `count` in `period`; `mark` is the engine's parameter placeholder.

    With `by_date` (person or event counts only) it gives (desa_code, date, n): each person on the date they are
    first counted in the period, so every cumulative count from the period's start is a sum over dates (one query
    for a PWS row's cumulative, month and previous month instead of three).
    """
    where, params = _filters(count, scope_prefix=scope_prefix, mark=mark)
    if count.distinct == "pregnancy" or count.having:
        if by_date:
            raise ValueError("by_date needs a person or event count without `having`")
        return _pregnancy_sql(count, (period,), where, params, source=source, mark=mark)
    where += ["date >= " + mark, "date <= " + mark]
    params += [period.start, period.end]
    keys = "desa_code, date" if by_date else "desa_code"
    if count.distinct == "event":
        return f"SELECT {keys}, COUNT(*) FROM {source} WHERE {' AND '.join(where)} GROUP BY {keys}", params
    sql = (f"WITH matched AS (SELECT person, desa_code, date FROM {source} WHERE {' AND '.join(where)}), "
           "ranked AS (SELECT desa_code, date, ROW_NUMBER() OVER (PARTITION BY person ORDER BY date, desa_code) AS rn "
           f"FROM matched) SELECT {keys}, COUNT(*) FROM ranked WHERE rn = 1 GROUP BY {keys}")
    return sql, params


def _pregnancy_sql(count: Count, periods: tuple[Period, ...], where: list[str], params: list, *, source: str,
                   mark: str) -> tuple[str, list]:
    """(desa_code, n per period): one pass over a pregnancy's contact days serves every period.

    Each contact day carries the running number of days meeting each `having` condition (distinct dates, as
    before), the next contact day, and the day the pregnancy counts at (its own, or the first for `at: first`).
    A pregnancy counts for the period (start, end) on its last contact day up to `end` when the standard is met
    by then and the counting day is on or after `start`.
    """
    where = [*where, "date <= " + mark]
    params = [*params, max(p.end for p in periods)]
    flags, running, met = [], [], []
    for i, condition in enumerate(count.having):
        test = ["1 = 1"]
        if condition.code:
            test.append("code = " + mark)
            params.append(condition.code)
        if condition.role:
            test.append("role = " + mark)
            params.append(condition.role)
        flags.append(f", MAX(CASE WHEN {' AND '.join(test)} THEN 1 ELSE 0 END) AS c{i}")
        running.append(f", SUM(c{i}) OVER w AS r{i}")
        met.append(f"r{i} >= {int(condition.min)}")
    anchor = ("FIRST_VALUE(date) OVER w AS anchor_date, FIRST_VALUE(desa_code) OVER w AS anchor_desa"
              if count.at == "first" else "date AS anchor_date, desa_code AS anchor_desa")
    sums = []
    for period in periods:
        sums.append(f"SUM(CASE WHEN {' AND '.join(met or ['1 = 1'])} AND date <= {mark} "
                    f"AND (next_date IS NULL OR next_date > {mark}) AND anchor_date >= {mark} THEN 1 ELSE 0 END)")
        params += [period.end, period.end, period.start]
    sql = (f"WITH matched AS (SELECT person, group_key, date, desa_code, code, role FROM {source} "
           f"WHERE {' AND '.join(where)}), "
           f"days AS (SELECT person, group_key, date, MIN(desa_code) AS desa_code{''.join(flags)} FROM matched "
           "GROUP BY person, group_key, date), "
           f"running AS (SELECT date, desa_code, LEAD(date) OVER w AS next_date, {anchor}{''.join(running)} FROM days "
           "WINDOW w AS (PARTITION BY person, group_key ORDER BY date)) "
           f"SELECT anchor_desa, {', '.join(sums)} FROM running GROUP BY anchor_desa")
    return sql, params


def periods_sql(count: Count, periods: tuple[Period, ...], *, source: str, scope_prefix: str = "",
                mark: str = "%s") -> tuple[str, list]:
    """SQL giving (desa_code, n for periods[0], n for periods[1], ...) for a pregnancy or `having` count."""
    if not multi_period_supported(count):
        raise ValueError("several periods in one query need a pregnancy or `having` count")
    where, params = _filters(count, scope_prefix=scope_prefix, mark=mark)
    return _pregnancy_sql(count, tuple(periods), where, params, source=source, mark=mark)


def multi_period_supported(count: Count) -> bool:
    """Counts whose value for several periods follows from one pass (pregnancies, and counts with `having`)."""
    return count.distinct == "pregnancy" or bool(count.having)


def _by_period(rows, periods: tuple[Period, ...]) -> list[dict]:
    out = [{} for _ in periods]
    for desa, *counts in rows:
        for i, n in enumerate(counts):
            if n:
                out[i][desa] = int(n)
    return out


def _result(rows, *, by_date: bool) -> dict:
    if by_date:  # SQLite returns the date as text
        return {(desa, dt.date.fromisoformat(str(day)[:10])): int(n) for desa, day, n in rows}
    return {desa: int(n) for desa, n in rows if n}  # a pregnancy count sums to 0 in a desa with none


def _sql(count: Count, period: Period | tuple[Period, ...], *, source: str, scope_prefix: str, mark: str, by_date: bool):
    if isinstance(period, tuple):
        return periods_sql(count, period, source=source, scope_prefix=scope_prefix, mark=mark)
    return count_sql(count, period, source=source, scope_prefix=scope_prefix, mark=mark, by_date=by_date)


def _rows(rows, period: Period | tuple[Period, ...], *, by_date: bool):
    return _by_period(rows, period) if isinstance(period, tuple) else _result(rows, by_date=by_date)


def count_by_desa(count: Count, period: Period | tuple[Period, ...], *, scope_prefix: str = "", by_date: bool = False):
    """Counts per desa code (or per (desa code, date) with `by_date`) from the deployment's own database.

    Given a tuple of periods (pregnancy and `having` counts only) it gives one dict per period, from one query.
    """
    from django.db import connection

    sql, params = _sql(count, period, source=DJANGO_FACTS, scope_prefix=scope_prefix, mark="%s", by_date=by_date)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _rows(cursor.fetchall(), period, by_date=by_date)


def count_by_desa_duckdb(count: Count, period: Period | tuple[Period, ...], *, parquet_dir: str, scope_prefix: str = "",
                         by_date: bool = False):
    """The same counts from Parquet facts with DuckDB (province and national tiers)."""
    import duckdb

    source = f"read_parquet('{parquet_dir}/**/*.parquet', hive_partitioning = true) facts"
    sql, params = _sql(count, period, source=source, scope_prefix=scope_prefix, mark="?", by_date=by_date)
    return _rows(duckdb.connect().execute(sql, params).fetchall(), period, by_date=by_date)
