"""The profile_ranks query and the pure scorecard / compare / methodology builders."""
import datetime as dt

import polars as pl
import pytest

from core import catalog, periods, queries
from dashboard import compare_charts, methodology, profile
from dashboard.state import with_first

NOV = dt.date(2025, 11, 1)
BA_THUOC, HOI_XUAN = 14923, 14869


@pytest.fixture()
def ranks(reader):
    return queries.profile_ranks(reader, codes=list(catalog.indicators()), window=(NOV, NOV), province=38)


@pytest.mark.parametrize("code", ["service_index", "dossiers_late"])  # higher and lower is better
@pytest.mark.parametrize("window", ["month", "quarter"])
def test_profile_ranks_agree_with_ranking(reader, code, window):
    bounds = periods.window_bounds(NOV, window)
    together = queries.profile_ranks(reader, codes=["online_rate", code], window=bounds, province=38).filter(
        pl.col("indicator_code") == code)
    alone = queries.ranking(reader, code=code, window=bounds, previous=periods.previous_bounds(NOV, window),
                            province=38, national=False)
    columns = ["commune_code", "value", "rank", "n_ranked", "n_total", "percentile"]
    assert together.height == alone.height == 166
    assert together.select(columns).sort("commune_code").equals(alone.select(columns).sort("commune_code"))


def test_profile_ranks_ba_thuoc_service_index_17_of_166(ranks):
    row = profile.commune_ranks(ranks, BA_THUOC)["service_index"]
    assert (row["rank"], row["n_ranked"], row["n_total"]) == (17, 166, 166)
    assert row["percentile"] == pytest.approx(100 * (166 - 17) / 165)
    assert ranks["indicator_code"].n_unique() == len(catalog.indicators())


def test_profile_ranks_lower_is_better_ranks_fewest_late_first(ranks):
    late = ranks.filter(pl.col("indicator_code") == "dossiers_late").sort("rank")
    assert late["value"][0] == late["value"].min()
    assert late["rank"][0] == 1


def test_scorecard_groups_every_indicator_with_rank_text(ranks, reader):
    months = periods.months_between(dt.date(2025, 7, 1), NOV)
    monthly = queries.monthly_values(reader, codes=list(catalog.indicators()), start=months[0], end=months[-1],
                                     province=38, communes=[BA_THUOC])
    card = profile.scorecard(ranks, monthly, BA_THUOC, months, "vi", 38)
    assert [group for group, _, _ in card] == list(catalog.groups())
    rows = pl.concat([table for _, _, table in card])
    assert rows.height == len(catalog.indicators())
    service = rows.filter(pl.col("code") == "service_index").row(0, named=True)
    assert service["rank"] == "17/166"
    assert "," in service["value"]  # Vietnamese decimal comma
    assert len(service["trend"]) == len(months) and service["trend"][-1] is not None
    assert rows.filter(pl.col("code") == "population")["trend"][0] is None  # one point makes no line
    # no direction: ranked for reference, no percentile
    assert rows.filter(pl.col("code") == "dossiers_received")["percentile"][0] is None
    online = rows.filter(pl.col("code") == "online_rate").row(0, named=True)
    # Bá Thước's published 67,83 % is below Thanh Hóa's 70 % target
    assert online["target"] == "70 % · Chưa đạt" and online["value"].endswith(" %")


def test_scorecard_export_keeps_numbers(ranks):
    frame, formats = profile.scorecard_export(ranks, BA_THUOC, "Xã Bá Thước", 38, "en")
    assert frame.height == len(catalog.indicators())
    service = frame.filter(pl.col("Indicator") == catalog.indicator("service_index").name_en).row(0, named=True)
    assert service["Rank"] == 17 and service["Communes in the province"] == 166
    assert isinstance(service["Value"], float) and service["Code"] == "14923"
    assert frame.filter(pl.col("Indicator") == "Population")["Percentile"][0] is None
    assert set(formats) <= set(frame.columns)


def test_strengths_are_directional_and_ordered(ranks):
    strongest, weakest = profile.strengths(ranks, BA_THUOC, "en", 3)
    directional = {c for c, i in catalog.indicators().items() if i.direction != "none"}
    assert set(strongest["code"]) <= directional and set(weakest["code"]) <= directional
    assert strongest["percentile"].to_list() == sorted(strongest["percentile"].to_list(), reverse=True)
    assert weakest["percentile"].to_list() == sorted(weakest["percentile"].to_list())
    assert strongest["percentile"].min() >= weakest["percentile"].max()


def test_default_commune_and_with_first():
    options = {HOI_XUAN: "Xã Hồi Xuân", BA_THUOC: "Xã Bá Thước", 1: "Xã A"}
    assert profile.default_commune((), options, 38) == BA_THUOC
    assert profile.default_commune((999, HOI_XUAN), options, 38) == HOI_XUAN
    assert profile.default_commune((), {2: "Xã B", 1: "Xã A"}, 1) == 2  # first of the (name-sorted) options
    assert with_first((1, 2, 3), 3) == (3, 1, 2)
    assert with_first((1, 2, 3, 4, 5), 6) == (6, 1, 2, 3, 4)


def test_default_compare_featured_then_top_two(ranks):
    options = profile.sorted_options(ranks.select("commune_code", "name").unique())
    assert profile.default_compare([], options, 38, None) == [BA_THUOC, HOI_XUAN]
    service = ranks.filter(pl.col("indicator_code") == "service_index")
    assert profile.default_compare([], options, 99, service) == service.sort("rank")["commune_code"].head(2).to_list()


