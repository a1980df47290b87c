"""etl.pipeline as the upload page will call it: prepare (check + preview), then commit."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import etl_fixtures as fx

from core import db as core_db
from core import queries
from etl import pipeline
from etl.__main__ import main

NOV = dt.date(2025, 11, 1)
OPTIONS = pipeline.Options(province=fx.TH)


@pytest.fixture()
def db(tmp_path) -> Path:
    return fx.fresh_db(tmp_path / "communes.duckdb")


def corrected_report(path: Path) -> Path:
    """The report with Xã Bá Thước's received and online counts corrected (5932 → 5933, 4024 → 4025)."""
    rows = list(zip(fx.TYPED, fx.FIGURES))
    fixed = list(rows[0][1])
    fixed[0], fixed[1] = 5933, 4025
    rows[0] = (rows[0][0], tuple(fixed))
    return fx.write_report_xlsx(path, rows=rows)


def test_prepare_previews_old_and_new_values_and_writes_nothing(tmp_path, db):
    pipeline.commit(pipeline.prepare([fx.write_report_xlsx(tmp_path / "v1.xlsx")], OPTIONS, db))
    before, stat = db.read_bytes(), db.stat()
    prepared = pipeline.prepare([corrected_report(tmp_path / "v2.xlsx")], OPTIONS, db)
    assert not prepared.refused and prepared.errors == [] and prepared.warnings == []
    (file,) = prepared.files
    assert (file.layout, file.sheet_name) == ("wide", "Báo cáo")
    preview = file.preview
    assert (preview.rows, preview.replaced, preview.changed) == (40, 40, 2)
    assert preview.new_communes == []
    assert "dossiers_received 2025-11 ×5 (1 đổi / changed)" in preview.summary
    ba = fx.commune_codes()[0]
    assert preview.changes.rows() == [(ba, "dossiers_online", NOV, 4024.0, 4025.0),
                                      (ba, "dossiers_received", NOV, 5932.0, 5933.0)]
    assert prepared.changes.columns == ["file", "commune_code", "indicator_code", "period", "old_value",
                                        "new_value"]
    assert prepared.changes["file"].to_list() == [str(tmp_path / "v2.xlsx")] * 2
    assert db.read_bytes() == before and db.stat().st_mtime_ns == stat.st_mtime_ns


def test_preview_names_new_communes_and_changed_statuses(tmp_path, db):
    pipeline.commit(pipeline.prepare([fx.write_status_csv(tmp_path / "s1.csv")], OPTIONS, db))
    lines = ["Xã/phường,Tháng,Trạng thái", "Bá Thước,11/2025,Đỏ", "Xã Vạn Xuân,11/2025,Xanh"]
    prepared = pipeline.prepare([fx.write_csv(tmp_path / "s2.csv", lines)], OPTIONS, db)
    preview = prepared.files[0].preview
    ba, van_xuan = fx.commune_codes()[0], fx.commune_codes()[4]
    assert preview.status_changes.rows() == [(ba, NOV, "green", "red")]
    assert preview.new_communes == [van_xuan]
    assert preview.changes.height == 0


def test_prepare_then_commit_equals_the_command_line_load(tmp_path, db):
    other = shutil.copy(db, tmp_path / "other.duckdb")
    files = [fx.write_report_xlsx(tmp_path / "r.xlsx"), fx.write_status_csv(tmp_path / "s.csv")]
    assert main(["load", *map(str, files), "--db", str(db), "--province", "38"]) == 0
    results = pipeline.commit(pipeline.prepare(files, OPTIONS, other))
    assert [(r.source, r.rows, r.replaced, r.skipped) for r in results] == [("r.xlsx", 40, 0, False),
                                                                          ("s.csv", 3, 0, False)]
    assert fx.observations(other).equals(fx.observations(db))
    loads = "SELECT load_id, source, sha256, rows, kind, is_demo, replaced_rows, summary FROM loads ORDER BY 1"
    statuses = "SELECT * FROM r57_status ORDER BY ALL"
    assert fx.query(other, loads) == fx.query(db, loads)
    assert fx.query(other, statuses) == fx.query(db, statuses)


