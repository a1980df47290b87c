"""National scale: ~8 million values (3,321 communes × 40 indicators × 60 months).

Usage: .venv/bin/python -m bench.bench_national [--months 60] [--db /tmp/national.duckdb]
Builds the database through the real load path (etl.load.commit), then times the read-side
queries the pages use. 25 catalog indicators carry values; 15 more codes outside the catalog
stand for the indicators a province may add, so the table has the design's volume.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

import numpy as np
import polars as pl

from core import catalog, db, queries
from core.periods import add_months, previous_bounds, window_bounds
from etl import masterdata
from etl.load import Batch, commit


def synthetic(months: int) -> pl.DataFrame:
    codes = [c for c, i in catalog.indicators().items() if not i.is_derived][:25]
    codes += [f"extra_{k:02d}" for k in range(40 - len(codes))]
    communes = masterdata.communes()["commune_code"].to_numpy()
    start = dt.date(2021, 11, 1)
    periods = np.array([np.datetime64(add_months(start, m), "D") for m in range(months)])
    rng = np.random.default_rng(7)
    n = len(communes) * len(codes) * months
    frame = pl.DataFrame({
        "commune_code": np.repeat(communes, len(codes) * months).astype(np.int32),
        "indicator_code": np.tile(np.repeat(np.array(codes), months), len(communes)),
        "period": np.tile(periods, len(communes) * len(codes)),
        "value": rng.gamma(2.0, 40.0, n).round(0),
    })
    return frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--db", default="/tmp/national.duckdb")
    args = parser.parse_args()
    path = Path(args.db)
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    frame = synthetic(args.months)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    commit([Batch(source="bench:national", sha256="bench", kind="file", observations=frame)], path, fresh=True)
    loaded = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{frame.height:,} values: generated {generated:.1f} s, loaded {loaded:.1f} s, "
          f"file {path.stat().st_size / 1e6:.0f} MB, peak RSS {peak_mb:.0f} MB")
    con = db.cursor(db.open_reader(path))
    end = queries.periods(con)[-1]
    for window in ("month", "12m"):
        cur, prev = window_bounds(end, window), previous_bounds(end, window)
        for code in ("dossiers_received", "online_rate", "service_index"):
            for label, province, national in (("national", None, True), ("Thanh Hóa", 38, False)):
                samples = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    queries.ranking(con, code=code, window=cur, previous=prev, province=province, national=national)
                    samples.append(time.perf_counter() - t0)
                print(f"ranking {code:<18} {window:<5} {label:<9} {sorted(samples)[1] * 1000:7.1f} ms")
    t0 = time.perf_counter()
    queries.monthly_values(con, codes=["online_rate"], start=add_months(end, -11), end=end, province=38)
    print(f"monthly_values online_rate, Thanh Hóa, 12 months: {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
