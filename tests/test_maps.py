"""Map builders (dashboard.maps) and shapes (dashboard.geo): pure functions on demo data."""
from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from core import catalog, queries
from dashboard import geo, maps

NOV = dt.date(2025, 11, 1)
OCT = dt.date(2025, 10, 1)


@pytest.fixture()
def r57(reader):
    return queries.r57_window(reader, window=(NOV, NOV), province=38)


@pytest.fixture()
def ranked(reader):
    return queries.ranking(reader, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=38, national=False)


def _layer(deck_json: dict, layer_id: str) -> dict:
    return next(layer for layer in deck_json["layers"] if layer["id"] == layer_id)


def _tip(properties: dict) -> str:
    """The tooltip text a user reads for one feature (name, then the lines)."""
    lines = [properties[k] for k in sorted(properties) if k.startswith("tip_")]
    return " | ".join([properties["name"], *lines])


def test_province_shapes_are_only_that_province():
    features = geo.province_features(38)
    assert len(features) == 166
    assert {f["properties"]["province_code"] for f in features} == {38}
    assert geo.province_features(38) is features  # read once, cached
    assert geo.province_features(999) == ()


def test_status_deck_colours_tooltips_and_selection(r57, ranked):
    deck = maps.status_deck(r57, 38, "vi", selected=[14923], ranking=ranked,
                            indicator=catalog.indicator("service_index"))
    spec = json.loads(deck.to_json())
    assert "mapStyle" not in spec or spec["mapStyle"] is None  # offline: no tiles
    features = _layer(spec, "communes")["data"]["features"]
    assert len(features) == 166
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    statuses = dict(r57.select("commune_code", "status").iter_rows())
    for code, props in by_code.items():
        assert props["fill"] == maps.STATUS_RGB[statuses[code]]
    assert statuses[14923] == "green"
    value = ranked.filter(ranked["commune_code"] == 14923)["value"][0]
    value_vi = f"{value:.2f}".replace(".", ",")
    assert _tip(by_code[14923]) == ("Xã Bá Thước | Trạng thái Nghị quyết 57: Xanh | "
                                    f"Bộ chỉ số phục vụ người dân, doanh nghiệp: {value_vi} | Xếp hạng: 17/166")
    grey = [c for c, s in statuses.items() if s is None]
    assert grey and "Chưa báo cáo" in _tip(by_code[grey[0]])
    assert spec["layers"][0]["data"]["features"] and "{tip_3}" in deck._tooltip["html"]
    selected = _layer(spec, "selected")["data"]["features"]
    assert [f["properties"]["code"] for f in selected] == [14923]


def test_status_deck_english_and_compact(r57):
    deck = maps.status_deck(r57, 38, "en")
    text = deck.to_json()
    assert "\n" not in text[:1000]  # compact JSON: province payload stays small
    assert len(text) < 1_000_000
    tips = [_tip(f["properties"]) for f in _layer(json.loads(text), "communes")["data"]["features"]]
    assert any("Green" in tip for tip in tips) and any("Not reported" in tip for tip in tips)


def test_tooltip_names_from_files_stay_text():
    """Names go into the tooltip's slots as plain text (Streamlit escapes slot values); the
    template is constant, and braces cannot open another slot."""
    name = "<img src=x onerror=alert(1)> {tip_1}"
    frame = pl.DataFrame({"commune_code": [14923], "name": [name], "status": ["red"]})
    deck = maps.commune_deck(maps.map_rows(frame, None, None, "vi"), maps.geo.province_features(38))
    assert deck._tooltip["html"] == "<b>{name}</b><br/>{tip_1}"
    props = json.loads(deck.to_json())["layers"][0]["data"]["features"][0]["properties"]
    assert props["name"] == "<img src=x onerror=alert(1)> (tip_1)"
    assert props["tip_1"] == "Trạng thái Nghị quyết 57: Đỏ"


