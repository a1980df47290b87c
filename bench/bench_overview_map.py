"""The overview's map: milliseconds from the navigation's start to the map's first paint, in a
fresh browser session (its first view: the map is drawn after the first chart, dashboard/deferred.py),
for this checkout and, optionally, another one (`--against`, e.g. the main branch) on the same
database, interleaved so that a busy machine slows both alike.

Usage: .venv/bin/python -m bench.bench_overview_map --db data/communes.duckdb [--against /work/main] [--repeat 5]

The map's first paint is the animation frame after the map's canvas is in the page: the
`.commune-deck-map[data-ready="1"]` of dashboard/deck_map.py, or the canvas of an st.pydeck_chart
(`[data-testid="stDeckGlJsonChart"] canvas`, what the overview drew before it used deck_map),
recorded in the page itself (performance.now() is milliseconds since the navigation started).
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


def map_ms(browser, url: str, timeout_ms: int = 120_000) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(MAP_PAINTED_JS)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("typeof window.__mapPainted === 'number'", timeout=timeout_ms, polling=50)
        errors = live.exception_texts(page)
        if errors:
            raise RuntimeError(f"{url}: {errors}")
        return float(page.evaluate("window.__mapPainted"))
    finally:
        context.close()


def measure(db: Path, roots: dict[str, Path], repeat: int) -> dict[tuple[str, str], list[float]]:
    samples: dict[tuple[str, str], list[float]] = {(r, c): [] for r in roots for c in CASES}
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
                        elapsed = map_ms(browser, urls[name] + "/" + query)
                        if rnd:
                            samples[(name, case)].append(elapsed)
                print(f"round {rnd}: " + ", ".join(f"{s[-1]:.0f}" for s in samples.values() if s), flush=True)
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
    print("| checkout | overview | map's first paint, median (ms) | samples (ms) |\n|---|---|---|---|")
    for (name, case), values in samples.items():
        print(f"| {name} | {case} | {statistics.median(values):.0f} | {', '.join(f'{v:.0f}' for v in values)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
