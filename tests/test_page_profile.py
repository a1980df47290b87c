"""Commune profile page (pages/profile.py) under AppTest on the demo database."""
import json
from pathlib import Path

import pytest
from page_runner import displayed, run_page
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "profile.py")
LINK = {"province": "38", "period": "2025-11", "indicator": "service_index", "window": "month", "commune": "14923"}


def run(params: dict) -> AppTest:
    return run_page(PAGE, params)


def scorecard_rows(at: AppTest, shown: bool = True):
    """The scorecard as read (texts; `shown=False`: the values underneath, which the grid sorts)."""
    import pandas as pd

    frames = [displayed(df) if shown else df.value for df in at.dataframe if "trend" in df.value.columns]
    return pd.concat(frames, ignore_index=True)


def test_ba_thuoc_service_index_ranks_17_of_166(demo_env):
    at = run(LINK)
    assert not at.exception
    assert any(h.value == "Xã Bá Thước" for h in at.header)
    rows = scorecard_rows(at)
    service = rows[rows["code"] == "service_index"].iloc[0]
    assert service["rank"] == "17/166"
    numbers = scorecard_rows(at, shown=False)
    assert numbers.loc[numbers["code"] == "service_index", "rank"].iloc[0] == 17  # sorts as a number
    assert len(numbers.loc[numbers["code"] == "service_index", "trend"].iloc[0]) == 5  # 07/2025 … 11/2025
    # every catalog indicator is on the card, in groups
    from core import catalog

    assert set(rows["code"]) == set(catalog.indicators())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mã đơn vị hành chính"] == "14923"
    assert metrics["Loại đơn vị"] == "Xã"
    assert any("Cành Nàng" in c.value for c in at.caption)  # formed from the old communes
    # Resolution 57 strip: words with colours, green in 11/2025
    assert any(":green-badge[11/2025 · Xanh]" in m.value for m in at.markdown)


def test_commune_without_figures_is_unranked_not_last(demo_env):
    at = run({"province": "38", "period": "2026-10", "window": "month", "commune": "15286"})  # did not report
    assert not at.exception
    rows = scorecard_rows(at)
    service = rows[rows["code"] == "service_index"].iloc[0]
    assert service["rank"] == "–" and service["value"] == "–"  # unranked, not last; the notice below says why
    assert any("chưa có số liệu trong khoảng thời gian này" in i.value for i in at.info)
    other = run({"province": "38", "period": "2026-10", "window": "month", "commune": "14923"})
    service = scorecard_rows(other).query("code == 'service_index'").iloc[0]
    assert service["rank"].endswith("/161")  # the caption says how many communes the province has
    assert any("tỉnh có 166 xã, phường" in c.value for c in other.caption)


def test_scorecard_downloads(demo_env):
    at = run(LINK)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Tải CSV", "Tải Excel", "Tải hồ sơ 1 trang (PDF)"]


def test_published_figures_shown_with_sources(demo_env):
    at = run(LINK)
    published = next(df.value for df in at.dataframe if "published" in df.value.columns)
    received = published[published["published"] == "5.932"].iloc[0]
    assert received["demo"] == "5.932"
    assert "Bá Thước" in received["source"]
    assert (published[published["published"] == "17/166"]["demo"] == "17/166").all()
    assert any("dữ liệu minh họa tái tạo" in c.value for c in at.caption)


def test_strongest_and_weakest_by_percentile(demo_env):
    at = run(LINK)
    tops = [df.value for df in at.dataframe if list(df.value.columns) == ["code", "indicator", "value", "rank",
                                                                          "percentile"]]
    strongest, weakest = tops
    assert strongest["percentile"].min() >= weakest["percentile"].max()
    assert {"Thế mạnh", "Cần cải thiện"} <= {s.value for s in at.subheader}


def test_default_commune_is_ba_thuoc_in_thanh_hoa_and_first_by_name_elsewhere(demo_env):
    at = run({"province": "38", "period": "2025-11"})
    assert not at.exception
    assert at.selectbox(key="w_commune_one").value == 14923
    other = run({"province": "1", "period": "2025-11"})
    assert not other.exception
    box = other.selectbox(key="w_commune_one")
    assert box.index == 0 and list(box.options) == sorted(box.options)  # options are the shown names


def test_choosing_a_commune_moves_it_first_in_the_shared_state(demo_env):
    at = run({**LINK, "commune": "14923,14869"})
    assert at.selectbox(key="w_commune_one").value == 14923
    at.selectbox(key="w_commune_one").set_value(14869).run()
    assert not at.exception
    assert dict(at.query_params)["commune"] in ("14869,14923", ["14869,14923"])
    assert any(h.value == "Xã Hồi Xuân" for h in at.header)


def test_english(demo_env):
    at = run({**LINK, "lang": "en"})
    assert not at.exception
    assert any(s.value == "All indicators" for s in at.subheader)
    rows = scorecard_rows(at)
    online = rows[rows["code"] == "online_rate"].iloc[0]
    assert online["value"].endswith("%") and "." in online["value"]


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent", "commune": "abc"},
    {"commune": "9" * 10_000},
    {"province": "x" * 10_000, "period": "2099-13"},
])
def test_bad_links_fall_back_with_a_warning(demo_env, params):
    at = run(params)
    assert not at.exception
    assert at.warning, "a bad link is reported"
    assert at.selectbox(key="w_commune_one").value == 14923  # defaults: Thanh Hóa, Bá Thước


def test_english_type_villages_and_area_precision(demo_env):
    at = run({"province": "48", "period": "2026-10", "window": "month", "commune": "20333", "lang": "en"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Type"] in ("Commune", "Ward", "Special zone")
    assert "Villages / residential groups" in metrics
    area = metrics["Area"]
    assert area.endswith(" km²") and len(area.split(" ")[0].split(".")[-1]) == 2  # catalog: 2 decimals
    vi = run({**LINK})
    assert {m.label: m.value for m in vi.metric}["Diện tích"].split(" ")[0].count(",") == 1


def test_scorecard_and_strength_tables_fit(demo_env):
    at = run(LINK)
    for frame in at.dataframe:
        columns = json.loads(frame.proto.columns)
        if "trend" in frame.value.columns:
            assert "direction" not in frame.value.columns  # the mark sits before the name
            widths = [c.get("width") for c in columns.values() if not c.get("hidden")]
            assert all(isinstance(w, int) for w in widths) and sum(widths) <= 800  # the page at 1280 px (projector)
        elif "percentile" in frame.value.columns:
            widths = [c.get("width") for k, c in columns.items() if not c.get("hidden") and k != "indicator"]
            assert all(isinstance(w, int) for w in widths) and sum(widths) <= 260


def test_why_the_ranks_moved_panel(demo_env):
    at = run(LINK)
    assert not at.exception
    assert any(sub.value == "Vì sao thứ hạng thay đổi" for sub in at.subheader)
    panel = next(block.value for block in at.markdown if "Số tổ công nghệ số cộng đồng** (" in block.value)
    lines = panel.splitlines()
    assert 1 <= len(lines) <= 5
    # Bá Thước's 36 digital teams (the report's figure) after 11 the month before: the largest move
    assert lines[0] == "- **▲93 Số tổ công nghệ số cộng đồng** (11/166): Số tổ công nghệ số cộng đồng tăng từ 11 lên 36."
    assert all(line.endswith(".") for line in lines)
