"""The overview page (pages/overview.py) under Streamlit's AppTest on the demo database."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_runner import bare_session, displayed, map_elements, map_spec_json, run_page
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
    maps = map_elements(at)
    assert len(maps) == 1 and not at.get("deck_gl_json_chart")  # the status map, on dashboard/deck_map.py
    features = next(layer for layer in json.loads(map_spec_json(maps[0]))["layers"] if layer["id"] == "communes")
    assert len(features["data"]["features"]) == 166
    assert len(at.get("plotly_chart")) == 1  # the status bar beside it


MAP_PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "map.py")


def _view_of(at: AppTest) -> tuple:
    view = json.loads(map_spec_json(map_elements(at)[0]))["initialViewState"]
    return view["longitude"], view["latitude"], view["zoom"]


def _mv(at: AppTest) -> str | None:
    value = at.query_params.get("mv")
    return value[0] if isinstance(value, list) else value


def test_a_click_on_the_overview_map_chooses_the_commune_and_keeps_the_view(demo_env):
    from dashboard import setup

    at = _run(**NOV_38)
    assert json.loads(map_elements(at)[0].proto.json)["clickable_layer"] == "communes"
    fitted = _view_of(at)
    # what the map's callback does with the code of a clicked commune, then the rerun
    at.session_state["ov_map"] = {"clicked": 14923, "view": None}
    with bare_session(at):
        setup._deck_clicked("ov_map", {14923: 38})
    at.run()
    assert not at.exception
    assert at.query_params["commune"] in ("14923", ["14923"])  # the link follows
    assert at.multiselect(key="w_communes").value[0] == 14923  # and the picker
    assert any(md.value.startswith("Xã Bá Thước xếp thứ") for md in at.markdown)  # and the summary
    assert _view_of(at) == fitted  # a click does not move the map


def test_the_overview_maps_view_is_kept_in_the_link_shared_with_the_map_page_and_refitted(demo_env):
    from dashboard import setup

    at = _run(**NOV_38)
    fitted = _view_of(at)
    assert at.button(key="map_view_reset").disabled  # nothing to go back from yet
    at.session_state["ov_map"] = {"view": [105.61234567, 19.87654321, 9.876543]}
    with bare_session(at):
        setup._deck_view_reported("ov_map")
    at.run()
    assert _mv(at) == "105.61235,19.87654,9.88" and _view_of(at) == (105.61235, 19.87654, 9.88)
    assert not at.button(key="map_view_reset").disabled
    # a colleague opening the link sees that view on the overview, and on the map page
    link = {**NOV_38, "mv": "105.61235,19.87654,9.88"}
    assert _view_of(_run(**link)) == (105.61235, 19.87654, 9.88)
    on_map_page = run_page(MAP_PAGE, link)
    assert _view_of(on_map_page) == (105.61235, 19.87654, 9.88) and _mv(on_map_page) == link["mv"]
    at.button(key="map_view_reset").click().run()  # back to the province's frame
    assert _mv(at) is None and _view_of(at) == fitted


@pytest.mark.parametrize("mv, notice", [("105.85,21.03,10", False), ("0,-45,30", True)])
def test_a_view_that_shows_none_of_the_province_fits_the_overview_map(demo_env, mv, notice):
    """A view of another part of the country (Hà Nội, from the national map; or a link's view brought
    inside Vietnam) would show an empty map: the overview fits Thanh Hóa, its refit button disabled."""
    fitted = _view_of(_run(**NOV_38))
    at = _run(**NOV_38, mv=mv)
    assert not at.exception
    assert _view_of(at) == fitted and at.button(key="map_view_reset").disabled
    assert any("“mv”" in w.value for w in at.warning) == notice


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
