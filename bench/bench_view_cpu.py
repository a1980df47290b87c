"""CPU per page view, browser and server apart: what one view of each page costs the machine.

Usage: .venv/bin/python -m bench.bench_view_cpu [--db artifacts/bench/national.duckdb] [--repeat 3]

One app server on the database and one Debian chromium; one browser context that has seen every
page once (its HTTP cache warm, as a person's browser after the first page), then each page is
opened by its link (a new Streamlit session, as in the load test) at province and at national
scope, one after another; for each view the CPU seconds of chromium's processes and of the
server's process tree from the navigation's start to the page settled (bench/browser.py). CPU
seconds, unlike wall time, hardly depend on what else the machine is doing: they say which part
of which page a load test of many sessions on two cores spends its cores on.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench import browser as live

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "artifacts" / "bench" / "national.duckdb"
PAGES = ["", "rankings", "map", "trends", "profile", "compare", "methodology"]
QUERIES = {"province": "?province=38&window=12m&indicator=online_rate",
           "national": "?province=38&scope=national&window=12m&indicator=online_rate"}


def measure(db_path: Path, repeat: int, pages: list[str]) -> dict[tuple[str, str], list[tuple[float, float, float]]]:
    """(page, scope) → [(browser CPU s, server CPU s, settled s)] per view."""
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    with live.streamlit_server("app.py", {"COMMUNE_DB": str(db_path)}) as (app, url), live.chromium() as browser:
        context, page = live.new_recorded_page(browser)
        try:
            for path in pages:  # warm: the server's caches and the context's HTTP cache
                for query in QUERIES.values():
                    live.settled_ms(page, f"{url}/{path}{query}", timeout_ms=180_000)
            for _ in range(repeat):
                for path in pages:
                    for scope, query in QUERIES.items():
                        with live.CpuSampler(app.pid, interval=0.2) as cpu:
                            settled = live.settled_ms(page, f"{url}/{path}{query}", timeout_ms=180_000)
                        used = cpu.seconds()
                        results.setdefault((path or "overview", scope), []).append(
                            (used["browser"], used["server"], settled / 1000))
        finally:
            context.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", default=",".join(p or "overview" for p in PAGES))
    args = parser.parse_args()
    pages = ["" if p == "overview" else p for p in args.pages.split(",")]
    results = measure(Path(args.db).resolve(), args.repeat, pages)
    print("| page | scope | browser CPU | server CPU | settled |\n|---|---|---|---|---|")
    for (page, scope), views in results.items():
        browser, server, settled = (statistics.median(v[i] for v in views) for i in range(3))
        print(f"| {page} | {scope} | {browser:.2f} s | {server:.2f} s | {settled:.1f} s |")


if __name__ == "__main__":
    main()
