"""The overview page (pages/overview.py) under Streamlit's AppTest on the demo database."""
from __future__ import annotations

from pathlib import Path

import pytest
from page_runner import displayed, run_page
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "overview.py")
NOV_38 = {"province": "38", "period": "2025-11", "window": "month"}


def _run(**params) -> AppTest:
    return run_page(PAGE, params)


def _metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_overview_headline_figures_for_thanh_hoa(demo_env):
    at = _run(**NOV_38)
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Số xã, phường, đặc khu"] == "166"
    median = metrics["Trung vị tỷ lệ hồ sơ trực tuyến"]
    assert median.endswith(" %") and "," in median  # 78,55 %, the Vietnamese way
    missed, with_data = metrics["Số xã chưa đạt chỉ tiêu 70 %"].split("/")  # Thanh Hóa's own target
    assert 0 < int(missed) < int(with_data) <= 166
    green, total = metrics["Xanh trên bản đồ NQ57"].split("/")
    assert total == "166" and 0 < int(green) < 166
    # Every grade band is shown, and the bands add up to the communes with a score.
    grades = [metrics[band] for band in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")]
    assert sum(int(g) for g in grades) == 166


def test_overview_status_in_words_and_map(demo_env):
    at = _run(**NOV_38)
    words = next(md.value for md in at.markdown if md.value.startswith("**Xanh**"))
    for label in ("**Vàng**", "**Đỏ**", "**Chưa báo cáo**"):
        assert label in words
    counts = [int(part.split(": ")[1]) for part in words.split(" · ")]
    assert sum(counts) == 166
    assert len(at.get("deck_gl_json_chart")) == 1  # the status map (dashboard.maps)
    assert len(at.get("plotly_chart")) == 1  # the status bar beside it


def test_overview_summary_sentence_for_the_chosen_commune(demo_env):
    at = _run(**NOV_38, commune="14923")
    assert not at.exception
    sentence = next(md.value for md in at.markdown if "xếp thứ" in md.value)
    assert sentence.startswith("Xã Bá Thước xếp thứ 17/166 trong tỉnh về Bộ chỉ số phục vụ người dân")
    assert "so với tháng trước" in sentence


def test_overview_summary_defaults_to_the_top_commune_and_movers(demo_env):
    at = _run(**NOV_38)
    sentence = next(md.value for md in at.markdown if "xếp thứ" in md.value)
    assert "xếp thứ 1/166" in sentence
    up, down = displayed(at.dataframe[0]), displayed(at.dataframe[1])
    assert all(change.startswith("▲") for change in up["Thay đổi"])
    assert all(change.startswith("▼") for change in down["Thay đổi"])
    assert len(up) == 5 and len(down) == 5
    assert all(rank.endswith("/166") for rank in up["Xếp hạng"])
    # numbers underneath, so the grid sorts them as numbers
    assert (at.dataframe[0].value["Thay đổi"] > 0).all() and (at.dataframe[1].value["Thay đổi"] < 0).all()


def test_overview_default_state_in_english(demo_env):
    at = _run(lang="en")
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Communes, wards and special zones"] == "166"
    assert metrics["Median online dossier rate"].endswith("%") and "." in metrics["Median online dossier rate"]
    assert "Communes below the 70% target" in metrics
    assert any(" ranks 1/" in md.value for md in at.markdown)
    assert at.selectbox(key="w_indicator").value == "service_index"


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent"},
    {"period": "x" * 10_000},
    {"commune": "1; DROP TABLE communes"},
])
def test_overview_bad_url_values_fall_back_with_a_warning(demo_env, params):
    at = _run(**params)
    assert not at.exception
    assert at.warning, "a notice names the invalid parameter"
    assert _metrics(at)["Số xã, phường, đặc khu"] == "166"  # default province: Thanh Hóa


def test_below_target_figure_opens_the_list(demo_env):
    at = run_page(PAGE, {"province": "38", "period": "2025-11", "indicator": "service_index"})
    button = at.button(key="ov_below_list")
    assert button.label == "Xem danh sách xã chưa đạt" and not button.disabled
    button.click().run()
    assert not at.exception
    # the rankings page is asked for, on the online rate, in the province, below the target
    state = {k: at.session_state[f"s_{k}"] for k in ("indicator", "scope", "below")}
    assert state == {"indicator": "online_rate", "scope": "province", "below": True}


def test_briefing_pack_is_made_with_progress_and_offered_for_download(demo_env):
    at = _run(**NOV_38, commune="14923")
    assert "Xã Bá Thước" in " ".join(caption.value for caption in at.caption)  # the pack features the chosen commune
    before = [button.proto.label for button in at.get("download_button")]
    assert "Tải PowerPoint (.pptx)" not in before  # nothing is built until asked
    at.button(key="briefing_make").click().run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Tải PowerPoint (.pptx)" in labels and "Tải PDF" in labels


def test_the_caption_names_the_months_once_as_exports_do(demo_env):
    """'Thanh Hóa · Tháng 11/2025', not 'Tháng, đến Tháng 11/2025'; a window names its months."""
    assert "Thanh Hóa · Tháng 11/2025" in [c.value for c in _run(**NOV_38).caption]
    assert "Thanh Hóa · Year to date: Jan 2025 – Nov 2025" in [
        c.value for c in _run(**{**NOV_38, "window": "ytd", "lang": "en"}).caption]
