"""Every query of the read side, named, with its grain and parameters.

All values reach DuckDB as bound parameters (`$name`); the only text composed here is
constant SQL fragments of this module. How each kind of indicator combines over a window
(DESIGN.md) is decided here and nowhere else:

- count: the sum over the window;
- rate with a formula: 100 × sum(numerator) / sum(denominator) over the window (a ratio of
  sums), or, where the window has no counts, the latest reported rate in the window;
- stock, score, reported rate, category: the latest value inside the window;
- context: the latest value at or before the window's end (population from last year still
  describes the commune).

Functions take a DuckDB connection (a cursor on the attached live file) as their only
positional argument, every parameter after it by keyword, and return polars. An indicator's
ranking direction is never a parameter: it comes from the catalog.

A window is a pair (first month, last month), both first days of months.
"""
from __future__ import annotations

import datetime as dt
import re

import duckdb
import polars as pl

from core import catalog

Window = tuple[dt.date, dt.date]

# ---- values over windows: what window_values, ranking and profile_ranks start from ----------
# VALUES_SQL: one row per commune in scope (every commune of $province, or of the country when
# NULL) × indicator code read, with that code's aggregates over each window {w}: the sum, the
# latest value inside the window and the latest value up to its end. `_values` then combines
# them per requested indicator (DESIGN.md "Periods and windows"): a count is its sum, a derived
# rate the ratio of its formula's sums (or, where the window has no counts, the latest
# reported rate), context the latest value up to the window's end, anything else the latest
# value inside the window.
#
# The statement is built for the indicators asked before it reaches DuckDB: the catalog gives
# the codes each one reads, bound as $code_0, $code_1 …, so the one scan filters on
# indicator_code IN (…) and the months of the windows. Stored sorted by indicator and month
# (etl/schema.py), it reads only the row groups of those codes and months; every window comes
# from that one pass (aggregate FILTERs). Context (population, area) is read up to the last
# month however old, in a second scan of its own codes. The text is constant fragments of
# this module; every value is a bound parameter. Equal, row for row, to the generic statement
# it replaced (tests/test_ranking_paths.py).
VALUES_SQL = """
WITH scope_communes AS (
    SELECT commune_code, province_code, name, division_type FROM communes
    WHERE $province IS NULL OR province_code = $province
),
scanned AS (
    SELECT commune_code, indicator_code, period, value FROM observations
    WHERE indicator_code IN ({codes}) AND period BETWEEN $first_month AND $last_month{context_scan}
),
by_code AS (
    SELECT commune_code, indicator_code, {aggregates}
    FROM scanned WHERE commune_code IN (SELECT commune_code FROM scope_communes)
    GROUP BY commune_code, indicator_code
)
SELECT * FROM by_code"""

_CONTEXT_SCAN = """
    UNION ALL
    SELECT commune_code, indicator_code, period, value FROM observations
    WHERE indicator_code IN ({context}) AND period <= $last_month"""

# The aggregates of one code over window {w}: its sum, its latest value inside the window, its
# latest value up to the window's end (only those the requested indicators use are computed).
_AGGREGATES = {"sum": "sum(value) FILTER (WHERE period BETWEEN ${w}_start AND ${w}_end) AS {w}_sum",
               "latest": "arg_max(value, period) FILTER (WHERE period BETWEEN ${w}_start AND ${w}_end) AS {w}_latest",
               "upto": "arg_max(value, period) FILTER (WHERE period <= ${w}_end) AS {w}_upto"}
_SCOPE_COLUMNS = ["commune_code", "province_code", "name", "division_type"]
SCOPE_SQL = """
SELECT commune_code, province_code, name, division_type FROM communes
WHERE $province IS NULL OR province_code = $province"""


def _measures(ind: catalog.Indicator) -> set[str]:
    if ind.kind == "count":
        return {"sum"}
    if ind.is_derived:
        return {"sum", "latest"}
    return {"upto"} if ind.kind == "context" else {"latest"}


