"""`make bench`: build the national data, measure the load, the rankings and the pages, and
write BENCHMARKS.md (the machine, the date, medians, each figure beside its floor or peer
measured in the same run, and the budgets).

Not part of `make test`: it takes several minutes (under 15) and its figures depend on the
machine. It rewrites only its own section of BENCHMARKS.md (between two markers); the notes
at the end of that section (what was tried, what each change bought) come from bench/NOTES.md.

Usage: .venv/bin/python -m bench.run [--dir artifacts/bench] [--repeat 3] [--rank-repeat 11]
       [--pages-repeat 1] [--chart-repeat 7] [--no-pages] [--out BENCHMARKS.md]

The load test (10 browser sessions during a load and a rollback) is separate: `make loadtest`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
from importlib.metadata import version
from pathlib import Path

from bench import bench_etl_load, bench_first_chart, bench_load, bench_pages, bench_rankings, national

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0.0) if Path("/proc/meminfo").exists() else 0.0
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, DuckDB {version('duckdb')}, polars {version('polars')}, "
            f"pandas {version('pandas')}, streamlit {version('streamlit')}")


def _load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def other_queries(db_path: Path, repeat: int) -> list[str]:
    """Queries every page runs (uncached, warm), at national scale."""
    from core import db, queries
    from core.periods import window_bounds

    connection = db.open_reader(db_path)
    con = db.cursor(connection)
    end = queries.periods(con)[-1]
    cases = {
        "data_status (demo banner, latest month)": lambda: queries.data_status(con),
        "periods (months with figures)": lambda: queries.periods(con),
        "window_values of 4 indicators, 12 months, national": lambda: queries.window_values(
            con, codes=["online_rate", "on_time_rate", "service_index", "satisfaction_score"],
            window=window_bounds(end, "12m"), province=None),
        "monthly_values online_rate, Thanh Hóa, 12 months": lambda: queries.monthly_values(
            con, codes=["online_rate"], start=window_bounds(end, "12m")[0], end=end, province=38),
    }
    lines = ["### Other queries of every page (national database, warm, uncached)", "",
             "| query | median |", "|---|---|"]
    for label, fn in cases.items():
        fn()
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        lines.append(f"| {label} | {statistics.median(samples) * 1000:.1f} ms |")
    connection.close()
    return lines + [""]


def pages(db_path: Path, repeat: int) -> list[str]:
    os.environ["COMMUNE_DB"] = str(db_path)
    lines = ["### Page scripts at national scope (AppTest, each in a fresh process)", "",
             f"?{'&'.join(f'{k}={v}' for k, v in bench_pages.PARAMS.items())} on the national database; "
             f"'cold' is a fresh process's first script run (nothing cached), 'cached' the median of three "
             f"reruns; median of {repeat} process(es). In a browser: the next table.", "",
             "| page | cold | cached |", "|---|---|---|"]
    for page in bench_pages.PAGES:
        cold, warm = bench_pages.time_page(page, repeat)
        lines.append(f"| {page} | {cold:.2f} s | {warm:.2f} s |")
    return lines + [""]


def xlsx_month(folder: Path) -> list[str]:
    r = bench_etl_load.measure(folder / "xlsx")
    return ["### One whole-country month as a report workbook (XLSX)", "",
            f"{r['communes']:,} communes × {r['columns']} indicator columns, title rows, a totals row "
            f"({r['size_mb']:.1f} MB), through `python -m etl load` into a nearly empty database.", "",
            "| what | time |", "|---|---|",
            f"| load | {r['load_s']:.1f} s |",
            f"| the same file again (already loaded: nothing written, exit {r['again_exit']}) | {r['again_s']:.1f} s |",
            ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=str(national.DEFAULT_DIR))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rank-repeat", type=int, default=11)
    parser.add_argument("--pages-repeat", type=int, default=1)
    parser.add_argument("--chart-repeat", type=int, default=7)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    folder = Path(args.dir)
    started, load_before = time.perf_counter(), _load_average()
    body = []
    load = bench_load.run(folder, args.repeat)
    body += bench_load.markdown(load)
    print("\n".join(body), flush=True)
    cases, setup = bench_rankings.run(load.db_path, args.rank_repeat)
    body += bench_rankings.markdown(cases, setup, args.rank_repeat)
    body += other_queries(load.db_path, args.rank_repeat)
    body += xlsx_month(folder)
    if not args.no_pages:
        body += pages(load.db_path, args.pages_repeat)
        first_chart = bench_first_chart.measure(load.db_path, args.chart_repeat)
        body += bench_first_chart.markdown(first_chart, args.chart_repeat)
    minutes = (time.perf_counter() - started) / 60
    head = [
        f"## {dt.date.today():%Y-%m-%d} · `make bench` on {platform.node()}", "",
        "Written by `make bench` (`bench/run.py`) between the markers around this section; every figure comes "
        "from one run, each beside its floor or peer measured in the same run.", "",
        f"Machine: {machine()}.", "",
        f"Load average (1/5/15 min) at the start: {load_before}; at the end: {_load_average()}. This machine is "
        f"shared: when the load average exceeds the cores, every figure here is slower and noisier than on an "
        f"idle machine; the ratios, measured interleaved, are the steadier part.", "",
        f"`make bench` took {minutes:.1f} minutes (budget 15).", "",
    ]
    notes = (ROOT / "bench" / "NOTES.md").read_text(encoding="utf-8")
    write_section(Path(args.out), "\n".join(head + body) + "\n" + notes)
    print(f"wrote {args.out} ({minutes:.1f} min)")


BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"


def write_section(path: Path, section: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace the section written last time between the markers `begin` and `end` (`make bench`'s
    by default) and keep everything else: entries people wrote by hand for other measurements stay,
    with their dates."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{begin}\n{section.rstrip()}\n{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:  # the first time: right under the file's introduction, before any section or other markers
        starts = [i for i in (text.find("\n## "), text.find("\n<!-- ")) if i >= 0]
        first = min(starts) if starts else -1
        text = (text[:first + 1] + block + "\n\n" + text[first + 1:]) if first >= 0 else text.rstrip() + "\n\n" + block
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
