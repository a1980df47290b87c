"""Regressions from the ETL review: each test builds its file here and asserts the exact outcome
(the refusal line `file:row:column: lý do / reason` with the database unchanged, or the exact
observations loaded)."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from etl import load
from etl.__main__ import main

NOV = dt.date(2025, 11, 1)
TITLE = ["UBND TỈNH THANH HÓA", "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "Tháng 11/2025"]


@pytest.fixture()
def db(tmp_path) -> Path:
    return fx.fresh_db(tmp_path / "communes.duckdb")


def run(*argv) -> int:
    return main([str(a) for a in argv])


def code(name: str) -> int:
    return fx.commune_codes()[fx.COMMUNES.index(name)]


BA, HOI = "Xã Bá Thước", "Xã Hồi Xuân"


def obs(*rows) -> pl.DataFrame:
    return pl.DataFrame([(code(c), ind, NOV, float(v)) for c, ind, v in rows], schema=load.OBSERVATION_SCHEMA,
                        orient="row").sort("commune_code", "indicator_code", "period")


def xlsx(path: Path, cells: dict[str, object], merges: tuple[str, ...] = (), formats: dict[str, str] | None = None,
         title: list[str] = TITLE) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for i, text in enumerate(title, 1):
        ws.cell(i, 1, text)
    for ref, value in cells.items():
        ws[ref] = value
        if formats and ref in formats:
            ws[ref].number_format = formats[ref]
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def table(header: list[str], rows: list[list], first_row: int = 5) -> dict[str, object]:
    cells = {}
    for i, row in enumerate([header, *rows]):
        for j, value in enumerate(row):
            if value is not None:
                cells[f"{chr(65 + j)}{first_row + i}"] = value
    return cells


def refused(path: Path, db: Path, capsys, *opts) -> list[str]:
    before = fx.table_checksum(db)
    capsys.readouterr()
    assert run("load", path, "--db", db, *opts) == 1
    assert fx.table_checksum(db) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if "TỪ CHỐI" not in line and "Nothing was loaded" not in line]


# ---- 1, 2: merged group headings ------------------------------------------------------------

def test_rate_group_heading_makes_sub_headings_rates(tmp_path, db):
    """'Tỷ lệ (%)' merged over 'Đúng hạn' / 'Trực tuyến': the rates, not dossier counts."""
    cells = {"A5": "STT", "B5": "Tên đơn vị", "C5": "Tỷ lệ (%)", "C6": "Đúng hạn", "D6": "Trực tuyến",
             **table(["", ""], [[1, BA, 95, 80], [2, HOI, 100, 75.5]], first_row=6)}
    del cells["A6"], cells["B6"]
    path = xlsx(tmp_path / "rates.xlsx", cells, ("A5:A6", "B5:B6", "C5:D5"))
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(obs((BA, "on_time_rate", 95), (BA, "online_rate", 80),
                                          (HOI, "on_time_rate", 100), (HOI, "online_rate", 75.5)))


def test_count_sub_heading_under_rate_group_is_refused_not_stored_as_count(tmp_path, db, capsys):
    """The reviewer's group_rate_only.xlsx: 'Quá hạn' under 'Tỷ lệ (%)' is no catalog rate."""
    cells = {"A5": "STT", "B5": "Tên đơn vị", "C5": "Tỷ lệ (%)", "C6": "Đúng hạn", "D6": "Quá hạn",
             "A7": 1, "B7": BA, "C7": 95, "D7": 5, "A8": 2, "B8": HOI, "C8": 100, "D8": 0}
    path = xlsx(tmp_path / "g.xlsx", cells, ("A5:A6", "B5:B6", "C5:D5"))
    assert refused(path, db, capsys) == [
        f"{path}:6:D (Tỷ lệ (%) / Quá hạn): 'Quá hạn' nằm dưới nhóm tỷ lệ 'Tỷ lệ (%)' nhưng một mình lại là "
        "số đếm Hồ sơ giải quyết quá hạn (dossiers_late); danh mục không có tỷ lệ nào tên như vậy (đổi tiêu đề "
        "cho khớp danh mục hoặc xóa cột) / 'Quá hạn' sits under the rate group 'Tỷ lệ (%)' but alone it is the "
        "count Dossiers resolved late (dossiers_late); the catalog has no rate of that name (rename the heading "
        "to a catalog indicator or delete the column)"]


