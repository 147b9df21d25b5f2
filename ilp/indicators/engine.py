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
        return _pregnancy_sql(count, period, where, params, source=source, mark=mark)
    where += ["date >= " + mark, "date <= " + mark]
    params += [period.start, period.end]
    keys = "desa_code, date" if by_date else "desa_code"
    if count.distinct == "event":
        return f"SELECT {keys}, COUNT(*) FROM {source} WHERE {' AND '.join(where)} GROUP BY {keys}", params
    sql = (f"WITH matched AS (SELECT person, desa_code, date FROM {source} WHERE {' AND '.join(where)}), "
           "ranked AS (SELECT desa_code, date, ROW_NUMBER() OVER (PARTITION BY person ORDER BY date, desa_code) AS rn "
           f"FROM matched) SELECT {keys}, COUNT(*) FROM ranked WHERE rn = 1 GROUP BY {keys}")
    return sql, params


def _pregnancy_sql(count: Count, period: Period, where: list[str], params: list, *, source: str, mark: str):
    where = [*where, "date <= " + mark]
    params = [*params, period.end]
    having, having_params = [], []
    for condition in count.having:
        test = ["1 = 1"]
        if condition.code:
            test.append("code = " + mark)
            having_params.append(condition.code)
        if condition.role:
            test.append("role = " + mark)
            having_params.append(condition.role)
        having.append(f"COUNT(DISTINCT CASE WHEN {' AND '.join(test)} THEN date END) >= {int(condition.min)}")
    order, when = ("ASC", "MIN") if count.at == "first" else ("DESC", "MAX")
    sql = (f"WITH matched AS (SELECT person, group_key, desa_code, date, code, role, "
           f"ROW_NUMBER() OVER (PARTITION BY person, group_key ORDER BY date {order}, desa_code) AS latest "
           f"FROM {source} WHERE {' AND '.join(where)}), "
           f"pregnancies AS (SELECT person, group_key, {when}(date) AS last_date, "
           "MAX(CASE WHEN latest = 1 THEN desa_code END) AS desa_code FROM matched GROUP BY person, group_key"
           + (f" HAVING {' AND '.join(having)}" if having else "") + ") "
           f"SELECT desa_code, COUNT(*) FROM pregnancies WHERE last_date >= {mark} GROUP BY desa_code")
    return sql, params + having_params + [period.start]


def _result(rows, *, by_date: bool) -> dict:
    if by_date:  # SQLite returns the date as text
        return {(desa, dt.date.fromisoformat(str(day)[:10])): int(n) for desa, day, n in rows}
    return {desa: int(n) for desa, n in rows}


def run_on_django(sql: str, params: list, *, by_date: bool = False) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _result(cursor.fetchall(), by_date=by_date)


def count_by_desa(count: Count, period: Period, *, scope_prefix: str = "", by_date: bool = False) -> dict:
    """Counts per desa code (or per (desa code, date) with `by_date`) from the deployment's own database."""
    return run_on_django(*count_sql(count, period, source=DJANGO_FACTS, scope_prefix=scope_prefix, by_date=by_date),
                         by_date=by_date)


def count_by_desa_duckdb(count: Count, period: Period, *, parquet_dir: str, scope_prefix: str = "",
                         by_date: bool = False) -> dict:
    """The same counts from Parquet facts with DuckDB (province and national tiers)."""
    import duckdb

    source = f"read_parquet('{parquet_dir}/**/*.parquet', hive_partitioning = true) facts"
    sql, params = count_sql(count, period, source=source, scope_prefix=scope_prefix, mark="?", by_date=by_date)
    return _result(duckdb.connect().execute(sql, params).fetchall(), by_date=by_date)
