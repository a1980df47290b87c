"""Figure builders (dashboard.charts), file builders (dashboard.export), the summary sentence
(dashboard.summary) and the rankings table (dashboard.ranking_table): pure functions."""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import openpyxl
import polars as pl
import pytest

from core import catalog, queries
from dashboard import charts, export, summary
from dashboard import ranking_table as table
from dashboard.export import images

NOV = dt.date(2025, 11, 1)
OCT = dt.date(2025, 10, 1)
BA_THUOC = 14923
SERVICE = catalog.indicator("service_index")
ONLINE = catalog.indicator("online_rate")


@pytest.fixture()
def ranked(reader):
    return queries.ranking(reader, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=38, national=False)


@pytest.fixture()
def r57(reader):
    return queries.r57_window(reader, window=(NOV, NOV), province=38)


def _frame(rows: list[dict]) -> pl.DataFrame:
    base = {"commune_code": 0, "province_code": 1, "name": "", "division_type": "xã", "value": None, "rank": None,
            "n_ranked": 3, "n_total": 4, "percentile": None, "prev_value": None, "prev_rank": None,
            "rank_change": None}
    return pl.DataFrame([{**base, **row} for row in rows], schema_overrides={
        "value": pl.Float64, "percentile": pl.Float64, "prev_value": pl.Float64, "rank": pl.Int32,
        "prev_rank": pl.Int32, "rank_change": pl.Int32, "n_ranked": pl.Int32, "n_total": pl.Int32})


SMALL = _frame([
    {"commune_code": 1, "name": "Xã Một", "value": 90.0, "rank": 1, "percentile": 100.0, "prev_rank": 3,
     "rank_change": 2},
    {"commune_code": 2, "name": "Phường Hai", "division_type": "phường", "value": 60.0, "rank": 2,
     "percentile": 50.0, "prev_rank": 1, "rank_change": -1},
    {"commune_code": 3, "name": "Xã Ba", "value": 50.0, "rank": 3, "percentile": 0.0},
    {"commune_code": 4, "name": "Xã Bốn"},
])


# ---- summary --------------------------------------------------------------------------------------

def test_summary_sentence_for_ba_thuoc_has_the_public_rank(ranked, r57):
    vi = summary.overview_sentence(ranked, SERVICE, "vi", "month", BA_THUOC, province=38, r57=r57)
    assert vi.startswith("Xã Bá Thước xếp thứ 17/166 trong tỉnh về Bộ chỉ số phục vụ người dân, doanh nghiệp (")
    row = ranked.filter(pl.col("commune_code") == BA_THUOC).row(0, named=True)
    change = row["rank_change"]
    assert (f"tăng {change} bậc so với tháng trước" if change > 0 else f"giảm {-change} bậc") in vi
    assert "trạng thái xanh trên bản đồ Nghị quyết 57" in vi  # the report says green
    assert vi.endswith(".")
    en = summary.overview_sentence(ranked, SERVICE, "en", "month", BA_THUOC, province=38, r57=r57)
    assert en.startswith("Xã Bá Thước ranks 17/166 in the province on Service index")
    assert "green on the Resolution 57 map" in en


def test_summary_sentence_defaults_to_the_top_commune(ranked):
    top = ranked.filter(pl.col("rank") == 1).row(0, named=True)
    sentence = summary.overview_sentence(ranked, SERVICE, "vi", "quarter", None, province=38)
    assert sentence.startswith(f"{top['name']} xếp thứ 1/166 trong tỉnh")
    assert "so với kỳ trước" in sentence  # not "tháng trước" for a quarter window


def test_summary_sentence_cases():
    assert "giảm 1 bậc so với tháng trước" in summary.overview_sentence(SMALL, SERVICE, "vi", "month", 2)
    assert "lần đầu được xếp hạng" in summary.overview_sentence(SMALL, SERVICE, "vi", "month", 3)
    assert summary.overview_sentence(SMALL, SERVICE, "vi", "month", 4).startswith(
        "Xã Bốn chưa có số liệu Bộ chỉ số")
    assert "xếp loại Xuất sắc" in summary.overview_sentence(SMALL, SERVICE, "vi", "month", 1)
    # Online rate in Thanh Hóa is measured against the province's 70 %.
    online = summary.overview_sentence(SMALL, ONLINE, "vi", "month", 2, province=38)
    assert "60,00 %" in online and "chưa đạt chỉ tiêu 70 %" in online
    assert "meets the 80% target" in summary.overview_sentence(SMALL, ONLINE, "en", "month", 1, province=1)
    assert summary.overview_sentence(SMALL.head(0), SERVICE, "vi") == \
        "Chưa có số liệu Bộ chỉ số phục vụ người dân, doanh nghiệp trong kỳ này."


