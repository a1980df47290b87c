"""Compare page (pages/compare.py) under AppTest on the demo database."""
import json
from pathlib import Path

import pytest
from page_runner import run_page
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "compare.py")


def run(params: dict) -> AppTest:
    return run_page(PAGE, params)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_default_pair_in_thanh_hoa_with_table_and_median(demo_env):
    at = run({"province": "38", "period": "2025-11", "window": "month"})
    assert not at.exception
    assert at.multiselect(key="w_communes").value == [14923, 14869]
    assert dict(at.query_params)["commune"] in ("14923,14869", ["14923,14869"])
    table = at.dataframe[0].value
    assert list(table.columns) == ["Chỉ tiêu", "Xã Bá Thước", "Xã Hồi Xuân", "Trung vị tỉnh"]
    service = table[table["Chỉ tiêu"].str.startswith("Bộ chỉ số")].iloc[0]
    assert service["Xã Bá Thước"].endswith(" · 17/166")  # compact: no "· n chưa có số liệu"
    assert len(table) == 4  # the four default indicators


def test_grouped_bars_percent_on_one_chart_scores_on_panels(demo_env):
    at = run({"province": "38", "period": "2025-11"})
    specs = charts(at)
    assert len(specs) == 3  # the snapshot (percentages, panels) and the months
    percent, panels, _ = specs
    bars = [tr for tr in percent["data"] if tr["type"] == "bar"]
    assert {b["name"] for b in bars} == {"Xã Bá Thước", "Xã Hồi Xuân"}
    assert len(bars[0]["x"]) == 2  # online rate and on-time rate share the 0–100 axis
    assert any(tr.get("name") == "Trung vị tỉnh" for tr in percent["data"])
    assert len(panels["layout"]["annotations"]) == 2  # service index and satisfaction, own scales


def test_top_two_elsewhere_and_chosen_communes_kept(demo_env):
    at = run({"province": "1", "period": "2025-11"})
    assert not at.exception
    assert len(at.multiselect(key="w_communes").value) == 2
    chosen = run({"province": "38", "period": "2025-11", "commune": "14869,14923,15286"})
    assert chosen.multiselect(key="w_communes").value == [14869, 14923, 15286]
    assert len(chosen.dataframe[0].value.columns) == 5


def test_one_commune_asks_for_another(demo_env):
    at = run({"province": "38", "period": "2025-11", "commune": "14923"})
    at.multiselect(key="w_communes").set_value([14923]).run()
    assert not at.exception
    assert any("ít nhất hai" in i.value for i in at.info)


def test_indicator_choice_and_english(demo_env):
    at = run({"province": "38", "period": "2025-11", "lang": "en"})
    at.multiselect(key="w_compare_codes").set_value(["dossiers_received", "digital_teams"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Indicator"]) == ["Dossiers received", "Community digital technology teams"]
    specs = charts(at)
    assert len(specs) == 2 and len(specs[0]["layout"]["annotations"]) == 2
    assert "Province median" in table.columns
    assert at.query_params.get("cp") in ("dossiers_received,digital_teams", ["dossiers_received,digital_teams"])


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent"},
    {"commune": "1" * 10_000},
])
def test_bad_links_fall_back_with_a_warning(demo_env, params):
    at = run(params)
    assert not at.exception
    assert at.warning
    assert at.multiselect(key="w_communes").value == [14923, 14869]


def test_five_communes_and_median_fit_the_page(demo_env):
    at = run({"province": "38", "period": "2026-10", "window": "month", "commune": "14923,14869,14758,14797,14812"})
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table.columns) == 7 and table.columns[-1] == "Trung vị tỉnh"
    config = json.loads(at.dataframe[0].proto.columns)
    widths = [config[c]["width"] for c in table.columns]
    assert all(isinstance(w, int) for w in widths) and sum(widths) <= 980  # the page at 1440 px
    assert not any("chưa có số liệu" in str(v) and " · " in str(v) for v in table.iloc[:, 1:].values.ravel())
    assert any("tỉnh có 166 xã, phường" in c.value for c in at.caption)


def test_months_chart_keeps_each_communes_colour_and_labels_line_ends(demo_env):
    at = run({"province": "38", "period": "2026-10", "commune": "14923,14869,15421"})
    assert not at.exception
    percent, _, months = charts(at)
    bar_colours = {tr["name"]: tr["marker"]["color"] for tr in percent["data"] if tr["type"] == "bar"}
    lines = {tr["name"]: tr for tr in months["data"] if tr.get("name") in bar_colours}
    assert set(lines) == {"Xã Bá Thước", "Xã Hồi Xuân", "Xã Yên Trường"}
    assert {name: tr["line"]["color"] for name, tr in lines.items()} == bar_colours  # one colour per commune
    assert len(lines["Xã Bá Thước"]["x"]) == 16  # Jul 2025 – Oct 2026, every month
    labels = {a["text"]: a for a in months["layout"]["annotations"] if a["text"].startswith("<b>")}
    assert {"<b>Xã Bá Thước</b>", "<b>Xã Hồi Xuân</b>", "<b>Xã Yên Trường</b>"} <= set(labels)
    assert labels["<b>Xã Bá Thước</b>"]["font"]["color"] == bar_colours["Xã Bá Thước"]
    assert labels["<b>Xã Bá Thước</b>"]["x"].startswith("2026-10")  # at the line's end


def test_the_trends_page_draws_a_commune_in_the_same_colour(demo_env):
    compare = run({"province": "38", "period": "2026-10", "commune": "14923,14869"})
    trends = run_page(str(Path(PAGE).parent / "trends.py"), {"province": "38", "period": "2026-10",
                                                              "commune": "14923,14869"})
    colour = {tr["name"]: tr["marker"]["color"] for tr in charts(compare)[0]["data"] if tr["type"] == "bar"}
    drawn = {tr["name"]: tr["line"]["color"] for tr in charts(trends)[0]["data"] if tr.get("name") in colour}
    assert drawn == colour
