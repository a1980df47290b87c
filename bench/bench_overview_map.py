"""The overview's map: milliseconds from the navigation's start to the map's first paint, in a
fresh browser session (its first view: the map is drawn after the first chart, dashboard/deferred.py),
for this checkout and, optionally, another one (`--against`, e.g. the main branch) on the same
database, interleaved so that a busy machine slows both alike.

Usage: .venv/bin/python -m bench.bench_overview_map --db data/communes.duckdb [--against /work/main] [--repeat 5]

The map's first paint is the animation frame after the map's canvas is in the page: the
`.commune-deck-map[data-ready="1"]` of dashboard/deck_map.py, or the canvas of an st.pydeck_chart
(`[data-testid="stDeckGlJsonChart"] canvas`, what the overview drew before it used deck_map),
recorded in the page itself (performance.now() is milliseconds since the navigation started);
beside it the page's main-thread task time by then (Chrome's own metric: what the page cost the
CPU, less swayed than the wall time by other work on a busy machine) and the JavaScript fetched.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench import browser as live

ROOT = Path(__file__).resolve().parent.parent
CASES = {  # label → query. The overview's map is always the province's; `scope` shapes other pages.
    "province (?province=38)": "?province=38&period=2025-11&window=month",
    "national (&scope=national)": "?province=38&period=2025-11&window=month&scope=national",
}
MAP_PAINTED_JS = """
(() => {
  const selector = '.commune-deck-map[data-ready="1"] canvas, [data-testid="stDeckGlJsonChart"] canvas';
  new MutationObserver(() => {
    if (window.__mapPainted === undefined && document.querySelector(selector)) {
      window.__mapPainted = null;
      requestAnimationFrame(() => { window.__mapPainted = performance.now(); });
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""


# JavaScript fetched by the page before the map painted (decoded bytes of script resources)
SCRIPT_BYTES_JS = """performance.getEntriesByType('resource')
  .filter(e => e.initiatorType === 'script' || e.name.endsWith('.js'))
  .filter(e => e.responseEnd <= window.__mapPainted)
  .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)"""


def map_sample(browser, url: str, timeout_ms: int = 120_000) -> tuple[float, float, float]:
    """(ms to the map's first paint, ms of the page's main-thread tasks by then, MB of JavaScript
    fetched by then). The task time (Chrome's TaskDuration) is what the page itself cost the CPU:
    less swayed than the wall time by other processes on a busy machine."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(MAP_PAINTED_JS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("typeof window.__mapPainted === 'number'", timeout=timeout_ms, polling=50)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        errors = live.exception_texts(page)
        if errors:
            raise RuntimeError(f"{url}: {errors}")
        return (float(page.evaluate("window.__mapPainted")), metrics.get("TaskDuration", 0.0) * 1000,
                float(page.evaluate(SCRIPT_BYTES_JS)) / 1e6)
    finally:
        context.close()


def measure(db: Path, roots: dict[str, Path], repeat: int) -> dict[tuple[str, str], list[tuple]]:
    samples: dict[tuple[str, str], list[tuple]] = {(r, c): [] for r in roots for c in CASES}
    env = {"COMMUNE_DB": str(db)}
    with live.chromium() as browser:
        servers = {}
        try:
            for name, root in roots.items():
                servers[name] = live.streamlit_server("app.py", env, root=root)
            urls = {name: server.__enter__()[1] for name, server in servers.items()}
            for rnd in range(repeat + 1):  # round 0 warms the servers and is thrown away
                for case, query in CASES.items():
                    for name in roots:
                        sample = map_sample(browser, urls[name] + "/" + query)
                        if rnd:
                            samples[(name, case)].append(sample)
                print(f"round {rnd}: " + ", ".join(f"{s[-1][0]:.0f}/{s[-1][1]:.0f}" for s in samples.values() if s),
                      flush=True)
        finally:
            for server in servers.values():
                server.__exit__(None, None, None)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "communes.duckdb")
    parser.add_argument("--against", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    roots = {"this checkout": ROOT}
    if args.against:
        roots[f"{args.against}"] = args.against
    samples = measure(args.db, roots, args.repeat)
    print("| checkout | overview | first paint, median (ms) | main-thread tasks by then, median (ms) "
          "| JavaScript fetched (MB) | first paint, samples (ms) |\n|---|---|---|---|---|---|")
    for (name, case), values in samples.items():
        wall, tasks, script = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"| {name} | {case} | {wall:.0f} | {tasks:.0f} | {script:.2f} | "
              f"{', '.join(f'{v[0]:.0f}' for v in values)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
