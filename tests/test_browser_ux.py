"""Issue 12 in a real browser (Debian chromium): what officials do in the room, at the three
screens they use: a desk (1440×1000), a meeting-room projector (1280×720), a phone (390×844).

One shared server (conftest.app_url); each test loads one or two pages. Screenshots go to
artifacts/screenshots/ux_*.png for a person to look at.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import click_a_commune
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
DESK, PROJECTOR, PHONE = {"width": 1440, "height": 1000}, {"width": 1280, "height": 720}, {"width": 390, "height": 844}
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 "
               "Mobile Safari/537.36")
NOV = "province=38&period=2025-11&window=month"
GRID = '[data-testid="stDataFrame"]'
MAP_CANVAS = '.commune-deck-map[data-ready="1"] canvas'  # the map page's map (dashboard/deck_map.py)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


def _open(page, url: str, viewport: dict, wait_for: str = GRID):
    page.set_viewport_size(viewport)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(wait_for, timeout=60_000)
    page.wait_for_timeout(800)  # let the grid and charts draw
    assert page.locator('[data-testid="stException"]').count() == 0


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ux_{name}.png"))


def _headers(page, expected: str = "") -> list[str]:
    """The first grid's column headers, without sort arrows ("↑ Giá trị (%)"). On a busy machine the
    grid's accessible table comes a moment after its frame: wait until it has headers (and `expected`)."""
    grid = page.locator(GRID).first
    headers: list[str] = []
    for _ in range(100):
        headers = [re.sub(r"[↑↓]", "", h).strip() for h in grid.locator("table thead th").all_inner_texts()]
        if headers and (not expected or expected in headers):
            break
        page.wait_for_timeout(300)
    return headers


def _column(page, header: str, rows: int = 8) -> list[str]:
    """The texts of a column of the first grid, from its accessible table (the grid is a canvas)."""
    grid = page.locator(GRID).first
    headers = _headers(page, header)
    index = headers.index(header)
    body = grid.locator("table tbody tr")
    return [body.nth(i).locator("td").nth(index).inner_text() for i in range(min(rows, body.count()))]


SELECTION_COLUMN = 38  # px: the row-selection checkboxes left of the first column
RANKING_WIDTHS = {"name": 140, "rank": 74, "value": 90}  # pages/rankings.py, province scope


def _click_header(page, column: str) -> None:
    """Click a column header of the rankings grid (drawn on a canvas: by its position)."""
    box = page.locator(GRID).first.bounding_box()
    x = SELECTION_COLUMN
    for key, width in RANKING_WIDTHS.items():
        if key == column:
            page.mouse.click(box["x"] + x + width / 2, box["y"] + 17)
            page.wait_for_timeout(600)
            return
        x += width
    raise KeyError(column)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


# ---- 1. find by typing, without diacritics -----------------------------------------------------------

def test_typing_without_diacritics_finds_communes_and_provinces(page, app_url):
    _open(page, f"{app_url}/compare?province=1&period=2025-11&lang=vi", DESK, ".js-plotly-plot")
    sidebar = page.get_by_label("Tìm xã, phường, tỉnh")
    sidebar.fill("thanh hoa")
    page.get_by_role("button", name="Thanh Hóa", exact=True).wait_for(timeout=20_000)
    sidebar.fill("hue")
    page.get_by_role("button", name="Thành phố Huế", exact=True).wait_for(timeout=20_000)
    page.get_by_role("button", name="Thành phố Huế", exact=True).click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Thành phố Huế").first.wait_for(timeout=30_000)
    # the compare page's own picker, in Thanh Hóa
    sidebar.fill("thanh hoa")
    page.get_by_role("button", name="Thanh Hóa", exact=True).click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Thanh Hóa").first.wait_for(timeout=30_000)
    page.get_by_label("Tìm trong danh sách (gõ không dấu được)").fill("ba thuoc")
    page.get_by_role("button", name="Xã Bá Thước", exact=True).click()
    picker = page.locator('[data-testid="stMultiSelect"]').first
    picker.get_by_text("Xã Bá Thước").wait_for(timeout=30_000)
    _shot(page, "search_compare_1440_vi")
    # Streamlit's "Select all" is switched off in every picker (English text we cannot translate)
    page.locator('[data-testid="stMultiSelect"]').nth(1).click()
    page.wait_for_timeout(500)
    assert page.get_by_text("Select all").count() == 0
    # the sidebar box opens the commune's profile, in its own province
    page.keyboard.press("Escape")
    sidebar.fill("ba thuoc")
    page.get_by_role("button", name="Xã Bá Thước · Thanh Hóa").click()
    page.get_by_role("heading", name="Xã Bá Thước").wait_for(timeout=60_000)
    assert "/profile" in page.url and "commune=14923" in page.url