def test_target_figures_and_grade_counts():
    figures = summary.target_figures(SMALL, "online_rate", 38)
    assert figures == {"median": 60.0, "target": 70.0, "missed": 2, "with_data": 3, "no_data": 1, "total": 4}
    assert summary.target_figures(SMALL, "online_rate", None)["target"] == 80.0
    assert summary.grade_counts(SMALL, "vi") == {"Xuất sắc": 1, "Tốt": 0, "Khá": 0, "Trung bình": 2, "Yếu": 0}  # 50 is Trung bình (≥ 50)


# ---- rankings table ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["ba thuoc", "Bá Thước", "XÃ BÁ THƯỚC", "xa ba  thuoc",
                                   unicodedata.normalize("NFD", "bá thước"), "14923"])
def test_search_ignores_diacritics_case_and_prefix(ranked, reader, query):
    keys = queries.communes(reader, province=38)
    found = table.filter_rows(ranked, None, query, keys)
    assert found["name"].to_list() == ["Xã Bá Thước"]
    assert found["rank"].to_list() == [17]  # ranks stay those of the whole province


def test_filters_by_division_type_and_keeps_unranked_last():
    assert table.filter_rows(SMALL, "phuong")["name"].to_list() == ["Phường Hai"]
    assert table.filter_rows(SMALL, "xa")["name"].to_list() == ["Xã Một", "Xã Ba", "Xã Bốn"]
    assert table.filter_rows(SMALL, None, "khong co")["name"].to_list() == []


def test_display_frame_formats_rank_change_grade_and_target():
    shown = table.display_frame(SMALL, ONLINE, 38, "vi", {1: [1.0, None, 2.0]})
    # numbers stay numbers (the grid sorts them) …
    assert shown["rank"].to_list() == [1, 2, 3, None]
    assert shown["value"].to_list() == [90.0, 60.0, 50.0, None]
    assert shown["change"].to_list() == [2, -1, 0, None]  # "mới" is no move; None only for no data
    # … and the Styler shows them the Vietnamese way; the table says "1/3", how many have no
    # data is said once, in the caption under it
    texts = table.styled(shown, ONLINE, 3, "vi")
    columns = list(texts.data.columns)

    def rendered(column):
        j = columns.index(column)
        return [texts._display_funcs[(i, j)](texts.data.iat[i, j]) for i in range(3)]

    # the last row has no data: its cells stay null, shown by the grid's placeholder ("chưa có số liệu")
    assert rendered("rank") == ["1/3", "2/3", "3/3"]
    assert rendered("value") == ["90,00 %", "60,00 %", "50,00 %"]
    assert rendered("change") == ["▲2", "▼1", "mới"]
    assert texts.data[["rank", "value", "change"]].iloc[3].isna().all()
    assert "new_rank" not in texts.data.columns
    en = table.styled(shown, ONLINE, 3, "en")
    assert en._display_funcs[(0, list(en.data.columns).index("value"))](90.0) == "90.00%"
    assert shown["target"].to_list() == ["Đạt", "Chưa đạt", "Chưa đạt", ""]
    assert shown["trend"].to_list()[0] == [1.0, None, 2.0]
    graded = table.display_frame(SMALL, SERVICE, 38, "en")
    assert graded["grade"].to_list() == ["Excellent", "Average", "Average", ""]
    assert "target" not in graded.columns


# ---- charts -------------------------------------------------------------------------------------------

def test_ranking_bar_top_bottom_with_target_line():
    fig = charts.ranking_bar(SMALL, ONLINE, "vi", n=1, target=70.0, selected=[3])
    bars = fig.data[0]
    assert list(bars.y) == ["1. Xã Một", "3. Xã Ba"]
    assert list(bars.text) == ["90,00 %", "50,00 %"]
    assert bars.marker.color[1] == charts.SELECTED_COLOUR
    assert fig.layout.separators == ",."
    line = fig.layout.shapes[0]
    assert (line.x0, line.x1) == (70.0, 70.0)
    assert "Chỉ tiêu 70 %" in fig.layout.annotations[0].text
    assert "Tỷ lệ hồ sơ trực tuyến" in fig.layout.title.text
    assert {trace.name for trace in fig.data[1:]} == {"1 đơn vị đứng đầu", "1 đơn vị đứng cuối", "Đơn vị đang chọn"}
    assert charts.ranking_bar(SMALL.filter(pl.col("rank").is_null()), ONLINE, "vi") is None


