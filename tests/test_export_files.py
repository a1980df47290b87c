"""Labelled, inert exports (dashboard.export): each file opened with its own library — csv,
openpyxl, PIL, xml.etree — on the demo database and on a tiny database of real figures."""
from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import openpyxl
import polars as pl
import pytest
from PIL import Image

from core import catalog, db, queries
from dashboard import charts
from dashboard import ranking_table as table
from dashboard.export import images, labels, static_map, tables

NOV, OCT = dt.date(2025, 11, 1), dt.date(2025, 10, 1)
ONLINE = catalog.indicator("online_rate")
DEMO = "Dữ liệu minh họa — không phải số liệu chính thức"
HAS_CHROMIUM = images.chrome_available()


def _labels(path, lang: str = "vi") -> labels.Labels:
    con = db.open_reader(path)
    try:
        cursor = db.cursor(con)
        status = queries.data_status(cursor)
        sources = queries.figure_sources(cursor, window=(NOV, NOV), province=38)
    finally:
        con.close()
    return labels.make("Xếp hạng theo Tỷ lệ hồ sơ trực tuyến", place="Thanh Hóa", window="month", period=NOV,
                       indicators=[ONLINE], has_demo=status["has_demo"], sources=sources, lang=lang)


@pytest.fixture(scope="module")
def demo_labels(demo_db):
    return _labels(demo_db)


@pytest.fixture(scope="module")
def ranked(demo_db):
    con = db.open_reader(demo_db)
    try:
        return queries.ranking(db.cursor(con), code="online_rate", window=(NOV, NOV), previous=(OCT, OCT),
                               province=38, national=False)
    finally:
        con.close()


def test_labels_say_scope_unit_source_as_of_and_demo(demo_labels, real_db):
    assert demo_labels.subtitle == "Thanh Hóa · Tháng 11/2025 · Đơn vị: %"
    # the online rate's source is its counts' (one source, its English gloss dropped), then where the figures came from
    assert demo_labels.footer == ("Nguồn: Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; dữ liệu minh "
                                  "họa (mô phỏng) · Số liệu đến Tháng 11/2025")
    assert demo_labels.demo == DEMO
    real = _labels(real_db)
    assert real.demo is None
    assert real.footer.endswith("tệp bao-cao-thang-11-2025.xlsx · Số liệu đến Tháng 11/2025")
    english = _labels(real_db, "en")
    assert english.footer.endswith("files bao-cao-thang-11-2025.xlsx · Data as of Nov 2025")


def test_scope_names_the_months_the_figures_cover_once():
    # one month is named once (was "Tháng, Tháng 11/2025"); a window names its first and last month
    assert labels.scope_text("Thanh Hóa", "month", NOV, "vi") == "Thanh Hóa · Tháng 11/2025"
    assert labels.scope_text("Thanh Hóa", "ytd", NOV, "vi") == "Thanh Hóa · Từ đầu năm: 01/2025 – 11/2025"
    assert labels.scope_text("Thanh Hóa", "quarter", NOV, "vi") == (
        "Thanh Hóa · Quý (lũy kế đến tháng): 10/2025 – 11/2025")
    assert labels.scope_text("Thanh Hóa", "12m", NOV, "en") == "Thanh Hóa · 12 months: Dec 2024 – Nov 2025"
    assert labels.scope_text("Thanh Hóa", "month", NOV, "en") == "Thanh Hóa · Nov 2025"
    # a month-by-month chart (no window) names the months it draws
    assert labels.scope_text("Thanh Hóa", None, NOV, "vi", start=dt.date(2025, 7, 1)) == (
        "Thanh Hóa · 07/2025 – 11/2025")
    assert labels.scope_text("Thanh Hóa", None, NOV, "vi") == "Thanh Hóa · Tháng 11/2025"


def test_provenance_names_at_most_three_files_newest_first():
    sources = pl.DataFrame({"source": ["d.xlsx", "c.csv", "b.xlsx", "a.xlsx", "demo:x"],
                            "is_demo": [False, False, False, False, True]})
    assert labels.provenance(sources, False, "vi") == "tệp d.xlsx, c.csv, b.xlsx và 1 tệp khác"
    assert labels.provenance(sources, True, "vi") == "dữ liệu minh họa (mô phỏng)"