# ---- 2. numbers sort as numbers; below target; exports ------------------------------------------------

def test_rankings_sort_by_value_and_rank_as_numbers(page, app_url):
    _open(page, f"{app_url}/rankings?{NOV}&indicator=online_rate&lang=vi", PROJECTOR)
    top_before = _number(_column(page, "Giá trị (%)")[0])
    _click_header(page, "value")  # ascending: the lowest rate first (text sorting put 100 % before 45,64 %)
    values = [_number(v) for v in _column(page, "Giá trị (%)", rows=20)]
    assert values == sorted(values) and values[0] < 60 < top_before
    _click_header(page, "rank")  # ascending
    _click_header(page, "rank")  # descending: 166 first (text sorting put "99/166" first)
    ranks = [int(r) for r in _column(page, "Xếp hạng", rows=20)]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == 166
    _shot(page, "rankings_sorted_1280_vi")


def test_below_target_list_from_the_overview(page, app_url):
    _open(page, f"{app_url}/?{NOV}&lang=vi", DESK, ".js-plotly-plot")
    page.get_by_role("button", name="Xem danh sách xã chưa đạt").click()
    page.wait_for_url(re.compile(r".*/rankings\?.*below=1.*"), timeout=60_000)
    page.wait_for_selector(GRID, timeout=60_000)
    page.wait_for_timeout(800)
    targets = set(_column(page, "Mục tiêu 70 %", rows=50))
    assert targets == {"Chưa đạt"}
    _shot(page, "below_target_1440_vi")


# ---- 3 and 4. a copied link shows the same view; a row opens the profile ----------------------------

