"""Shared fixtures: one demo database per test session, built by the real ETL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_UNTIL = "2026-10"  # fixed, so tests do not depend on today's date


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo database built once per session with `python -m etl demo`; shared read-only."""
    path = tmp_path_factory.mktemp("demo") / "communes.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "demo", "--db", str(path), "--until", DEMO_UNTIL],
                   check=True, cwd=ROOT, capture_output=True)
    return path


@pytest.fixture(scope="session")
def demo_env(demo_db):
    """Point the app at the session's demo database (COMMUNE_DB) for AppTest runs."""
    previous = os.environ.get("COMMUNE_DB")
    os.environ["COMMUNE_DB"] = str(demo_db)
    yield demo_db
    if previous is None:
        os.environ.pop("COMMUNE_DB", None)
    else:
        os.environ["COMMUNE_DB"] = previous


@pytest.fixture()
def reader(demo_db):
    """A read-only cursor on the demo database, as the app opens it."""
    from core import db

    con = db.open_reader(demo_db)
    yield db.cursor(con)
    con.close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright drives Debian's chromium; it never downloads a browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_path: Path, *extra_args: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on `db_path` on a free port (not waited for: see wait_healthy)."""
    port = _free_port()
    env = {**os.environ, "COMMUNE_DB": str(db_path), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port), *extra_args], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, server: subprocess.Popen | None = None) -> None:
    """Until the server answers its health check (which runs no script); fails after 60 s."""
    import time
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    if server is not None:
        server.kill()
    pytest.fail(f"streamlit at {url} did not start within 60 s")


def stop_app(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(demo_db):
    """A real `streamlit run app.py` on the session's demo database."""
    server, url = start_app(demo_db)
    wait_healthy(url, server)
    yield url
    stop_app(server)


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """A tiny database of real (not demo) figures, made by the real ETL: five Thanh Hóa communes'
    November 2025 report (tests/etl_fixtures.py), no Resolution 57 statuses."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import etl_fixtures as fx

    from etl.__main__ import main

    folder = tmp_path_factory.mktemp("real")
    path = fx.fresh_db(folder / "communes.duckdb")
    report = fx.write_report_xlsx(folder / "bao-cao-thang-11-2025.xlsx")
    assert main(["load", str(report), "--db", str(path), "--province", "Thanh Hóa"]) == 0
    return path


def click_a_commune(page, canvas) -> str:
    """Hover points of a map (the deck.gl component of dashboard/deck_map.py) until one is over
    a commune, click there; returns its name."""
    box = canvas.bounding_box()
    for fx, fy in [(0.5, 0.5), (0.45, 0.55), (0.55, 0.45), (0.6, 0.6), (0.4, 0.4)]:
        x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
        page.mouse.move(x, y)
        page.wait_for_timeout(600)
        tooltip = page.locator(".deck-tooltip")
        if tooltip.count() and tooltip.first.is_visible() and tooltip.first.inner_text().strip():
            name = tooltip.first.inner_text().split("\n")[0].split(" · ")[0].strip()
            page.mouse.click(x, y)
            return name
    raise AssertionError("no commune under any of the points tried")