def test_r57_strip_words_and_colours():
    history = pl.DataFrame({"period": [dt.date(2025, 7, 1), dt.date(2025, 9, 1)], "status": ["green", "red"]})
    strip = profile.r57_strip(history, periods.months_between(dt.date(2025, 7, 1), dt.date(2025, 9, 1)), "vi")
    assert [(e["word"], e["colour"]) for e in strip] == [("Xanh", "green"), ("Chưa báo cáo", "gray"), ("Đỏ", "red")]
    assert profile.r57_markdown(strip).startswith(":green-badge[07/2025 · Xanh]")


def test_compare_table_and_median(ranks):
    communes = {BA_THUOC: "Xã Bá Thước", HOI_XUAN: "Xã Hồi Xuân"}
    table = profile.compare_table(ranks, communes, ["service_index", "online_rate"], "vi", "Trung vị tỉnh")
    assert table.columns == ["Chỉ tiêu", "Xã Bá Thước", "Xã Hồi Xuân", "Trung vị tỉnh"]
    assert table["Xã Bá Thước"][0].endswith(" · 17/166")
    values = ranks.filter(pl.col("indicator_code") == "service_index")["value"]
    assert profile.medians(ranks, ["service_index"])["service_index"] == pytest.approx(values.median())


def test_compare_charts_split_percent_from_others(ranks):
    communes = {BA_THUOC: "Xã Bá Thước", HOI_XUAN: "Xã Hồi Xuân"}
    codes = ["online_rate", "on_time_rate", "service_index", "dossiers_received"]
    percent, other = compare_charts.split_codes(codes)
    assert percent == ["online_rate", "on_time_rate"] and other == ["service_index", "dossiers_received"]
    mids = profile.medians(ranks, codes)
    values = ranks.filter(pl.col("commune_code").is_in(list(communes)))
    fig = compare_charts.percent_bars(values, communes, percent, mids, "en", "Rates")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["Xã Bá Thước", "Xã Hồi Xuân"]
    assert any(tr.name == "Province median" for tr in fig.data)
    panels = compare_charts.panel_bars(values, communes, other, mids, "vi", "Khác")
    assert len(panels.layout.annotations) == 2  # one titled panel per indicator
    empty = values.with_columns(pl.lit(None, dtype=pl.Float64).alias("value"))
    assert compare_charts.percent_bars(empty, communes, percent, {}, "vi", "x") is None


def test_methodology_tables(reader):
    groups = methodology.catalog_groups("vi", {38: "Thanh Hóa"})
    entries = [e for _, es in groups for e in es]
    assert len(entries) == len(catalog.indicators())
    online = next(e for e in entries if e["code"] == "online_rate")
    assert "Thanh Hóa 70 %" in online["target"] and "tổng(Hồ sơ tiếp nhận)" in online["formula"]
    gaps = methodology.missing_table(queries.missing(reader, period=dt.date(2026, 10, 1), province=38), "en")
    assert gaps.height >= 1 and set(gaps.columns) == {"Code", "Name", "Missing"}


def test_compare_median_is_a_line_across_the_group_behind_the_labels(ranks):
    communes = {BA_THUOC: "Xã Bá Thước", HOI_XUAN: "Xã Hồi Xuân"}
    codes = ["online_rate", "on_time_rate"]
    mids = profile.medians(ranks, codes)
    values = ranks.filter(pl.col("commune_code").is_in(list(communes)))
    fig = compare_charts.percent_bars(values, communes, codes, mids, "vi", "Tỷ lệ")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2 and all(s.layer == "below" for s in lines)
    for x, (shape, code) in enumerate(zip(lines, codes)):
        # wider than the group of bars (±0.375 with bargap 0.25), at the median
        assert shape.x0 < x - 0.4 and shape.x1 > x + 0.4
        assert shape.y0 == shape.y1 == pytest.approx(mids[code])
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert all(b.textposition == "inside" for b in bars)  # no label above a bar for the line to cross
    legend = [tr for tr in fig.data if tr.name == "Trung vị tỉnh"]
    assert len(legend) == 1 and legend[0].showlegend


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_exports_have_unique_headers_in_both_languages(ranks, lang):
    frame, _formats = profile.scorecard_export(ranks, BA_THUOC, "Xã Bá Thước", 38, lang)
    english, _ = profile.scorecard_export(ranks, BA_THUOC, "Xã Bá Thước", 38, "en")
    assert len(frame.columns) == len(english.columns) == 10
    names = {"vi": "Tỷ lệ hồ sơ trực tuyến", "en": catalog.indicator("online_rate").name("en")}
    indicator_header = "Chỉ tiêu" if lang == "vi" else "Indicator"
    assert names[lang] in frame[indicator_header].to_list()  # the names, not the 70 % target
    target_header = "Mục tiêu" if lang == "vi" else "Target"
    assert frame.filter(pl.col(indicator_header) == names[lang])[target_header][0] == 70
    communes = {BA_THUOC: "Xã Bá Thước", HOI_XUAN: "Xã Hồi Xuân"}
    compare = profile.compare_export(ranks, communes, ["online_rate"], lang)
    assert len(compare.columns) == len(profile.compare_export(ranks, communes, ["online_rate"], "en").columns) == 7
    assert compare[indicator_header].to_list() == [names[lang]] * 2


def test_context_facts_use_catalog_decimals_and_division_words(ranks):
    row = {"commune_code": BA_THUOC, "division_type": "xã", "population": 1, "area_km2": 2.966}
    empty = pl.DataFrame(schema={"old_name": pl.String, "old_district_name": pl.String})
    vi = profile.context_facts(row, ranks.head(0), empty, "vi")
    en = profile.context_facts({**row, "division_type": "phường"}, ranks.head(0), empty, "en")
    assert vi["area"] == "2,97 km²" and vi["division"] == "Xã"
    assert en["area"] == "2.97 km²" and en["division"] == "Ward"
