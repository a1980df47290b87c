"""Every chart and table a briefing needs can be downloaded from its page."""
import os

import pytest
from page_runner import page_path, run_page

LINK = {"province": "38", "period": "2025-11", "commune": "14923,14869"}
HAS_CHROMIUM = os.path.exists("/usr/bin/chromium")
# page → (table downloads, chart image downloads) it must offer
EXPECTED = {"overview": (0, 1), "rankings": (1, 2), "trends": (0, 2), "profile": (1, 0), "compare": (1, 3)}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_offers_its_downloads(demo_env, page):
    at = run_page(page_path(page), LINK)
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    tables, images = EXPECTED[page]
    assert labels.count("Tải CSV") == tables and labels.count("Tải Excel") == tables
    if HAS_CHROMIUM:
        assert labels.count("Tải ảnh PNG") == images and labels.count("Tải ảnh SVG") == images
