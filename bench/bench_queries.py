"""Query timings of the read side on the demo database (national and province scope).

Usage: .venv/bin/python -m bench.bench_queries [--db PATH]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

from core import db, queries
from core.periods import previous_bounds, window_bounds

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("COMMUNE_DB", str(ROOT / "data" / "communes.duckdb")))
    args = parser.parse_args()
    con = db.cursor(db.open_reader(Path(args.db)))
    rows = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
    end = queries.periods(con)[-1]
    print(f"database: {args.db} ({rows:,} observations, latest {end:%Y-%m})")
    for window in ("month", "12m"):
        cur, prev = window_bounds(end, window), previous_bounds(end, window)
        for code in ("service_index", "online_rate"):
            def rank(province, national, code=code, cur=cur, prev=prev):
                return queries.ranking(con, code=code, window=cur, previous=prev, province=province,
                                       national=national)
            national = timed(lambda: rank(None, True))
            province = timed(lambda: rank(38, False))
            print(f"ranking {code:<14} {window:<6} national {national:7.1f} ms   province {province:7.1f} ms")
    months = timed(lambda: queries.monthly_values(con, codes=["online_rate"], start=dt.date(2025, 7, 1),
                                                  end=end, province=None))
    print(f"monthly_values online_rate, all communes, all months: {months:.1f} ms")


if __name__ == "__main__":
    main()
