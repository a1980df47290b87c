"""A shared link opened as the very first request of a fresh server goes through app.py.

Streamlit runs the first script of a process in its older "pages/ directory" mode, which
would run pages/rankings.py alone: no Vietnamese page titles in the navigation, no wide
layout. dashboard.setup._leave_pages_directory_mode() works around it by reaching into
Streamlit's PagesManager; this test fails when a Streamlit upgrade breaks that.
"""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


@pytest.fixture()
def fresh_server(demo_db):
    """A server that has served nothing yet (function scope: a new process per test); the health
    check it is waited for runs no script, so the page below is the process's first run."""
    from conftest import start_app, stop_app, wait_healthy

    server, url = start_app(demo_db)
    wait_healthy(url, server)
    yield url
    stop_app(server)


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
