"""The overview's first chart against a bare one-chart page, in the same browser (issue 11 item 4),
and the app server's resident memory after every page at national scope.

Usage: .venv/bin/python -m bench.bench_first_chart [--db artifacts/bench/national.duckdb] [--repeat 7]

Starts two servers: the app (`streamlit run app.py`, COMMUNE_DB = the database) and a bare
Streamlit page with one plotly chart of the same size (bench/bare_chart_page.py), each on its own
port. In one Debian chromium, after one throwaway visit of each URL (warm servers), each
navigation opens in a fresh browser context (nothing cached, a new Streamlit session) and
measures the time from the navigation's start to the first plotly chart drawn; the cases are
interleaved (bare, province, national, bare, …) so that a busy machine slows them alike. Then
it visits every page at national scope and reads the server's resident memory from /proc.
Budgets: first chart ≤ 1.5 × the bare page; the app's memory < 1 GB.
"""
from __future__ import annotations

import argparse
import os
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench import browser as live

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "artifacts" / "bench" / "national.duckdb"
CASES = {  # label → (server, query)
    "bare page, one plotly chart": ("bare", ""),
    "overview, province (?province=38)": ("app", "?province=38"),
    "overview, national (&scope=national)": ("app", "?province=38&scope=national"),
}
PAGES = ["", "rankings", "map", "trends", "profile", "compare", "methodology"]
NATIONAL = "?province=38&scope=national&commune=14923,14869"
RATIO_BUDGET, RSS_BUDGET_MB = 1.5, 1024


@dataclass
class Result:
    samples: dict[str, list[float]] = field(default_factory=dict)  # case → milliseconds
    page_ms: dict[str, float] = field(default_factory=dict)  # page → settled time at national scope
    rss_now_mb: float = 0.0
    rss_sampled_peak_mb: float = 0.0
    rss_hwm_mb: float = 0.0
    errors: list[str] = field(default_factory=list)

    def median(self, case: str) -> float:
        return statistics.median(self.samples[case])


def measure(db_path: Path, repeat: int) -> Result:
    result = Result(samples={case: [] for case in CASES})
    env = {"COMMUNE_DB": str(db_path)}
    with live.streamlit_server("app.py", env) as (app, app_url), \
            live.streamlit_server("bench/bare_chart_page.py") as (_, bare_url), \
            live.RssSampler(app.pid) as sampler, live.chromium() as browser:
        urls = {"app": app_url, "bare": bare_url}
        for rnd in range(repeat + 1):  # round 0 warms both servers and is thrown away
            for case, (server, query) in CASES.items():
                context, page = live.new_recorded_page(browser)
                try:
                    elapsed = live.first_chart_ms(page, urls[server] + "/" + query)
                    result.errors += [f"{case}: {e}" for e in live.exception_texts(page)]
                finally:
                    context.close()
                if rnd:
                    result.samples[case].append(elapsed)
            print(f"round {rnd}: " + ", ".join(f"{s[-1]:.0f}" for s in result.samples.values() if s), flush=True)
        for path in PAGES:
            context, page = live.new_recorded_page(browser)
            try:
                result.page_ms[path or "overview"] = live.settled_ms(page, f"{app_url}/{path}{NATIONAL}")
                result.errors += [f"{path or 'overview'}: {e}" for e in live.exception_texts(page)]
            finally:
                context.close()
        result.rss_now_mb = live.tree_rss_mb(app.pid)
        result.rss_hwm_mb = live.tree_peak_mb(app.pid)
    result.rss_sampled_peak_mb = sampler.peak_mb
    return result


def markdown(r: Result, repeat: int) -> list[str]:
    bare = r.median("bare page, one plotly chart")
    lines = ["### The overview's first chart in a browser (issue 11 item 4)", "",
             f"Debian chromium (Playwright), warm servers, each navigation in a fresh browser context; median of "
             f"{repeat} interleaved navigations per case, from the navigation's start to the first plotly chart "
             f"drawn (`bench/bench_first_chart.py`). The app serves the national database; the bare page "
             f"(`bench/bare_chart_page.py`) is one plotly chart of the same size, served the same way.", "",
             "| page | first chart (median) | min–max | × bare page | budget |", "|---|---|---|---|---|"]
    for case, samples in r.samples.items():
        ratio = r.median(case) / bare
        verdict = "" if case.startswith("bare") else ("met" if ratio <= RATIO_BUDGET else "**not met**")
        spread = f"{min(samples) / 1000:.2f}–{max(samples) / 1000:.2f} s"
        median = r.median(case) / 1000
        lines.append(f"| {case} | {median:.2f} s | {spread} | {ratio:.2f}× | ≤ {RATIO_BUDGET}× {verdict} |")
    peak = max(r.rss_sampled_peak_mb, r.rss_hwm_mb)
    lines += ["", "Every page at national scope (" + ", ".join(
        f"{p} {ms / 1000:.1f} s" for p, ms in r.page_ms.items()) + ", to the page settled), then the app "
              f"server's resident memory (streamlit process tree, /proc): **{r.rss_now_mb:.0f} MB** after the "
              f"visits, peak {peak:.0f} MB (the larger of the sampled sum and the summed VmHWM); budget "
              f"< {RSS_BUDGET_MB} MB: {'met' if peak < RSS_BUDGET_MB else '**not met**'}. "
              f"Errors on the pages: {len(r.errors)}.", ""]
    return lines + [f"- error: {e}" for e in r.errors] + ([""] if r.errors else [])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}")
    result = measure(Path(args.db).resolve(), args.repeat)
    print("\n".join(markdown(result, args.repeat)))
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