def _values(con, codes: list[str], windows: dict[str, Window], province: int | None) -> pl.DataFrame:
    """The communes in scope (commune_code, province_code, name, division_type) with one column per
    catalog indicator in `codes` × named window: its value, named f"{code}@{window name}"."""
    indicators = [catalog.indicator(code) for code in codes]
    needed = list(dict.fromkeys(c for ind in indicators for c in (ind.code, *ind.numerator, *ind.denominator)))
    names = {c: f"$code_{i}" for i, c in enumerate(needed)}
    context = [c for c in needed if catalog.indicator(c).kind == "context"]
    plain = [c for c in needed if c not in context] or [None]
    kinds = [m for m in _AGGREGATES if any(m in _measures(ind) for ind in indicators)]
    sql = VALUES_SQL.format(
        codes=", ".join(names[c] if c else "NULL" for c in plain),
        context_scan=_CONTEXT_SCAN.format(context=", ".join(names[c] for c in context)) if context else "",
        aggregates=", ".join(_AGGREGATES[m].format(w=w) for w in windows for m in kinds))
    params = {"province": province, "first_month": min(w[0] for w in windows.values()),
              "last_month": max(w[1] for w in windows.values()), **{n[1:]: c for c, n in names.items()},
              **{f"{w}_{edge}": bounds[k] for w, bounds in windows.items() for k, edge in enumerate(("start", "end"))}}
    long = _run(con, sql, _used(sql, params))
    scope = _run(con, SCOPE_SQL, {"province": province})
    for measure in (f"{w}_{m}" for w in windows for m in kinds) if long.height else ():
        # one column per measure × code, named "measure|code"
        wide = long.pivot(on="indicator_code", index="commune_code", values=measure)
        scope = scope.join(wide.rename({c: f"{measure}|{c}" for c in wide.columns if c != "commune_code"}),
                           on="commune_code", how="left")
    present = set(scope.columns)

    def column(measure: str, code: str) -> pl.Expr:
        name = f"{measure}|{code}"
        return pl.col(name) if name in present else pl.lit(None, pl.Float64)

    def total(measure: str, codes_: tuple[str, ...]) -> pl.Expr:  # NULL when none has a value, as SQL sum()
        parts = [column(measure, c) for c in codes_]
        return pl.when(pl.any_horizontal([p.is_not_null() for p in parts])).then(pl.sum_horizontal(parts))

    def value(ind: catalog.Indicator, w: str) -> pl.Expr:
        if ind.kind == "count":
            return column(f"{w}_sum", ind.code)
        if ind.is_derived:
            num, den = total(f"{w}_sum", ind.numerator), total(f"{w}_sum", ind.denominator)
            ratio = pl.when(den != 0).then(100 * num / den)
            return pl.coalesce(ratio, column(f"{w}_latest", ind.code))
        if ind.kind == "context":
            return column(f"{w}_upto", ind.code)
        return column(f"{w}_latest", ind.code)

    return scope.select(*_SCOPE_COLUMNS, *[value(ind, w).cast(pl.Float64).alias(f"{ind.code}@{w}")
                                           for ind in indicators for w in windows])


_SCOPE = """
scope_communes AS (
    SELECT commune_code, province_code, name, division_type FROM communes
    WHERE $province IS NULL OR province_code = $province
)"""


