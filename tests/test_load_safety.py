"""The load path never corrupts or half-publishes the database (etl/load.py)."""
import datetime as dt
import hashlib
import random
import threading

import duckdb
import polars as pl
import pytest

from core import db
from etl.load import Batch, LoadBusy, commit, exclusive_lock, in_storage_order
from etl.schema import OBSERVATIONS_ORDER

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


# A load big enough to take a few seconds: 3,321 communes × 30 codes × 30 months (3 million values).
SLOW_LOAD = """
import sys, numpy as np, polars as pl
from pathlib import Path
from etl import masterdata
from etl.load import Batch, commit
communes = masterdata.communes()["commune_code"].to_numpy()
codes, months = [f"code_{i:02d}" for i in range(30)], pl.date_range(
    pl.date(2023, 1, 1), pl.date(2025, 6, 1), "1mo", eager=True).to_numpy()
n = len(communes) * len(codes) * len(months)
frame = pl.DataFrame({"commune_code": np.repeat(communes, len(codes) * len(months)).astype(np.int32),
                      "indicator_code": np.tile(np.repeat(codes, len(months)), len(communes)),
                      "period": np.tile(months, len(communes) * len(codes)), "value": np.arange(n, dtype=float)})
commit([Batch(source="big.parquet", sha256="b" * 64, kind="file", observations=frame)], Path(sys.argv[1]))
"""


def test_a_load_killed_midway_leaves_the_old_data_served_and_the_next_load_cleans_up(database):
    """kill -9 while the new file is being written: readers keep the previous data, the lock is
    free, the next load succeeds and removes what the killed one left behind."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    loader = subprocess.Popen([sys.executable, "-c", SLOW_LOAD, str(database)], cwd=root)
    leftovers = []
    deadline = time.monotonic() + 120
    while not leftovers and loader.poll() is None and time.monotonic() < deadline:
        leftovers = list(database.parent.glob(".live.duckdb.*.tmp"))  # the new version being written
        time.sleep(0.005)
    os.kill(loader.pid, signal.SIGKILL)
    loader.wait()
    assert leftovers and loader.returncode == -signal.SIGKILL, "the load ended before it could be killed"
    assert any(database.parent.glob(".live.duckdb.*"))  # what the killed load left behind

    assert _value(db.cursor(db.open_reader(database))) == 80.0  # readers: the previous data, whole
    commit([_batch(85.0, "g")], database, lock_timeout=5)  # the lock died with the process
    assert _value(db.cursor(db.open_reader(database))) == 85.0
    assert list(database.parent.glob(".live.duckdb.*")) == []  # no temporary file remains


def _stored_order_breaks(path) -> int:
    """Rows of `observations`, in the order the file stores them, that sort before the row above them."""
    con = db.cursor(db.open_reader(path))
    return con.execute(f"""SELECT count(*) FROM (
        SELECT ({OBSERVATIONS_ORDER}) AS k, lag(({OBSERVATIONS_ORDER})) OVER (ORDER BY rowid) AS above
        FROM observations) WHERE above > k""").fetchall()[0][0]


def _shuffled(n: int, seed: int, codes: list[str]) -> pl.DataFrame:
    rng = random.Random(seed)
    keys = rng.sample([(c, m, code) for c in range(14900, 14900 + n) for m in range(24) for code in codes],
                      n * 10)
    return pl.DataFrame({"commune_code": [c for c, _, _ in keys], "indicator_code": [code for _, _, code in keys],
                         "period": [dt.date(2025 + m // 12, m % 12 + 1, 1) for _, m, _ in keys],
                         "value": [float(rng.randint(0, 99)) for _ in keys]},
                        schema_overrides={"commune_code": pl.Int32})


def test_observations_are_stored_in_storage_order_in_a_new_database_and_after_later_loads(tmp_path):
    """Zone maps prune row groups only when the file is ordered (etl.schema.OBSERVATIONS_ORDER): a batch
    loaded into an empty database is sorted before it goes in, later ones are sorted as the file is written."""
    rows = _shuffled(60, 1, ["dossiers_received", "dossiers_online", "si_online", "service_index", "digital_teams"])
    first, second, third = rows.slice(0, 300), rows.slice(300, 200), rows.slice(500)
    path = tmp_path / "ordered.duckdb"
    commit([Batch("a.csv", "a" * 64, "file", first)], path, fresh=True)
    assert _stored_order_breaks(path) == 0
    commit([Batch("b.csv", "b" * 64, "file", second), Batch("c.csv", "c" * 64, "file", third)], path)
    assert _stored_order_breaks(path) == 0
    assert _stored_count(path) == rows.height


def _stored_count(path) -> int:
    return db.cursor(db.open_reader(path)).execute("SELECT count(*) FROM observations").fetchall()[0][0]


def test_the_storage_sort_orders_rows_as_duckdb_order_by_does():
    frame = _shuffled(40, 4, ["si_online", "dossiers_on_time", "dossiers_online", "zeta", "Zeta", "dossiers_"])
    frame = frame.with_columns(pl.when(pl.col("value") < 10).then(pl.col("period") - dt.timedelta(days=30_000))
                               .otherwise(pl.col("period")).alias("period"),
                               pl.when(pl.col("value") > 90).then(-pl.col("commune_code"))
                               .otherwise(pl.col("commune_code")).alias("commune_code"))
    expected = duckdb.sql(f"SELECT * FROM frame ORDER BY {OBSERVATIONS_ORDER}").pl()
    assert in_storage_order(frame).cast({"indicator_code": pl.String}).equals(expected)