def test_top_bottom_never_overlap():
    top, bottom = charts.top_bottom(SMALL, 10)
    assert top["commune_code"].to_list() == [1, 2, 3] and bottom.is_empty()


def test_service_groups_points_scored_and_lost(reader):
    parts = [c for c, ind in catalog.indicators().items() if ind.component_of == "service_index"]
    values = queries.window_values(reader, codes=parts, window=(NOV, NOV), province=38).filter(pl.col("commune_code") == BA_THUOC)
    by_code = dict(zip(values["indicator_code"], values["value"]))
    fig = charts.service_groups(by_code, "vi", "Xã Bá Thước")
    scored, lost = fig.data
    maxima = [catalog.indicator(c).scale_max for c in parts]
    assert [round(s + m, 6) for s, m in zip(scored.x, lost.x)] == maxima
    assert scored.name == "Điểm đạt được" and lost.name == "Điểm bị mất"
    assert "Xã Bá Thước" in fig.layout.title.text
    assert charts.service_groups({}, "vi", "x") is None


def test_status_bar_names_every_status_in_words():
    fig = charts.status_bar({"green": 120, "yellow": 30, "red": 10, None: 6}, "vi")
    assert [trace.name for trace in fig.data] == ["Xanh: 120", "Vàng: 30", "Đỏ: 10", "Chưa báo cáo: 6"]
    assert charts.status_bar({"green": 0, "yellow": 0, "red": 0, None: 0}, "vi") is None


def test_sparklines_align_on_months():
    months = [dt.date(2025, m, 1) for m in (9, 10, 11)]
    monthly = pl.DataFrame({"commune_code": [1, 1, 2], "indicator_code": ["x"] * 3,
                            "period": [months[0], months[2], months[1]], "value": [1.0, 3.0, 2.0]})
    assert charts.sparklines(monthly, months, keep_gaps=True) == {1: [1.0, None, 3.0], 2: [None, 2.0, None]}
    assert charts.sparklines(monthly, months) == {1: [1.0, 3.0], 2: [2.0]}


# ---- exports ------------------------------------------------------------------------------------------

def test_csv_has_bom_and_diacritics(ranked):
    frame, _ = table.export_frame(ranked, SERVICE, 38, "vi")
    data = export.table_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã", "Tên đơn vị", "Loại đơn vị", "Xếp hạng"]
    ba_thuoc = next(r for r in rows if r[1] == "Xã Bá Thước")
    assert ba_thuoc[0] == "14923" and ba_thuoc[3] == "17" and ba_thuoc[4] == "166"


def test_xlsx_keeps_numbers_numeric_with_vietnamese_headers(ranked):
    frame, formats = table.export_frame(ranked, ONLINE, 38, "vi")
    data = export.table_xlsx(frame, "Xếp hạng", "Tỷ lệ hồ sơ trực tuyến · Thanh Hóa", formats)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Xếp hạng"
    assert sheet["A1"].value == "Tỷ lệ hồ sơ trực tuyến · Thanh Hóa"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:2] == ["Mã", "Tên đơn vị"] and "Tỷ lệ hồ sơ trực tuyến (%)" in headers
    value_col = headers.index("Tỷ lệ hồ sơ trực tuyến (%)")
    first = sheet[4]
    assert isinstance(first[value_col].value, float)
    assert first[value_col].number_format == "#,##0.00"
    assert headers[-1] == "Mục tiêu" and first[len(headers) - 1].value in ("Đạt", "Chưa đạt")


def test_file_names_are_ascii():
    assert export.file_name("xep-hang", "service_index", "Thanh Hóa", "2025-11", ext="csv") == \
        "xep-hang_service-index_thanh-hoa_2025-11.csv"


def test_chrome_missing_is_reported(monkeypatch):
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    def no_chrome(*args, **kwargs):
        raise ChromeNotFoundError("Kaleido requires Google Chrome to be installed.")

    monkeypatch.setattr(images, "_server_started", False)
    monkeypatch.setattr(kaleido, "start_sync_server", no_chrome)
    with pytest.raises(export.ChromeMissing):
        export.figure_image(charts.status_bar({"green": 1}, "vi"), "png")


