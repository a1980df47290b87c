"""Shared by the browser benchmarks: Streamlit servers on free ports, Debian's chromium through
Playwright, what a page has drawn and when (recorded in the page itself), and the resident
memory of a server's process tree read from /proc.

Nothing here downloads a browser: Playwright drives /usr/bin/chromium with the flags the
browser tests use (tests/conftest.py).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: str, env: dict[str, str] | None = None, log: Path | None = None,
                     root: Path = ROOT):
    """`streamlit run SCRIPT` (headless, its own port) from the project folder (`root`: another
    checkout, to compare with), so that it reads that project's .streamlit/config.toml; yields
    (process, url) once /_stcore/health answers."""
    port = free_port()
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                                "--server.port", str(port)], cwd=root, env=full_env, stdout=out,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            out.close()


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit at {url} exited with {process.returncode}")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit at {url} did not answer within {timeout:.0f} s")


@contextmanager
def chromium():
    """One headless Debian chromium (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# ---- what the page drew, and when ------------------------------------------------------------

# Installed in every page before its own scripts: times are the page's performance.now(), i.e.
# milliseconds since the navigation started. `__firstChart` is the frame after the first plotly
# chart's SVG appeared (drawn); `__lastChange` the last change of the page's main block;
# `__lastBusy` the last moment the page was not yet complete (see BUSY).
BUSY = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !app || app.dataset.testScriptState !== 'notRunning'
    || !document.querySelector('[data-testid="stMainBlockContainer"] h1')
    || !!document.querySelector('[data-testid="stSkeleton"], [class*="st-key-deferred_"]');
})()"""
RECORDER_JS = """
(() => {
  const seen = () => {
    const now = performance.now();
    if (window.__firstChart === undefined && document.querySelector('.js-plotly-plot .main-svg')) {
      window.__firstChart = null;
      requestAnimationFrame(() => { window.__firstChart = performance.now(); });
    }
    if (BUSY) window.__lastBusy = now;
  };
  new MutationObserver((records) => {
    seen();
    if (records.some(r => r.target.closest && r.target.closest('[data-testid="stMain"]'))) {
      window.__lastChange = performance.now();
    }
  }).observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
})();
""".replace("BUSY", BUSY)

# A page is settled when its script has finished (Streamlit's own `data-test-script-state`), it
# has a title, no element waits for its JavaScript (a skeleton) or for its content (a frame of
# dashboard/deferred.py), and its main block has not changed for QUIET_MS.
QUIET_MS = 1000
SETTLED_JS = f"""() => !{BUSY} && window.__lastChange !== undefined
  && performance.now() - Math.max(window.__lastChange, window.__lastBusy || 0) > {QUIET_MS}"""


def new_recorded_page(browser, width: int = 1440, height: int = 1000):
    """A page in a fresh browser context (no cache, no cookies, a new Streamlit session)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RECORDER_JS)
    return context, context.new_page()


def first_chart_ms(page, url: str, timeout_ms: int = 120_000) -> float:
    """Navigate and return the milliseconds from the navigation's start to the first plotly chart drawn."""
    page.goto(url, wait_until="commit")
    page.wait_for_function("typeof window.__firstChart === 'number'", timeout=timeout_ms, polling=50)
    return float(page.evaluate("window.__firstChart"))


def settled_ms(page, url: str, timeout_ms: int = 60_000) -> float:
    """Navigate, wait until the page has settled and return the milliseconds from the navigation's
    start to the last change of its main block (its last element drawn)."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms, polling=100)
    return float(page.evaluate("window.__lastChange"))


def exception_texts(page) -> list[str]:
    """The text of every exception box or error message on the page (must be none)."""
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    return [boxes.nth(i).inner_text()[:500] for i in range(boxes.count())]


# ---- memory ------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def process_tree(pid: int) -> list[int]:
    """The process and every descendant (kaleido's chromium, should an export start one)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Resident memory now of the process tree (sum of VmRSS), in MB."""
    return sum(_status_kb(p, "VmRSS") for p in process_tree(pid)) / 1024


def tree_peak_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory (VmHWM) summed over the tree, in MB: an upper
    bound of the tree's peak (each process's own peak, whenever it happened)."""
    return sum(_status_kb(p, "VmHWM") for p in process_tree(pid)) / 1024


class RssSampler:
    """Samples a process tree's resident memory every `interval` seconds in a thread; `peak_mb`
    is the largest sum seen (together with tree_peak_mb, which catches spikes between samples)."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# ---- CPU: who used the cores ---------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> tuple[int, int] | None:
    """(start time, user + system ticks) of one process, its children not included."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()
    return int(fields[19]), int(fields[11]) + int(fields[12])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) ticks of every core since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


class CpuSampler:
    """CPU seconds used by each kind of process under this one while it runs: the app server's
    process tree ('server'), Debian chromium ('browser'), the ETL commands ('etl'), and the rest
    (this script and Playwright's driver: 'driver'); 'machine' is every core's busy time, the
    machine's other users included. Sampled every `interval` seconds from /proc: a process that
    ends loses at most its last interval."""

    KINDS = ("server", "browser", "etl", "driver")

    def __init__(self, server_pid: int, interval: float = 0.5):
        self.server_pid, self.interval = server_pid, interval
        self._seen: dict[tuple[int, int], tuple[str, int]] = {}  # (pid, start) → (kind, ticks)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.wall = 0.0
        self._machine_start = (0, 0)
        self.machine_busy = 0.0

    def _kind(self, pid: int, server: set[int]) -> str:
        if pid in server:
            return "server"
        command = _cmdline(pid)
        if "chromium" in command or "chrome" in command.split(" ")[0]:
            return "browser"
        if " -m etl " in f" {command} ":
            return "etl"
        return "driver"

    def sample(self) -> None:
        server = set(process_tree(self.server_pid))
        for pid in process_tree(os.getpid()):
            ticks = _cpu_ticks(pid)
            if ticks is None:
                continue
            key = (pid, ticks[0])
            kind = self._seen[key][0] if key in self._seen else self._kind(pid, server)
            self._seen[key] = (kind, ticks[1])

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def seconds(self) -> dict[str, float]:
        totals = dict.fromkeys(self.KINDS, 0.0)
        for kind, ticks in self._seen.values():
            totals[kind] += ticks / _TICK
        return totals

    def __enter__(self) -> CpuSampler:
        self._started = time.monotonic()
        self._machine_start = machine_busy_ticks()
        self._base = {}
        self.sample()
        self._base = dict(self._seen)  # CPU used before the measured interval is not counted
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        self.wall = time.monotonic() - self._started
        busy, _ = machine_busy_ticks()
        self.machine_busy = (busy - self._machine_start[0]) / _TICK
        for key, (kind, ticks) in self._base.items():
            if key in self._seen:
                self._seen[key] = (kind, self._seen[key][1] - ticks)
