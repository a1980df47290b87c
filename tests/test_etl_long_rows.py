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

from etl import long_rows, pipeline
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
