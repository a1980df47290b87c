"""The national data set of the benchmarks: every commune × 60 months, about 5 million values.

The demo generator (etl.demo.generate) drawn over 60 months from the two-level reform (2025-07,
the first month the communes exist; the loader refuses earlier months) to 2030-06 — volumes by
population, trends, seasonality, communes missing months — written as one long Parquet file
(commune_code, indicator_code, period, value), the form of a national export, so that it goes
through `python -m etl load` like any file. Those months lie partly in the future: the bench
validates the file as of AS_OF (bench.stages --as-of), as a loader would in mid-2030.

Usage: .venv/bin/python -m bench.national [--dir artifacts/bench] [--months 60]
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from core import catalog
from core.periods import add_months

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "artifacts" / "bench"
FIRST_MONTH = catalog.reform_month()


@dataclass
class NationalData:
    parquet: Path
    values: int
    first: dt.date
    last: dt.date
    seconds: float  # to generate and write

    @property
    def as_of(self) -> dt.date:
        """The day the bench validates the file as of: the month after its last."""
        return add_months(self.last, 1)


def build(folder: Path = DEFAULT_DIR, months: int = 60) -> NationalData:
    """Generate the data set into `folder`/national.parquet (reused when already there)."""
    import polars as pl

    from etl import demo

    folder.mkdir(parents=True, exist_ok=True)
    last = add_months(FIRST_MONTH, months - 1)
    path = folder / f"national_{FIRST_MONTH:%Y%m}_{last:%Y%m}.parquet"
    started = time.perf_counter()
    if not path.exists():
        observations, _ = demo.generate(FIRST_MONTH, last)
        part = path.with_suffix(".part")
        observations.write_parquet(part)
        part.replace(path)
    values = pl.scan_parquet(path).select(pl.len()).collect().item()
    return NationalData(path, values, FIRST_MONTH, last, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(DEFAULT_DIR))
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    data = build(Path(args.dir), args.months)
    print(f"{data.parquet}: {data.values:,} values, {data.first:%Y-%m}..{data.last:%Y-%m} ({data.seconds:.1f} s)")


if __name__ == "__main__":
    main()