def test_dossier_group_over_online_reads_the_count_not_the_rate(tmp_path, db):
    """'Hồ sơ' over 'Tiếp nhận' / 'Trực tuyến': 'Trực tuyến' alone would be online_rate's alias
    'Trực tuyến (%)'; with its group it is dossiers_online."""
    cells = {"A5": "STT", "B5": "Tên đơn vị", "C5": "Hồ sơ", "C6": "Tiếp nhận", "D6": "Trực tuyến",
             "A7": 1, "B7": BA, "C7": 1939, "D7": 1300, "A8": 2, "B8": HOI, "C8": 1000, "D8": 683}
    path = xlsx(tmp_path / "hs.xlsx", cells, ("A5:A6", "B5:B6", "C5:D5"))
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(obs((BA, "dossiers_received", 1939), (BA, "dossiers_online", 1300),
                                          (HOI, "dossiers_received", 1000), (HOI, "dossiers_online", 683)))


def test_bare_heading_matching_only_a_percent_alias_over_counts_is_ambiguous(tmp_path, db, capsys):
    """Cells that could be percentages (none above 100, none with %): the heading cannot be told."""
    path = fx.write_csv(tmp_path / "tt.csv", ["Xã/phường,Tháng,Trực tuyến", "Bá Thước,2025-11,87", "Hồi Xuân,2025-11,100"])
    assert refused(path, db, capsys, "--province", "38") == [
        f"{path}:1:C (Trực tuyến): Tiêu đề 'Trực tuyến' không rõ là tỷ lệ Tỷ lệ hồ sơ trực tuyến (online_rate) "
        "hay số đếm (Hồ sơ tiếp nhận trực tuyến (dossiers_online); Cung cấp dịch vụ trực tuyến (si_online)); "
        "các ô không có dấu %: ghi rõ tiêu đề (thêm '(%)' cho tỷ lệ hoặc tên đầy đủ của số đếm) / The heading "
        "'Trực tuyến' may be the rate Tỷ lệ hồ sơ trực tuyến (online_rate) or a count (Hồ sơ tiếp nhận trực "
        "tuyến (dossiers_online); Cung cấp dịch vụ trực tuyến (si_online)); the cells carry no %: make the "
        "heading explicit (add '(%)' for the rate or write the count's full name)"]


def test_bare_heading_with_percent_cells_is_the_rate(tmp_path, db):
    path = fx.write_csv(tmp_path / "tt.csv", ["Xã/phường,Tháng,Trực tuyến", "Bá Thước,2025-11,\"67,5%\""])
    assert run("load", path, "--db", db, "--province", "38") == 0
    assert fx.observations(db).equals(obs((BA, "online_rate", 67.5)))


# ---- 3: NaN, infinity, implausible counts --------------------------------------------------------

@pytest.mark.parametrize("value, shown", [(float("nan"), "nan"), (float("inf"), "inf")])
def test_non_finite_values_are_not_numbers(tmp_path, db, capsys, value, shown):
    path = tmp_path / "v.parquet"
    pl.DataFrame({"commune_code": [code(BA)], "period": ["2025-11"], "indicator": ["dossiers_received"],
                  "value": [value]}).write_parquet(path)
    assert refused(path, db, capsys) == [
        f"{path}:2:D (value): '{shown}' không phải là số: ghi số (5.932 hoặc 5932), để trống nếu không có số liệu / "
        f"'{shown}' is not a number: write a number (5.932 or 5932), leave it blank where there is no figure"]


