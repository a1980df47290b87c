"""The load path never corrupts or half-publishes the database (etl/load.py)."""
import datetime as dt
import hashlib
import threading

import duckdb
import polars as pl
import pytest

from core import db
from etl.load import Batch, LoadBusy, commit, exclusive_lock

NOV = dt.date(2025, 11, 1)


def _batch(value: float, sha: str, status: str = "green") -> Batch:
    obs = pl.DataFrame({"commune_code": [14923], "indicator_code": ["service_index"], "period": [NOV],
                        "value": [value]}, schema_overrides={"commune_code": pl.Int32})
    r57 = pl.DataFrame({"commune_code": [14923], "period": [NOV], "status": [status], "label": [status],
                        "note": [None]}, schema_overrides={"commune_code": pl.Int32, "note": pl.String})
    return Batch(source=f"{sha}.csv", sha256=sha * 64, kind="file", observations=obs, r57=r57)


@pytest.fixture()
def database(tmp_path):
    path = tmp_path / "live.duckdb"
    commit([_batch(80.0, "a")], path, fresh=True)
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _value(con) -> float:
    return con.execute("SELECT value FROM observations WHERE commune_code = 14923").fetchall()[0][0]


def test_a_failed_load_leaves_the_file_byte_for_byte_unchanged(database):
    before = _digest(database)
    with pytest.raises(duckdb.ConstraintException):
        commit([_batch(90.0, "b"), _batch(91.0, "c", status="purple")], database)  # CHECK constraint fails
    assert _digest(database) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["live.duckdb", "live.duckdb.lock"]


def test_a_reader_keeps_its_version_while_a_load_swaps_the_file(database):
    version_before = db.file_version(database)
    old_reader = db.cursor(db.open_reader(database))
    commit([_batch(95.0, "d")], database)
    assert _value(old_reader) == 80.0  # the open reader finishes on the old version, without error
    assert db.file_version(database) != version_before  # the app's cache key changes...
    assert _value(db.cursor(db.open_reader(database))) == 95.0  # ...and new readers see the whole load


def test_a_second_loader_waits_then_stops_with_a_clear_message(database):
    with exclusive_lock(database, timeout=1):
        with pytest.raises(LoadBusy, match="Another load is running"):
            commit([_batch(99.0, "e")], database, lock_timeout=0.5)
    assert _value(db.cursor(db.open_reader(database))) == 80.0


def test_a_waiting_loader_proceeds_after_the_first_and_keeps_both_updates(database):
    released = threading.Event()

    def hold():
        with exclusive_lock(database, timeout=1):
            released.wait(2)

    holder = threading.Thread(target=hold)
    holder.start()
    threading.Timer(0.5, released.set).start()
    commit([_batch(97.0, "f")], database, lock_timeout=10)
    holder.join()
    con = db.cursor(db.open_reader(database))
    assert _value(con) == 97.0
    assert [r[0] for r in con.execute("SELECT source FROM loads ORDER BY load_id").fetchall()] == ["a.csv", "f.csv"]