@pytest.mark.skipif(not export.chrome_available(), reason="no Chromium on this machine")
def test_figure_images_png_and_svg():
    fig = charts.ranking_bar(SMALL, ONLINE, "vi", n=2, target=70.0)
    png = export.figure_image(fig, "png")
    assert png.startswith(b"\x89PNG")
    svg = export.figure_image(fig, "svg").decode("utf-8")
    assert svg.startswith("<svg") and "Xã Một" in svg


def test_summary_names_the_communes_without_data():
    frame = _frame([{"commune_code": 1, "name": "Xã A", "value": 91.0, "rank": 1, "percentile": 100.0}])
    sentence = summary.overview_sentence(frame, SERVICE, "vi", "month", 1, province=1)
    assert "xếp thứ 1/3 trong tỉnh (1 xã, phường chưa có số liệu)" in sentence
    english = summary.overview_sentence(frame, SERVICE, "en", "month", 1, province=1)
    assert "ranks 1/3 in the province (1 without data)" in english


def test_ranking_bar_filtered_groups_named_by_rank_legend_clear_of_axis_title():
    filtered = _frame([{"commune_code": 58, "name": "Đặc khu Phú Quốc", "value": 84.1, "rank": 58, "n_ranked": 100},
                       {"commune_code": 64, "name": "Đặc khu Thổ Châu", "value": 83.7, "rank": 64, "n_ranked": 100},
                       {"commune_code": 94, "name": "Đặc khu Kiên Hải", "value": 75.4, "rank": 94, "n_ranked": 100}])
    fig = charts.ranking_bar(filtered, SERVICE, "vi", n=10)
    names = [trace.name for trace in fig.data[1:]]
    assert names == ["Xếp hạng tốt nhất trong danh sách lọc (hạng 58, 64, 94)"]
    assert not any("đứng đầu" in n for n in names)
    en = charts.ranking_bar(filtered, SERVICE, "en", n=2)
    assert [trace.name for trace in en.data[1:]] == ["Best ranked of the filtered list (ranks 58, 64)",
                                                     "Worst ranked of the filtered list (ranks 94)"]
    # The legend hangs at least 70 px under the plot area (below tick labels and the axis title).
    layout = fig.layout
    plot_height = layout.height - layout.margin.t - layout.margin.b
    assert -layout.legend.y * plot_height >= 70 and layout.legend.yanchor == "top"
    assert layout.margin.b >= 70 + 40


def test_target_line_under_the_labels_and_labelled_above_the_plot():
    fig = charts.ranking_bar(SMALL, ONLINE, "vi", n=1, target=70.0)
    line = fig.layout.shapes[0]
    assert line.layer == "below"
    label = fig.layout.annotations[0]
    assert label.yref == "paper" and label.y >= 1.0 and label.yanchor == "bottom"
    # A bar stopping short of the target carries its label inside, so no label crosses the line.
    assert charts.label_positions([99.0, 62.9, 10.0], 70.0, 100.0) == ["outside", "auto", "outside"]
    assert list(fig.data[0].textposition) == ["outside", "auto"]


def test_exported_figures_are_rounded_as_the_catalog_says(reader):
    online = queries.ranking(reader, code="online_rate", window=(NOV, NOV), previous=(OCT, OCT), province=38,
                             national=False)
    frame, _ = table.export_frame(online, ONLINE, 38, "vi")
    values = [v for v in frame["Tỷ lệ hồ sơ trực tuyến (%)"].to_list() if v is not None]
    assert values and all(round(v, ONLINE.decimals) == v for v in values)
    assert any(v != round(v) for v in values)  # rounded to 2 decimals, not to whole numbers
    rows = list(csv.reader(io.StringIO(export.table_csv(frame).decode("utf-8-sig"))))
    column = rows[0].index("Tỷ lệ hồ sơ trực tuyến (%)")
    assert all(len(r[column].partition(".")[2]) <= 2 for r in rows[1:])


def test_tied_first_ranks_are_still_the_top_not_a_filtered_list():
    tied = _frame([{"commune_code": c, "name": f"Xã {c}", "value": v, "rank": r, "n_ranked": 4}
                   for c, v, r in ((1, 100.0, 1), (2, 100.0, 1), (3, 90.0, 3), (4, 80.0, 4))])
    fig = charts.ranking_bar(tied, ONLINE, "vi", n=2)
    assert [trace.name for trace in fig.data[1:]] == ["2 đơn vị đứng đầu", "2 đơn vị đứng cuối"]
