"""AppTest of pages/map.py: what an official sees on the map, in both languages, with bad links."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_runner import bare_session, map_elements, map_spec_json, run_page
from streamlit.testing.v1 import AppTest

from dashboard import maps

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "map.py")
BASE = {"province": "38", "period": "2025-11", "indicator": "service_index", "window": "month"}


def _run(**params) -> AppTest:
    return run_page(PAGE, params)


def _deck(at: AppTest) -> dict:
    charts = map_elements(at)
    assert len(charts) == 1
    return json.loads(map_spec_json(charts[0]))


def _features(spec: dict, layer_id: str = "communes") -> list[dict]:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)["data"]["features"]


def _tip(properties: dict) -> str:
    return " | ".join([properties["name"], *(properties[k] for k in sorted(properties) if k.startswith("tip_"))])


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [e.proto.body for e in at.get("html")]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def test_status_map_of_thanh_hoa(demo_env):
    at = _run(**BASE, commune="14923")
    assert not at.exception
    spec = _deck(at)
    assert spec.get("mapStyle") is None  # offline: no tiles
    features = _features(spec)
    assert len(features) == 166
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    ba_thuoc = _tip(by_code[14923])
    assert ba_thuoc.startswith("Xã Bá Thước | Trạng thái Nghị quyết 57: Xanh")
    assert "Xếp hạng: 17/166" in ba_thuoc
    assert by_code[14923]["fill"] == maps.STATUS_RGB["green"]
    colours = {tuple(p["fill"]) for p in by_code.values()}
    assert colours == {tuple(c) for c in maps.STATUS_RGB.values()}
    greys = [p for p in by_code.values() if p["fill"] == maps.STATUS_RGB[None]]
    assert greys and all("Chưa báo cáo" in _tip(p) for p in greys)
    assert [f["properties"]["code"] for f in _features(spec, "selected")] == [14923]
    text = _texts(at)
    assert "Xanh: 126" in text and "Chưa báo cáo: 5" in text  # counts beside the map, in words
    assert "Tất cả 166 xã, phường đều có ranh giới" in text


def test_default_state_no_selection(demo_env):
    at = _run()
    assert not at.exception
    spec = _deck(at)
    assert all(layer["id"] != "selected" for layer in spec["layers"])
    assert at.query_params["layer"] == ["r57"] or at.query_params["layer"] == "r57"


def test_indicator_layer_in_english_has_five_classes(demo_env):
    at = _run(**{**BASE, "indicator": "online_rate"}, layer="indicator", lang="en")
    assert not at.exception
    features = _features(_deck(at))
    assert len(features) == 166
    fills = {tuple(f["properties"]["fill"]) for f in features}
    assert len(fills & {tuple(c) for c in maps.CLASS_RGB}) == 5
    tip = _tip(features[0]["properties"])
    assert "Online dossier rate: " in tip and "Rank: " in tip and "Resolution 57 status: " in tip
    text = _texts(at)
    assert "5 classes" in text and "%" in text and "Green: " in text
    assert "Target 70.00%: " in text and " of 166 communes miss it." in text
    assert "Online dossier rate · Nov 2025 · Thanh Hóa" in text


def test_national_scope_uses_simplified_shapes(demo_env):
    at = _run(**BASE, scope="national")
    assert not at.exception
    spec = _deck(at)
    assert len(_features(spec)) == 3321
    assert len(_features(spec, "provinces")) == 34
    assert len(map_spec_json(map_elements(at)[0])) < 3_500_000


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent"},
    {"province": "9" * 10_000},
    {"layer": "<script>", "scope": "planet"},
])
def test_bad_links_fall_back_with_a_warning(demo_env, params):
    at = _run(**params)
    assert not at.exception
    assert at.warning, "a notice names the invalid parameter"
    assert len(_features(_deck(at))) == 166  # default province: Thanh Hóa


@pytest.mark.parametrize("province, lang, expected", [
    ("56", "vi", "Đặc khu Trường Sa nằm ngoài khung nhìn; kéo hoặc thu nhỏ bản đồ để xem."),
    ("48", "en", "Đặc khu Hoàng Sa outside the initial view; drag or zoom out to see it.")])
def test_far_islands_named_outside_the_initial_view(demo_env, province, lang, expected):
    at = _run(province=province, period="2025-11", window="month", lang=lang)
    assert not at.exception
    assert expected in _texts(at)
    spec = _deck(at)
    assert spec["initialViewState"]["zoom"] > 7  # the mainland, not the whole sea


def test_thanh_hoa_has_no_outside_view_caption(demo_env):
    at = _run(**BASE)
    assert "ngoài khung nhìn" not in _texts(at)


def test_indicator_legend_says_which_way_is_better(demo_env):
    at = _run(**{**BASE, "indicator": "dossiers_late"}, layer="indicator")
    assert not at.exception
    assert "thấp hơn là tốt" in _texts(at)
    at = _run(**{**BASE, "indicator": "online_rate"}, layer="indicator", lang="en")
    assert "higher is better" in _texts(at)
    at = _run(**{**BASE, "indicator": "population"}, layer="indicator", lang="en")
    assert "No better/worse direction" in _texts(at)


def test_national_map_names_the_province_and_splits_colours_at_the_target(demo_env):
    at = _run(**{**BASE, "indicator": "online_rate"}, layer="indicator", scope="national")
    assert not at.exception
    features = _features(_deck(at))
    ba_thuoc = next(f for f in features if f["properties"]["code"] == 14923)
    assert ba_thuoc["properties"]["name"] == "Xã Bá Thước · Thanh Hóa"  # names repeat across provinces
    legend = " ".join(h.proto.body for h in at.get("html"))
    assert "80,00 % (đạt chỉ tiêu)" in legend or "– 80,00 % (dưới chỉ tiêu)" in legend
    notes = " ".join(c.value for c in at.caption)
    assert "mục tiêu toàn quốc năm 2025" in notes


def test_class_edges_put_the_target_on_an_edge():
    values = [float(v) for v in range(40, 101)]
    edges = maps.class_edges(values, split=70.0)
    assert 70.0 in edges and len(edges) == 6
    below = [maps.class_of(v, edges) for v in values if v < 70]
    meets = [maps.class_of(v, edges) for v in values if v >= 70]
    assert max(below) < min(meets)  # no class holds communes on both sides of the target
    assert maps.class_edges(values, split=20.0) == maps.class_edges(values)  # target outside the values
    legend = maps.indicator_legend(edges, "%", 2, "vi", target=70.0)
    assert [text.endswith("(dưới chỉ tiêu)") for _, text in legend] == [e < 70 for e in edges[:-1]]


def test_clicking_a_commune_on_the_map_chooses_it(demo_env):
    from dashboard import setup

    at = _run(**BASE)
    spec = _deck(at)
    assert [layer["id"] for layer in spec["layers"] if layer.get("pickable")] == ["communes"]  # fills only
    assert json.loads(map_elements(at)[0].proto.json)["clickable_layer"] == "communes"
    # what the callback does with the code the map reports for a clicked commune
    at.session_state["map_deck"] = {"clicked": 14923, "view": None}
    with bare_session(at):
        setup._deck_clicked("map_deck", {14923: 38})
    assert at.session_state["s_communes"][0] == 14923
    assert at.run().query_params["commune"] in ("14923", ["14923"])


def test_base_map_tiles_only_where_configured_and_switched_on(demo_env, monkeypatch):
    """One map either way (the component, reporting its view); the tiles and their attribution go to
    it only once the user switches them on, and only where settings.yaml configures them."""
    assert not [t for t in _run(**BASE).toggle if t.key == "map_tiles"]  # offline by default: no switch
    from core import catalog

    settings = {**catalog.settings(), "basemap_tiles": "https://tiles.example.vn/{z}/{x}/{y}.png",
                "basemap_attribution": "© OpenStreetMap"}
    monkeypatch.setattr(catalog, "settings", lambda: settings)
    at = _run(**BASE)
    assert json.loads(map_elements(at)[0].proto.json)["basemap"] is None  # not until switched on
    at.toggle(key="map_tiles").set_value(True).run()
    assert not at.exception
    (element,) = map_elements(at)
    assert json.loads(element.proto.json)["basemap"] == {"tiles": ["https://tiles.example.vn/{z}/{x}/{y}.png"],
                                                         "attribution": "© OpenStreetMap"}
    assert json.loads(map_spec_json(element)).get("mapStyle") is None


def _view_of(at: AppTest) -> tuple:
    view = _deck(at)["initialViewState"]
    return view["longitude"], view["latitude"], view["zoom"]


def _pan_to(at: AppTest, reported: list) -> AppTest:
    """What happens when the map reports that the user panned or zoomed to `reported`, then the rerun."""
    from dashboard import setup

    at.session_state["map_deck"] = {"view": reported}
    with bare_session(at):
        setup._deck_view_reported("map_deck")
    return at.run()


def test_a_panned_view_is_kept_in_the_link_and_reset_by_what_changes_the_frame(demo_env):
    at = _run(**BASE, commune="14923")
    fitted = _view_of(at)
    assert at.button(key="map_view_reset").disabled  # nothing to go back from yet
    _pan_to(at, [105.61234567, 19.87654321, 9.876543])
    assert not at.button(key="map_view_reset").disabled
    assert not at.exception
    assert at.query_params["mv"] in ("105.61235,19.87654,9.88", ["105.61235,19.87654,9.88"])  # rounded
    assert _view_of(at) == (105.61235, 19.87654, 9.88)
    # a colleague opening the link sees that view, the fitted frame one click away
    reopened = _run(**BASE, commune="14923", mv="105.61235,19.87654,9.88")
    assert _view_of(reopened) == (105.61235, 19.87654, 9.88) and not reopened.warning
    reopened.button(key="map_view_reset").click().run()
    assert _view_of(reopened) == fitted and "mv" not in reopened.query_params
    # the layer or the indicator does not move the map; a click on a commune on it does not either
    at.segmented_control(key="w_layer").set_value("indicator").run()
    assert _view_of(at) == (105.61235, 19.87654, 9.88)
    at.session_state["map_deck"] = {"clicked": 14869, "view": [105.61235, 19.87654, 9.88]}
    with bare_session(at):
        __import__("dashboard.setup").setup._deck_clicked("map_deck", {14869: 38})
    at.run()
    assert at.session_state["s_communes"][0] == 14869 and _view_of(at) == (105.61235, 19.87654, 9.88)
    # the named views replace it
    at.select_slider(key="w_map_magnify").set_value(1).run()
    assert "mv" not in at.query_params and _view_of(at) != (105.61235, 19.87654, 9.88)
    # another province: fitted to it, the old view gone
    _pan_to(at, [105.5, 19.9, 10])
    assert at.query_params["mv"] in ("105.5,19.9,10", ["105.5,19.9,10"])
    at.selectbox(key="w_province").set_value(1).run()
    assert not at.exception and "mv" not in at.query_params
    assert _view_of(at) == _view_of(_run(province="1", period="2025-11", window="month", zoom="1"))  # its step kept


def test_a_malformed_map_view_in_a_link_is_named_and_the_map_fitted(demo_env):
    fitted = _view_of(_run(**BASE))
    for bad in ("105,20,nan", "105.2.1,20"):  # more forms: tests/test_state_fmt.py
        at = _run(**BASE, mv=bad)
        assert not at.exception
        assert any("“mv”" in w.value for w in at.warning), bad
        assert _view_of(at) == fitted and "mv" not in at.query_params


def test_a_map_view_outside_vietnam_is_brought_inside_and_named(demo_env):
    at = _run(**BASE, mv="0,-45,30", lang="en")
    assert not at.exception
    assert any("“mv” is out of bounds" in w.value for w in at.warning)
    assert _view_of(at) == (100.0, 6.0, 14.0)
    assert at.query_params["mv"] in ("100,6,14", ["100,6,14"])
    inside = _run(**BASE, mv="105.8,21.03,3")  # the lowest zoom and Hà Nội: fine as written
    assert not inside.warning and _view_of(inside) == (105.8, 21.03, 3.0)


@pytest.mark.skipif(not __import__("os").path.exists("/usr/bin/chromium"), reason="no Chromium")
def test_map_offers_a_labelled_png(demo_env):
    at = run_page(PAGE, {"province": "38", "period": "2025-11", "layer": "r57"})
    assert "Tải ảnh bản đồ (PNG)" in [button.proto.label for button in at.get("download_button")]


def test_the_map_zoomed_to_the_chosen_commune_is_kept_in_the_link(demo_env):
    whole = _deck(_run(province="38", period="2025-11", commune="14923"))["initialViewState"]
    at = _run(province="38", period="2025-11", commune="14923", mz="1")
    assert not at.exception
    zoomed = _deck(at)["initialViewState"]
    assert zoomed["zoom"] > whole["zoom"] + 1  # closer than the whole province
    bounds = maps.geo.bounds([f for f in maps.geo.features(38) if f["properties"]["code"] == 14923])
    assert bounds[0] <= zoomed["longitude"] + 0.2 and zoomed["longitude"] - 0.2 <= bounds[2]  # around Bá Thước
    assert at.query_params["mz"] in ("1", ["1"])
    at.toggle(key="w_map_zoom").set_value(False).run()  # back to the whole province
    assert _deck(at)["initialViewState"]["zoom"] == whole["zoom"]
    assert "mz" not in at.query_params
    # without a chosen commune there is nothing to zoom to: the whole province, the switch off
    alone = _run(province="38", period="2025-11", mz="1")
    assert _deck(alone)["initialViewState"]["zoom"] == whole["zoom"]
    assert alone.toggle(key="w_map_zoom").disabled


def test_the_zoom_steps_are_kept_in_the_link_and_centred_on_the_chosen_commune(demo_env):
    fitted = _deck(_run(province="38", period="2025-11", commune="14923"))["initialViewState"]
    at = _run(province="38", period="2025-11", commune="14923")
    at.select_slider(key="w_map_magnify").set_value(2).run()
    assert not at.exception
    assert at.query_params.get("zoom") in ("2", ["2"])
    closer = _deck(at)["initialViewState"]
    assert closer["zoom"] == pytest.approx(fitted["zoom"] + 2)  # ×4 the fitted scale
    bounds = maps.geo.bounds([f for f in maps.geo.features(38) if f["properties"]["code"] == 14923])
    assert (bounds[0] < closer["longitude"] < bounds[2]) and (bounds[1] < closer["latitude"] < bounds[3])
    # a colleague opening the link sees the same view, on top of the zoom to the commune's neighbourhood too
    reopened = _run(province="38", period="2025-11", commune="14923", zoom="2")
    assert _deck(reopened)["initialViewState"] == closer
    assert reopened.select_slider(key="w_map_magnify").value == 2
    near = _deck(_run(province="38", period="2025-11", commune="14923", mz="1"))["initialViewState"]
    both = _deck(_run(province="38", period="2025-11", commune="14923", mz="1", zoom="1"))["initialViewState"]
    assert both["zoom"] == pytest.approx(min(near["zoom"] + 1, 14))
    # no commune chosen: around the middle of the frame; out of range or not a number: named, the fitted view
    alone = _deck(_run(province="38", period="2025-11", zoom="3"))["initialViewState"]
    whole = _deck(_run(province="38", period="2025-11"))["initialViewState"]
    assert alone["zoom"] == pytest.approx(whole["zoom"] + 3) and alone["longitude"] == whole["longitude"]
    for bad in ("4", "-1", "²", "1.5"):
        wrong = _run(province="38", period="2025-11", zoom=bad)
        assert any("“zoom”" in w.value for w in wrong.warning), bad
        assert _deck(wrong)["initialViewState"] == whole and "zoom" not in wrong.query_params
