"""AppTest of pages/trends.py: lines, province median and band, target, reform marker, ranks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_runner import run_page
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "trends.py")


def _run(**params) -> AppTest:
    return run_page(PAGE, params)


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _trace(spec: dict, name: str) -> dict:
    return next(trace for trace in spec["data"] if trace.get("name") == name)


def test_default_is_ba_thuoc_against_median_band_target_and_reform(demo_env):
    at = _run(province="38", indicator="online_rate", period="2025-11")
    assert not at.exception
    assert at.multiselect[0].value == [14923]  # Bá Thước by default in Thanh Hóa
    main, multiples = _charts(at)
    names = [trace.get("name") for trace in main["data"]]
    assert "Xã Bá Thước" in names and "Trung vị tỉnh" in names and any("phân vị 25–75" in (n or "") for n in names)
    line = _trace(main, "Xã Bá Thước")
    assert len(line["x"]) == 5  # 07/2025 … 11/2025
    assert "Xã Bá Thước<br>07/2025: 67,8" in line["hovertext"][0]
    axis = main["layout"]["xaxis"]
    assert axis["ticktext"][:3] == ["07/2025", "08/2025", "09/2025"] and axis["title"]["text"] == "Tháng"
    assert any(s.get("y0") == 70 and s.get("y1") == 70 for s in main["layout"]["shapes"])  # Thanh Hóa target
    texts = [a["text"] for a in main["layout"]["annotations"]]
    assert any("Chính quyền hai cấp" in t for t in texts) and any("Chỉ tiêu: 70,00 %" in t for t in texts)
    titles = [a["text"] for a in multiples["layout"]["annotations"]]
    assert {"Tỷ lệ hồ sơ trực tuyến", "Bộ chỉ số phục vụ người dân, doanh nghiệp"} <= set(titles)


def test_rank_view_shows_17_of_166_in_november(demo_env):
    at = _run(province="38", indicator="service_index", period="2025-11", view="rank", commune="14923")
    assert not at.exception
    main = _charts(at)[0]
    line = _trace(main, "Xã Bá Thước")
    months = [x[:7] for x in line["x"]]
    assert line["y"][months.index("2025-11")] == 17
    assert "Xếp hạng 17/166" in line["hovertext"][months.index("2025-11")]
    assert main["layout"]["yaxis"]["range"][0] > main["layout"]["yaxis"]["range"][1]  # 1 at the top


def test_english_top_three_outside_thanh_hoa(demo_env):
    at = _run(province="1", indicator="service_index", lang="en")
    assert not at.exception
    assert len(at.multiselect[0].value) == 3
    main = _charts(at)[0]
    assert main["layout"]["xaxis"]["title"]["text"] == "Month"
    assert "Province median" in [trace.get("name") for trace in main["data"]]
    assert main["layout"]["xaxis"]["ticktext"][0] == "Jul 2025"
    assert len(str(at.query_params["commune"]).split(",")) == 3  # defaults are in the link
    # the note names the rule, never another province's featured commune
    note = next(c.value for c in at.caption if c.value.startswith("Default:"))
    assert "top 3 of the latest month" in note and "Bá Thước" not in note


def test_context_indicator_with_one_month_still_draws(demo_env):
    at = _run(province="38", indicator="area_km2")
    assert not at.exception
    assert _trace(_charts(at)[0], "Xã Bá Thước")["y"]


def test_band_and_defaults_are_pure():
    import datetime as dt

    import polars as pl

    from dashboard import trend_charts

    nov = dt.date(2025, 11, 1)
    monthly = pl.DataFrame({"commune_code": [1, 2, 3, 4, 5], "indicator_code": ["x"] * 5,
                            "period": [nov] * 5, "value": [10.0, 20.0, 30.0, 40.0, 50.0]})
    band = trend_charts.province_band(monthly)
    assert band.row(0, named=True) == {"period": nov, "median": 30.0, "p25": 20.0, "p75": 40.0, "n": 5}
    latest = pl.DataFrame({"commune_code": [7, 8, 9, 6], "name": ["b", "a", "c", "d"], "rank": [1, 2, 2, None]})
    assert trend_charts.default_communes(latest, {6, 7, 8, 9}, 38) == [7, 8, 9]
    assert trend_charts.default_communes(latest, {14923, 7}, 38) == [14923]


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent"},
    {"commune": "x" * 10_000},
    {"view": "sideways"},
])
def test_bad_links_fall_back_with_a_warning(demo_env, params):
    at = _run(**params)
    assert not at.exception
    assert at.warning
    assert _charts(at), "the default view still draws"


def test_monthly_ranks_query(reader):
    import datetime as dt

    from core import queries

    ranks = queries.monthly_ranks(reader, code="service_index", start=dt.date(2025, 7, 1), end=dt.date(2025, 12, 1),
                                  province=38)
    nov = ranks.filter(ranks["period"] == dt.date(2025, 11, 1))
    row = nov.filter(nov["commune_code"] == 14923).row(0, named=True)
    assert (row["name"], row["rank"], row["n_ranked"], row["n_total"]) == ("Xã Bá Thước", 17, 166, 166)
    assert nov["rank"].min() == 1 and set(ranks["period"].dt.month().unique().to_list()) == {7, 8, 9, 10, 11, 12}
    for _, group in ranks.group_by("period"):  # ties share the best rank; higher value, better rank
        ordered = group.sort("rank")
        assert ordered["value"].is_sorted(descending=True)
        assert all(a == b for a, b in zip(ordered.sort(["value"], descending=True)["rank"], ordered["rank"]))
    lower = queries.monthly_ranks(reader, code="dossiers_late", start=dt.date(2025, 11, 1), end=dt.date(2025, 11, 1),
                                  province=38)
    best = lower.filter(lower["rank"] == 1)["value"]
    assert best.max() == lower["value"].min()


def test_first_month_draws_points_says_one_month_and_clears_the_reform_label(demo_env):
    at = _run(province="38", period="2025-07", commune="14923")
    assert not at.exception
    assert any("Chỉ có 1 tháng số liệu" in i.value for i in at.info)
    main, multiples = _charts(at)
    line = _trace(main, "Xã Bá Thước")
    assert len(line["x"]) == 1 and "markers" in line["mode"]
    assert "markers" in _trace(main, "Trung vị tỉnh")["mode"]
    small = [tr for tr in multiples["data"] if tr.get("type", "scatter") == "scatter"]
    assert small and all("markers" in tr["mode"] for tr in small)  # one-point lines show
    reform = next(a for a in main["layout"]["annotations"] if "Chính quyền hai cấp" in a["text"])
    assert reform["yref"] == "paper" and reform["y"] >= 1.0 and reform.get("yshift", 0) >= 8  # above the data
    assert len(main["layout"]["xaxis"]["range"]) == 2  # a visible span around the month


def test_more_months_no_one_month_note(demo_env):
    at = _run(province="38", period="2025-11", commune="14923")
    assert not any("1 tháng" in i.value for i in at.info)


def test_sidebar_window_is_said_not_to_apply(demo_env):
    at = _run(province="38", period="2025-11", window="12m", lang="en")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "month by month" in captions and "does not apply" in captions
    at = _run(province="38", period="2025-11", window="month")
    assert "không áp dụng" not in " ".join(c.value for c in at.caption)


def test_small_multiples_indicators_are_kept_in_the_link(demo_env):
    at = run_page(PAGE, {"province": "38", "period": "2025-11"})
    at.multiselect(key="w_trend_codes").set_value(["online_rate", "satisfaction_score"]).run()
    assert not at.exception
    assert at.query_params.get("tm") in ("online_rate,satisfaction_score", ["online_rate,satisfaction_score"])
    reopened = run_page(PAGE, {"province": "38", "period": "2025-11", "tm": "online_rate,satisfaction_score"})
    assert reopened.multiselect(key="w_trend_codes").value == ["online_rate", "satisfaction_score"]
    titles = [a["text"] for a in json.loads(reopened.get("plotly_chart")[1].proto.spec)["layout"]["annotations"]]
    assert "Điểm mức độ hài lòng" in titles