def test_nan_score_is_not_a_number_rather_than_out_of_range(tmp_path, db, capsys):
    path = tmp_path / "s.parquet"
    pl.DataFrame({"commune_code": [code(BA)], "period": ["2025-11"], "service_index": [float("nan")]}
                 ).write_parquet(path)
    assert refused(path, db, capsys) == [
        f"{path}:2:C (service_index): 'nan' không phải là số: ghi số (5.932 hoặc 5932), để trống nếu không có số liệu / "
        f"'nan' is not a number: write a number (5.932 or 5932), leave it blank where there is no figure"]


def test_count_above_plausibility_bound_is_refused(tmp_path, db, capsys):
    path = tmp_path / "big.parquet"
    pl.DataFrame({"commune_code": [code(BA), code(HOI)], "period": ["2025-11"] * 2,
                  "dossiers_received": [1e300, 10_000_000.0]}).write_parquet(path)
    assert refused(path, db, capsys) == [
        f"{path}:2:C (dossiers_received): 1e+300 quá lớn cho một xã trong một tháng (tối đa 10.000.000); hãy "
        "kiểm tra lại ô này / 1e+300 is implausibly large for one commune in one month (at most 10000000); "
        "check this cell"]


# ---- 4: formulas without a saved value -----------------------------------------------------------

def test_formula_cells_without_cached_values_are_refused(tmp_path, db, capsys):
    cells = table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận", "Hồ sơ trực tuyến"],
                  [[1, BA, 100, "=C6*2"], [2, HOI, "=A1*2", 50], ["Tổng cộng", None, "=SUM(C6:C7)", None]])
    path = xlsx(tmp_path / "f.xlsx", cells)
    assert refused(path, db, capsys) == [
        f"{path}:6:D (Hồ sơ trực tuyến): Ô D6 có công thức (=C6*2) nhưng tệp không lưu giá trị đã tính; hãy mở "
        "tệp bằng Excel rồi lưu lại (Save) và nạp lại / Cell D6 holds a formula (=C6*2) but the file has no saved "
        "value for it; open the file in Excel, save it and load it again",
        f"{path}:7:C (Tổng số hồ sơ tiếp nhận): Ô C7 có công thức (=A1*2) nhưng tệp không lưu giá trị đã tính; "
        "hãy mở tệp bằng Excel rồi lưu lại (Save) và nạp lại / Cell C7 holds a formula (=A1*2) but the file has "
        "no saved value for it; open the file in Excel, save it and load it again"]


# ---- 5: --period against the file's own period ---------------------------------------------------

