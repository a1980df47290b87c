"""A shared link opened as the very first request of a fresh server goes through app.py.

Streamlit runs the first script of a process in its older "pages/ directory" mode, which
would run pages/rankings.py alone: no Vietnamese page titles in the navigation, no wide
layout. dashboard.setup._leave_pages_directory_mode() works around it by reaching into
Streamlit's PagesManager; this test fails when a Streamlit upgrade breaks that.
"""
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


@pytest.fixture()
def fresh_server(demo_db):
    """A server that has served nothing yet (function scope: a new process per test)."""
    from conftest import _free_port

    port = _free_port()
    env = {**os.environ, "COMMUNE_DB": str(demo_db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            # the health endpoint runs no script: the page below is still the process's first run
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_deep_link_on_fresh_server_uses_the_navigation(page, fresh_server):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{fresh_server}/rankings?province=38&period=2025-11&indicator=service_index&lang=vi",
              wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=45_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    # st.navigation's Vietnamese titles, not the file names of pages-directory mode
    assert nav.get_by_text("Tổng quan", exact=True).count() == 1
    assert nav.get_by_text("Xếp hạng", exact=True).count() == 1
    assert nav.get_by_text("rankings", exact=True).count() == 0
    assert page.get_by_role("heading", name="Xếp hạng").count() >= 1
    # the link's own view, not the default page
    assert "province=38" in page.url and "/rankings" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