def test_copied_link_reopens_the_same_view_and_a_row_opens_the_profile(page, app_url, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    _open(page, f"{app_url}/rankings?{NOV}&indicator=service_index&lang=en", DESK)
    page.get_by_label("Search by name (accents optional)").fill("thach")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('q=thach')", timeout=30_000)
    page.wait_for_timeout(1000)
    names = _column(page, "Name", rows=20)
    bars = page.locator(".js-plotly-plot .ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert bars
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Link copied").wait_for(timeout=10_000)
    link = page.evaluate("navigator.clipboard.readText()")
    assert "/rankings?" in link and "q=thach" in link and "lang=en" in link
    _shot(page, "copy_link_1440_en")
    colleague = browser.new_context(viewport=DESK)
    other = colleague.new_page()
    _open(other, link, DESK)
    other.wait_for_timeout(800)
    assert _column(other, "Name", rows=20) == names and all("Thạch" in n or "Thach" in n for n in names)
    assert other.locator(".js-plotly-plot .ytick text").evaluate_all("els => els.map(e => e.textContent)") == bars
    colleague.close()
    # drill-through: a click on the first row's selection cell opens that commune's profile
    grid = page.locator(GRID).first.bounding_box()
    page.mouse.click(grid["x"] + 17, grid["y"] + 35 + 17)
    page.get_by_role("heading", name=names[0]).wait_for(timeout=60_000)
    assert "/profile" in page.url


def _copy_link(page, label: str = "Sao chép liên kết") -> str:
    page.get_by_role("button", name=label).click()
    page.get_by_role("button", name=re.compile("Đã sao chép liên kết|Link copied")).wait_for(timeout=10_000)
    return page.evaluate("navigator.clipboard.readText()")


def test_a_copied_link_keeps_the_tables_order(page, app_url, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    _open(page, f"{app_url}/rankings?{NOV}&indicator=online_rate&lang=vi", PROJECTOR)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Sắp xếp theo").click()
    page.get_by_role("option", name="Giá trị: thấp đến cao").click()
    page.wait_for_function("() => location.search.includes('sort=value_asc')", timeout=30_000)
    page.wait_for_timeout(1000)
    values = _column(page, "Giá trị (%)", rows=15)
    assert [_number(v) for v in values] == sorted(_number(v) for v in values)
    link = _copy_link(page)
    assert "sort=value_asc" in link
    _shot(page, "rankings_sort_link_1280_vi")
    colleague = browser.new_context(viewport=PROJECTOR)
    other = colleague.new_page()
    _open(other, link, PROJECTOR)
    assert _column(other, "Tên đơn vị", rows=15) == _column(page, "Tên đơn vị", rows=15)
    assert _column(other, "Giá trị (%)", rows=15) == values  # "45,64 %"-style texts, the same order
    colleague.close()


def _map_image(page):
    from io import BytesIO

    from PIL import Image

    canvas = page.locator(MAP_CANVAS).first
    canvas.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no hover highlight or tooltip in the picture
    page.wait_for_timeout(1500)
    return Image.open(BytesIO(canvas.screenshot())).convert("RGB")


def _share_differing(a, b) -> float:
    from PIL import ImageChops

    difference = ImageChops.difference(a, b.resize(a.size)).convert("L").point(lambda v: 255 if v > 40 else 0)
    return sum(difference.histogram()[255:]) / (a.size[0] * a.size[1])


def test_a_copied_link_keeps_the_maps_view(page, app_url, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    map_url = f"{app_url}/map?{NOV}&lang=vi&commune=14923"
    _open(page, map_url, DESK, MAP_CANVAS)
    fitted = _map_image(page)
    slider = page.get_by_role("slider", name="Phóng to")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('zoom=2')", timeout=30_000)
    page.wait_for_timeout(1000)
    zoomed = _map_image(page)
    link = _copy_link(page)
    assert "zoom=2" in link and "commune=14923" in link
    _shot(page, "map_zoom_link_1440_vi")
    seen, _ = _colleague_sees_map(browser, link)
    assert _share_differing(zoomed, fitted) > 0.2  # the zoom changed the picture
    assert _share_differing(zoomed, seen) < 0.02  # and the colleague sees the same one


def _shown_view(page) -> list[float]:
    return __import__("json").loads(page.locator(".commune-deck-map").get_attribute("data-view"))


def _colleague_sees_map(browser, link: str):
    """What a colleague opening `link` in a browser of their own sees: the map's picture and view."""
    colleague = browser.new_context(viewport=DESK)
    other = colleague.new_page()
    _open(other, link, DESK, MAP_CANVAS)
    seen = _map_image(other), _shown_view(other)
    colleague.close()
    return seen


def test_a_copied_link_keeps_a_view_panned_and_zoomed_with_the_mouse(page, app_url, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    _open(page, f"{app_url}/map?{NOV}&lang=vi&commune=14923", DESK, MAP_CANVAS)
    canvas = page.locator(MAP_CANVAS).first
    canvas.scroll_into_view_if_needed()
    fitted_view, fitted = _shown_view(page), _map_image(page)
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 60, steps=10)
    page.mouse.up()
    page.mouse.wheel(0, -400)  # zoom in where the pointer is
    # one rerun after the gesture: the link holds the view, and so does the copy-link button
    page.wait_for_function("() => location.search.includes('mv=')", timeout=30_000)
    page.wait_for_function("""() => { const box = document.querySelector('.commune-deck-map');
        const shown = box && box.dataset.view && JSON.parse(box.dataset.view).join(',');
        return shown && decodeURIComponent(location.search).includes('mv=' + shown)
            && [...document.querySelectorAll('.copy-link-button')].some(b => b.dataset.query.includes(
                'mv=' + encodeURIComponent(shown))); }""", timeout=30_000)
    panned_view, panned = _shown_view(page), _map_image(page)
    assert panned_view[2] > fitted_view[2] + 0.3 and panned_view[:2] != fitted_view[:2]
    # the button is drawn later in the run that wrote the link: wait for it, do not race it
    expect(page.get_by_role("button", name="Về khung ban đầu")).to_be_enabled(timeout=30_000)
    link = _copy_link(page)
    assert "mv=" in link and "commune=14923" in link
    _shot(page, "map_panned_link_1440_vi")
    seen, seen_view = _colleague_sees_map(browser, link)
    assert seen_view == panned_view  # the colleague's map shows the view reported by the first
    assert _share_differing(panned, fitted) > 0.2  # the pan and zoom changed the picture
    assert _share_differing(panned, seen) < 0.02  # and the colleague sees the same one
    page.get_by_role("button", name="Về khung ban đầu").click()  # back to the fitted frame
    page.wait_for_function("() => !location.search.includes('mv=')", timeout=30_000)
    page.wait_for_function(f"() => document.querySelector('.commune-deck-map').dataset.view === "
                           f"'{__import__('json').dumps(fitted_view, separators=(',', ':'))}'", timeout=30_000)
    # the overview's map is the same component and the same view: a drag there is kept in the link
    # and the map page opens on it
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_role("heading", name="Trạng thái trên bản đồ Nghị quyết 57").wait_for(timeout=60_000)
    _wait_for_one_map(page)  # the map page's map has gone, the overview's is drawn
    overview_map = page.locator(MAP_CANVAS).first
    overview_map.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = overview_map.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 40, steps=8)
    page.mouse.up()
    page.wait_for_function("""() => { const box = document.querySelector('.commune-deck-map');
        const shown = box && box.dataset.view && JSON.parse(box.dataset.view).join(',');
        return shown && decodeURIComponent(location.search).includes('mv=' + shown); }""", timeout=30_000)
    dragged_view = _shown_view(page)
    # the button is drawn later in the run that wrote the link: wait for it, do not race it
    expect(page.get_by_role("button", name="Về khung ban đầu")).to_be_enabled(timeout=30_000)
    _shot(page, "overview_panned_1440_vi")
    page.get_by_role("link", name="Bản đồ").click()
    page.wait_for_function("() => location.pathname.endsWith('/map')", timeout=30_000)
    page.get_by_role("heading", name="Chú giải").wait_for(timeout=60_000)  # the map page's legend
    _wait_for_one_map(page)
    # the map page shows the view in the state (the overview's last reported one: under load a drag
    # can be reported in two steps, so it is read from the link, not from the first report)
    page.wait_for_function(f"""() => {{ const canvas = document.querySelector('{MAP_CANVAS}');
        const mv = new URLSearchParams(location.search).get('mv');
        return canvas && mv && canvas.closest('.commune-deck-map').dataset.view
            === JSON.stringify(mv.split(',').map(Number)); }}""", timeout=60_000)
    assert _shown_view(page) != fitted_view and dragged_view != fitted_view
    assert not [e for e in errors if "multiple versions" in e]


def _wait_for_one_map(page) -> None:
    """After a move to another page: its script has finished, so the previous page's map (kept on
    screen while the new page runs) is gone, and the one map left is drawn."""
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return app && app.dataset.testScriptState === 'notRunning'
            && !document.querySelector('[class*="st-key-deferred_"]')
            && document.querySelectorAll('.commune-deck-map').length === 1
            && !!document.querySelector('.commune-deck-map[data-ready="1"] canvas'); }""", timeout=60_000)


# ---- 5. compare over months, one colour per commune -----------------------------------------------------

def test_compare_over_months_with_labelled_line_ends(page, app_url):
    _open(page, f"{app_url}/compare?province=38&period=2026-10&commune=14923,14869,15421&lang=vi", PROJECTOR,
          ".js-plotly-plot")
    page.get_by_role("heading", name="Theo tháng").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=30_000)
    months_chart = page.locator(".js-plotly-plot").nth(2)
    months_chart.scroll_into_view_if_needed()
    months_chart.locator(".annotation-text", has_text="Xã Yên Trường").wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    _shot(page, "compare_months_1280_vi")
    for name in ("Xã Bá Thước", "Xã Hồi Xuân", "Xã Yên Trường"):
        assert months_chart.locator(".annotation-text", has_text=name).count() == 1
    ticks = months_chart.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert "07/2025" in ticks  # the months, not only the snapshot


# ---- 6. projector and presentation mode ----------------------------------------------------------------

def test_presentation_mode_at_1280_clips_nothing(page, app_url):
    _open(page, f"{app_url}/?{NOV}&lang=vi&present=1", PROJECTOR, ".js-plotly-plot")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    clipped = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] p')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert clipped == []
    _shot(page, "overview_present_1280_vi")
    page.get_by_role("button", name="Thoát chế độ trình chiếu").click()
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=30_000)
    page.wait_for_selector('header[data-testid="stHeader"]', state="visible", timeout=30_000)


def test_profile_at_1280_keeps_tables_and_figures_whole(page, app_url):
    _open(page, f"{app_url}/profile?{NOV}&commune=14923&lang=en", PROJECTOR)
    clipped = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricValue"] div')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert clipped == []
    page.get_by_text("All indicators").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    _shot(page, "profile_1280_en")
    grids = page.locator(GRID)
    for i in range(grids.count()):
        box = grids.nth(i).bounding_box()
        assert box is None or box["x"] + box["width"] <= PROJECTOR["width"]


# ---- 7. phone --------------------------------------------------------------------------------------------

@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_phone_map_fits_and_works_by_tap(phone, app_url):
    _open(phone, f"{app_url}/map?{NOV}&lang=vi", PHONE, MAP_CANVAS)
    canvas = phone.locator(MAP_CANVAS).first
    canvas.scroll_into_view_if_needed()
    phone.wait_for_timeout(1500)
    box = canvas.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] <= 430  # fitted to a phone's frame
    # a tap shows the commune's figures, whole, inside the screen
    phone.touchscreen.tap(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.5)
    tooltip = phone.locator(".deck-tooltip")
    tooltip.wait_for(timeout=30_000)
    assert "Xếp hạng:" in tooltip.inner_text()
    tip = tooltip.bounding_box()
    assert tip["x"] >= 0 and tip["x"] + tip["width"] <= PHONE["width"]
    _shot(phone, "map_tap_390_vi")
    # the map's own + button zooms in (no pinch needed), and the link keeps that view
    phone.locator(".commune-deck-map").get_by_role("button", name="Phóng to", exact=True).tap()
    phone.wait_for_function("() => location.search.includes('mv=')", timeout=30_000)




@pytest.mark.parametrize("scope", ["province"])  # the national map: same layers (checked by hand, README)
def test_a_click_on_the_map_chooses_the_commune_and_opens_its_profile(page, app_url, scope):
    national = "&scope=national" if scope == "national" else ""
    _open(page, f"{app_url}/map?{NOV}&lang=vi{national}", DESK, MAP_CANVAS)
    page.wait_for_timeout(1500)
    name = click_a_commune(page, page.locator(MAP_CANVAS).first)
    opener = page.get_by_role("button", name=f"Mở hồ sơ {name}")
    opener.wait_for(timeout=30_000)
    _shot(page, f"map_click_{scope}_1440_vi")
    opener.click()
    page.get_by_role("heading", name=re.compile(re.escape(name))).first.wait_for(timeout=60_000)
    assert "/profile" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0


def test_phone_tables_lead_with_name_rank_value_and_no_toolbar_over_charts(phone, app_url):
    _open(phone, f"{app_url}/rankings?{NOV}&indicator=online_rate&lang=en", PHONE)
    assert _headers(phone, "Value (%)")[:3] == ["Name", "Rank", "Value (%)"]
    chart = phone.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    assert phone.evaluate("""() => [...document.querySelectorAll('.modebar-container')]
        .every(e => getComputedStyle(e).display === 'none')""")
    _shot(phone, "rankings_390_en")


# ---- 8. national scope ---------------------------------------------------------------------------------

def test_national_rankings_name_provinces_and_explain_the_target(page, app_url):
    _open(page, f"{app_url}/rankings?province=38&period=2026-10&indicator=online_rate&scope=national&lang=vi",
          DESK)
    assert page.get_by_text(re.compile("Đường chỉ tiêu 80 %: mục tiêu toàn quốc năm 2025")).count() == 1
    assert page.get_by_text(re.compile("Thanh Hóa 70 %")).count() >= 1
    # the chart's ticks are drawn a moment after its frame (and again when it resizes): wait for them
    page.wait_for_function("""() => { const plot = document.querySelector('.js-plotly-plot');
        return plot && [...plot.querySelectorAll('.ytick text')].some(e => e.textContent); }""", timeout=30_000)
    texts = page.locator(".js-plotly-plot").first.locator(".ytick text").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert texts and all(text.endswith(")") for text in texts)  # the province, in brackets
    _shot(page, "rankings_national_1440_vi")


# ---- hardening -------------------------------------------------------------------------------------------

def test_a_crafted_link_shows_no_traceback_or_path(page, app_url):
    _open(page, f"{app_url}/rankings?province=%C2%B2&commune=%C2%B9%E2%81%B4&n=1%C2%B2&q=%C2%B2", DESK,
          '[data-testid="stAlert"]')
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Traceback" not in body and "/work/" not in body and ".py" not in body
    assert "Giá trị không hợp lệ trong đường dẫn" in body