def _used(sql: str, params: dict) -> dict:
    """The parameters a statement names (DuckDB refuses unused ones; context needs no window start)."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def _with(*parts: str) -> str:
    return "WITH " + ",".join(parts)


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pl.DataFrame:
    return con.sql(sql, params=params).pl()


def _catalog_codes(codes: list[str]) -> list[str]:
    """The requested codes the catalog knows, each once, in the order given."""
    known = catalog.indicators()
    return [c for c in dict.fromkeys(codes) if c in known]


# ---- window_values: commune × indicator values over one window ------------------------------
# Grain: one row per commune in scope × requested catalog indicator (value NULL = no data),
# ordered by indicator_code, commune_code.
_WINDOW_VALUES_SCHEMA = {"commune_code": pl.Int32, "province_code": pl.Int32, "name": pl.String,
                         "division_type": pl.String, "indicator_code": pl.String, "value": pl.Float64}


def window_values(con, *, codes: list[str], window: Window, province: int | None) -> pl.DataFrame:
    """One row per commune in scope × indicator: value over the window (NULL = no data)."""
    codes = _catalog_codes(codes)
    if not codes:
        return pl.DataFrame(schema=_WINDOW_VALUES_SCHEMA)
    wide = _values(con, codes, {"cur": window}, province)
    return pl.concat([wide.select(*_SCOPE_COLUMNS, pl.lit(code).alias("indicator_code"),
                                  pl.col(f"{code}@cur").alias("value")) for code in codes]
                     ).sort("indicator_code", "commune_code")


# ---- ranking: one indicator, ranked, with the previous window's rank -----------------------
# Grain: one row per commune in scope. Rank 1 is best; ties share the best rank (1, 2, 2, 4);
# communes without a value are unranked (NULL rank). National ranking ranks across the
# country, else within each province. Percentile = 100 × (n − rank) / (n − 1), 100 when n = 1.
#
# For one indicator the values of both windows are columns of one aggregate, without the
# per-code rows VALUES_SQL returns (half the time at national scale): the same fragments of
# "Periods and windows" written as FILTERs on the one scan, the codes bound as $code_0 …
# DuckDB returns the values; the ranks are computed by `_ranked` (a few thousand rows: polars
# ranks them in a fraction of a millisecond, where each SQL window operator costs more than a
# millisecond at any size). Equal, row for row, to the generic statement (tests/test_ranking_paths.py).
RANKING_SQL = """
WITH scope_communes AS (
    SELECT commune_code, province_code, name, division_type FROM communes
    WHERE $province IS NULL OR province_code = $province
),
window_values AS (
    SELECT commune_code, {cur} AS value, {prev} AS prev_value
    FROM observations
    WHERE indicator_code IN ({codes}) AND period <= $cur_end {lower_bound}
    GROUP BY commune_code
)
SELECT s.commune_code, s.province_code, s.name, s.division_type, v.value, v.prev_value
FROM scope_communes s LEFT JOIN window_values v USING (commune_code)"""

# One indicator over window {p}; {own} is its code's parameter, {num}/{den} its formula's.
_IN_WINDOW = "period BETWEEN ${p}_start AND ${p}_end"
_ONE_CODE = {
    "sum": "sum(value) FILTER (WHERE indicator_code = {own} AND " + _IN_WINDOW + ")",
    "latest": "arg_max(value, period) FILTER (WHERE indicator_code = {own} AND " + _IN_WINDOW + ")",
    "upto": "arg_max(value, period) FILTER (WHERE indicator_code = {own} AND period <= ${p}_end)",
    "ratio": ("coalesce(100 * sum(value) FILTER (WHERE indicator_code IN ({num}) AND " + _IN_WINDOW + ")"
              " / nullif(sum(value) FILTER (WHERE indicator_code IN ({den}) AND " + _IN_WINDOW + "), 0), "
              "arg_max(value, period) FILTER (WHERE indicator_code = {own} AND " + _IN_WINDOW + "))"),
}


def _ranking_statement(code: str) -> tuple[str, dict]:
    """RANKING_SQL for one catalog indicator, and the parameters naming the codes it reads."""
    ind = catalog.indicator(code)
    codes = list(dict.fromkeys([code, *ind.numerator, *ind.denominator]))
    names = {c: f"$code_{i}" for i, c in enumerate(codes)}
    if ind.kind == "count":
        template = _ONE_CODE["sum"]
    elif ind.is_derived:
        template = _ONE_CODE["ratio"]
    elif ind.kind == "context":  # the latest known at the window's end, however old
        template = _ONE_CODE["upto"]
    else:
        template = _ONE_CODE["latest"]

    def value(p: str) -> str:
        return template.replace("{p}", p).format(
            own=names[code], num=", ".join(names[c] for c in ind.numerator),
            den=", ".join(names[c] for c in ind.denominator))

    sql = RANKING_SQL.format(
        cur=value("cur"), prev=value("prev"), codes=", ".join(names.values()),
        lower_bound="" if ind.kind == "context" else "AND period >= least($cur_start, $prev_start)")
    return sql, {f"code_{i}": c for i, c in enumerate(codes)}


def _ranked(values: pl.DataFrame, sign: int, national: bool) -> pl.DataFrame:
    """Values ranked: rank (ties share the best; NULL value, no rank), n_ranked, n_total,
    percentile, the previous window's rank and the change."""
    def within(expr: pl.Expr) -> pl.Expr:
        return expr if national else expr.over("province_code")

    def rank(column: str) -> pl.Expr:
        return within((pl.col(column).round(9) * sign).rank("min")).cast(pl.Int32)

    ranked = values.with_columns(
        rank("value").alias("rank"), within(pl.col("value").count()).cast(pl.Int32).alias("n_ranked"),
        within(pl.len()).cast(pl.Int32).alias("n_total"), rank("prev_value").alias("prev_rank"))
    return ranked.select(
        "commune_code", "province_code", "name", "division_type", "value", "rank", "n_ranked", "n_total",
        _percentile(), "prev_value", "prev_rank", (pl.col("prev_rank") - pl.col("rank")).alias("rank_change"),
    ).sort("province_code", "rank", "name", nulls_last=True)


