"""Two app replicas on one database file while a load swaps it (issue 11 item 5).

Two `streamlit run app.py` processes read the same COMMUNE_DB, as replicas behind a load
balancer would. A separate `python -m etl load … --replace-demo` process swaps the file while
both keep serving: every page view on either replica renders without an exception box, and
once the load is done both serve the new version (the demo banner is gone with the demo).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import start_app, stop_app, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
QUERY = "province=38&period=2025-11&indicator=service_index&window=month"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


@pytest.fixture()
def replicas(demo_db, tmp_path):
    live = tmp_path / "shared.duckdb"
    shutil.copyfile(demo_db, live)
    servers = [start_app(live) for _ in range(2)]
    try:
        for server, url in servers:
            wait_healthy(url, server)
        yield live, [url for _, url in servers]
    finally:
        for server, _ in servers:
            stop_app(server)


def _view(page, url: str) -> str:
    """Open the overview; return its text once the script has finished, after checking it has no error box."""
    page.goto(f"{url}/?{QUERY}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=45_000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=45_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"] svg')", timeout=45_000)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{url}: {errors.first.inner_text()[:6000]}"
    return page.inner_text('[data-testid="stMainBlockContainer"]')


def test_two_replicas_serve_the_same_file_while_a_load_swaps_it(replicas, browser, tmp_path):
    live, urls = replicas
    pages = [browser.new_page(viewport={"width": 1280, "height": 900}) for _ in urls]
    for page, url in zip(pages, urls):
        assert "Dữ liệu minh họa" in _view(page, url)
    report = tmp_path / "thang-11.csv"
    report.write_text("Mã xã,Tháng,Chỉ số phục vụ (điểm)\n14923,11/2025,81.25\n14869,11/2025,79.5\n", encoding="utf-8")
    loader = subprocess.Popen([sys.executable, "-m", "etl", "load", str(report), "--db", str(live), "--replace-demo"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    views = 0
    while loader.poll() is None or views < 2:  # keep reading on both replicas while the file is swapped
        for page, url in zip(pages, urls):
            _view(page, url)
            views += 1
    assert loader.wait() == 0, loader.stdout.read()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for i, (page, url) in enumerate(zip(pages, urls)):
        text = _view(page, url)
        assert "Dữ liệu minh họa" not in text  # the new version: real figures only
        page.screenshot(path=str(SHOTS / f"replica_{i + 1}_after_load.png"), full_page=True)
