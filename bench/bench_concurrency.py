"""Load test (issue 9 item 6): 10 browser sessions click through the pages of one app server on
the national database for 2 minutes while a load and then its rollback swap the database file.

Usage: .venv/bin/python -m bench.bench_concurrency [--db artifacts/bench/national.duckdb]
       [--sessions 10] [--seconds 120] [--ramp-up 10] [--write BENCHMARKS.md]

Local only and bounded in time (about 3–4 minutes with the warm-up): not part of `make test`;
`make loadtest` runs it. The database is copied first (the original is never written). One Debian
chromium holds the sessions (a browser context each, as ten people would); every session opens
the pages in turn by their links (province, scope, window and indicator differ between sessions,
so cached and uncached views mix), each view timed from the navigation's start to its last
element drawn (no "running" indicator, nothing changed for a second). A third of the way in,
`python -m etl load` loads a one-month file of Thanh Hóa's service index (166 values, all
different from the stored ones); when it is done, `python -m etl rollback` undoes it.

Errors counted (must be none): exception or error boxes on a page, views not finished within
90 s, requests to the server that failed or answered ≥ 500, uncaught JavaScript errors, and
either command failing. Figures: views, p50/p95 view times, the server's peak resident memory.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bench import browser as live

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "artifacts" / "bench" / "national.duckdb"
WORK = ROOT / "artifacts" / "bench" / "loadtest"
PAGES = ["", "rankings", "map", "trends", "profile", "compare", "methodology"]
PROVINCES = [38, 1, 79, 46, 22, 48, 40, 31, 92, 56]
WINDOWS = ["month", "quarter", "ytd", "12m"]
INDICATORS = ["service_index", "online_rate", "on_time_rate", "satisfaction_score"]
LOAD_MONTH = dt.date(2026, 6, 1)
VIEW_TIMEOUT_MS = 90_000


@dataclass
class Outcome:
    views: list[tuple[str, float]] = field(default_factory=list)  # (page, ms)
    started: float = field(default_factory=time.monotonic)
    errors: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    aborted: int = 0  # requests the browser itself cancelled on leaving a page (prefetches): not errors
    peak_mb: float = 0.0
    sessions: int = 0
    seconds: int = 0
    ramp_up: float = 0.0  # sessions start one after another over this many seconds
    load_average: tuple = ()
    cpu: dict[str, float] = field(default_factory=dict)  # kind of process → CPU seconds during the test
    cpu_wall: float = 0.0
    machine_busy: float = 0.0  # every core's busy seconds during the test (the machine's other users too)
    scripts: list[tuple[str, float, str]] = field(default_factory=list)  # server script runs: (page, s, outcome)


def query(session: int, turn: int) -> str:
    province = PROVINCES[session % len(PROVINCES)]
    scope = "national" if session % 3 == 1 else "province"
    return (f"province={province}&scope={scope}&window={WINDOWS[(session + turn) % len(WINDOWS)]}"
            f"&indicator={INDICATORS[(session + turn // 2) % len(INDICATORS)]}")


def month_file(db_path: Path, folder: Path) -> Path:
    """One month (LOAD_MONTH) of Thanh Hóa's service index, every value 0.5 points from the stored one."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT o.commune_code, o.value FROM observations o JOIN communes c USING (commune_code) "
                           "WHERE c.province_code = 38 AND o.indicator_code = 'service_index' AND o.period = ? "
                           "ORDER BY 1", [LOAD_MONTH]).fetchall()
    path = folder / f"chi-so-phuc-vu-thang-{LOAD_MONTH:%m-%Y}.csv"
    lines = ["Mã xã,Tháng,Chỉ số phục vụ (điểm)"] + [
        f"{code},{LOAD_MONTH:%m/%Y},{value - 0.5 if value > 50 else value + 0.5:.2f}" for code, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def last_load_id(db_path: Path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT max(load_id) FROM loads").fetchall()[0][0]


def _at(outcome: Outcome) -> str:
    return f"at {time.monotonic() - outcome.started:.0f} s"


async def _etl(args: list[str], outcome: Outcome, label: str) -> None:
    started = time.monotonic()
    begun = _at(outcome)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "etl", *args, cwd=ROOT,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await process.communicate()
    took = time.monotonic() - started
    outcome.commands.append(f"{label}: {begun}, exit {process.returncode} in {took:.1f} s")
    if process.returncode != 0:
        outcome.errors.append(f"{label} failed: {out.decode(errors='replace')[-800:]}")


async def writer(db_path: Path, file: Path, start_after: float, outcome: Outcome) -> None:
    await asyncio.sleep(start_after)
    await _etl(["load", str(file), "--db", str(db_path)], outcome, "load of one month (166 values)")
    load_id = await asyncio.to_thread(last_load_id, db_path)
    await asyncio.sleep(10)  # readers see the loaded figures for a while
    await _etl(["rollback", str(load_id), "--db", str(db_path)], outcome, f"rollback of load #{load_id}")


def _failed(request, origin: str, number: int, outcome: Outcome) -> None:
    if not request.url.startswith(origin):
        return
    if "ERR_ABORTED" in (request.failure or ""):
        outcome.aborted += 1
    else:
        outcome.errors.append(f"session {number}: request failed {request.url} {request.failure}")


async def session(number: int, browser, url: str, deadline: float, outcome: Outcome,
                  turns: int | None = None, start_after: float = 0.0) -> None:
    await asyncio.sleep(start_after)
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    await context.add_init_script(live.RECORDER_JS)
    page = await context.new_page()
    origin = url
    page.on("pageerror", lambda error: outcome.errors.append(f"session {number}: JavaScript error {error}"))
    page.on("requestfailed", lambda request: _failed(request, origin, number, outcome))
    page.on("response", lambda response: response.url.startswith(origin) and response.status >= 500 and
            outcome.errors.append(f"session {number}: HTTP {response.status} {response.url}"))
    turn = 0
    while time.monotonic() < deadline and (turns is None or turn < turns):
        path = PAGES[(number + turn) % len(PAGES)]
        name = path or "overview"
        opened = _at(outcome)
        try:
            await page.goto(f"{url}/{path}?{query(number, turn)}", wait_until="commit", timeout=VIEW_TIMEOUT_MS)
            await page.wait_for_function(live.SETTLED_JS, timeout=VIEW_TIMEOUT_MS, polling=200)
            outcome.views.append((name, float(await page.evaluate("window.__lastChange"))))
            boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
            for i in range(await boxes.count()):
                outcome.errors.append(f"session {number} {name}: {(await boxes.nth(i).inner_text())[:300]}")
        except Exception as error:  # a view that did not finish is an error, and the session goes on
            outcome.errors.append(f"session {number} {name}: not finished ({type(error).__name__}), opened {opened}")
        turn += 1
    await context.close()


async def _drive(url: str, db_path: Path, file: Path, sessions: int, seconds: int, outcome: Outcome,
                 server_pid: int, log: Path) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=live.CHROMIUM, args=live.CHROMIUM_FLAGS)
        # warm-up: every page once, so that the test measures a running server, not its first start
        await session(0, browser, url, time.monotonic() + 600, Outcome(), turns=len(PAGES))
        outcome.started = time.monotonic()
        deadline = outcome.started + seconds
        log_offset = log.stat().st_size
        # people arrive over a few seconds, not in the same instant (outcome.ramp_up; 0 = all at once)
        tasks = [session(n, browser, url, deadline, outcome, start_after=n * outcome.ramp_up / max(sessions, 1))
                 for n in range(sessions)]
        with live.CpuSampler(server_pid) as cpu:
            await asyncio.gather(writer(db_path, file, seconds / 3, outcome), *tasks)
        outcome.cpu, outcome.cpu_wall, outcome.machine_busy = cpu.seconds(), cpu.wall, cpu.machine_busy
        outcome.scripts = script_runs(log, log_offset)
        await browser.close()


def script_runs(log: Path, offset: int) -> list[tuple[str, float, str]]:
    """The server's script runs logged after `offset` (dashboard/timing.py): (page, seconds, outcome)."""
    with log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    runs = []
    for line in lines:
        if " page=" not in line or " seconds=" not in line:
            continue
        fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
        runs.append((fields["page"], float(fields["seconds"]), fields.get("outcome", "")))
    return runs


def run(source: Path, sessions: int, seconds: int, ramp_up: float = 0.0) -> Outcome:
    WORK.mkdir(parents=True, exist_ok=True)
    db_path = WORK / "national.duckdb"
    for leftover in WORK.glob("national.duckdb*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    shutil.copyfile(source, db_path)
    file = month_file(db_path, WORK)
    outcome = Outcome(sessions=sessions, seconds=seconds, ramp_up=ramp_up)
    log = WORK / "server.log"
    with live.streamlit_server("app.py", {"COMMUNE_DB": str(db_path), "COMMUNE_PAGE_TIMING": "1"},
                               log=log) as (app, url), live.RssSampler(app.pid) as sampler:
        asyncio.run(_drive(url, db_path, file, sessions, seconds, outcome, app.pid, log))
        outcome.peak_mb = max(sampler.peak_mb, live.tree_peak_mb(app.pid))
    outcome.load_average = os.getloadavg()
    return outcome


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def markdown(o: Outcome, when: str, machine: str) -> list[str]:
    times = [ms / 1000 for _, ms in o.views]
    lines = [f"## {when} · load test (`bench/bench_concurrency.py`, issue 9 item 6)", "",
             f"Written by `make loadtest` between its own markers. Machine: {machine}. Load average (1/5/15 min) at "
             f"the end: {' / '.join(f'{x:.1f}' for x in o.load_average)} (the machine is shared).", "",
             f"{o.sessions} browser sessions (contexts of one Debian chromium) opened the seven pages in turn by "
             f"their links for {o.seconds} s (starting one after another over {o.ramp_up:g} s) on one app server "
             f"holding the national database (3,321 communes × 60 "
             f"months); a third of the way in, a one-month file was loaded and then rolled back on the same file "
             f"({'; '.join(o.commands)}).", "",
             "| figure | value |", "|---|---|",
             f"| errors (error boxes, views not finished in {VIEW_TIMEOUT_MS // 1000} s, failed requests, HTTP ≥ 500, "
             f"JavaScript errors, commands) | **{len(o.errors)}** |",
             f"| views finished | {len(times)} |",
             f"| requests the browser cancelled itself on leaving a page (prefetched scripts; not errors) | "
             f"{o.aborted} |"]
    if times:
        lines += [f"| view time p50 (navigation to the last element drawn) | {percentile(times, 0.5):.1f} s |",
                  f"| view time p95 | {percentile(times, 0.95):.1f} s |"]
    lines += [f"| server's peak resident memory (process tree) | {o.peak_mb:.0f} MB |", ""]
    by_page: dict[str, list[float]] = {}
    for name, ms in o.views:
        by_page.setdefault(name, []).append(ms / 1000)
    if by_page:
        lines += ["| page | views | p50 | p95 |", "|---|---|---|---|"] + [
            f"| {name} | {len(v)} | {statistics.median(v):.1f} s | {percentile(v, 0.95):.1f} s |"
            for name, v in by_page.items()] + [""]
    return lines + cpu_lines(o) + script_lines(o) + [f"- error: {e}" for e in o.errors[:30]] + (
        [""] if o.errors else [])


def cpu_lines(o: Outcome) -> list[str]:
    """Where the cores went during the test: CPU seconds per kind of process (/proc)."""
    if not o.cpu_wall:
        return []
    cores = os.cpu_count() or 1
    capacity = cores * o.cpu_wall
    ours = sum(o.cpu.values())
    names = {"server": "the app server (streamlit process tree)", "browser": "Debian chromium (10 sessions' pages)",
             "etl": "the ETL (load and rollback commands)", "driver": "this script and Playwright's driver"}
    rows = [f"| {names[kind]} | {seconds:.0f} s | {100 * seconds / capacity:.0f} % |"
            for kind, seconds in o.cpu.items()]
    other = max(o.machine_busy - ours, 0.0)
    idle = max(capacity - o.machine_busy, 0.0)
    return ["Where the cores went during the test (CPU seconds from /proc, user + system, sampled every 0.5 s; "
            f"{cores} cores × {o.cpu_wall:.0f} s = {capacity:.0f} s available):", "",
            "| processes | CPU | share of the cores |", "|---|---|---|", *rows,
            f"| other users of the machine | {other:.0f} s | {100 * other / capacity:.0f} % |",
            f"| idle | {idle:.0f} s | {100 * idle / capacity:.0f} % |",
            ""]


def script_lines(o: Outcome) -> list[str]:
    """The server's own time per page view: its script runs (COMMUNE_PAGE_TIMING, dashboard/timing.py)."""
    if not o.scripts:
        return []
    by_page: dict[str, list[float]] = {}
    for page, seconds, _ in o.scripts:
        by_page.setdefault(page, []).append(seconds)
    reruns = sum(1 for _, _, outcome in o.scripts if outcome != "done")
    lines = [f"The server's script runs (wall time of each run on the server, from its log; {len(o.scripts)} runs, "
             f"{reruns} of them ended by a rerun or a page switch). A view's time beyond its script runs is spent "
             "sending, and in the browser:", "",
             "| page | script runs | p50 | p95 | sum |", "|---|---|---|---|---|"]
    lines += [f"| {page} | {len(v)} | {statistics.median(v):.2f} s | {percentile(v, 0.95):.2f} s | {sum(v):.0f} s |"
              for page, v in sorted(by_page.items())]
    return lines + [""]


BEGIN, END = "<!-- load test: begin -->", "<!-- load test: end -->"


def main() -> None:
    from bench.run import machine, write_section

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--ramp-up", type=float, default=10.0,
                        help="seconds over which the sessions start (0: all at the same instant)")
    parser.add_argument("--write", help="the BENCHMARKS.md to write the figures into (its own section)")
    args = parser.parse_args()
    source = Path(args.db).resolve()
    if not source.exists():
        sys.exit(f"no database at {source}: run `make bench` (or bench.national) first")
    outcome = run(source, args.sessions, args.seconds, args.ramp_up)
    text = markdown(outcome, f"{dt.date.today():%Y-%m-%d}", machine())
    print("\n".join(text))
    if args.write:
        write_section(Path(args.write), "\n".join(text), BEGIN, END)


if __name__ == "__main__":
    main()