def _percentile() -> pl.Expr:
    return (pl.when(pl.col("rank").is_null()).then(None).when(pl.col("n_ranked") == 1).then(100.0)
            .otherwise(100.0 * (pl.col("n_ranked") - pl.col("rank")) / (pl.col("n_ranked") - 1)).alias("percentile"))


def _sign(code: str) -> int:
    """The ranking order of an indicator from the catalog: +1 when lower is better, else -1
    (`none` ranks high to low, for reference)."""
    return 1 if catalog.indicator(code).direction == "lower" else -1


def ranking(con, *, code: str, window: Window, previous: Window, province: int | None,
            national: bool) -> pl.DataFrame:
    """Communes in scope ranked on one indicator, with rank change against the previous window.

    `province` limits the rows returned (None = all); `national` ranks across the country
    (rows of one province then carry their national ranks: pass province=None).
    """
    sql, codes = _ranking_statement(code)
    params = {**codes, "cur_start": window[0], "cur_end": window[1], "prev_start": previous[0],
              "prev_end": previous[1], "province": province}
    return _ranked(_run(con, sql, _used(sql, params)), _sign(code), national)


# ---- monthly_values: the month-by-month series of indicators -------------------------------
# Grain: one row per commune × indicator × month with a value, month window semantics
# (a derived rate is the month's own ratio, or the reported rate of that month).
MONTHLY_VALUES_SQL = """
WITH wanted AS (
    SELECT indicator_code, kind, numerator_codes, denominator_codes
    FROM indicators WHERE list_contains($codes, indicator_code)
),
needed AS (
    SELECT DISTINCT unnest(list_concat([indicator_code], numerator_codes, denominator_codes)) AS code
    FROM wanted
),
scope_communes AS (
    SELECT commune_code FROM communes
    WHERE ($province IS NULL OR province_code = $province)
      AND ($communes IS NULL OR list_contains($communes, commune_code))
),
obs AS (
    SELECT o.commune_code, o.indicator_code, o.period, o.value FROM observations o
    JOIN scope_communes USING (commune_code)
    WHERE o.indicator_code IN (SELECT code FROM needed) AND o.period BETWEEN $start AND $end
),
direct AS (
    SELECT o.commune_code, w.indicator_code, o.period, o.value
    FROM obs o JOIN wanted w USING (indicator_code)
),
ratio AS (
    SELECT o.commune_code, w.indicator_code, o.period,
           100 * sum(o.value) FILTER (WHERE list_contains(w.numerator_codes, o.indicator_code))
               / nullif(sum(o.value) FILTER (WHERE list_contains(w.denominator_codes, o.indicator_code)), 0)
               AS value
    FROM wanted w JOIN obs o ON list_contains(list_concat(w.numerator_codes, w.denominator_codes), o.indicator_code)
    WHERE len(w.numerator_codes) > 0
    GROUP BY ALL
)
SELECT coalesce(r.commune_code, d.commune_code) AS commune_code,
       coalesce(r.indicator_code, d.indicator_code) AS indicator_code,
       coalesce(r.period, d.period) AS period,
       coalesce(r.value, d.value) AS value
FROM ratio r FULL JOIN direct d
  ON r.commune_code = d.commune_code AND r.indicator_code = d.indicator_code AND r.period = d.period
WHERE coalesce(r.value, d.value) IS NOT NULL
ORDER BY indicator_code, commune_code, period"""