def test_a_refused_prepare_leaves_the_database_byte_identical(tmp_path, db):
    rows = list(zip(fx.TYPED, fx.FIGURES))
    rows[1] = ("Xã Không Có", rows[1][1])
    good = fx.write_status_csv(tmp_path / "s.csv")
    bad = fx.write_report_xlsx(tmp_path / "bad.xlsx", rows=rows)
    before = db.read_bytes()
    prepared = pipeline.prepare([good, bad], OPTIONS, db)
    assert prepared.refused and [f.display for f in prepared.refused_files] == [str(bad)]
    assert [p.rule for p in prepared.errors] == ["commune_unmatched"]
    assert all(f.preview is None for f in prepared.files) and prepared.results is None
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.commit(prepared)
    assert [p.rule for p in refused.value.problems] == ["commune_unmatched"]
    assert db.read_bytes() == before


def test_strict_refuses_warnings(tmp_path, db):
    lines = ["Xã/phường,Tháng,Hồ sơ tiếp nhận,Hồ sơ tiếp nhận trực tuyến,Tỷ lệ trực tuyến (%)",
             "Bá Thước,2025-10,200,150,80"]
    path = fx.write_csv(tmp_path / "w.csv", lines)
    assert not pipeline.prepare([path], OPTIONS, db).refused
    strict = pipeline.prepare([path], pipeline.Options(province=fx.TH, strict=True), db)
    assert strict.refused and [p.rule for p in strict.warnings] == ["rate_matches_counts"]


def test_already_loaded_and_repeated_files_are_reported_not_refused(tmp_path, db):
    report = fx.write_report_xlsx(tmp_path / "r.xlsx")
    copy = shutil.copy(report, tmp_path / "copy.xlsx")
    prepared = pipeline.prepare([report, copy], OPTIONS, db)
    assert prepared.files[1].same_as == str(report) and len(prepared.pending) == 1
    (result,) = pipeline.commit(prepared)
    again = pipeline.prepare([copy], OPTIONS, db)
    assert again.files[0].already_loaded.load_id == result.load_id
    assert again.files[0].already_loaded.source == "r.xlsx"
    assert not again.refused and again.pending == [] and pipeline.commit(again) == []


def test_the_same_figure_in_two_files_of_one_call_is_refused(tmp_path, db):
    prepared = pipeline.prepare([fx.write_report_xlsx(tmp_path / "r.xlsx"), fx.write_long_csv(tmp_path / "l.csv")],
                                OPTIONS, db)
    assert [f.display for f in prepared.refused_files] == [str(tmp_path / "l.csv")]
    assert {p.rule for p in prepared.errors} == {"duplicate_rows"} and len(prepared.errors) == 40


def test_display_names_are_used_for_messages_and_the_load_record(tmp_path, db):
    upload = fx.write_status_csv(tmp_path / "tmp123.upload")
    prepared = pipeline.prepare([(upload, "nq57-thang-11.csv")], OPTIONS, db)
    assert prepared.files[0].display == "nq57-thang-11.csv"
    pipeline.commit(prepared, loaded_by="editor@example")
    assert fx.query(db, "SELECT source, loaded_by FROM loads WHERE load_id = 2") == [
        ("nq57-thang-11.csv", "editor@example")]
    bad = fx.write_csv(tmp_path / "tmp456.upload", ["Xã/phường,Tháng,Hồ sơ tiếp nhận", "Bá Thước,2025-11,-1"])
    (problem,) = pipeline.prepare([(bad, "sai.csv")], OPTIONS, db).errors
    assert problem.file == "sai.csv" and problem.row == 2