def test_class_edges_and_legend_in_vietnamese_numbers():
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, None]
    edges = maps.class_edges(values)
    assert edges[0] == 10.0 and edges[-1] == 60.0 and len(edges) == 6
    assert maps.class_of(10.0, edges) == 0 and maps.class_of(60.0, edges) == 4 and maps.class_of(None, edges) is None
    legend = maps.indicator_legend([67.83, 75.0, 80.5], "%", 2, "vi", n_missing=6)
    assert [text for _, text in legend] == ["67,83 % – 75,00 %", "75,00 % – 80,50 %", "chưa có số liệu (6)"]
    assert maps.class_edges([5.0, 5.0]) == [5.0, 5.0]


def test_indicator_deck_five_classes(ranked):
    deck = maps.indicator_deck(ranked, catalog.indicator("service_index"), 38, "vi")
    features = _layer(json.loads(deck.to_json()), "communes")["data"]["features"]
    fills = {tuple(f["properties"]["fill"]) for f in features}
    assert fills <= {tuple(c) for c in maps.CLASS_RGB + [maps.NO_DATA_RGB]}
    assert len(fills & {tuple(c) for c in maps.CLASS_RGB}) == 5


def test_without_shape_lists_names():
    rows = pl.DataFrame({"commune_code": [14923, 1], "name": ["Xã Bá Thước", "Xã Không Hình"]})
    assert maps.without_shape(rows, geo.province_features(38)) == ["Xã Không Hình"]


def test_derived_shapes_are_light_and_complete():
    national = geo.national_features()
    assert len(national) == 3321 and geo.SIMPLIFIED_FILE.stat().st_size < 2_500_000
    assert {f["properties"]["code"] for f in national} == {
        f["properties"]["code"] for code in range(1, 100) for f in geo.province_features(code)}
    outlines = geo.province_outlines()
    assert len(outlines) == 34 and geo.PROVINCES_FILE.stat().st_size < 600_000