def monthly_values(con, *, codes: list[str], start: dt.date, end: dt.date, province: int | None,
                   communes: list[int] | None = None) -> pl.DataFrame:
    """Month-by-month values of indicators for the communes of a province (or listed ones)."""
    return _run(con, MONTHLY_VALUES_SQL, {"codes": list(codes), "start": start, "end": end,
                                          "province": province,
                                          "communes": list(communes) if communes else None})


# ---- r57_window: each commune's Resolution 57 status at the end of a window ----------------
# Grain: one row per commune in scope; status NULL = not reported in the window.
R57_WINDOW_SQL = _with(_SCOPE) + """,
latest AS (
    SELECT commune_code, arg_max(status, period) AS status, arg_max(label, period) AS label,
           max(period) AS status_period
    FROM r57_status WHERE period BETWEEN $start AND $end GROUP BY ALL
)
SELECT s.commune_code, s.province_code, s.name, s.division_type, l.status, l.label, l.status_period
FROM scope_communes s LEFT JOIN latest l USING (commune_code)
ORDER BY s.commune_code"""


def r57_window(con, *, window: Window, province: int | None) -> pl.DataFrame:
    """One row per commune in scope: its latest Resolution 57 status in the window (NULL = not reported)."""
    return _run(con, R57_WINDOW_SQL, {"start": window[0], "end": window[1], "province": province})


# ---- r57_history: one commune's status month by month ---------------------------------------
R57_HISTORY_SQL = """
SELECT period, status, label, note FROM r57_status WHERE commune_code = $commune ORDER BY period"""


def r57_history(con, *, commune: int) -> pl.DataFrame:
    """One commune's Resolution 57 status, one row per month reported."""
    return _run(con, R57_HISTORY_SQL, {"commune": commune})


# ---- reference data ------------------------------------------------------------------------
PROVINCES_SQL = """
SELECT p.province_code, p.name, count(c.commune_code)::INTEGER AS communes
FROM provinces p LEFT JOIN communes c USING (province_code)
GROUP BY ALL ORDER BY p.province_code"""


def provinces(con) -> pl.DataFrame:
    """One row per province with its number of communes."""
    return _run(con, PROVINCES_SQL, {})


COMMUNES_SQL = """
SELECT commune_code, province_code, name, division_type, ascii_key, area_km2, population, lon, lat,
       formed_from
FROM communes WHERE $province IS NULL OR province_code = $province ORDER BY commune_code"""


def communes(con, *, province: int | None) -> pl.DataFrame:
    """One row per commune of a province (or of the country)."""
    return _run(con, COMMUNES_SQL, {"province": province})