def test_period_option_disagreeing_with_title_is_refused(tmp_path, db, capsys):
    path = xlsx(tmp_path / "nov.xlsx", table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận"], [[1, BA, 1000]]))
    assert refused(path, db, capsys, "--period", "2025-10") == [
        f"{path}:3:-: --period 2025-10 khác kỳ 'Tháng 11/2025' (2025-11) ghi trong tiêu đề; bỏ --period hoặc sửa "
        "tệp / --period 2025-10 disagrees with the period 'Tháng 11/2025' (2025-11) in the title; drop --period or "
        "fix the file"]


def test_period_option_disagreeing_with_period_column_is_refused(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "p.csv", ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,11/2025,10"])
    assert refused(path, db, capsys, "--province", "38", "--period", "2025-10") == [
        f"{path}:2:B (Tháng): --period 2025-10 khác kỳ '11/2025' (2025-11) ghi trong cột kỳ báo cáo; bỏ --period "
        "hoặc sửa tệp / --period 2025-10 disagrees with the period '11/2025' (2025-11) in the period column; drop "
        "--period or fix the file"]


def test_period_option_agreeing_with_title_loads(tmp_path, db):
    path = xlsx(tmp_path / "nov.xlsx", table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận"], [[1, BA, 1000]]))
    assert run("load", path, "--db", db, "--period", "2025-11") == 0
    assert fx.observations(db).equals(obs((BA, "dossiers_received", 1000)))


# ---- 6: footers, sections, subtotals ------------------------------------------------------------

def test_signature_footer_without_totals_row_ends_the_table(tmp_path, db, capsys):
    cells = table(["STT", "Tên đơn vị", "Tổng số hồ sơ tiếp nhận", "Hồ sơ trực tuyến"],
                  [[1, BA, 1000, 700], [2, HOI, 800, 500]])
    cells.update({"A9": "Ghi chú: Xã Hồi Xuân chưa cập nhật đủ số liệu", "C10": "Thanh Hóa, ngày 05 tháng 12 năm 2025",
                  "C11": "Người lập biểu", "D11": "Thủ trưởng đơn vị", "C14": "Nguyễn Văn A", "D14": "Lê Thị B"})
    path = xlsx(tmp_path / "sig.xlsx", cells)
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(obs((BA, "dossiers_received", 1000), (BA, "dossiers_online", 700),
                                          (HOI, "dossiers_received", 800), (HOI, "dossiers_online", 500)))
    assert ("    bỏ qua / skipped: dòng / rows 9-11,14: ghi chú, ngày ký, chữ ký (cuối bảng) / notes, date and "
            "signatures (end of the table)") in capsys.readouterr().out.splitlines()


def test_signers_names_under_figures_end_the_table(tmp_path, db, capsys):
    cells = table(["STT", "Tên đơn vị", "Tổng số hồ sơ tiếp nhận"], [[1, BA, 1000], [None, None, "Nguyễn Văn A"]])
    path = xlsx(tmp_path / "names.xlsx", cells)
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(obs((BA, "dossiers_received", 1000)))
    assert "bỏ qua / skipped: dòng / rows 7:" in capsys.readouterr().out


def test_section_and_subtotal_rows_are_skipped_and_listed(tmp_path, db, capsys):
    cells = table(["STT", "Tên đơn vị", "Tổng số hồ sơ tiếp nhận"],
                  [["I", "Khối phường", 2000], [1, "Phường Hạc Thành", 2000], [None, "II – Khối xã", 1800],
                   [1, BA, 1000], [2, HOI, 800], [None, "Cộng khối xã", 1800]])
    path = xlsx(tmp_path / "groups.xlsx", cells)
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(obs((BA, "dossiers_received", 1000), (HOI, "dossiers_received", 800),
                                          ("Phường Hạc Thành", "dossiers_received", 2000)))
    assert ("    bỏ qua / skipped: dòng / rows 6,8,11: dòng nhóm, cộng nhóm ('I Khối phường', 'II – Khối xã', "
            "'Cộng khối xã') / section and subtotal rows ('I Khối phường', 'II – Khối xã', 'Cộng khối xã')"
            ) in capsys.readouterr().out.splitlines()


# ---- 7, 14: nothing to load ---------------------------------------------------------------------

def test_headers_only_is_refused_as_no_data_rows(tmp_path, db, capsys):
    path = xlsx(tmp_path / "h.xlsx", table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận"], []))
    assert refused(path, db, capsys) == [
        f"{path}:5:-: Tệp không có dòng số liệu nào dưới dòng tiêu đề; không có gì để nạp / The file has no data "
        "rows under its header; there is nothing to load"]
    assert fx.query(db, "SELECT count(*) FROM loads") == [(1,)]


def test_empty_csv_and_empty_xlsx_say_the_file_is_empty(tmp_path, db, capsys):
    import openpyxl

    csv_path = tmp_path / "e.csv"
    csv_path.write_bytes(b"")
    assert refused(csv_path, db, capsys) == [f"{csv_path}:-:-: Tệp rỗng / The file is empty"]
    xlsx_path = tmp_path / "e.xlsx"
    openpyxl.Workbook().save(xlsx_path)
    assert refused(xlsx_path, db, capsys) == [
        f"{xlsx_path}:-:-: Tệp rỗng (không có ô nào có nội dung) / The file is empty (no cell has any content)"]


# ---- 8: "%" on a count ----------------------------------------------------------------------------

def test_percent_on_a_count_is_refused(tmp_path, db, capsys):
    cells = table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận", "Hồ sơ trực tuyến"],
                  [[1, BA, "50%", 3], [2, HOI, 10, 0.5]])
    path = xlsx(tmp_path / "pc.xlsx", cells, formats={"D7": "0%"})
    assert refused(path, db, capsys) == [
        f"{path}:6:C (Tổng số hồ sơ tiếp nhận): '50%' là tỷ lệ phần trăm nhưng dossiers_received không phải tỷ lệ "
        "(số đếm, số lượng hoặc điểm): ghi số, không có % / '50%' is a percentage but dossiers_received is not a "
        "rate (a count, stock or score): write the number without %",
        f"{path}:7:D (Hồ sơ trực tuyến): '50%' là tỷ lệ phần trăm nhưng dossiers_online không phải tỷ lệ "
        "(số đếm, số lượng hoặc điểm): ghi số, không có % / '50%' is a percentage but dossiers_online is not a "
        "rate (a count, stock or score): write the number without %"]


# ---- 9, 11: oversized cells ---------------------------------------------------------------------

def test_oversized_csv_field_is_read_and_echoed_clipped(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "huge.csv", ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,2025-11,10",
                                                 f"\"{'Y' * 200_000}\",2025-11,5"])
    lines = refused(path, db, capsys, "--province", "38")
    clipped = "Y" * 79 + "…"
    assert lines == [f"{path}:3:A (Xã/phường): Không tìm thấy xã '{clipped}' ở Thanh Hóa; gần nhất: — / "
                     f"No commune '{clipped}' in Thanh Hóa; closest: —"]


def test_oversized_note_field_loads(tmp_path, db):
    path = fx.write_csv(tmp_path / "note.csv", ["Xã/phường,Tháng,Trạng thái,Ghi chú",
                                                 f"Bá Thước,11/2025,Xanh,\"{'n' * 200_000}\""])
    assert run("load", path, "--db", db, "--province", "38") == 0
    assert fx.query(db, "SELECT status, length(note) FROM r57_status") == [("green", 200_000)]


def test_csv_reader_error_is_a_clean_bilingual_line(tmp_path, db, capsys, monkeypatch):
    import csv

    from etl import read

    def broken(*args, **kwargs):
        raise csv.Error("line contains NUL")
    monkeypatch.setattr(read.csv, "reader", broken)
    path = fx.write_csv(tmp_path / "b.csv", ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,2025-11,10"])
    assert refused(path, db, capsys, "--province", "38") == [
        f"{path}:1:-: Không đọc được dòng CSV (line contains NUL) / Cannot read the CSV line (line contains NUL)"]


def test_long_unknown_heading_is_clipped_in_messages(tmp_path, db, capsys):
    heading = "Z" * 100_000
    path = fx.write_csv(tmp_path / "h.csv", [f"Xã/phường,Tháng,Hồ sơ tiếp nhận,{heading}", "Bá Thước,2025-11,10,5"])
    lines = refused(path, db, capsys, "--province", "38")
    assert len(lines) == 1 and len(lines[0]) < 600
    assert lines[0].startswith(f"{path}:1:D ({'Z' * 79}…): Không nhận ra cột '{'Z' * 79}…'")


# ---- 10, 12: database paths and usage ------------------------------------------------------------

def test_load_into_missing_database_needs_create(tmp_path, capsys, monkeypatch):
    path = fx.write_status_csv(tmp_path / "nq57.csv")
    missing = tmp_path / "new.duckdb"
    assert run("load", path, "--db", missing, "--province", "38") == 2
    assert capsys.readouterr().err == (
        f"python -m etl load: không có cơ sở dữ liệu {missing}; hãy chạy `python -m etl demo --db {missing}` "
        f"hoặc thêm --create để tạo cơ sở dữ liệu mới / no database at {missing}; run "
        f"`python -m etl demo --db {missing}` or pass --create to create a new one\n")
    assert not missing.exists()
    monkeypatch.setenv("COMMUNE_DB", str(missing))
    assert run("load", path, "--province", "38") == 2
    assert not missing.exists()
    assert run("load", path, "--province", "38", "--create") == 0
    assert fx.query(missing, "SELECT count(*) FROM r57_status") == [(3,)]


def test_status_usage_errors_name_the_status_command(tmp_path, capsys):
    assert run("status", "--db", tmp_path / "none.duckdb") == 2
    assert capsys.readouterr().err == f"python -m etl status: không có cơ sở dữ liệu / no database: {tmp_path / 'none.duckdb'}\n"
    db = fx.fresh_db(tmp_path / "c.duckdb")
    assert run("status", "--db", db, "--province", "Atlantis") == 2
    assert capsys.readouterr().err == "python -m etl status: --province 'Atlantis' không có / unknown\n"


# ---- 13: Resolution 57 not reported -------------------------------------------------------------

def test_r57_not_reported_rows_are_skipped_and_listed(tmp_path, db, capsys):
    path = fx.write_csv(tmp_path / "nq.csv", ["Xã/phường,Tháng,Trạng thái", "Bá Thước,11/2025,Xanh",
                                              "Hồi Xuân,11/2025,Chưa báo cáo", "Phường Hạc Thành,11/2025,not reported",
                                              "Xã Vạn Xuân,11/2025,"])
    assert run("load", path, "--db", db, "--province", "38") == 0
    assert fx.query(db, "SELECT commune_code, status FROM r57_status") == [(code(BA), "green")]
    out = capsys.readouterr().out.splitlines()
    assert ("    bỏ qua / skipped: dòng / rows 5: không có trạng thái NQ57 (chưa báo cáo) / no Resolution 57 status "
            "(not reported)") in out
    assert ("    bỏ qua / skipped: dòng / rows 3-4: trạng thái NQ57 'chưa báo cáo' / Resolution 57 status "
            "'not reported'") in out


# ---- 15: cumulative figures over demo months ----------------------------------------------------
# Demo and real never mix (issue 8 item 7): a real file is refused by a database holding demo
# figures, naming both ways out; with --replace-demo the demo months are gone, so a cumulative
# figure finds no real earlier months to subtract.

def test_cumulative_into_a_demo_database_is_refused(tmp_path, capsys):
    path_db = tmp_path / "demo.duckdb"
    months = [dt.date(2025, m, 1) for m in (7, 8, 9, 10)]
    demo = pl.DataFrame([(code(BA), "dossiers_received", m, 1000.0) for m in months],
                        schema=load.OBSERVATION_SCHEMA, orient="row")
    load.commit([load.Batch("demo", hashlib.sha256(b"demo").hexdigest(), "demo", demo, is_demo=True)], path_db,
                fresh=True)
    path = xlsx(tmp_path / "cum.xlsx", table(["STT", "Xã, phường", "Tổng số hồ sơ tiếp nhận"], [[1, BA, 5716]]),
                title=["UBND TỈNH THANH HÓA", "Số liệu lũy kế từ 1/7 đến 30/11/2025"])
    assert refused(path, path_db, capsys, "--cumulative") == [
        f"{path}:-:-: Cơ sở dữ liệu {path_db} đang chứa số liệu minh họa (demo); số liệu thật không được trộn với "
        "số liệu minh họa. Hãy nạp vào một cơ sở dữ liệu mới (--db TỆP_MỚI --create), hoặc thêm --replace-demo để "
        "xóa mọi số liệu, trạng thái NQ57 và số liệu công bố của bản minh họa (giữ danh mục xã, chỉ tiêu) / "
        f"The database {path_db} holds demo figures; real figures are never mixed with demo ones. Load into a new "
        "database (--db NEW_FILE --create), or add --replace-demo to drop every demo figure, Resolution 57 status "
        "and public figure of the demo (master data is kept)"]
    lines = refused(path, path_db, capsys, "--cumulative", "--replace-demo")
    assert lines == [
        f"{path}:6:C (Tổng số hồ sơ tiếp nhận): Thiếu số liệu đã nạp của dossiers_received các tháng 2025-07, "
        "2025-08, 2025-09, 2025-10 để tính số tháng 2025-11 từ số lũy kế / The months 2025-07, 2025-08, 2025-09, "
        "2025-10 of dossiers_received are not loaded, so the 2025-11 value cannot be computed from the cumulative "
        "figure"]