def test_csv_carries_the_labels_on_every_row(ranked, demo_labels):
    frame, _ = table.export_frame(ranked, ONLINE, 38, "vi")
    rows = list(csv.DictReader(io.StringIO(tables.table_csv(frame, demo_labels).decode("utf-8-sig"))))
    assert len(rows) == 166  # one plain table: labels are columns, not rows above the header
    ba_thuoc = next(row for row in rows if row["Tên đơn vị"] == "Xã Bá Thước")
    assert float(ba_thuoc["Tỷ lệ hồ sơ trực tuyến (%)"]) == pytest.approx(67.845, abs=0.01)
    for row in rows:
        assert row["Tiêu đề"] == "Xếp hạng theo Tỷ lệ hồ sơ trực tuyến"
        assert row["Phạm vi và kỳ"] == "Thanh Hóa · Tháng 11/2025" and row["Đơn vị"] == "Đơn vị: %"
        assert row["Nguồn"].startswith("Nguồn: ") and row["Số liệu đến"] == "Số liệu đến Tháng 11/2025"
        assert row["Ghi chú dữ liệu"] == DEMO


HOSTILE = pl.DataFrame({
    "Tên đơn vị": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "\rReturn", "Xã Bá Thước", "a=b"],
    "Ghi chú": ['=HYPERLINK("http://x","y")', "", "ok", "-", "", "", "", ""],
    "Giá trị": [-3.5, 0.0, -1.0, 2.0, 1.0, 1.0, 67.83, None],
    "Hạng": [1, 2, -3, 4, 5, 6, 7, 8]})


def test_csv_text_that_a_spreadsheet_would_evaluate_is_made_inert_numbers_stay_numbers(demo_labels):
    data = tables.table_csv(HOSTILE, demo_labels).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    names = [row[0] for row in rows[1:]]
    assert names == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTab", "'\rReturn", "Xã Bá Thước", "a=b"]
    assert rows[1][1] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[4][1] == "'-"
    assert [row[2] for row in rows[1:]] == ["-3.5", "0.0", "-1.0", "2.0", "1.0", "1.0", "67.83", ""]
    assert [row[3] for row in rows[1:]] == ["1", "2", "-3", "4", "5", "6", "7", "8"]
    # no text cell of the file starts with a formula character any more (numbers may be negative)
    def is_number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    assert not any(cell.startswith(tables.FORMULA_TRIGGERS) for row in rows for cell in row
                   if cell and not is_number(cell))


def test_xlsx_titles_headers_and_text_are_strings_never_formulas_or_links(demo_labels):
    hostile_title = demo_labels.with_title("=HYPERLINK(\"http://x\")")
    data = tables.table_xlsx(HOSTILE.rename({"Ghi chú": "=A1"}), "Hồ sơ", labels=hostile_title,
                             indicators=[ONLINE])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type in ("s", "n") for cell in cells)  # no 'f' (formula)
    assert all(cell.hyperlink is None for cell in cells)
    assert sheet["A1"].value == "=HYPERLINK(\"http://x\")" and sheet["A1"].data_type == "s"
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "Tên đơn vị")
    assert [cell.value for cell in header_row] == ["Tên đơn vị", "=A1", "Giá trị", "Hạng"]
    first = sheet[header_row[0].row + 1]
    assert first[0].value == "=1+1" and first[0].data_type == "s"
    assert first[2].value == -3.5 and first[3].value == 1  # negative numbers stay numbers