OLD_COMMUNES_SQL = """
SELECT old_code, old_name, old_district_name, old_province_name, merge_type
FROM old_communes WHERE new_code = $commune ORDER BY old_district_name, old_name"""


def old_communes(con, *, commune: int) -> pl.DataFrame:
    """The pre-July-2025 communes a new commune was formed from."""
    return _run(con, OLD_COMMUNES_SQL, {"commune": commune})


PERIODS_SQL = """
SELECT DISTINCT period FROM observations ORDER BY period"""


def periods(con) -> list[dt.date]:
    """Every month that has observations, oldest first."""
    return [row[0] for row in con.execute(PERIODS_SQL).fetchall()]


# Grain: one row per load (a file, the demo, or a rollback: kind 'rollback', rollback_of = the
# load it undid; a rolled-back load has rolled_back_by/_at), newest first, every column of
# `loads` (etl/schema.py). Every column, not a list: a database written before rollback existed
# (schema 1) lacks the history columns until its next load, and its pages must still show.
LOADS_SQL = """
SELECT * FROM loads ORDER BY load_id DESC"""


def loads(con) -> pl.DataFrame:
    """Every load, newest first, rolled-back ones and rollbacks included."""
    return _run(con, LOADS_SQL, {})


# Whether the database holds demo figures (or statuses) now, and real ones: a demo load whose
# figures were all replaced or removed (--replace-demo) no longer counts.
DATA_STATUS_SQL = """
WITH demo AS (SELECT load_id FROM loads WHERE is_demo), real AS (SELECT load_id FROM loads WHERE NOT is_demo)
SELECT EXISTS (SELECT 1 FROM observations WHERE load_id IN (SELECT load_id FROM demo))
           OR EXISTS (SELECT 1 FROM r57_status WHERE load_id IN (SELECT load_id FROM demo)) AS has_demo,
       EXISTS (SELECT 1 FROM observations WHERE load_id IN (SELECT load_id FROM real))
           OR EXISTS (SELECT 1 FROM r57_status WHERE load_id IN (SELECT load_id FROM real)) AS has_real,
       (SELECT max(period) FROM observations) AS latest_period,
       (SELECT max(loaded_at) FROM loads) AS last_loaded_at"""


def data_status(con) -> dict:
    """Whether the database holds demo figures now (has_demo) and real ones (has_real), its latest
    month and its last load time."""
    has_demo, has_real, latest, loaded_at = con.execute(DATA_STATUS_SQL).fetchall()[0]
    return {"has_demo": bool(has_demo), "has_real": bool(has_real), "latest_period": latest,
            "last_loaded_at": loaded_at}


COVERAGE_SQL = """
WITH scope_communes AS (
    SELECT commune_code FROM communes WHERE $province IS NULL OR province_code = $province
),
stored AS (SELECT indicator_code FROM indicators WHERE len(numerator_codes) = 0)
SELECT st.indicator_code,
       count(DISTINCT o.commune_code)::INTEGER AS communes_with_data,
       (SELECT count(*) FROM scope_communes)::INTEGER AS communes_total
FROM stored st
LEFT JOIN observations o ON o.indicator_code = st.indicator_code AND o.period = $period
     AND o.commune_code IN (SELECT commune_code FROM scope_communes)
GROUP BY ALL ORDER BY st.indicator_code"""


def coverage(con, *, period: dt.date, province: int | None) -> pl.DataFrame:
    """Per stored indicator: how many communes of the scope report it in a month."""
    return _run(con, COVERAGE_SQL, {"period": period, "province": province})


MISSING_SQL = """
SELECT c.commune_code, c.name, i.indicator_code
FROM communes c CROSS JOIN indicators i
WHERE c.province_code = $province AND len(i.numerator_codes) = 0 AND i.kind <> 'context'
  AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.commune_code = c.commune_code
                  AND o.indicator_code = i.indicator_code AND o.period = $period)
ORDER BY c.name, i.indicator_code"""


