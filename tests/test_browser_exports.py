"""Exports downloaded in a real browser (Debian chromium via Playwright) carry their labels:
the rankings page's chart as PNG and its table as XLSX. The PNG is kept in
artifacts/screenshots/ for a person to look at."""
import io
import os
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
QUERY = "province=38&period=2025-11&indicator=online_rate&window=month&commune=14923&lang=vi"
DEMO = "Dữ liệu minh họa — không phải số liệu chính thức"
DEMO_RED = (0xB2, 0x18, 0x2B)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label).first
    button.wait_for(timeout=45_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def _has_demo_red(image: Image.Image, top: float) -> bool:
    """Whether the demo label's red is drawn below `top` (a fraction of the height)."""
    rgb = image.convert("RGB")
    band = rgb.crop((0, int(rgb.height * top), rgb.width, rgb.height)).get_flattened_data()
    return sum(1 for pixel in band if all(abs(a - b) < 12 for a, b in zip(pixel, DEMO_RED))) > 200


def test_png_and_xlsx_downloads_carry_source_as_of_and_demo_label(page, app_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/rankings?{QUERY}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=45_000)

    png = _download(page, "Tải ảnh PNG")
    (SHOTS / "download_rankings_chart.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.width >= 2000  # scale 2 or more
    assert image.text["Title"] == "Xếp hạng theo Tỷ lệ hồ sơ trực tuyến"
    assert image.text["Source"].startswith("Nguồn: ")
    assert image.text["Source"].endswith("Số liệu đến Tháng 11/2025")
    assert image.text["Disclaimer"] == DEMO
    assert _has_demo_red(image, 0.9)  # the footer's demo line is drawn, not only stored

    workbook = openpyxl.load_workbook(io.BytesIO(_download(page, "Tải Excel")))
    sheet = workbook.worksheets[0]
    top = [sheet.cell(row, 1).value for row in range(1, 5)]
    assert top[0].startswith("Tỷ lệ hồ sơ trực tuyến · Thanh Hóa")
    assert top[2].startswith("Nguồn: ") and top[2].endswith("Số liệu đến Tháng 11/2025")
    assert top[3] == DEMO
    assert "Định nghĩa" in workbook.sheetnames
    assert page.locator('[data-testid="stException"]').count() == 0
