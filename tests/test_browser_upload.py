"""An editor loads a file from the browser and undoes it; a visitor cannot load anything.

A real `streamlit run app.py` on its own small database of real figures (a copy, since this
test writes to it) with one editor in its secrets file; Debian's chromium through Playwright.
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-du-dai-123"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]


@pytest.fixture(scope="module")
def editor_server(real_db, tmp_path_factory):
    """A server whose database holds the November report; `an` is its one editor."""
    from conftest import _free_port

    from dashboard import auth

    folder = tmp_path_factory.mktemp("upload-server")
    db = folder / "communes.duckdb"
    shutil.copy(real_db, db)
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[editors]\nan = "{auth.hash_password(PASSWORD)}"\n', encoding="utf-8")
    rows = list(zip(fx.TYPED, fx.FIGURES))
    rows[0] = (rows[0][0], (5933, *fx.FIGURES[0][1:]))  # Bá Thước: 5,932 dossiers received → 5,933
    corrected = fx.write_report_xlsx(folder / "Báo cáo tháng 11 (sửa).xlsx", rows=rows)
    port = _free_port()
    env = {**os.environ, "COMMUNE_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port), "--secrets.files", str(secrets)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url, db, corrected
    server.terminate()
    server.wait(timeout=10)


RANKINGS = "/rankings?province=38&period=2025-11&window=month&indicator=dossiers_received&lang=vi"


def _open(page, title: str) -> None:
    """Go to a page through the sidebar: the same session, so the editor stays signed in."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click(timeout=45_000)


def _bar_labels_once(page, shown: str) -> list[str]:
    """The rankings bar chart's value labels (dossiers received, Thanh Hóa, November 2025), once
    `shown` is among them."""
    page.locator(".js-plotly-plot text", has_text=shown).first.wait_for(timeout=45_000)
    return page.locator(".js-plotly-plot text").all_text_contents()


def test_an_editor_loads_a_file_sees_it_on_the_rankings_and_rolls_it_back(browser, editor_server, tmp_path):
    url, db, corrected = editor_server
    visitor = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = visitor.new_page()
    page.goto(f"{url}/upload?lang=vi", wait_until="domcontentloaded")
    page.get_by_text("Đăng nhập bằng tài khoản biên tập viên").wait_for(timeout=45_000)
    assert page.locator('input[type="file"]').count() == 0  # no sign-in, nothing to upload into
    page.get_by_label("Tên đăng nhập").fill("an")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for(timeout=30_000)
    assert page.locator('input[type="file"]').count() == 0
    visitor.close()

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(url + RANKINGS, wait_until="domcontentloaded")
    assert "5.933" not in _bar_labels_once(page, "5.932")
    _open(page, "Nạp dữ liệu")
    page.get_by_label("Tên đăng nhập").fill("an", timeout=45_000)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đã đăng nhập: an").wait_for(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(str(corrected))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_text("Giá trị thay đổi (cũ → mới)").wait_for(timeout=90_000)  # the preview
    page.get_by_text("Tôi đã xem kết quả kiểm tra").click()
    page.get_by_role("button", name="Xác nhận nạp").click()
    page.get_by_text("Đã nạp xong").wait_for(timeout=90_000)
    page.screenshot(path=str(tmp_path / "upload-done.png"), full_page=True)
    load_id = fx.query(db, "SELECT max(load_id) FROM loads")[0][0]
    assert fx.query(db, "SELECT loaded_by, source FROM loads WHERE load_id = ?", [load_id]) == [
        ("an", corrected.name)]

    _open(page, "Xếp hạng")
    assert "5.932" not in _bar_labels_once(page, "5.933")  # the new value, on the rankings page

    _open(page, "Nạp dữ liệu")
    page.get_by_role("tab", name="Các lượt nạp và hoàn tác").click(timeout=45_000)
    page.get_by_role("button", name="Xem trước").click()  # the newest load is chosen first
    page.get_by_text(f"Hoàn tác lượt #{load_id} ({corrected.name})").wait_for(timeout=90_000)
    page.get_by_text(f"Tôi đã xem các giá trị sẽ thay đổi khi hoàn tác lượt #{load_id}.").click()
    page.get_by_role("button", name=f"Hoàn tác lượt #{load_id}").click()
    page.get_by_text(f"Đã hoàn tác lượt #{load_id}").wait_for(timeout=90_000)
    page.screenshot(path=str(tmp_path / "rollback-done.png"), full_page=True)

    _open(page, "Xếp hạng")
    assert "5.933" not in _bar_labels_once(page, "5.932")  # the old value is back
    page.close()