def test_xlsx_has_label_rows_and_a_definitions_sheet(ranked, demo_labels, real_db):
    frame, formats = table.export_frame(ranked, ONLINE, 38, "vi")
    workbook = openpyxl.load_workbook(io.BytesIO(tables.table_xlsx(
        frame, "Xếp hạng", formats=formats, labels=demo_labels, indicators=[ONLINE], provinces={38: "Thanh Hóa"})))
    sheet = workbook["Xếp hạng"]
    assert [sheet.cell(row, 1).value for row in range(1, 5)] == [
        "Xếp hạng theo Tỷ lệ hồ sơ trực tuyến", "Thanh Hóa · Tháng 11/2025 · Đơn vị: %",
        demo_labels.footer, DEMO]
    assert sheet.cell(6, 1).value == "Mã" and sheet.cell(6, 2).value == "Tên đơn vị"
    definitions = workbook["Định nghĩa"]
    header = [cell.value for cell in definitions[1]]
    assert header == ["Mã chỉ tiêu", "Chỉ tiêu", "Định nghĩa", "Công thức", "Đơn vị", "Nguồn", "Mục tiêu",
                      "Căn cứ chỉ tiêu"]
    row = [cell.value for cell in definitions[2]]
    assert row[0] == "online_rate" and row[1] == "Tỷ lệ hồ sơ trực tuyến"
    assert row[2] == ONLINE.definition_vi
    assert row[3] == "100 × tổng(Hồ sơ tiếp nhận trực tuyến) / tổng(Hồ sơ tiếp nhận) trong khoảng thời gian"
    assert row[4] == "%" and row[5].startswith("Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh")
    assert row[6] == "Thanh Hóa 70 %; toàn quốc 80 %"
    real = openpyxl.load_workbook(io.BytesIO(tables.table_xlsx(frame, "Xếp hạng", labels=_labels(real_db))))
    texts = [cell.value for row in real.worksheets[0].iter_rows(max_row=6) for cell in row if cell.value]
    assert not any("Dữ liệu minh họa" in str(text) for text in texts)


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium on this machine")
def test_svg_and_png_carry_the_labels_only_on_the_copy(ranked, demo_labels, real_db):
    fig = charts.ranking_bar(ranked, ONLINE, "vi", n=5, target=70.0)
    screen_height = fig.layout.height
    svg = images.figure_image(fig, "svg", labels=demo_labels)
    text = " ".join("".join(node.itertext()) for node in ET.fromstring(svg).iter() if node.tag.endswith("text"))
    for words in ("Xếp hạng theo Tỷ lệ hồ sơ trực tuyến", "Thanh Hóa · Tháng 11/2025 · Đơn vị: %",
                  "Số liệu đến Tháng 11/2025", "Nguồn: Hệ thống thông tin", DEMO):
        assert words in text
    assert fig.layout.height == screen_height and not fig.layout.annotations[1:]  # the page's figure is untouched
    png = Image.open(io.BytesIO(images.figure_image(fig, "png", labels=demo_labels)))
    png.load()
    assert png.width == 2000 and png.height > 2 * screen_height  # scale 2, and taller by the label rows
    assert png.text["Source"] == demo_labels.footer and png.text["Disclaimer"] == DEMO
    real = images.figure_image(fig, "svg", labels=_labels(real_db))
    assert "Dữ liệu minh họa" not in real.decode("utf-8") and "bao-cao-thang-11-2025.xlsx" in real.decode("utf-8")


def test_status_map_legend_counts_every_commune(demo_db):
    con = db.open_reader(demo_db)
    try:
        r57 = queries.r57_window(db.cursor(con), window=(NOV, NOV), province=38)
    finally:
        con.close()
    from dashboard import geo

    fig = static_map.status_map(r57, geo.features(38), "vi", selected=(14923,))
    names = [trace.name for trace in fig.data]
    counts = r57.group_by("status").len()
    expected = dict(counts.iter_rows())
    assert names[:4] == [f"Xanh: {expected.get('green', 0)}", f"Vàng: {expected.get('yellow', 0)}",
                         f"Đỏ: {expected.get('red', 0)}", f"Chưa báo cáo: {expected.get(None, 0)}"]
    assert names[4] == "Viền đen: Xã Bá Thước"
    # every commune's outer ring is drawn once, in its status's trace
    rings = sum(trace.x.count(None) for trace in fig.data[:4] if trace.x != (None,))
    assert rings >= 166
