"""Page script timings at national scope: cold (empty caches) and cached (second run).

Usage: .venv/bin/python -m bench.bench_pages [--db PATH] [--repeat 3]
Runs each page under Streamlit's AppTest with ?scope=national on the demo database and
prints the median wall time of the whole script run. Record results in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "rankings", "map", "trends", "profile", "compare", "methodology"]
PARAMS = {"province": "38", "period": "2025-11", "window": "12m", "scope": "national",
          "indicator": "online_rate", "commune": "14923,14869"}


def time_page(page: str, repeat: int) -> tuple[float, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    colds, warms = [], []
    for _ in range(repeat):
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120)
        for key, value in PARAMS.items():
            at.query_params[key] = value
        started = time.perf_counter()
        at.run()
        colds.append(time.perf_counter() - started)
        assert not at.exception, f"{page}: {at.exception}"
        started = time.perf_counter()
        at.run()
        warms.append(time.perf_counter() - started)
    return statistics.median(colds), statistics.median(warms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("COMMUNE_DB", str(ROOT / "data" / "communes.duckdb")))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["COMMUNE_DB"] = args.db
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {args.db}; params: {PARAMS}")
    print(f"{'page':<12} {'cold s':>8} {'cached s':>9}")
    for page in PAGES:
        cold, warm = time_page(page, args.repeat)
        print(f"{page:<12} {cold:>8.2f} {warm:>9.2f}")


if __name__ == "__main__":
    main()
