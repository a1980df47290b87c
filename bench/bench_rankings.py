"""Rankings at national scale: `queries.ranking` beside the bare DuckDB statement and plain pandas.

For one indicator, each window (month, quarter, year-to-date, 12 months) and both scopes
(the country; one province), three ways to the same table — every commune with its value,
rank (ties share the best), number ranked, percentile, previous window's rank and change:
- ours: core.queries.ranking, as the pages call it (through a cursor on the attached file);
- bare DuckDB: the minimal statement a person would write by hand for that indicator and
  window, literals inlined, on the same connection (the faster of fetchall() and .pl());
- pandas: what an analyst writes on the observations held in memory: boolean masks,
  groupby, rank(method="min").
The three are run interleaved, `repeat` times each, and the medians reported; their ranks are
compared so that the timings are of the same result.

Usage: .venv/bin/python -m bench.bench_rankings --db artifacts/bench/national.duckdb [--repeat 15]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core import catalog, db, queries
from core.periods import previous_bounds, window_bounds

WINDOWS = ("month", "quarter", "ytd", "12m")
PROVINCE = 38  # Thanh Hóa, 166 communes
CODES = ("online_rate", "service_index")  # a ratio of sums; a latest value


@dataclass
class Case:
    code: str
    window: str
    scope: str  # national | province
    ours: float
    bare: float
    pandas: float
    agree: bool


# ---- the bare statement ---------------------------------------------------------------------------

def _bare_value(code: str, start: dt.date, end: dt.date) -> str:
    ind = catalog.indicator(code)
    between = f"period BETWEEN DATE '{start}' AND DATE '{end}'"
    if ind.is_derived:
        num, den = ind.numerator[0], ind.denominator[0]
        return (f"100 * sum(value) FILTER (WHERE indicator_code = '{num}' AND {between}) / "
                f"nullif(sum(value) FILTER (WHERE indicator_code = '{den}' AND {between}), 0)")
    return f"arg_max(value, period) FILTER (WHERE {between})"


def bare_sql(code: str, cur: tuple, prev: tuple, province: int | None) -> str:
    """Hand-written for one indicator, window and scope (what the bench compares against)."""
    ind = catalog.indicator(code)
    codes = ", ".join(f"'{c}'" for c in ([*ind.numerator, *ind.denominator] if ind.is_derived else [code]))
    order = "ASC" if ind.direction == "lower" else "DESC"
    part = "" if province is None else "PARTITION BY province_code"
    where = "" if province is None else f"WHERE province_code = {province}"
    return f"""
WITH v AS (
    SELECT commune_code, {_bare_value(code, *cur)} AS value, {_bare_value(code, *prev)} AS prev_value
    FROM observations WHERE indicator_code IN ({codes}) AND period BETWEEN DATE '{prev[0]}' AND DATE '{cur[1]}'
    GROUP BY commune_code
), r AS (
    SELECT c.commune_code, c.province_code, c.name, v.value, v.prev_value,
           CASE WHEN v.value IS NOT NULL THEN rank() OVER ({part} ORDER BY v.value {order} NULLS LAST) END AS rank,
           count(v.value) OVER ({part}) AS n,
           CASE WHEN v.prev_value IS NOT NULL THEN rank() OVER ({part} ORDER BY v.prev_value {order} NULLS LAST) END
               AS prev_rank
    FROM communes c LEFT JOIN v USING (commune_code) {where}
)
SELECT commune_code, province_code, name, value, rank, n,
       CASE WHEN n = 1 THEN 100.0 ELSE 100.0 * (n - rank) / (n - 1) END AS percentile,
       prev_value, prev_rank, prev_rank - rank AS rank_change
