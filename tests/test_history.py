"""Rollback, rebuild, the archive and the backups (issue 9 item 2 and 3; issue 8 item 7).

Through the command line an analyst uses: `python -m etl load|rollback|rebuild|status`, on a
small real demo (2025-07..2025-11, built once by `python -m etl demo`) and files made here.
"""
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from core import catalog, config, db, queries
from etl import history, load
from etl.__main__ import main

BA, HOI, HAC = 14923, 14869, 14797  # Thanh Hóa: Xã Bá Thước, Xã Hồi Xuân, a third commune
FIGURES = ("observations", "r57_status", "public_figures")


def run(*argv) -> int:
    return main([str(a) for a in argv])


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def content(path: Path) -> dict[str, pl.DataFrame]:
    """Every figure, status and public figure, with the load that wrote it."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: con.sql(f"SELECT * FROM {table} ORDER BY ALL").pl() for table in FIGURES}
    finally:
        con.close()


def same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> bool:
    return all(a[t].equals(b[t]) for t in FIGURES)


def status(path: Path) -> dict:
    con = db.open_reader(path)
    try:
        return queries.data_status(db.cursor(con))
    finally:
        con.close()


def scalar(path: Path, sql: str, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()[0][0]
    finally:
        con.close()


def duplicate_keys(path: Path) -> int:
    return scalar(path, """SELECT count(*) FROM (SELECT commune_code, indicator_code, period FROM observations
                           GROUP BY ALL HAVING count(*) > 1)""")


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    """The real demo, 2025-07..2025-11 (public figures, statuses), built once for this module."""
    path = tmp_path_factory.mktemp("small_demo") / "demo.duckdb"
    assert run("demo", "--db", path, "--until", "2025-11") == 0
    return path


@pytest.fixture()
def demo_copy(small_demo, tmp_path) -> Path:
    path = tmp_path / "live.duckdb"
    shutil.copyfile(small_demo, path)
    return path


@pytest.fixture()
def files(tmp_path) -> dict[str, Path]:
    return {
        # November for three communes: the service index and dossiers received
        "a": write(tmp_path / "thang-11.csv", "Mã xã,Tháng,Chỉ số phục vụ (điểm),Tổng số hồ sơ tiếp nhận",
                   f"{BA},11/2025,80.5,100", f"{HOI},11/2025,70,50", f"{HAC},11/2025,75.25,60"),
        # Resolution 57 statuses named without their province (--province)
        "status": write(tmp_path / "nq57.csv", "Xã/phường,Tháng,Trạng thái", "Xã Bá Thước,11/2025,Xanh",
                        "Xã Hồi Xuân,11/2025,Đỏ"),
        # a correction: one value changes, one is the same, one commune's first October figure
        "b": write(tmp_path / "thang-11-sua.csv", "Mã xã,Tháng,Chỉ số phục vụ (điểm)", f"{BA},11/2025,90",
                   f"{HOI},11/2025,70", f"{HAC},10/2025,71"),
        # no period in the file: --period
        "c": write(tmp_path / "khong-ky.csv", "Mã xã,Chỉ số phục vụ (điểm)", f"{HOI},66.5"),
    }


def test_replace_demo_and_rollbacks_restore_the_database_exactly(demo_copy, files, capsys):
    live = demo_copy
    demo = content(live)
    assert status(live)["has_demo"] and demo["public_figures"].height
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    assert run("load", files["a"], "--db", live) == 1  # demo and real never mix
    assert "--replace-demo" in capsys.readouterr().err
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before

    assert run("load", files["a"], "--db", live, "--replace-demo") == 0  # load #2
    real = content(live)
    assert real["observations"].select("commune_code", "indicator_code", "value").sort(pl.all()).rows() == sorted([
        (BA, "dossiers_received", 100.0), (BA, "service_index", 80.5), (HOI, "dossiers_received", 50.0),
        (HOI, "service_index", 70.0), (HAC, "dossiers_received", 60.0), (HAC, "service_index", 75.25)])
    assert real["r57_status"].height == 0 and real["public_figures"].height == 0
    assert status(live)["has_demo"] is False  # the banner goes with the last demo figure

    assert run("load", files["b"], "--db", live) == 0  # load #3 replaces two of #2's values
    assert duplicate_keys(live) == 0
    assert scalar(live, "SELECT value FROM observations WHERE commune_code = ? AND indicator_code = "
                        "'service_index' AND period = '2025-11-01'", [BA]) == 90.0
    capsys.readouterr()
    assert run("rollback", 2, "--db", live) == 1  # #3 changed what #2 wrote: named, nothing changes
    err = capsys.readouterr().err
    assert "#3 (thang-11-sua.csv" in err and "roll back #3 first" in err

    assert run("rollback", 3, "--db", live) == 0
    assert same(content(live), real)  # exactly #2's figures again, with #2's load id
    assert run("rollback", 2, "--db", live) == 0
    assert same(content(live), demo)  # the demo is back: figures, statuses, public figures
    assert status(live)["has_demo"] is True

    capsys.readouterr()
    assert run("status", "--db", live, "--months", "1") == 0
    out = capsys.readouterr().out
    assert "ĐÃ HOÀN TÁC / ROLLED BACK bởi lượt / by load #4" in out  # #3, undone by #4
    assert "ĐÃ HOÀN TÁC / ROLLED BACK bởi lượt / by load #5" in out  # #2, undone by #5
    assert "rollback #3" in out and "rollback #2" in out


def test_rebuild_gives_identical_observations_statuses_and_load_ids(demo_copy, files, tmp_path, capsys):
    live = demo_copy
    assert run("load", files["a"], files["status"], "--db", live, "--replace-demo", "--province", "38") == 0  # 2, 3
    assert run("load", files["b"], "--db", live) == 0  # 4
    assert run("rollback", 4, "--db", live) == 0  # 5
    assert run("load", files["b"], "--db", live) == 0  # 6: a rolled-back file loads again
    assert run("load", files["c"], "--db", live, "--period", "2025-10") == 0  # 7
    archive = config.archive_dir(live)
    for name in ("a", "status", "b", "c"):  # every accepted file, content-addressed
        sha = hashlib.sha256(files[name].read_bytes()).hexdigest()
        assert (archive / f"{sha}.csv").read_bytes() == files[name].read_bytes()

    rebuilt = tmp_path / "rebuilt.duckdb"
    capsys.readouterr()
    assert run("rebuild", "--db", live, "--to", rebuilt) == 0
    assert "giống hệt / identical" in capsys.readouterr().out
    assert same(content(rebuilt), content(live))
    columns = "load_id, source, sha256, rows, loaded_at, kind, loaded_by, is_demo, options, archived, " \
              "rolled_back_by, rollback_of, summary"
    loads = [duckdb.connect(str(p), read_only=True).sql(f"SELECT {columns} FROM loads ORDER BY 1").pl()
             for p in (live, rebuilt)]
    assert loads[0].equals(loads[1]) and loads[0].height == 7
    assert history.differences(live, rebuilt) == {"observations": 0, "r57_status": 0, "loads": 0}

    assert run("rebuild", "--db", live, "--to", rebuilt) == 1  # never overwrites
    assert "rebuild never overwrites" in capsys.readouterr().err


def test_a_later_figure_where_the_load_removed_one_blocks_its_rollback(demo_copy, files, capsys):
    """--replace-demo removed the demo's October figure of a commune; a later file put a real
    October figure there: rolling back the first load would put two figures on one key."""
    live = demo_copy
    assert run("load", files["a"], "--db", live, "--replace-demo") == 0  # 2
    assert run("load", files["c"], "--db", live, "--period", "2025-10") == 0  # 3: October, where the demo was
    capsys.readouterr()
    assert run("rollback", 2, "--db", live) == 1
    assert "#3 (khong-ky.csv" in capsys.readouterr().err
    assert duplicate_keys(live) == 0


def test_rollback_dry_run_shows_the_values_it_would_restore(tmp_path, files):
    live = tmp_path / "real.duckdb"
    assert run("load", files["a"], "--db", live, "--create") == 0
    assert run("load", files["b"], "--db", live) == 0
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    preview = history.rollback(live, 2, dry_run=True)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    restored = preview.figures.filter(pl.col("restored").is_not_null()).select(
        "commune_code", "current", "restored").sort("commune_code").rows()
    assert restored == [(HOI, 70.0, 70.0), (BA, 90.0, 80.5)]  # the unchanged value is restored too (its load id)
    added = preview.figures.filter(pl.col("restored").is_null())
    assert added.select("commune_code", "period", "current").rows() == [(HAC, dt.date(2025, 10, 1), 71.0)]
    assert (preview.removed, preview.restored) == (3, 2)
    with pytest.raises(load.RollbackRefused, match="There is no load #9"):
        history.rollback(live, 9)
    assert run("demo", "--db", live, "--until", "2025-07") == 1  # the demo would replace real figures
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before


def _batch(value: float, tag: str) -> load.Batch:
    obs = pl.DataFrame({"commune_code": [BA, HOI], "indicator_code": ["service_index"] * 2,
                        "period": [dt.date(2025, 11, 1)] * 2, "value": [value, value + 1]},
                       schema_overrides={"commune_code": pl.Int32})
    return load.Batch(source=f"{tag}.csv", sha256=tag * 64, kind="file", observations=obs)


def test_values_replaced_many_times_keep_one_row_per_key_and_the_last_n_backups(tmp_path, monkeypatch):
    monkeypatch.setitem(catalog.settings(), "backups_kept", 2)
    live = tmp_path / "live.duckdb"
    for i, tag in enumerate("abcd"):
        load.commit([_batch(60.0 + i, tag)], live)
    assert duplicate_keys(live) == 0
    assert scalar(live, "SELECT count(*) FROM observations") == 2
    assert scalar(live, "SELECT value FROM observations WHERE commune_code = ?", [BA]) == 63.0
    kept = history.backups(live)
    assert len(kept) == 2  # the versions before loads c and d
    assert scalar(kept[-1], "SELECT value FROM observations WHERE commune_code = ?", [BA]) == 62.0
    with pytest.raises(ValueError, match="two values for one commune"):  # uniqueness by construction
        load.commit([load.Batch("twice.csv", "e" * 64, "file", pl.concat([_batch(1.0, "e").observations] * 2))],
                    live)


# The DDL of schema 1 (before rollback): observations with a primary key, no history columns.
SCHEMA_1 = [
    """CREATE TABLE loads (load_id INTEGER PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        rows INTEGER NOT NULL, loaded_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, loaded_by VARCHAR,
        is_demo BOOLEAN NOT NULL DEFAULT false, replaced_rows INTEGER NOT NULL DEFAULT 0, summary VARCHAR)""",
    """CREATE TABLE observations (commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL,
        period DATE NOT NULL, value DOUBLE NOT NULL, load_id INTEGER NOT NULL,
        PRIMARY KEY (commune_code, indicator_code, period))""",
    "INSERT INTO loads VALUES (1, 'old.csv', 'abc', 1, TIMESTAMP '2025-12-01 08:00', 'file', 'me', false, 0, NULL)",
    "INSERT INTO observations VALUES (14923, 'service_index', DATE '2025-10-01', 77.0, 1)",
]


def test_a_database_of_schema_1_is_migrated_by_its_next_load(tmp_path):
    live = tmp_path / "old.duckdb"
    con = duckdb.connect(str(live))
    for statement in SCHEMA_1:
        con.execute(statement)
    con.close()
    load.commit([_batch(80.0, "f")], live)
    assert scalar(live, "SELECT value FROM meta WHERE key = 'schema_version'") == "2"
    assert scalar(live, "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observations' "
                        "AND constraint_type = 'PRIMARY KEY'") == 0
    assert scalar(live, "SELECT value FROM observations WHERE period = '2025-10-01'") == 77.0  # kept
    assert scalar(live, "SELECT count(*) FROM loads WHERE rolled_back_by IS NULL") == 2
