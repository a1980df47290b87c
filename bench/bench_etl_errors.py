"""Time `python -m etl load` refusing a national file with about 200,000 errors.

Every commune (3,321) × 60 months (2021-01..2025-12) of dossiers received, every value -1 in a
long CSV: months before the reform are refused (179,334 rows), the others are negative counts
(19,926). The refusal must take seconds and print a page: per rule the first rows and a count.

Usage: .venv/bin/python -m bench.bench_etl_errors [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent


def build_csv(path: Path) -> int:
    from etl import masterdata

    months = pl.date_range(dt.date(2021, 1, 1), dt.date(2025, 12, 1), "1mo", eager=True)
    frame = (pl.DataFrame({"commune_code": masterdata.communes()["commune_code"]})
             .join(pl.DataFrame({"period": months}), how="cross")
             .with_columns(pl.col("commune_code").cast(pl.String).str.zfill(5), pl.col("period").dt.strftime("%Y-%m"),
                           pl.lit("dossiers_received").alias("indicator"), pl.lit(-1).alias("value")))
    frame.write_csv(path)
    return frame.height


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="folder to keep the file and database in")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench_errors_"))
    folder.mkdir(parents=True, exist_ok=True)
    csv, db = folder / "toan_quoc_loi.csv", folder / "bench.duckdb"
    rows = build_csv(csv)
    db.unlink(missing_ok=True)
    from etl import load

    empty = pl.DataFrame(schema=load.OBSERVATION_SCHEMA)
    load.commit([load.Batch("bench-seed", hashlib.sha256(b"bench").hexdigest(), "file", empty)], db, fresh=True)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "etl", "load", str(csv), "--db", str(db)], cwd=ROOT,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    lines = result.stderr.splitlines()
    print(f"file: {csv} ({rows:,} rows, {csv.stat().st_size / 1e6:.1f} MB)")
    print(f"python -m etl load (refused, exit {result.returncode}): {seconds:.2f} s, {len(lines)} lines printed, "
          f"{len(result.stderr):,} characters")
    print(lines[-2] if len(lines) > 1 else result.stderr)


if __name__ == "__main__":
    main()