FROM r ORDER BY province_code, rank NULLS LAST, name"""


# ---- the pandas peer ------------------------------------------------------------------------------

def pandas_ranking(obs: pd.DataFrame, communes: pd.DataFrame, code: str, cur: tuple, prev: tuple,
                   province: int | None) -> pd.DataFrame:
    ind = catalog.indicator(code)

    def window_value(start, end) -> pd.Series:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        if ind.is_derived:
            num, den = ind.numerator[0], ind.denominator[0]
            rows = obs[obs["indicator_code"].isin([num, den]) & (obs["period"] >= start) & (obs["period"] <= end)]
            sums = rows.groupby(["commune_code", "indicator_code"])["value"].sum().unstack()
            return 100 * sums[num] / sums[den].replace(0, np.nan)
        rows = obs[(obs["indicator_code"] == code) & (obs["period"] >= start) & (obs["period"] <= end)]
        return rows.sort_values("period").groupby("commune_code")["value"].last()

    table = communes if province is None else communes[communes["province_code"] == province]
    table = table.copy()
    table["value"] = table["commune_code"].map(window_value(*cur))
    table["prev_value"] = table["commune_code"].map(window_value(*prev))
    ascending = ind.direction == "lower"
    groups = table.groupby("province_code") if province is not None else None
    for column, rank in (("value", "rank"), ("prev_value", "prev_rank")):
        source = groups[column] if groups is not None else table[column]
        table[rank] = source.rank(method="min", ascending=ascending)
    table["n"] = groups["value"].transform("count") if groups is not None else table["value"].count()
    table["percentile"] = np.where(table["n"] == 1, 100.0, 100 * (table["n"] - table["rank"]) / (table["n"] - 1))
    table["rank_change"] = table["prev_rank"] - table["rank"]
    return table.sort_values(["province_code", "rank", "name"], na_position="last")


# ---- timing ---------------------------------------------------------------------------------------

def _ranks(values) -> list:
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else int(v) for v in values]


def run(db_path: Path, repeat: int) -> tuple[list[Case], dict]:
    connection = db.open_reader(db_path)
    con = db.cursor(connection)
    started = time.perf_counter()
    obs = con.sql("SELECT commune_code, indicator_code, period, value FROM observations").df()
    communes = con.sql("SELECT commune_code, province_code, name FROM communes").df()
    setup = {"pandas_load_s": time.perf_counter() - started, "rows": len(obs)}
    end = queries.periods(con)[-1]
    cases = []
    for code in CODES:
        for window in WINDOWS:
            cur, prev = window_bounds(end, window), previous_bounds(end, window)
            for scope, province in (("national", None), ("province", PROVINCE)):
                cases.append(_case(con, obs, communes, code, window, scope, province, cur, prev, repeat))
    connection.close()
    return cases, setup


def _case(con, obs, communes, code, window, scope, province, cur, prev, repeat) -> Case:
    sql = bare_sql(code, cur, prev, province)
    runs = {
        "ours": lambda: queries.ranking(con, code=code, window=cur, previous=prev, province=province,
                                        national=province is None),
        "bare_fetchall": lambda: con.execute(sql).fetchall(),
        "bare_pl": lambda: con.sql(sql).pl(),
        "pandas": lambda: pandas_ranking(obs, communes, code, cur, prev, province),
    }
    samples: dict[str, list[float]] = {name: [] for name in runs}
    results = {name: fn() for name, fn in runs.items()}  # warm-up, and the results compared
    for _ in range(repeat):
        for name, fn in runs.items():
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    ms = {name: statistics.median(s) * 1000 for name, s in samples.items()}
    ours, bare, peer = results["ours"], results["bare_pl"], results["pandas"]
    agree = (_ranks(ours["rank"].to_list()) == _ranks(bare["rank"].to_list()) == _ranks(peer["rank"].tolist())
             and _ranks(ours["rank_change"].to_list()) == _ranks(peer["rank_change"].tolist()))
    return Case(code, window, scope, ms["ours"], min(ms["bare_fetchall"], ms["bare_pl"]), ms["pandas"], agree)


def markdown(cases: list[Case], setup: dict, repeat: int) -> list[str]:
    lines = [
        "### Rankings at national scale",
        "",
        f"`queries.ranking` (with rank change and percentile) on the national database ({setup['rows']:,} "
        f"observations), beside the bare DuckDB statement and plain pandas in memory (the frame loaded once, "
        f"{setup['pandas_load_s']:.1f} s, not counted). Median of {repeat} interleaved runs, warm. Budgets: "
        f"≤ 2× the bare statement and ≥ 5× faster than pandas.",
        "",
        "| indicator | window | scope | ours | bare DuckDB | ours ÷ bare (≤ 2) | pandas | pandas ÷ ours (≥ 5) "
        "| same ranks |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in cases:
        lines.append(
            f"| {c.code} | {c.window} | {c.scope} | {c.ours:.1f} ms | {c.bare:.1f} ms | "
            f"{c.ours / c.bare:.2f} {'✓' if c.ours <= 2 * c.bare else '✗'} | {c.pandas:.1f} ms | "
            f"{c.pandas / c.ours:.1f} {'✓' if c.pandas >= 5 * c.ours else '✗'} | {'yes' if c.agree else '**NO**'} |")
    met_bare = sum(c.ours <= 2 * c.bare for c in cases)
    met_pandas = sum(c.pandas >= 5 * c.ours for c in cases)
    lines += ["", f"Within 2× the bare statement: {met_bare} of {len(cases)}; at least 5× faster than pandas: "
                  f"{met_pandas} of {len(cases)}.", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    cases, setup = run(Path(args.db), args.repeat)
    print("\n".join(markdown(cases, setup, args.repeat)))


if __name__ == "__main__":
    main()
