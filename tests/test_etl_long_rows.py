"""A long table read from whole columns (etl/long_rows.py) gives what the row-by-row reading gives.

Each file below is prepared twice: as the loader reads it (whole columns) and through
etl.layouts' cell-by-cell grid (the reference). Observations, problems (rule, row, column,
reason), rows skipped and notes must be the same, and the figures those of the file.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from etl import long_rows, pipeline, read
from tests import etl_fixtures as fx

TODAY = dt.date(2026, 1, 15)
BA_THUOC = 14923
OLD_TRUNG_THANH = 16303  # Xã Trung Thành of old Nông Cống (before July 2025), now part of Xã Thắng Lợi

CSV_LINES = [
    "BÁO CÁO SỐ LIỆU THEO XÃ",
    "",
    "Mã xã,Chỉ tiêu,Tháng,Giá trị",
    "014923,dossiers_received,11/2025,5.932",           # a leading zero; Vietnamese thousands
    "14923,vneid_activated_pct,2025-11,\"97,5\"",       # a Vietnamese decimal as text
    "14923,dossiers_late,2025-11,-",                    # '-' in a count is 0
    "14923,Tổng số hồ sơ tiếp nhận,2025-10,1.939",      # an indicator by its Vietnamese name
    "99999,dossiers_received,2025-11,10",               # no such commune
    "14923,dossiers_received,11/2025,12",               # the same figure twice
    "14923,dossiers_online,2025-11,abc",                # not a number
    "14923,hồ sơ bay,2025-11,3",                        # not an indicator
    "Tổng cộng,,,9999",                                 # a total row, skipped and listed
    "14923,digital_teams,2025-11,36",
    "Người lập biểu,,,",                                # the signature ends the table
    "Nguyễn Văn A,,,",
]


def _prepare(path: Path, whole_columns: bool, monkeypatch) -> pipeline.FileResult:
    with monkeypatch.context() as patch:
        if not whole_columns:
            patch.setattr(long_rows, "applies", lambda sheet, header: False)
        used = []
        real = long_rows.long_extract
        patch.setattr(long_rows, "long_extract", lambda *a: used.append(1) or real(*a))
        result = pipeline.prepare_file(path, pipeline.Options(today=TODAY), path.name)
    assert bool(used) == whole_columns, "the path under test was not the one taken"
    return result


def _summary(result: pipeline.FileResult) -> dict:
    return {"obs": result.observations.sort("_row", "_col").to_dicts(),
            "problems": [(p.row, p.column, p.rule, p.severity, p.reason_vi, p.reason_en) for p in result.problems],
            "skipped": result.skipped, "notes": result.notes, "layout": result.layout}


def _same(path: Path, monkeypatch) -> dict:
    fast = _summary(_prepare(path, True, monkeypatch))
    reference = _summary(_prepare(path, False, monkeypatch))
    assert fast == reference
    return fast


def _stored(summary: dict) -> dict:
    return {(o["commune_code"], o["indicator_code"], o["period"]): o["value"] for o in summary["obs"]}


def _rules(summary: dict) -> dict[int | None, str]:
    return {row: rule for row, _col, rule, *_ in summary["problems"]}


def test_long_csv_same_as_row_by_row(tmp_path, monkeypatch):
    path = fx.write_csv(tmp_path / "long.csv", CSV_LINES)
    found = _same(path, monkeypatch)
    nov, oct_ = dt.date(2025, 11, 1), dt.date(2025, 10, 1)
    assert _stored(found) == {(BA_THUOC, "vneid_activated_pct", nov): 97.5, (BA_THUOC, "dossiers_late", nov): 0.0,
                              (BA_THUOC, "dossiers_received", oct_): 1939.0, (BA_THUOC, "digital_teams", nov): 36.0,
                              (BA_THUOC, "dossiers_received", nov): 5932.0}
    assert _rules(found) == {8: "commune_code_unknown", 9: "duplicate_rows", 10: "number_invalid",
                             11: "indicator_unknown"}
    skipped = {why_en: rows for rows, _vi, why_en in found["skipped"]}
    assert skipped["notes, date and signatures (end of the table)"] == [14, 15]
    assert [rows for why, rows in skipped.items() if why.startswith("total rows")] == [[12]]


def test_long_csv_old_commune_code_same_as_row_by_row(tmp_path, monkeypatch):
    """A code only an old commune had makes the file one of old units: refused, saying what it became."""
    lines = ["Mã xã,Chỉ tiêu,Tháng,Giá trị", f"0{OLD_TRUNG_THANH},dossiers_received,2025-11,88",
             f"{BA_THUOC},dossiers_received,2025-11,12"]
    found = _same(fx.write_csv(tmp_path / "old.csv", lines), monkeypatch)
    assert _rules(found) == {2: "old_commune", 3: "old_commune"}
    assert "Xã Thắng Lợi" in found["problems"][0][4]


def test_long_parquet_text_columns_same_as_row_by_row(tmp_path, monkeypatch):
    """A Parquet export whose codes and values are text (leading zeros, Vietnamese decimals)."""
    rows = [line.split(",", 3) for line in CSV_LINES[3:14] if not line.startswith("Tổng")]
    frame = pl.DataFrame([[r[0], r[1], r[2], r[3].strip('"')] for r in rows],
                         schema=["Mã xã", "Chỉ tiêu", "Tháng", "Giá trị"], orient="row")
    frame.write_parquet(path := tmp_path / "long.parquet")
    found = _same(path, monkeypatch)
    assert _stored(found)[(BA_THUOC, "dossiers_received", dt.date(2025, 11, 1))] == 5932.0
    assert _stored(found)[(BA_THUOC, "vneid_activated_pct", dt.date(2025, 11, 1))] == 97.5
    # Parquet rows are numbered as a CSV export shows them: the header is row 1.
    assert _rules(found) == {6: "commune_code_unknown", 7: "duplicate_rows", 8: "number_invalid",
                             9: "indicator_unknown"}


def test_long_parquet_untidy_text_is_cleaned_as_in_a_csv(tmp_path, monkeypatch):
    """Text cells of a Parquet export are cleaned as a CSV's are (spaces, NFD letters, control characters);
    a column already clean is kept as it is (etl.read._parquet_cells)."""
    nfd = "T\u00f4\u0309ng s\u00f4\u0301 h\u00f4\u0300 s\u01a1 ti\u00ea\u0301p nh\u00e2\u0323n"  # NFD letters
    frame = pl.DataFrame({"Mã xã": [" 14923", "14923\x07", "14923"], "Chỉ tiêu": [nfd, " digital_teams ", "dossiers_late"],
                          "Tháng": ["2025-10", "2025-11 ", "2025-11"], "Giá trị": ["1.939", "36", "3"]})
    frame.write_parquet(path := tmp_path / "untidy.parquet")
    found = _same(path, monkeypatch)
    assert _stored(found) == {(BA_THUOC, "dossiers_received", dt.date(2025, 10, 1)): 1939.0,
                              (BA_THUOC, "digital_teams", dt.date(2025, 11, 1)): 36.0,
                              (BA_THUOC, "dossiers_late", dt.date(2025, 11, 1)): 3.0}
    assert found["problems"] == []


def test_long_parquet_typed_columns_same_as_row_by_row(tmp_path, monkeypatch):
    """Typed columns (integer codes, dates, floats) with a negative count, NaN and a missing value."""
    frame = pl.DataFrame({
        "commune_code": [BA_THUOC, BA_THUOC, BA_THUOC, 99999, BA_THUOC, BA_THUOC, BA_THUOC],
        "indicator_code": ["dossiers_received", "dossiers_online", "online_rate", "dossiers_received",
                           "dossiers_late", "service_index", "digital_teams"],
        "period": [dt.date(2025, 11, 1)] * 7,
        "value": [100.0, 120.0, 50.5, 3.0, -2.0, float("nan"), None]})
    frame.write_parquet(path := tmp_path / "typed.parquet")
    found = _same(path, monkeypatch)
    assert _rules(found) == {3: "parts_within_whole", 5: "commune_code_unknown", 6: "count_non_negative_integer",
                             7: "number_invalid"}


@pytest.mark.parametrize("with_district", [False, True])
def test_long_csv_names_and_sections_same_as_row_by_row(tmp_path, monkeypatch, with_district):
    """Names within a province, a district section row naming old communes, a numbering row."""
    lines = ["STT,Xã/phường,Tỉnh,Chỉ tiêu,Tháng,Năm,Giá trị", "(1),(2),(3),(4),(5),(6),(7)",
             "1,Xã Bá Thước,Thanh Hóa,dossiers_received,11,2025,5.932",
             "2,ba thuoc,Thanh Hóa,dossiers_online,11,2025,4.024",
             "3,Xã Hồi Xuân,Thanh Hoá,dossiers_received,11,2025,1.939",
             "4,Xã Không Có,Thanh Hóa,dossiers_received,11,2025,1.234.567"]
    if with_district:
        lines += [",Huyện Nông Cống,,,,,", "5,Xã Trung Thành,Thanh Hóa,dossiers_received,6,2025,88"]
    found = _same(fx.write_csv(tmp_path / "names.csv", lines), monkeypatch)
    assert "commune_unmatched" in _rules(found).values()
    if not with_district:
        assert _stored(found)[(BA_THUOC, "dossiers_online", dt.date(2025, 11, 1))] == 4024.0


# The same long table with every kind of bad row, written as typed Parquet, as XLSX (typed cells) and as CSV.
# Row numbers agree: each file's header is row 1. The reason of each problem is what a user reads.
BAD_ROWS = [
    (BA_THUOC, "dossiers_received", dt.date(2025, 11, 1), 120.0),
    (BA_THUOC, "dossiers_online", dt.date(2025, 11, 1), -3.0),              # a negative count
    (99999, "dossiers_received", dt.date(2025, 11, 1), 10.0),              # no such commune
    (BA_THUOC, "dossiers_received", dt.date(2025, 11, 1), 121.0),          # the same figure twice
    (BA_THUOC, "dossiers_late", dt.date(2026, 3, 1), 1.0),                 # a month in the future (TODAY: 2026-01)
    (BA_THUOC, "dossiers_late", dt.date(2025, 5, 1), 1.0),                 # before the reform (July 2025)
    (BA_THUOC, "online_rate", dt.date(2025, 11, 1), 140.0),                # a rate above 100
    (BA_THUOC, "vneid_activated_pct", dt.date(2025, 11, 1), 97.25),
    (BA_THUOC, "digital_teams", dt.date(2025, 11, 1), 36.0),
]
HEADER = ["commune_code", "indicator_code", "period", "value"]


def _typed_frame(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"commune_code": pl.Int32, "indicator_code": pl.String, "period": pl.Date,
                                      "value": pl.Float64}, orient="row")


def _write_xlsx(path: Path, frame: pl.DataFrame) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Số liệu")
    for j, name in enumerate(frame.columns):
        sheet.write_string(0, j, name)
    for i, row in enumerate(frame.iter_rows(), start=1):
        for j, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(i, j, cell)
            elif isinstance(cell, dt.date):
                sheet.write_string(i, j, cell.isoformat())
            elif cell is not None:
                sheet.write_number(i, j, cell)
    book.close()
    return path


def _problems_of(result: pipeline.FileResult) -> list[tuple]:
    return [(p.row, p.column, p.rule, p.severity, p.reason_vi, p.reason_en) for p in result.problems]


def test_typed_parquet_refuses_as_xlsx_and_csv_do(tmp_path, monkeypatch):
    """Typed Parquet is read from its typed columns (no grid text for the rows); the same content as
    XLSX and as CSV is refused with the same problems: row, column, rule and reason, word for word."""
    frame = _typed_frame(BAD_ROWS)
    frame.write_parquet(parquet := tmp_path / "bad.parquet")
    typed = _same(parquet, monkeypatch)  # typed columns = the grid path on the same file
    xlsx = pipeline.prepare_file(_write_xlsx(tmp_path / "bad.xlsx", frame), pipeline.Options(today=TODAY), "bad.xlsx")
    frame.with_columns(pl.col("value").map_elements(lambda v: f"{v:g}", return_dtype=pl.String)).write_csv(
        csv := tmp_path / "bad.csv")
    text = pipeline.prepare_file(csv, pipeline.Options(today=TODAY), "bad.csv")
    assert typed["problems"] == _problems_of(xlsx) == _problems_of(text)
    assert _rules(typed) == {3: "count_non_negative_integer", 4: "commune_code_unknown", 5: "duplicate_rows",
                             6: "future_period", 7: "before_reform", 8: "rate_within_0_100"}
    by_row = {p[0]: p for p in typed["problems"]}
    assert by_row[3][1] == "D (value)" and "-3" in by_row[3][4]
    assert by_row[4][1] == "A (commune_code)" and "99999" in by_row[4][4]
    assert "dòng 2" in by_row[5][4] and "row 2" in by_row[5][5]
    stored = _stored(typed)
    assert stored == {(c, i, p): v for c, i, p, v in (BAD_ROWS[0], BAD_ROWS[7], BAD_ROWS[8])}
    assert stored == {(o["commune_code"], o["indicator_code"], o["period"]): o["value"]
                      for o in text.observations.to_dicts()}


def test_typed_parquet_text_in_number_column(tmp_path, monkeypatch):
    """A value column written as text (one cell says "abc") is read as text, as a CSV's is."""
    frame = _typed_frame(BAD_ROWS[:1] + BAD_ROWS[7:]).with_columns(
        pl.Series("value", ["120", "abc", "36"], dtype=pl.String))
    frame.write_parquet(parquet := tmp_path / "text.parquet")
    found = _same(parquet, monkeypatch)
    frame.write_csv(csv := tmp_path / "text.csv")
    assert found["problems"] == _problems_of(pipeline.prepare_file(csv, pipeline.Options(today=TODAY), "text.csv"))
    assert _rules(found) == {3: "number_invalid"} and "'abc'" in found["problems"][0][4]