def missing(con, *, period: dt.date, province: int) -> pl.DataFrame:
    """Which communes of a province lack which stored indicator in a month."""
    return _run(con, MISSING_SQL, {"period": period, "province": province})


# ---- reported_counts: how many communes have each indicator, and a status, in a month ------
# Grain: one row per indicator_code with observations in the month, plus 'r57_status' (the
# Resolution 57 statuses, as load summaries name them). Any indicator, derived ones included
# (a reported rate is stored where a file gives no counts). Parameters: $period DATE;
# $province INTEGER or NULL (the whole country).
REPORTED_COUNTS_SQL = """
WITH scope_communes AS (
    SELECT commune_code FROM communes WHERE $province IS NULL OR province_code = $province
)
SELECT o.indicator_code, count(*)::INTEGER AS communes
FROM observations o JOIN scope_communes USING (commune_code)
WHERE o.period = $period
GROUP BY ALL
UNION ALL
SELECT 'r57_status' AS indicator_code, count(*)::INTEGER AS communes
FROM r57_status s JOIN scope_communes USING (commune_code)
WHERE s.period = $period
ORDER BY indicator_code"""


def reported_counts(con, *, period: dt.date, province: int | None) -> pl.DataFrame:
    """indicator_code ('r57_status' for the statuses) → communes of the scope with a value that month."""
    return _run(con, REPORTED_COUNTS_SQL, {"period": period, "province": province})


# ---- communes_without: the communes of a scope lacking one indicator in a month -------------
# Grain: one row per commune of the scope without an observation of $indicator in $period,
# in code order. Parameters: $indicator VARCHAR; $period DATE; $province INTEGER or NULL.
COMMUNES_WITHOUT_SQL = """
SELECT c.commune_code, c.name
FROM communes c
WHERE ($province IS NULL OR c.province_code = $province)
  AND NOT EXISTS (SELECT 1 FROM observations o
                  WHERE o.commune_code = c.commune_code AND o.period = $period
                    AND o.indicator_code = $indicator)
ORDER BY c.commune_code"""


def communes_without(con, *, indicator: str, period: dt.date, province: int | None) -> pl.DataFrame:
    """The communes of a province (or the country) with no value of an indicator in a month."""
    return _run(con, COMMUNES_WITHOUT_SQL, {"indicator": indicator, "period": period, "province": province})


# ---- communes_without_status: the communes of a scope with no Resolution 57 status ----------
# Grain: one row per commune of the scope without a status in $period (not reported), in
# code order. Parameters: $period DATE; $province INTEGER or NULL.
COMMUNES_WITHOUT_STATUS_SQL = """
SELECT c.commune_code, c.name
FROM communes c
WHERE ($province IS NULL OR c.province_code = $province)
  AND NOT EXISTS (SELECT 1 FROM r57_status s WHERE s.commune_code = c.commune_code AND s.period = $period)
ORDER BY c.commune_code"""


def communes_without_status(con, *, period: dt.date, province: int | None) -> pl.DataFrame:
    """The communes of a province (or the country) with no Resolution 57 status in a month."""
    return _run(con, COMMUNES_WITHOUT_STATUS_SQL, {"period": period, "province": province})


PUBLIC_FIGURES_SQL = """
SELECT commune_code, indicator_code, period_from, period_to, published, relation, value, tolerance, source
FROM public_figures WHERE $commune IS NULL OR commune_code = $commune
ORDER BY commune_code, period_from, indicator_code"""


def public_figures(con, *, commune: int | None = None) -> pl.DataFrame:
    """Figures from public reports that the demo reproduces, with their sources."""
    return _run(con, PUBLIC_FIGURES_SQL, {"commune": commune})