def test_cumulative_figures_without_earlier_months_are_refused_by_the_preview(tmp_path, db):
    lines = ["Lũy kế từ 01/7/2025 đến 30/11/2025", "Xã/phường,Hồ sơ tiếp nhận", "Bá Thước,600"]
    path = fx.write_csv(tmp_path / "cum.csv", lines)
    before = db.read_bytes()
    prepared = pipeline.prepare([path], pipeline.Options(province=fx.TH, cumulative=True), db)
    assert prepared.refused and prepared.refused_files == []
    assert [p.rule for p in prepared.database_problems] == ["cumulative_figures"]
    assert prepared.errors == prepared.database_problems
    with pytest.raises(pipeline.Refused):
        pipeline.commit(prepared)
    assert db.read_bytes() == before


def test_cumulative_figures_become_monthly_in_preview_and_commit(tmp_path, db):
    monthly = ["Xã/phường,Tháng,Hồ sơ tiếp nhận"] + [f"Bá Thước,2025-{m:02d},{v}" for m, v in
                                                     ((7, 100), (8, 110), (9, 120), (10, 130))]
    pipeline.commit(pipeline.prepare([fx.write_csv(tmp_path / "m.csv", monthly)], OPTIONS, db))
    lines = ["Lũy kế từ 01/7/2025 đến 30/11/2025", "Xã/phường,Hồ sơ tiếp nhận", "Bá Thước,600"]
    prepared = pipeline.prepare([fx.write_csv(tmp_path / "cum.csv", lines)],
                                pipeline.Options(province=fx.TH, cumulative=True), db)
    assert prepared.files[0].preview.per_indicator == [("dossiers_received", NOV, 1)]
    pipeline.commit(prepared)
    assert fx.query(db, "SELECT value FROM observations WHERE period = ? AND indicator_code = 'dossiers_received'",
                    [NOV]) == [(140.0,)]


def test_unexpected_errors_refuse_the_file_with_the_trace_kept(tmp_path, db, monkeypatch):
    def broken(sheet):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline.layouts, "extract", broken)
    prepared = pipeline.prepare([fx.write_status_csv(tmp_path / "s.csv")], OPTIONS, db)
    (problem,) = prepared.errors
    assert problem.rule == "internal_error" and "RuntimeError: boom" in problem.reason_en
    assert "Traceback" in prepared.files[0].error_trace


def test_status_queries(tmp_path, db):
    pipeline.commit(pipeline.prepare([fx.write_report_xlsx(tmp_path / "r.xlsx"),
                                      fx.write_status_csv(tmp_path / "s.csv")], OPTIONS, db))
    con = core_db.open_reader(db)
    try:
        counts = dict(queries.reported_counts(con, period=NOV, province=fx.TH).iter_rows())
        assert counts == {**dict.fromkeys(fx.CODES, 5), "r57_status": 3}
        assert queries.reported_counts(con, period=NOV, province=1).rows() == [("r57_status", 0)]
        codes = fx.commune_codes()
        without = queries.communes_without(con, indicator="dossiers_received", period=NOV, province=fx.TH)
        assert without.height == 166 - 5 and not set(codes) & set(without["commune_code"])
        assert without["commune_code"].to_list() == sorted(without["commune_code"].to_list())
        status = queries.communes_without_status(con, period=NOV, province=fx.TH)["commune_code"].to_list()
        assert len(status) == 163 and codes[3] in status and codes[0] not in status
        assert queries.communes_without(con, indicator="dossiers_received", period=NOV, province=None).height == 3321 - 5
    finally:
        con.close()


def test_prepare_file_keeps_the_sheet_name(tmp_path):
    result = pipeline.prepare_file(fx.write_report_xlsx(tmp_path / "r.xlsx"), OPTIONS)
    assert result.sheet_name == "Báo cáo" and result.errors == []
    assert result.communes == set(fx.commune_codes())
    assert isinstance(result.observations, pl.DataFrame)