def test_typed_parquet_many_bad_rows_counted(tmp_path, monkeypatch):
    """A national-style file with thousands of bad values: the first rows in full and one entry counting
    the rest, the same through typed columns and through the grid."""
    n = 3000
    frame = pl.DataFrame({"commune_code": [BA_THUOC] * n, "indicator_code": ["dossiers_received"] * n,
                          "period": pl.date_range(dt.date(2025, 7, 1), dt.date(2025, 7, 1), eager=True).to_list() * n,
                          "value": [float("nan") if i % 2 else -1.0 for i in range(n)]})
    frame.write_parquet(parquet := tmp_path / "many.parquet")
    sheet = read.read(parquet)
    assert sheet.typed.height == n and sheet.frame.height == read.PARQUET_HEAD_ROWS  # no grid text for the rest
    found = _same(parquet, monkeypatch)
    rules = [p[2] for p in found["problems"]]
    assert rules.count("number_invalid") <= 21 and rules.count("count_non_negative_integer") <= 21
    assert any("more" in p[5] for p in found["problems"] if p[2] == "number_invalid")


def test_many_unknown_communes_first_rows_and_a_count(tmp_path, monkeypatch):
    """A code column that is wrong on many rows: the first rows in full, then one entry counting the
    rest with their rows, placed after them (a national file with 700,000 such rows is refused in
    seconds); warnings of other rules keep their place by row."""
    n = 45
    codes = [BA_THUOC if i % 3 == 0 else 900_000 + i for i in range(n)]
    frame = pl.DataFrame({"commune_code": codes, "indicator_code": ["digital_teams"] * n,
                          "period": [dt.date(2025, 7 + i % 6, 1) for i in range(n)], "value": [5.0] * n})
    frame.write_parquet(parquet := tmp_path / "codes.parquet")
    found = _same(parquet, monkeypatch)
    unknown = [p for p in found["problems"] if p[2] == "commune_code_unknown"]
    bad_rows = [i + 2 for i in range(n) if codes[i] != BA_THUOC]
    assert [p[0] for p in unknown[:20]] == bad_rows[:20] and unknown[0][1] == "A (commune_code)"
    more = unknown[20:]
    assert len(more) == 1 and more[0][0] is None and more[0][1] == "A (commune_code)"
    assert more[0][4] == "… và 10 lỗi khác cùng loại (dòng 33-34,36-37,39-40,42-43,45-46 …)"
    assert more[0][5] == "… and 10 more of the same kind (rows 33-34,36-37,39-40,42-43,45-46 …)"
    assert bad_rows[20:] == [33, 34, 36, 37, 39, 40, 42, 43, 45, 46]