def test_app_side_never_imports_shapely():
    import subprocess
    import sys

    code = ("import sys, dashboard.geo as g, dashboard.maps, dashboard.trend_charts; "
            "g.national_features(); g.province_features(38); g.province_outlines(); "
            "print('shapely' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=geo.GEO_DIR.parent.parent)
    assert out.stdout.strip() == "False"


def test_the_map_spec_never_asks_for_a_base_map(reader):
    """Tiles are drawn by the browser's map under the spec (dashboard/deck_map.py), never by a map
    provider named in it: offline, nothing is fetched."""
    import datetime as dt
    import json

    from core import queries
    from dashboard import maps

    nov = dt.date(2025, 11, 1)
    spec = json.loads(maps.status_deck(queries.r57_window(reader, window=(nov, nov), province=38), 38, "vi").to_json())
    assert spec.get("mapStyle") in (None, "") and spec.get("mapProvider") in (None, "")


@pytest.mark.parametrize("configured, expected", [
    ({}, None),  # the default: offline
    ({"basemap_tiles": None, "basemap_style": "https://example.invalid/style.json"}, None),  # a GL style: not drawable
    ({"basemap_tiles": "https://tiles.example.vn/{z}/{x}/{y}.png", "basemap_attribution": "© OSM"},
     (("https://tiles.example.vn/{z}/{x}/{y}.png",), "© OSM")),
    ({"basemap_tiles": ["https://a.example.vn/{z}/{x}/{y}.png", "javascript:alert(1)/{z}/{x}/{y}",
                        "https://b.example.vn/{z}/{x}.png"]}, (("https://a.example.vn/{z}/{x}/{y}.png",), "")),
])
def test_base_map_tiles_from_settings(monkeypatch, configured, expected):
    from core import catalog

    monkeypatch.setattr(catalog, "settings", lambda: configured)
    basemap = catalog.basemap()
    assert (None if basemap is None else (basemap.tiles, basemap.attribution)) == expected


# ---- review fixes: offshore đặc khu, direction-aware ramp ------------------------------------

@pytest.mark.parametrize("province, island", [(56, "Đặc khu Trường Sa"), (48, "Đặc khu Hoàng Sa"),
                                               (79, "Đặc khu Côn Đảo")])
def test_initial_view_fits_the_mainland_not_far_islands(province, island):
    features = geo.province_features(province)
    assert maps.outside_initial_view(features) == [island]
    assert len(maps.outlying(features)) <= 0.1 * len(features)
    whole = maps.view_for(features, 560, 700)
    main = maps.view_for(features, 560, 700, fit_main=True)
    assert main.zoom > whole.zoom + 0.9  # at least twice as large
    # A selected island is kept in the view.
    code = next(f["properties"]["code"] for f in features if f["properties"]["name"] == island)
    assert maps.outside_initial_view(features, keep=[code]) == []


def test_compact_province_keeps_every_commune_in_view():
    assert maps.outside_initial_view(geo.province_features(38)) == []  # Thanh Hóa: no offshore đặc khu


def test_status_deck_draws_islands_but_views_the_mainland(reader):
    r57 = queries.r57_window(reader, window=(NOV, NOV), province=56)
    spec = json.loads(maps.status_deck(r57, 56, "vi").to_json())
    names = {f["properties"]["name"] for f in _layer(spec, "communes")["data"]["features"]}
    assert "Đặc khu Trường Sa" in names  # still drawn
    lat = spec["initialViewState"]["latitude"]
    assert 11.5 < lat < 13.0 and spec["initialViewState"]["zoom"] > 7  # Khánh Hòa's mainland


def test_ramp_is_direction_aware():
    assert maps.class_colours(5, "higher")[-1] == maps.CLASS_RGB[-1]  # high = dark = better
    assert maps.class_colours(5, "lower")[0] == maps.CLASS_RGB[-1]  # few late dossiers = dark = better
    assert maps.class_colours(5, "none") == maps.NEUTRAL_RGB
    assert "cao hơn là tốt" in maps.direction_note("higher", "vi")
    assert "lower is better" in maps.direction_note("lower", "en")
    assert "no better/worse direction" in maps.direction_note("none", "en").lower()
    legend = maps.indicator_legend([0.0, 1.0, 5.0], "", 0, "vi", n_missing=1, direction="lower")
    assert legend[0][0] == maps.CLASS_RGB[-1] and legend[-1][0] == maps.NO_DATA_RGB


def test_no_data_is_not_the_not_reported_grey():
    assert maps.NO_DATA_RGB != maps.STATUS_RGB[None]
    assert max(abs(a - b) for a, b in zip(maps.NO_DATA_RGB, maps.STATUS_RGB[None])) > 30
    assert maps.NO_DATA_RGB not in maps.CLASS_RGB + maps.NEUTRAL_RGB
    html_text = maps.legend_html([(maps.NO_DATA_RGB, "chưa có số liệu"), (maps.CLASS_RGB[0], "1 – 2")])
    assert html_text.count("dashed") == 1


def test_late_dossiers_map_dark_means_few(reader):
    late = catalog.indicator("dossiers_late")
    ranked = queries.ranking(reader, code="dossiers_late", window=(NOV, NOV), previous=(OCT, OCT), province=38,
                             national=False)
    rows = maps.map_rows(None, ranked, late, "vi", layer="indicator")
    best = rows.filter(pl.col("value").is_not_null()).sort("value").row(0, named=True)
    assert best["fill"] == maps.CLASS_RGB[-1]


def test_a_view_shows_the_province_when_its_frame_reaches_it():
    """What the overview asks before it takes the shared view (`mv`): does that view, in the map's
    frame, show any of the province? Thanh Hóa lies about 150 km south of Hà Nội."""
    from dashboard import geo, maps

    thanh_hoa = geo.features(38)
    fitted = maps.view_for(thanh_hoa, 360, 480)
    assert maps.view_shows((fitted.longitude, fitted.latitude, fitted.zoom), thanh_hoa, 360, 480)
    assert not maps.view_shows((105.85, 21.03, 10), thanh_hoa, 360, 480)  # Hà Nội's streets
    assert maps.view_shows((105.85, 21.03, 6), thanh_hoa, 360, 480)  # the north of Vietnam, Thanh Hóa in it
    assert not maps.view_shows(None, thanh_hoa, 360, 480)