# ---- profile_ranks: every requested indicator ranked at once, for a commune's scorecard ------
# Grain: one row per commune of the province × requested indicator: value over the window,
# rank within the province (1 = best, in the indicator's direction from the catalog; `none`
# ranks high to low for reference), n_ranked, n_total and percentile, with the same rules as
# `ranking` (ties share the best rank, no value = unranked); ordered by indicator_code, rank
# (unranked last), name. The values of every indicator come from one VALUES_SQL statement.

def profile_ranks(con, *, codes: list[str], window: Window, province: int) -> pl.DataFrame:
    """Every commune of a province × indicator: value, province rank, n_ranked, n_total, percentile."""
    values = window_values(con, codes=codes, window=window, province=province)
    sign = pl.col("indicator_code").replace_strict(
        {code: _sign(code) for code in _catalog_codes(codes)}, return_dtype=pl.Int32, default=-1)
    ranked = values.with_columns(
        (pl.col("value").round(9) * sign).rank("min").over("indicator_code").cast(pl.Int32).alias("rank"),
        pl.col("value").count().over("indicator_code").cast(pl.Int32).alias("n_ranked"),
        pl.len().over("indicator_code").cast(pl.Int32).alias("n_total"))
    return ranked.select("commune_code", "name", "indicator_code", "value", "rank", "n_ranked", "n_total",
                         _percentile()).sort("indicator_code", "rank", "name", nulls_last=True)


# ---- monthly_ranks: each commune's rank within its province, month by month -----------------
# Grain: one row per commune of the province × month with a value of one indicator (month
# window semantics, as monthly_values). Rank 1 is best ($sign = -1 when higher is better, +1
# when lower is better); ties share the best rank; n_ranked = communes with a value that month,
# n_total = communes of the province. Parameters: $codes VARCHAR[] (one code); $start, $end
# DATE; $province INTEGER; $communes INTEGER[] = NULL (all); $sign INTEGER.
MONTHLY_RANKS_SQL = """
WITH monthly AS (""" + MONTHLY_VALUES_SQL + """
),
ranked AS (
    SELECT commune_code, period, value,
           rank() OVER (PARTITION BY period ORDER BY round(value, 9) * $sign) AS rank,
           count(*) OVER (PARTITION BY period) AS n_ranked
    FROM monthly
)
SELECT r.commune_code, c.name, r.period, r.value, r.rank::INTEGER AS rank, r.n_ranked::INTEGER AS n_ranked,
       (SELECT count(*) FROM communes WHERE province_code = $province)::INTEGER AS n_total
FROM ranked r JOIN communes c USING (commune_code)
ORDER BY r.period, r.rank, c.name"""


def monthly_ranks(con, *, code: str, start: dt.date, end: dt.date, province: int) -> pl.DataFrame:
    """Every commune of a province × month: the indicator's value and its rank in the province."""
    return _run(con, MONTHLY_RANKS_SQL, {"codes": [code], "start": start, "end": end, "province": province,
                                         "communes": None, "sign": _sign(code)})


# ---- figure_sources: the loads that the figures of a scope and window came from -------------
# Grain: one row per load with at least one observation of a commune of the scope inside the
# window, newest first: the files an export names as its source ("Nguồn: … tệp a.xlsx").
# Parameters: $start, $end DATE; $province INTEGER or NULL (the whole country).
FIGURE_SOURCES_SQL = """
WITH used AS (
    SELECT DISTINCT o.load_id FROM observations o
    JOIN communes c USING (commune_code)
    WHERE o.period BETWEEN $start AND $end AND ($province IS NULL OR c.province_code = $province)
)
SELECT l.load_id, l.source, l.is_demo, l.loaded_at
FROM loads l JOIN used USING (load_id)
ORDER BY l.loaded_at DESC, l.load_id DESC"""


def figure_sources(con, *, window: Window, province: int | None) -> pl.DataFrame:
    """The loads (file names, demo or not) that a scope's figures over a window came from, newest first."""
    return _run(con, FIGURE_SOURCES_SQL, {"start": window[0], "end": window[1], "province": province})
