"""Page script timings at national scope: cold (empty caches) and cached (second run).

Usage: .venv/bin/python -m bench.bench_pages [--db PATH] [--repeat 3]
Runs each page under Streamlit's AppTest with ?scope=national on the demo database, each time
in a fresh process: 'cold' is the first script run (no query cached), 'cached' the median of
three reruns. Prints the median over --repeat processes. Record results in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from core import config

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "rankings", "map", "trends", "profile", "compare", "methodology"]
PARAMS = {"province": "38", "period": "2025-11", "window": "12m", "scope": "national",
          "indicator": "online_rate", "commune": "14923,14869"}


def _one(page: str) -> None:
    """In a fresh process: the first run (nothing cached) and a second run (cached)."""
    import duckdb  # noqa: F401  libraries loaded, as on a running server
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120)
    for key, value in PARAMS.items():
        at.query_params[key] = value
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    assert not at.exception, f"{page}: {at.exception}"
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - started)
    print(f"{cold:.3f} {statistics.median(samples):.3f}")


def time_page(page: str, repeat: int) -> tuple[float, float]:
    colds, warms = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-m", "bench.bench_pages", "--one", page], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
        colds.append(float(out[-2]))
        warms.append(float(out[-1]))
    return statistics.median(colds), statistics.median(warms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(config.database_path()))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["COMMUNE_DB"] = args.db
    if args.one:
        return _one(args.one)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {args.db}; params: {PARAMS}")
    print(f"{'page':<12} {'cold s':>8} {'cached s':>9}")
    for page in PAGES:
        cold, warm = time_page(page, args.repeat)
        print(f"{page:<12} {cold:>8.2f} {warm:>9.2f}")


if __name__ == "__main__":
    main()
