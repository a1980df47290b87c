"""`python -m etl load`/`status` end to end on real-looking files built here, against a tiny DB."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from etl.__main__ import main


@pytest.fixture()
def db(tmp_path) -> Path:
    return fx.fresh_db(tmp_path / "communes.duckdb")


def run(*argv: str) -> int:
    return main([str(a) for a in argv])


WRITERS = {
    "report.xlsx": fx.write_report_xlsx,
    "windows1258.csv": fx.write_cp1258_csv,
    "unicode_text.txt": fx.write_utf16_tab,
    "long_bom.csv": fx.write_long_csv,
    "figures.parquet": fx.write_parquet,
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_each_input_form_loads_into_the_same_observations(name, tmp_path, db, capsys):
    path = WRITERS[name](tmp_path / name)
    assert run("load", path, "--db", db, "--province", "Thanh Hóa") == 0
    out = capsys.readouterr().out
    assert "5 xã / communes" in out and "dossiers_received        2025-11       5" in out
    assert fx.observations(db).equals(fx.expected_observations())
    loads = fx.query(db, "SELECT source, kind, rows FROM loads WHERE source = ?", [name])
    assert loads == [(name, "file", 40)]


def test_report_xlsx_needs_no_province_option_its_title_names_it(tmp_path, db):
    """'UBND TỈNH THANH HÓA' above the header; the signing date is not taken for the period."""
    path = fx.write_report_xlsx(tmp_path / "r.xlsx")
    assert run("load", path, "--db", db) == 0
    assert fx.observations(db).equals(fx.expected_observations())


def test_report_rate_beside_counts_is_checked_and_not_stored(tmp_path, db):
    fx.write_report_xlsx(tmp_path / "r.xlsx")
    run("load", tmp_path / "r.xlsx", "--db", db)
    assert fx.query(db, "SELECT count(*) FROM observations WHERE indicator_code = 'online_rate'") == [(0,)]


def test_status_file_loads_statuses_with_published_labels(tmp_path, db):
    path = fx.write_status_csv(tmp_path / "nq57.csv")
    assert run("load", path, "--db", db, "--province", "38") == 0
    rows = fx.query(db, "SELECT commune_code, period, status, label, note FROM r57_status ORDER BY commune_code")
    codes = fx.commune_codes()
    assert sorted(rows) == sorted([
        (codes[0], dt.date(2025, 11, 1), "green", "Xanh", None),
        (codes[1], dt.date(2025, 11, 1), "yellow", "vàng", "chậm báo cáo"),
        (codes[2], dt.date(2025, 11, 1), "red", "ĐỎ", None)])


def test_same_file_twice_is_already_loaded_and_changes_nothing(tmp_path, db, capsys):
    path = fx.write_report_xlsx(tmp_path / "r.xlsx")
    assert run("load", path, "--db", db) == 0
    before, stat = fx.table_checksum(db), db.stat()
    capsys.readouterr()
    assert run("load", path, "--db", db) == 0
    assert "already loaded" in capsys.readouterr().out
    assert fx.table_checksum(db) == before
    assert db.stat().st_mtime_ns == stat.st_mtime_ns  # the file was not even rewritten


def test_refused_file_leaves_database_unchanged_and_lists_every_problem(tmp_path, db, capsys):
    rows = list(zip(fx.TYPED, fx.FIGURES))
    rows[1] = ("Xã Không Có", rows[1][1])
    bad = list(rows[3][1])
    bad[3] = -4
    rows[3] = (rows[3][0], tuple(bad))
    path = fx.write_report_xlsx(tmp_path / "bad.xlsx", rows=rows)
    before = fx.table_checksum(db)
    assert run("load", path, "--db", db) == 1
    err = capsys.readouterr().err
    assert f"{path}:11:B (Xã/phường): Không tìm thấy xã 'Xã Không Có' ở Thanh Hóa" in err
    assert f"{path}:13:F (Quá hạn): Số đếm phải là số nguyên không âm, không phải -4" in err
    assert "Nothing was loaded" in err
    assert fx.table_checksum(db) == before


def test_several_files_are_all_or_nothing(tmp_path, db, capsys):
    good = fx.write_report_xlsx(tmp_path / "good.xlsx")
    bad = fx.write_csv(tmp_path / "bad.csv", ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,10/2025,12.5"])
    before = fx.table_checksum(db)
    assert run("load", good, bad, "--db", db, "--province", "38") == 1
    assert fx.table_checksum(db) == before
    assert run("load", good, fx.write_status_csv(tmp_path / "s.csv"), "--db", db, "--province", "38") == 0
    assert fx.query(db, "SELECT count(*) FROM loads WHERE kind = 'file' AND source <> 'seed'") == [(2,)]


def test_corrected_file_replaces_exactly_those_values_and_the_log_says_so(tmp_path, db, capsys):
    first = fx.write_report_xlsx(tmp_path / "v1.xlsx")
    assert run("load", first, "--db", db) == 0
    rows = list(zip(fx.TYPED, fx.FIGURES))
    fixed = list(rows[0][1])
    fixed[0], fixed[1] = 5933, 4025
    rows[0] = (rows[0][0], tuple(fixed))
    second = fx.write_report_xlsx(tmp_path / "v2.xlsx", rows=rows)
    assert run("load", second, "--db", db) == 0
    out = capsys.readouterr().out
    assert "replaced 40 (2 giá trị đổi / changed)" in out
    assert "dossiers_online 2025-11 ×5 (1 đổi / changed)" in out
    obs = fx.observations(db)
    assert obs.filter((pl.col("commune_code") == fx.commune_codes()[0])
                      & (pl.col("indicator_code") == "dossiers_received"))["value"].to_list() == [5933.0]
    (summary, replaced), = fx.query(db, "SELECT summary, replaced_rows FROM loads WHERE source = 'v2.xlsx'")
    assert replaced == 40 and "dossiers_received 2025-11 ×5 (1 đổi / changed)" in summary


def test_dry_run_reports_without_writing(tmp_path, db, capsys):
    before = fx.table_checksum(db)
    assert run("load", fx.write_report_xlsx(tmp_path / "r.xlsx"), "--db", db, "--dry-run") == 0
    assert "nothing written" in capsys.readouterr().out
    assert fx.table_checksum(db) == before


def test_warning_loads_unless_strict(tmp_path, db, capsys):
    lines = ["Xã/phường,Tháng,Hồ sơ tiếp nhận,Hồ sơ tiếp nhận trực tuyến,Tỷ lệ trực tuyến (%)",
             "Bá Thước,2025-10,200,150,80"]
    path = fx.write_csv(tmp_path / "w.csv", lines)
    before = fx.table_checksum(db)
    assert run("load", path, "--db", db, "--province", "38", "--strict") == 1
    assert fx.table_checksum(db) == before
    assert run("load", path, "--db", db, "--province", "38") == 0
    assert "[cảnh báo / warning]" in capsys.readouterr().err


def test_wrong_usage_exits_2(tmp_path, db, capsys):
    with pytest.raises(SystemExit) as exc:
        run("load", "--db", db)
    assert exc.value.code == 2
    assert run("load", tmp_path / "missing.csv", "--db", db) == 2
    path = fx.write_status_csv(tmp_path / "s.csv")
    assert run("load", path, "--db", db, "--period", "November") == 2
    assert run("load", path, "--db", db, "--province", "Atlantis") == 2
    with pytest.raises(SystemExit) as exc:
        run("load", path, "--db", db, "--decimal", "space")
    assert exc.value.code == 2


def test_status_lists_loads_and_missing_communes(tmp_path, db, capsys):
    run("load", fx.write_report_xlsx(tmp_path / "r.xlsx"), "--db", db)
    capsys.readouterr()
    assert run("status", "--db", db, "--province", "38", "--period", "2025-11") == 0
    out = capsys.readouterr().out
    assert "r.xlsx" in out and "seed" in out
    assert "dossiers_received            5/166  thiếu / missing 161:" in out
    assert "chưa có số liệu / no data:" in out and "satisfaction_score" in out


def test_quarter_title_stores_scores_at_last_month(tmp_path, db):
    lines = ["BÁO CÁO CHỈ SỐ PHỤC VỤ QUÝ III/2025", "", "STT,Xã/phường,Chỉ số phục vụ,Tỷ lệ kích hoạt VNeID (%)",
             "1,Bá Thước,\"78,5\",\"97,5\""]
    path = fx.write_csv(tmp_path / "q3.csv", lines)
    assert run("load", path, "--db", db, "--province", "38") == 0
    rows = fx.query(db, "SELECT indicator_code, period, value FROM observations WHERE load_id > 1 ORDER BY 1")
    assert rows == [("service_index", dt.date(2025, 9, 1), 78.5), ("vneid_activated_pct", dt.date(2025, 9, 1), 97.5)]


def test_cumulative_with_flag_subtracts_earlier_months(tmp_path, db, capsys):
    monthly = ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,2025-07,100", "Bá Thước,2025-08,110",
               "Bá Thước,2025-09,120", "Bá Thước,2025-10,130"]
    assert run("load", fx.write_csv(tmp_path / "m.csv", monthly), "--db", db, "--province", "38") == 0
    cumulative = ["BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC", "Lũy kế từ 01/7/2025 đến 30/11/2025", "",
                  "Xã/phường,Hồ sơ tiếp nhận,Đang giải quyết", "Bá Thước,600,9"]
    path = fx.write_csv(tmp_path / "cum.csv", cumulative)
    assert run("load", path, "--db", db, "--province", "38", "--cumulative") == 0
    rows = fx.query(db, "SELECT indicator_code, value FROM observations WHERE period = DATE '2025-11-01' ORDER BY 1")
    assert rows == [("dossiers_in_progress", 9.0), ("dossiers_received", 140.0)]


def test_cumulative_since_title_with_period_option(tmp_path, db):
    monthly = ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,2025-09,120", "Bá Thước,2025-10,130"]
    assert run("load", fx.write_csv(tmp_path / "m.csv", monthly), "--db", db, "--province", "38") == 0
    lines = ["Số liệu từ ngày 1/9 đến nay", "Xã/phường,Hồ sơ tiếp nhận", "Bá Thước,400"]
    path = fx.write_csv(tmp_path / "since.csv", lines)
    assert run("load", path, "--db", db, "--province", "38", "--period", "2025-11") == 1  # lũy kế needs the flag
    assert run("load", path, "--db", db, "--province", "38", "--period", "2025-11", "--cumulative") == 0
    assert fx.query(db, "SELECT value FROM observations WHERE period = DATE '2025-11-01' AND "
                        "indicator_code = 'dossiers_received'") == [(150.0,)]


def test_one_reason_on_many_rows_prints_as_row_ranges(tmp_path, db, capsys):
    lines = ["Xã/phường,Tháng,Hồ sơ tiếp nhận"] + [f"{n},2030-01,5" for n in fx.TYPED]
    assert run("load", fx.write_csv(tmp_path / "f.csv", lines), "--db", db, "--province", "38") == 1
    err = capsys.readouterr().err
    assert (f"{tmp_path / 'f.csv'}:2-6:C (Hồ sơ tiếp nhận): Kỳ 2030-01 ở tương lai: kiểm tra kỳ báo cáo / The period "
            f"2030-01 is in the future: check the period (5 dòng / rows)") in err
