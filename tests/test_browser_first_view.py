"""A browser session's first view of the overview: the first chart is drawn before the map and the
grids (dashboard/deferred.py), which then arrive in their reserved frames; the chart is not drawn
again. One shared server (conftest.app_url), one page load per language.
"""
from __future__ import annotations

import os

import pytest
from conftest import click_a_commune

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]

# What the page holds at the moment its first chart appears, recorded in the page itself.
RECORD = """
new MutationObserver(() => {
  if (window.__atFirstChart || !document.querySelector('.js-plotly-plot .main-svg')) return;
  window.__atFirstChart = {
    maps: document.querySelectorAll('[data-testid="stDeckGlJsonChart"]').length,
    grids: document.querySelectorAll('[data-testid="stDataFrame"]').length,
    frames: document.body.innerText.split('{loading}').length - 1,
  };
  document.querySelector('.js-plotly-plot .main-svg').dataset.first = '1';
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("lang, loading", [("vi", "Đang tải"), ("en", "Loading")])
def test_first_view_draws_the_chart_then_the_map_and_the_grids(page, app_url, lang, loading):
    page.add_init_script(RECORD.replace("{loading}", loading))
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/?province=38&period=2025-11&window=month&lang={lang}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stDataFrame\"]').length === 2", timeout=60_000)
    first = page.evaluate("window.__atFirstChart")
    assert first == {"maps": 0, "grids": 0, "frames": 3}  # the map's and the two grids' frames said what comes
    assert page.locator('.js-plotly-plot .main-svg[data-first="1"]').count() == 1  # the same chart, not redrawn
    page.wait_for_function(f"!document.body.innerText.includes('{loading}')", timeout=30_000)  # frames filled
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def test_a_click_on_the_first_views_map_updates_the_whole_page(page, app_url):
    """The map of a first view is drawn by a fragment; a click on it still reruns the whole page:
    the commune becomes the chosen one in the picker and in the link, not only in the map."""
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/?province=38&period=2025-11&window=month&lang=vi", wait_until="domcontentloaded")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(timeout=60_000)
    page.wait_for_function("!document.querySelector('[class*=\"st-key-deferred_\"]')", timeout=60_000)
    assert "commune=" not in page.url
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    # st.pydeck_chart counts a press as a click only if its picking pass ends within 250 ms; with
    # two test workers on two cores that can fail in software WebGL, so a person would click again
    for _ in range(3):
        name = click_a_commune(page, canvas)
        try:
            page.wait_for_function("location.search.includes('commune=')", timeout=15_000)  # the page's state
            break
        except Exception:
            continue
    else:
        raise AssertionError("three clicks on the first view's map chose no commune")
    picker = page.locator('[data-testid="stMultiSelect"]').first
    picker.get_by_text(name, exact=True).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
