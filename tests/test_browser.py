"""Every page in a real browser (Debian chromium via Playwright), in Vietnamese or English.

The overview in both languages, the other pages in one each, alternating (every page runs in both
languages under AppTest; a browser view costs 5-20 s of the suite's 10-minute budget).

Screenshots land in artifacts/screenshots/ for a person to look at.
"""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
QUERY = "province=38&period=2025-11&indicator=service_index&window=month&commune=14923,14869"
# page url path → what must be drawn on it
PAGES = {
    "": ".js-plotly-plot .main-svg",
    "rankings": '[data-testid="stDataFrame"]',
    "map": '.commune-deck-map[data-ready="1"] canvas',  # dashboard/deck_map.py
    "trends": ".js-plotly-plot .main-svg",
    "profile": '[data-testid="stDataFrame"]',
    "compare": ".js-plotly-plot .main-svg",
    "methodology": '[data-testid="stDataFrame"]',
}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


VIEWS = [("", "vi"), ("", "en"), ("rankings", "vi"), ("map", "en"), ("trends", "vi"), ("profile", "en"),
         ("compare", "vi"), ("methodology", "en")]


@pytest.mark.parametrize("path, lang", VIEWS)
def test_page_renders_in_browser(page, app_url, path, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/{path}?{QUERY}&lang={lang}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=30_000)
    page.wait_for_selector(PAGES[path], timeout=45_000)
    # a first view draws its map and grids after the first chart (dashboard/deferred.py)
    page.wait_for_function("!document.querySelector('[class*=\"st-key-deferred_\"]')", timeout=60_000)
    if path == "":
        page.wait_for_selector('.commune-deck-map[data-ready="1"] canvas', timeout=45_000)
    page.wait_for_timeout(1500)  # let charts and the map finish drawing
    page.screenshot(path=str(SHOTS / f"{path or 'overview'}_{lang}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    banner = "Dữ liệu minh họa" if lang == "vi" else "Demo data"
    assert page.get_by_text(banner).count() >= 1
