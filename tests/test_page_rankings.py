"""The rankings page (pages/rankings.py) under Streamlit's AppTest on the demo database."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_runner import displayed, run_page
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "rankings.py")
NOV_38 = {"province": "38", "period": "2025-11", "window": "month"}


def _run(**params) -> AppTest:
    return run_page(PAGE, params)


def _table(at: AppTest):
    """The texts the grid shows."""
    return displayed(at.dataframe[0])


def _numbers(at: AppTest):
    """The values underneath, which the grid sorts."""
    return at.dataframe[0].value


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_rankings_table_has_ba_thuoc_at_17_of_166(demo_env):
    at = _run(**NOV_38, indicator="service_index")
    assert not at.exception
    table = _table(at)
    assert len(table) == 166
    row = table[table["name"] == "Xã Bá Thước"].iloc[0]
    assert row["rank"] == "17/166"
    assert row["code"] == "14923"
    assert row["change"].startswith(("▲", "▼")) or row["change"] in ("=", "mới")
    assert "," in row["value"]  # Vietnamese decimal comma
    assert row["grade"] in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")
    # Twelve months ending Nov 2025, of which the demo holds Jul–Nov; the last is the value shown.
    numbers = _numbers(at)
    number_row = numbers[numbers["name"] == "Xã Bá Thước"].iloc[0]
    assert len(number_row["trend"]) == 5
    assert abs(number_row["trend"][-1] - float(row["value"].replace(",", "."))) < 0.006
    assert table["rank"].iloc[0] == "1/166"


def test_rankings_numbers_stay_numbers_so_the_grid_sorts_them(demo_env):
    """The grid sorts the values underneath, not the texts: 100 after 54,15 and 101/161 after 17/161."""
    at = _run(**NOV_38, indicator="online_rate")
    numbers, texts = _numbers(at), _table(at)
    for column in ("rank", "value", "change", "percentile"):
        assert str(numbers[column].dtype) in ("int64", "Int64", "float64", "Float64"), column
    by_value = numbers.sort_values("value")["value"].dropna().tolist()
    assert by_value == sorted(by_value) and by_value[-1] == 100.0
    ranks = numbers["rank"].dropna().astype(int).tolist()
    assert sorted(ranks) == sorted(ranks, key=int) and max(ranks) > 100  # 101 sorts after 17, not before 2
    # …and the same rows read the Vietnamese way
    assert texts.loc[numbers["rank"].idxmax(), "rank"] == f"{max(ranks)}/{len(ranks)}"
    assert texts["value"].str.endswith(" %").all() and texts["value"].str.contains(",").any()
    assert set(texts["change"]) <= {"=", "mới", "chưa có số liệu"} | {t for t in texts["change"] if t[:1] in "▲▼"}


def test_rankings_search_ignores_diacritics(demo_env):
    at = _run(**NOV_38, indicator="service_index")
    at.text_input(key="w_search").input("ba thuoc").run()
    assert not at.exception
    table = _table(at)
    assert table["name"].tolist() == ["Xã Bá Thước"]
    assert table["rank"].tolist() == ["17/166"]
    # The service-index groups follow the commune found.
    groups = _charts(at)[1]
    assert "Xã Bá Thước" in groups["layout"]["title"]["text"]
    at.text_input(key="w_search").input("khong co xa nay").run()
    assert any("Không tìm thấy" in info.value for info in at.info)


def test_rankings_online_rate_with_target_and_chart(demo_env):
    at = _run(**NOV_38, indicator="online_rate")
    assert not at.exception
    table = _table(at)
    assert set(table["target"]) <= {"Đạt", "Chưa đạt", ""}
    assert "Chưa đạt" in set(table["target"])
    bar = _charts(at)[0]
    assert bar["layout"]["shapes"][0]["x0"] == 70  # Thanh Hóa's target, not the national 80 %
    assert "Tỷ lệ hồ sơ trực tuyến" in bar["layout"]["title"]["text"]
    assert len(bar["data"][0]["y"]) == 20  # top 10 and bottom 10
    assert "grade" not in table.columns


def test_rankings_division_filter(demo_env):
    at = _run(**NOV_38, indicator="service_index", type="phuong")
    assert not at.exception
    table = _table(at)
    assert len(table) > 0 and set(table["type"]) == {"phường"}
    assert all("/166" in rank for rank in table["rank"])  # ranks stay those of the whole province


def test_rankings_national_scope_lists_unranked_as_no_data(demo_env):
    at = _run(province="38", period="2026-10", window="month", indicator="online_rate", scope="national")
    assert not at.exception
    table = _table(at)
    assert len(table) == 3321
    assert "province" in table.columns
    unranked = table[table["rank"] == "chưa có số liệu"]
    ranked = table[table["rank"] != "chưa có số liệu"]
    assert len(unranked) > 0 and set(unranked["value"]) == {"chưa có số liệu"}
    assert table.index[-len(unranked):].tolist() == unranked.index.tolist()  # listed last, not ranked
    n_ranked = 3321 - len(unranked)
    # the rank cell is short; the caption under the table says once how many have no data
    assert ranked["rank"].iloc[0] == f"1/{n_ranked}"
    assert any(f"{len(unranked)} đơn vị chưa có số liệu kỳ này" in c.value and f"1/{n_ranked:,}".replace(",", ".")
               in c.value for c in at.caption)
    assert _charts(at)[0]["layout"]["shapes"][0]["x0"] == 80  # national target


def test_rankings_exports_are_offered(demo_env):
    at = _run(**NOV_38, indicator="service_index")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels[:2] == ["Tải CSV", "Tải Excel"]
    assert labels.count("Tải ảnh PNG") == 2 and labels.count("Tải ảnh SVG") == 2  # bar and groups


def test_rankings_chrome_missing_shows_a_message(demo_env, monkeypatch):
    from dashboard import export

    monkeypatch.setattr(export, "chrome_available", lambda: False)
    at = _run(**NOV_38, indicator="service_index")
    assert not at.exception
    assert any("Chromium" in caption.value for caption in at.caption)
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Tải CSV", "Tải Excel"]


def test_rankings_default_state_in_english(demo_env):
    at = _run(lang="en")
    assert not at.exception
    assert at.selectbox(key="w_indicator").value == "service_index"
    table = _table(at)
    assert table["rank"].iloc[0].startswith("1/")
    assert "Ranking on Service index" in _charts(at)[0]["layout"]["title"]["text"]


@pytest.mark.parametrize("params", [
    {"province": "38' OR 1=1"},
    {"indicator": "nonexistent"},
    {"scope": "x" * 10_000},
    {"type": "<script>"},
])
def test_rankings_bad_url_values_fall_back_with_a_warning(demo_env, params):
    at = _run(**params)
    assert not at.exception
    assert at.warning
    assert len(_table(at)) == 166  # default province and indicator


def _widths(at: AppTest) -> dict:
    config = json.loads(at.dataframe[0].proto.columns)
    return {key: value.get("width") for key, value in config.items()}


@pytest.mark.parametrize("scope", ["province", "national"])
def test_rankings_columns_are_compact_and_trend_comes_before_extras(demo_env, scope):
    at = _run(province="38", period="2026-10", window="month", indicator="online_rate", scope=scope)
    assert not at.exception
    widths = _widths(at)
    for column in ("code", "type", "change", "percentile", "rank"):
        assert isinstance(widths[column], int) and widths[column] <= 95, column
    order = list(at.dataframe[0].proto.column_order)
    assert order.index("trend") < order.index("percentile") < order.index("type")
    # code … trend fit beside the chart at 1440 px (≈ 580 px in the province, ≈ 640 px nationally)
    visible = sum(widths[c] for c in order[: order.index("trend") + 1])
    assert visible <= (580 if scope == "province" else 640)
    assert not any(" · " in r for r in _table(at)["rank"])


def test_rankings_type_labels_in_english_are_short(demo_env):
    at = _run(province="38", lang="en")
    assert not at.exception
    from dashboard.i18n import division_label

    assert [division_label(s, "en") for s in ("xa", "phuong", "dac_khu")] == ["Commune", "Ward", "Special zone"]


@pytest.mark.parametrize("national", [False, True])
def test_rankings_export_headers_unique_and_same_in_both_languages(demo_env, reader, national):
    import datetime as dt

    from core import periods, queries
    from dashboard import ranking_table as table

    indicator = catalog_indicator("online_rate")
    window = periods.window_bounds(dt.date(2026, 10, 1), "month")
    previous = periods.previous_bounds(dt.date(2026, 10, 1), "month")
    ranked = queries.ranking(reader, code="online_rate", window=window, previous=previous,
                             province=None if national else 38, national=national)
    provinces = {38: "Thanh Hóa"} if national else None
    vi, _ = table.export_frame(ranked, indicator, None if national else 38, "vi", provinces)
    en, _ = table.export_frame(ranked, indicator, None if national else 38, "en", provinces)
    assert len(vi.columns) == len(set(vi.columns)) == len(en.columns)
    assert "Mục tiêu" in vi.columns and "Chỉ tiêu" not in vi.columns


def catalog_indicator(code):
    from core import catalog

    return catalog.indicator(code)


def test_below_target_filter_lists_only_communes_missing_it_and_stays_in_the_link(demo_env):
    at = _run(**NOV_38, indicator="online_rate")
    everyone = _numbers(at)
    at.toggle(key="w_below").set_value(True).run()
    assert not at.exception
    below = _numbers(at)
    assert 0 < len(below) < len(everyone)
    assert (below["value"] < 70).all() and set(_table(at)["target"]) == {"Chưa đạt"}
    assert len(below) == (everyone["value"] < 70).sum()  # every one of them, no commune without data
    assert at.query_params.get("below") in ("1", ["1"])
    reopened = _run(**NOV_38, indicator="online_rate", below="1")
    assert _numbers(reopened)["name"].tolist() == below["name"].tolist()


def test_search_text_and_top_n_are_kept_in_the_link(demo_env):
    at = _run(**NOV_38, indicator="service_index")
    at.text_input(key="w_search").input("thach").run()
    at.slider(key="w_top_n").set_value(5).run()
    assert not at.exception
    assert at.query_params.get("q") in ("thach", ["thach"]) and at.query_params.get("n") in ("5", ["5"])
    reopened = _run(**NOV_38, indicator="service_index", q="thach", n="5")
    assert reopened.text_input(key="w_search").value == "thach"
    assert _numbers(reopened)["name"].tolist() == _numbers(at)["name"].tolist()
    assert _charts(reopened)[0]["data"][0]["y"] == _charts(at)[0]["data"][0]["y"]
    assert len(_charts(reopened)[0]["data"][0]["y"]) == 10  # five at each end


def test_national_chart_labels_name_the_province_and_the_target_is_explained(demo_env):
    at = _run(province="38", period="2026-10", window="month", indicator="online_rate", scope="national")
    labels = _charts(at)[0]["data"][0]["y"]
    assert all(label.endswith(")</span>") for label in labels)  # "1. Xã …<br>(Tỉnh …)"
    notes = " ".join(c.value for c in at.caption)
    assert "mục tiêu toàn quốc năm 2025" in notes and "Thanh Hóa 70 %" in notes
    province = _run(**NOV_38, indicator="online_rate")
    notes = " ".join(c.value for c in province.caption)
    assert "Đường chỉ tiêu 70 % của Thanh Hóa" in notes and "Chỉ tiêu toàn quốc là 80 %" in notes


def test_the_chosen_order_is_built_on_the_server_and_kept_in_the_link(demo_env):
    """"Sắp xếp theo" orders the table on the server (a header click sorts in the browser only), so
    a copied link shows the same order; numbers sort as numbers, unranked communes stay last."""
    at = _run(province="38", period="2026-10", window="month", indicator="online_rate")
    at.selectbox(key="w_sort").set_value("value_asc").run()
    assert not at.exception
    assert at.query_params.get("sort") in ("value_asc", ["value_asc"])
    numbers, texts = _numbers(at), _table(at)
    values = numbers["value"].tolist()
    known = [v for v in values if v == v]  # NaN (no figure) is not equal to itself
    assert known == sorted(known) and values[: len(known)] == known  # no figure: at the end
    assert texts["value"].iloc[0].endswith(" %") and "," in texts["value"].iloc[0]  # still "45,64 %"
    reopened = _run(province="38", period="2026-10", window="month", indicator="online_rate", sort="value_asc")
    assert reopened.selectbox(key="w_sort").value == "value_asc"
    assert _numbers(reopened)["name"].tolist() == numbers["name"].tolist()
    # the download follows the order on screen
    at.selectbox(key="w_sort").set_value("change_desc").run()
    changes = _numbers(at)["change"].tolist()
    assert changes[0] == max(c for c in changes if c == c) and changes[0] > 0


def test_orders_by_rank_from_the_last_and_by_name(demo_env):
    at = _run(**NOV_38, indicator="service_index", sort="rank_desc")
    ranks = _numbers(at)["rank"].dropna().astype(int).tolist()
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > 100  # 166 before 99: numbers, not texts
    at.selectbox(key="w_sort").set_value("name_asc").run()
    names = _numbers(at)["name"].tolist()
    from core.names import COMMUNE_PREFIXES, sort_key

    assert names == sorted(names, key=lambda n: sort_key(n, COMMUNE_PREFIXES))
    # the Vietnamese alphabet, without "Xã"/"Phường": Bá Thước among the B's, before any Đ
    initials = list(dict.fromkeys(sort_key(n, COMMUNE_PREFIXES)[2][0] for n in names))
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    assert initials == sorted(initials, key=alphabet.index) and initials.index("c") < initials.index("đ")
    assert at.query_params.get("sort") in ("name_asc", ["name_asc"])


def test_a_bad_order_in_a_link_is_named_and_the_rank_order_used(demo_env):
    at = _run(**NOV_38, indicator="service_index", sort="value;drop")
    assert not at.exception
    assert any("“sort”" in w.value for w in at.warning)
    assert _table(at)["rank"].iloc[0] == "1/166"
    assert "sort" not in at.query_params
