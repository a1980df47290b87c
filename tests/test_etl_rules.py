"""One test per rule, each asserting its exact message (Vietnamese / English), row and column."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from core import periods
from etl import pipeline
from etl.__main__ import main

TODAY = dt.date(2026, 11, 23)


def problems(tmp_path, lines, name="f.csv", **opts):
    path = fx.write_csv(tmp_path / name, lines)
    options = pipeline.Options(province=opts.pop("province", 38), today=TODAY, **opts)
    result = pipeline.prepare_file(path, options, display=name)
    return [p.line() for p in result.problems], result


def only(tmp_path, lines, **opts):
    found, _ = problems(tmp_path, lines, **opts)
    assert len(found) == 1, found
    return found[0]


H = "Xã/phường,Tháng,"


def test_count_non_negative_integer(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,12.5"]) == (
        "f.csv:2:C (Hồ sơ tiếp nhận): Số đếm phải là số nguyên không âm, không phải 12,5: kiểm tra ô này / "
        "A count must be a non-negative integer, not 12.5: check this cell")


def test_count_negative_is_refused_too(tmp_path):
    assert only(tmp_path, [H + "Đang giải quyết", "Bá Thước,2025-11,-3"]) == (
        "f.csv:2:C (Đang giải quyết): Số đếm phải là số nguyên không âm, không phải -3: kiểm tra ô này / "
        "A count must be a non-negative integer, not -3: check this cell")


def test_non_negative(tmp_path):
    assert only(tmp_path, [H + "Diện tích (km2)", "Bá Thước,2025-11,-3.5"]) == (
        "f.csv:2:C (Diện tích (km2)): Giá trị không được âm: -3,5: kiểm tra ô này / The value cannot be negative: -3.5: "
        "check this cell")


def test_rate_within_0_100(tmp_path):
    assert only(tmp_path, [H + "Tỷ lệ kích hoạt VNeID (%)", "Bá Thước,2025-11,\"120,5%\""]) == (
        "f.csv:2:C (Tỷ lệ kích hoạt VNeID (%)): Tỷ lệ phải nằm trong khoảng 0–100, không phải 120,5: kiểm tra ô này / "
        "A rate must lie within 0–100, not 120.5: check this cell")


def test_score_within_scale(tmp_path):
    assert only(tmp_path, [H + "si_transparency", "Bá Thước,2025-11,19"]) == (
        "f.csv:2:C (si_transparency): Điểm phải nằm trong khoảng 0–18, không phải 19: kiểm tra ô này / "
        "A score must lie within 0–18, not 19: check this cell")


def test_service_index_groups(tmp_path):
    head = H + "service_index,si_transparency,si_progress,si_digitisation,si_online,si_satisfaction"
    assert only(tmp_path, [head, "Bá Thước,2025-11,80,16,18,20,15,10.9"]) == (
        "f.csv:2:C (service_index): Tổng điểm các nhóm chỉ số (79,9) khác điểm Bộ chỉ số phục vụ (80) quá 0,05 / "
        "The service-index groups sum to 79.9, not the total 80 (±0.05)")
    found, _ = problems(tmp_path, [head, "Bá Thước,2025-11,80,16,18,20,15,10.96"])
    assert found == []


def test_rate_matches_counts_is_a_warning_and_counts_are_stored(tmp_path):
    found, result = problems(tmp_path, [H + "Hồ sơ tiếp nhận,Hồ sơ tiếp nhận trực tuyến,Tỷ lệ trực tuyến (%)",
                                        "Bá Thước,2025-11,200,150,80", "Hồi Xuân,2025-11,200,150,75.05"])
    assert found == ["f.csv:2:E (Tỷ lệ trực tuyến (%)): [cảnh báo / warning] Tỷ lệ 80 % lệch khỏi tỷ lệ tính từ "
                     "số đếm (75 %) quá 0,1 điểm / The rate 80 % differs from the rate computed from the counts "
                     "(75 %) by more than 0.1 point"]
    assert result.errors == [] and len(result.warnings) == 1
    assert sorted(set(result.observations["indicator_code"])) == ["dossiers_online", "dossiers_received"]


def test_rate_alone_is_stored_as_reported_rate(tmp_path):
    found, result = problems(tmp_path, [H + "Tỷ lệ trực tuyến (%)", "Bá Thước,2025-11,\"67,83\""])
    assert found == []
    assert result.observations.select("indicator_code", "value").rows() == [("online_rate", 67.83)]


def test_period_grain_counts_are_monthly(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,Quý IV/2025,300"]) == (
        "f.csv:2:C (Hồ sơ tiếp nhận): Số đếm là số liệu theo tháng; không nạp được số theo quý (Q4/2025) cho "
        "chỉ tiêu dossiers_received: hãy nạp số của từng tháng trong quý / Counts are monthly; a quarterly figure "
        "(Q4/2025) cannot be loaded for dossiers_received: load each month of the quarter")


def test_period_grain_year_stores_non_counts_at_december(tmp_path):
    found, result = problems(tmp_path, [H + "Số thôn,Hồ sơ tiếp nhận", "Bá Thước,2025,37,5000"])
    assert found == ["f.csv:2:D (Hồ sơ tiếp nhận): Số đếm là số liệu theo tháng; không nạp được số theo năm (2025) "
                     "cho chỉ tiêu dossiers_received: nếu đây là số của một tháng, ghi tháng bằng --period YYYY-MM / Counts are "
                     "monthly; a yearly figure (2025) cannot be loaded for dossiers_received: if these are one month's "
                     "figures, name the month with --period YYYY-MM"]
    assert result.observations.select("indicator_code", "period").rows() == [("villages", dt.date(2025, 12, 1))]


def test_future_period(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2027-01,5"]) == (
        "f.csv:2:C (Hồ sơ tiếp nhận): Kỳ 2027-01 ở tương lai: kiểm tra kỳ báo cáo / The period 2027-01 is in the future: "
        "check the period")


def test_duplicate_rows(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,5", "Xã Bá Thước,11/2025,6"]) == (
        "f.csv:3:C (Hồ sơ tiếp nhận): Trùng với dòng 2, cột C (Hồ sơ tiếp nhận) (cùng xã, chỉ tiêu và kỳ): giữ một "
        "dòng, xóa dòng kia / Duplicates row 2, column C (Hồ sơ tiếp nhận) (same commune, indicator and period): keep "
        "one row, delete the other")


def test_cumulative_figures_refused_without_flag(tmp_path):
    lines = ["Lũy kế từ 01/7/2025 đến 30/11/2025", "Xã/phường,Hồ sơ tiếp nhận", "Bá Thước,600"]
    assert only(tmp_path, lines) == (
        "f.csv:3:B (Hồ sơ tiếp nhận): Số liệu lũy kế (đến 2025-11), không phải số của tháng; nếu đúng vậy, nạp với "
        "--cumulative để trừ số các tháng trước đã nạp / Cumulative figures (to 2025-11), not the month's; if so, "
        "load with --cumulative to subtract the earlier months already loaded")


def test_cumulative_heading_is_recognised(tmp_path):
    found, _ = problems(tmp_path, [H + "Lũy kế tiếp nhận", "Bá Thước,2025-11,600"])
    assert len(found) == 1 and "Cumulative figures (to 2025-11)" in found[0]


def test_cumulative_missing_months_are_named(tmp_path, capsys):
    db = fx.fresh_db(tmp_path / "db.duckdb")
    monthly = fx.write_csv(tmp_path / "m.csv", [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-07,100", "Bá Thước,2025-09,120"])
    assert main(["load", str(monthly), "--db", str(db), "--province", "38"]) == 0
    before = fx.table_checksum(db)
    cum = fx.write_csv(tmp_path / "c.csv", [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,600"])
    assert main(["load", str(cum), "--db", str(db), "--province", "38", "--cumulative"]) == 1
    err = capsys.readouterr().err
    assert (f"{cum}:2:C (Hồ sơ tiếp nhận): Thiếu số liệu đã nạp của dossiers_received các tháng 2025-08, 2025-10 để "
            f"tính số tháng 2025-11 từ số lũy kế / The months 2025-08, 2025-10 of dossiers_received are not loaded, so "
            f"the 2025-11 value cannot be computed from the cumulative figure") in err
    assert fx.table_checksum(db) == before


def test_cumulative_rate_cannot_become_monthly(tmp_path):
    assert only(tmp_path, [H + "Tỷ lệ trực tuyến (%)", "Bá Thước,2025-11,67.8"], cumulative=True) == (
        "f.csv:2:C (Tỷ lệ trực tuyến (%)): Tỷ lệ lũy kế không đổi được thành tỷ lệ của tháng; hãy nạp các số đếm / "
        "A cumulative rate cannot become the month's rate; load the counts instead")


def test_r57_status_value(tmp_path):
    assert only(tmp_path, ["Xã/phường,Tháng,Trạng thái", "Bá Thước,2025-11,tím"]) == (
        "f.csv:2:C (Trạng thái): Trạng thái 'tím' không hợp lệ: ghi xanh, vàng, đỏ hoặc để trống nếu chưa báo cáo / "
        "The status 'tím' is not one of green, yellow, red: write one of them, or leave it blank when not reported")


# ---- reading, matching and numbers ----------------------------------------------------------

def test_number_form_ambiguous_asks_for_decimal_option(tmp_path):
    """An area may be 1.939 km² or 1939 km²; dossiers (below) cannot be 1.939."""
    lines = [H + "Diện tích (km2)", "Bá Thước,2025-11,1.939", "Hồi Xuân,2025-11,2.500"]
    assert only(tmp_path, lines) == (
        "f.csv:1:C (Diện tích (km2)): Không xác định được cách viết số của cột: '1.939' có thể là số nguyên (kiểu "
        "Việt Nam, dấu chấm phân cách hàng nghìn) hoặc số thập phân; hãy ghi rõ --decimal comma (kiểu Việt Nam) "
        "hoặc --decimal dot / Cannot tell how this column writes numbers: '1.939' may be a whole number (Vietnamese "
        "dot thousands) or a decimal; state it with --decimal comma (Vietnamese) or --decimal dot")
    found, result = problems(tmp_path, lines, decimal="comma")
    assert found == [] and sorted(result.observations["value"]) == [1939.0, 2500.0]


def test_a_count_column_is_whole_numbers_so_its_dots_are_thousands(tmp_path):
    """"1.050" dossiers read as a decimal would be 1.05 dossiers: it proves dot thousands, and the
    column's "1.000" is then 1000 too (UTF-16 tab-separated export with no other decimal). "1.000"
    alone (1 or 1000) still asks."""
    lines = [H.replace(",", "\t") + "Hồ sơ tiếp nhận\tSố tổ CNSCĐ", "Bá Thước\t2025-11\t1.050\t36",
             "Hồi Xuân\t2025-11\t1.000\t20"]
    path = tmp_path / "u.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-16")
    result = pipeline.prepare_file(path, pipeline.Options(province=38, today=TODAY), display="u.csv")
    assert result.problems == []
    assert sorted(result.observations["value"]) == [20.0, 36.0, 1000.0, 1050.0]
    assert "--decimal comma" in only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,1.000"])


def test_ambiguous_column_takes_the_form_the_rest_of_the_file_proves(tmp_path):
    lines = [H + "Hồ sơ tiếp nhận,Tỷ lệ kích hoạt VNeID (%)", "Bá Thước,2025-11,1.939,\"97,5\""]
    found, result = problems(tmp_path, lines)
    assert found == [] and sorted(result.observations["value"]) == [97.5, 1939.0]


def test_number_form_conflict(tmp_path):
    assert only(tmp_path, [H + "Tỷ lệ kích hoạt VNeID (%)", "Bá Thước,2025-11,\"97,5\"", "Hồi Xuân,2025-11,97.25"]) == (
        "f.csv:1:C (Tỷ lệ kích hoạt VNeID (%)): Cột trộn dấu phẩy thập phân và dấu chấm thập phân; hãy sửa cho "
        "thống nhất hoặc ghi rõ --decimal comma|dot / The column mixes decimal commas and decimal dots; make it "
        "consistent or state --decimal comma|dot")


def test_number_invalid(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,khoảng 50"]) == (
        "f.csv:2:C (Hồ sơ tiếp nhận): 'khoảng 50' không phải là số: ghi số (5.932 hoặc 5932), để trống nếu không có "
        "số liệu / 'khoảng 50' is not a number: write a number (5.932 or 5932), leave it blank where there is no figure")


def test_commune_unmatched_lists_closest(tmp_path):
    close = "Xã Bá Thước (14923), Xã Bát Mọt (15607), Xã Biện Thượng (15382)"
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thướt,2025-11,5"]) == (
        f"f.csv:2:A (Xã/phường): Không tìm thấy xã 'Bá Thướt' ở Thanh Hóa; gần nhất: {close} / "
        f"No commune 'Bá Thướt' in Thanh Hóa; closest: {close}")


def test_commune_ambiguous_lists_candidates(tmp_path):
    line = only(tmp_path, [H + "Hồ sơ tiếp nhận", "Dong Tien,2025-11,5"])
    assert line.startswith("f.csv:2:A (Xã/phường): 'Dong Tien' khớp nhiều xã ở Thanh Hóa: ")
    assert "Xã Đồng Tiến (" in line and "Phường Đông Tiến (" in line


def test_commune_names_need_a_province(tmp_path):
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,2025-11,5"], province=None) == (
        "f.csv:2:A (Xã/phường): Không biết 'Bá Thước' thuộc tỉnh nào: thêm cột Tỉnh, mã xã hoặc --province / "
        "No province for 'Bá Thước': add a province column, commune codes or --province")


def test_commune_code_unknown(tmp_path):
    assert only(tmp_path, ["Mã xã,Tháng,Hồ sơ tiếp nhận", "99999,2025-11,5"], province=None) == (
        "f.csv:2:A (Mã xã): Không có xã nào mang mã '99999' (cả mã mới lẫn mã cũ trước 1/7/2025): kiểm tra mã / No "
        "commune has the code '99999' (neither a new code nor an old one from before 1 July 2025): check the code")


def test_unknown_column_is_refused_with_candidates(tmp_path):
    line = only(tmp_path, [H + "Hồ sơ tiếp nhận,Hồ sơ tiếp nhậm trực tuyến", "Bá Thước,2025-11,5,4"])
    assert line.startswith("f.csv:1:D (Hồ sơ tiếp nhậm trực tuyến): Không nhận ra cột 'Hồ sơ tiếp nhậm trực tuyến'; "
                           "gần nhất: Hồ sơ tiếp nhận trực tuyến (dossiers_online)")


def test_unknown_indicator_in_long_layout(tmp_path):
    line = only(tmp_path, ["Xã/phường,Kỳ báo cáo,Chỉ tiêu,Giá trị", "Bá Thước,2025-11,Ho so tiep nhan,5",
                           "Bá Thước,2025-11,Số hồ sơ hủy,2"])
    assert line.startswith("f.csv:3:C (Chỉ tiêu): Không có chỉ tiêu 'Số hồ sơ hủy' trong danh mục")


def test_period_missing_and_invalid(tmp_path):
    assert only(tmp_path, ["Xã/phường,Hồ sơ tiếp nhận", "Bá Thước,5"]) == (
        "f.csv:1:-: Không biết số liệu của kỳ nào: thêm cột Kỳ báo cáo/Tháng, một dòng tiêu đề như 'Tháng 11/2025' "
        "hoặc --period YYYY-MM / No period: add a period column, a title row such as 'Tháng 11/2025' or "
        "--period YYYY-MM")
    assert only(tmp_path, [H + "Hồ sơ tiếp nhận", "Bá Thước,tháng mười,5"]) == (
        "f.csv:2:B (Tháng): Không hiểu kỳ 'tháng mười' (viết như 2025-11, 11/2025, Tháng 11/2025, Quý IV/2025) / "
        "Cannot read the period 'tháng mười' (write it as 2025-11, 11/2025, Tháng 11/2025, Quý IV/2025)")


def test_header_not_found(tmp_path):
    line = only(tmp_path, ["a,b,c", "1,2,3"])
    assert line.startswith("f.csv:1:-: Không tìm thấy dòng tiêu đề cột")


@pytest.mark.parametrize("typed", ["Bá Thước", "xã bá thước", "XÃ BÁ THƯỚC", "  Xã   Bá  Thước ", "ba thuoc",
                                   "Xa Ba Thuoc"])
def test_commune_spellings_match(tmp_path, typed):
    found, result = problems(tmp_path, [H + "Hồ sơ tiếp nhận", f"{typed},2025-11,5"])
    assert found == [] and result.observations["commune_code"].to_list() == [fx.commune_codes()[0]]


def test_old_and_new_tone_placement_and_nfd(tmp_path):
    import unicodedata
    for typed in ("Xã Hoằng Hoá", unicodedata.normalize("NFD", "Xã Hoằng Hóa")):
        found, result = problems(tmp_path, [H + "Hồ sơ tiếp nhận", f"{typed},2025-11,5"])
        assert found == [] and result.observations["commune_code"].to_list() == [fx.commune_codes()[3]]


@pytest.mark.parametrize("text,expected", [
    ("2025-11", (dt.date(2025, 11, 1), "month")), ("11/2025", (dt.date(2025, 11, 1), "month")),
    ("Tháng 11/2025", (dt.date(2025, 11, 1), "month")), ("tháng 11 năm 2025", (dt.date(2025, 11, 1), "month")),
    ("30/11/2025", (dt.date(2025, 11, 1), "month")), ("2025-11-30", (dt.date(2025, 11, 1), "month")),
    ("Quý IV/2025", (dt.date(2025, 12, 1), "quarter")), ("Q3/2025", (dt.date(2025, 9, 1), "quarter")),
    ("Năm 2025", (dt.date(2025, 12, 1), "year")), ("\x1f202511", (dt.date(2025, 11, 1), "month")),
])
def test_periods(text, expected):
    from etl.layouts import parse_period
    period = parse_period(text)
    assert (period.end, period.grain) == expected


@pytest.mark.parametrize("token,decimal,value", [
    ("5.932", "comma", 5932.0), ("67,83%", "comma", 67.83), ("1.234.567,5", "comma", 1234567.5),
    ("67.83", "dot", 67.83), ("1,234.5", "dot", 1234.5), ("5 932", "comma", 5932.0), ("-", "dot", None),
])
def test_numbers(token, decimal, value):
    from etl import numbers
    assert numbers.parse(token, decimal) == value


@pytest.mark.parametrize("token,form", [("67,83", "comma"), ("67.83", "dot"), ("1.939", "ambiguous"),
                                        ("5,932", "ambiguous"), ("1.234.567", "comma"), ("1,234,567", "dot"),
                                        ("1939", None), ("0,932", "comma")])
def test_number_token_forms(token, form):
    from etl import numbers
    assert numbers.classify(token) == form


@pytest.mark.parametrize("heading,code", [
    ("Tỷ lệ hồ sơ trực tuyến (%)", "online_rate"), ("Thanh toán trực tuyến (%)", "online_payment_rate"),
    ("Thanh toán trực tuyến", "dossiers_paid_online"), ("Mức độ hài lòng", "si_satisfaction"),
    ("Mức độ hài lòng (điểm)", "satisfaction_score"), ("TỔNG SỐ HỒ SƠ TIẾP NHẬN", "dossiers_received"),
    ("dossiers_on_time", "dossiers_on_time"), ("Dossiers received online", "dossiers_online"),
])
def test_indicator_headings(heading, code):
    from etl.match import indicator_for_heading
    assert indicator_for_heading(heading) == code


def test_totals_row_ends_the_table_but_communes_named_tong_or_cong_load(tmp_path):
    lines = ["STT,Xã/phường,Tháng,Hồ sơ tiếp nhận", "1,Tống Sơn,2025-11,5", "2,Công Chính,2025-11,6",
             "Tổng cộng,,,11", "Ghi chú: số liệu tạm tính,,,", "Người lập biểu,Kế toán,,"]
    found, result = problems(tmp_path, lines)
    assert found == [] and sorted(result.observations["value"]) == [5.0, 6.0]


def test_sheet_option_and_missing_sheet(tmp_path):
    import xlsxwriter
    path = tmp_path / "two.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Ghi chú").write(0, 0, "Hướng dẫn")
    ws = wb.add_worksheet("Số liệu")
    for j, text in enumerate(["Xã/phường", "Tháng", "Hồ sơ tiếp nhận"]):
        ws.write(0, j, text)
    ws.write_row(1, 0, ["Bá Thước", "2025-11", 5])
    wb.close()
    result = pipeline.prepare_file(path, pipeline.Options(province=38, sheet="Số liệu", today=TODAY), display="two.xlsx")
    assert result.problems == [] and result.observations["value"].to_list() == [5.0]
    result = pipeline.prepare_file(path, pipeline.Options(province=38, sheet="Tháng 11"), display="two.xlsx")
    assert [p.line() for p in result.problems] == [
        "two.xlsx:-:-: Không có trang tính 'Tháng 11' (có: Ghi chú, Số liệu); chọn một trang bằng --sheet / "
        "No sheet named 'Tháng 11' (there are: Ghi chú, Số liệu); choose one with --sheet"]


@pytest.mark.parametrize("heading,role", [
    ("Đơn vị", "commune"), ("Tên đơn vị", "commune"), ("Xã/phường", "commune"), ("Xã, phường, đặc khu", "commune"),
    ("commune", "commune"), ("Mã xã", "commune_code"), ("commune_code", "commune_code"), ("Tỉnh", "province"),
    ("province", "province"), ("Kỳ báo cáo", "period"), ("Tháng", "period"), ("period", "period"),
    ("Chỉ tiêu", "indicator_name"), ("indicator", "indicator_name"), ("Giá trị", "value"), ("value", "value"),
    ("Trạng thái", "status"), ("status", "status"), ("Ghi chú", "note"), ("note", "note"), ("STT", "stt"),
])
def test_structural_headings(heading, role):
    from etl.layouts import role_of
    assert role_of(heading) == role


@pytest.mark.parametrize("typed", ["Đặc khu Phú Quốc", "Phú Quốc", "dac khu phu quoc"])
def test_dac_khu_prefix(tmp_path, typed):
    found, result = problems(tmp_path, ["Tỉnh,Xã/phường,Tháng,Trạng thái", f"An Giang,{typed},2025-11,green"],
                             province=None)
    assert found == [] and result.r57.select("status", "label").rows() == [("green", "green")]


def test_a_year_title_whose_december_is_still_ahead_names_the_period_option(tmp_path):
    """'NĂM 2026' over scores in November 2026: the year's figures go to 2026-12, a future month. The
    refusal said only "check the period"; it says why and names --period, which then loads them."""
    lines = ["KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP NĂM 2026", "", "Xã/phường,Điểm chỉ số phục vụ",
             "Bá Thước,\"91,25\""]
    assert only(tmp_path, lines) == (
        "f.csv:4:B (Điểm chỉ số phục vụ): Kỳ 2026-12 ở tương lai: kiểm tra kỳ báo cáo (tệp chỉ ghi năm: số của cả năm "
        "được ghi vào tháng cuối, 2026-12); nếu đây là số đến một tháng, ghi tháng đó bằng --period YYYY-MM / The "
        "period 2026-12 is in the future: check the period (the file names only a year: its figures go to its last "
        "month, 2026-12); if they are figures up to a month, name that month with --period YYYY-MM")
    found, result = problems(tmp_path, lines, period=periods.month(2026, 10))
    assert found == [] and result.observations.select("period", "value").rows() == [(dt.date(2026, 10, 1), 91.25)]
