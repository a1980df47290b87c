"""The only writer of the DuckDB file.

A load never edits the live file in place. It copies the live file to a temporary file in
the same folder, applies every batch in one transaction there, checkpoints, closes it and
`os.replace()`s it over the live file. Readers that have the old file open keep seeing the
old version; new readers see the whole new one; nobody ever sees half a load. If anything
fails, the temporary file is removed and the live file is exactly as it was.

Only one load runs at a time: a lock file beside the database serialises loaders, and a
second loader waits (up to `lock_timeout` seconds) instead of overwriting the first one's
update.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import os
import shutil
import socket
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from core import catalog, config
from etl import masterdata
from etl.schema import DDL, SCHEMA_VERSION

OBSERVATION_SCHEMA = {"commune_code": pl.Int32, "indicator_code": pl.String, "period": pl.Date,
                      "value": pl.Float64}
R57_SCHEMA = {"commune_code": pl.Int32, "period": pl.Date, "status": pl.String, "label": pl.String,
              "note": pl.String}


class LoadBusy(RuntimeError):
    """Another load holds the lock for longer than we are willing to wait."""


@dataclass
class Batch:
    """What one source (a file, or the demo generator) contributes to a load."""
    source: str
    sha256: str
    kind: str  # file | demo
    observations: pl.DataFrame
    r57: pl.DataFrame | None = None
    public_figures: pl.DataFrame | None = None
    is_demo: bool = False
    summary: str = ""


@dataclass
class BatchResult:
    source: str
    load_id: int | None
    skipped: bool  # same SHA-256 already loaded
    rows: int
    replaced: int  # existing (commune, indicator, period) or (commune, period) rows overwritten
    changed: int   # of those, how many got a different value
    per_indicator: list[tuple] = field(default_factory=list)  # (indicator_code, period, rows)
    summary: str = ""  # the batch's summary, as recorded in its loads row


@contextmanager
def exclusive_lock(db_path: Path, timeout: float):
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LoadBusy(
                        f"Một lượt nạp khác đang chạy trên {db_path}; hãy thử lại sau. / "
                        f"Another load is running on {db_path}; try again later.") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def _refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Master data and the catalog are rewritten on every load: they come from code, not files."""
    provinces = masterdata.provinces()
    communes = masterdata.communes()
    old = masterdata.old_to_new()
    indicators = catalog.indicators_frame()
    for table, frame in (("provinces", provinces), ("communes", communes), ("old_communes", old),
                         ("indicators", indicators)):
        con.execute(f"DELETE FROM {table}")
        con.register("frame_view", frame)
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM frame_view")
        con.unregister("frame_view")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def _apply_batch(con: duckdb.DuckDBPyConnection, batch: Batch, loaded_by: str) -> BatchResult:
    seen = con.execute("SELECT load_id FROM loads WHERE sha256 = ?", [batch.sha256]).fetchall()
    if seen:
        return BatchResult(batch.source, seen[0][0], True, 0, 0, 0)
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchall()[0][0]
    obs = batch.observations.select(list(OBSERVATION_SCHEMA)).cast(OBSERVATION_SCHEMA)
    obs = obs.with_columns(pl.lit(load_id, pl.Int32).alias("load_id")).sort(
        "indicator_code", "period", "commune_code")
    con.register("new_obs", obs)
    replaced, changed = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE o.value <> n.value)
           FROM observations o JOIN new_obs n USING (commune_code, indicator_code, period)""").fetchall()[0]
    con.execute("""INSERT OR REPLACE INTO observations (commune_code, indicator_code, period, value, load_id)
                   SELECT commune_code, indicator_code, period, value, load_id FROM new_obs""")
    per_indicator = con.execute(
        "SELECT indicator_code, period, count(*) FROM new_obs GROUP BY ALL ORDER BY ALL").fetchall()
    con.unregister("new_obs")
    rows = obs.height
    if batch.r57 is not None and batch.r57.height:
        r57 = batch.r57.select(list(R57_SCHEMA)).cast(R57_SCHEMA).with_columns(
            pl.lit(load_id, pl.Int32).alias("load_id"))
        con.register("new_r57", r57)
        r_replaced, r_changed = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE o.status <> n.status)
               FROM r57_status o JOIN new_r57 n USING (commune_code, period)""").fetchall()[0]
        con.execute("""INSERT OR REPLACE INTO r57_status (commune_code, period, status, label, note, load_id)
                       SELECT commune_code, period, status, label, note, load_id FROM new_r57""")
        per_indicator += con.execute(
            "SELECT 'r57_status', period, count(*) FROM new_r57 GROUP BY ALL ORDER BY ALL").fetchall()
        con.unregister("new_r57")
        replaced += r_replaced
        changed += r_changed
        rows += r57.height
    if batch.public_figures is not None and batch.public_figures.height:
        con.register("new_pf", batch.public_figures)
        con.execute("DELETE FROM public_figures")
        con.execute("INSERT INTO public_figures SELECT * FROM new_pf")
        con.unregister("new_pf")
    con.execute(
        """INSERT INTO loads (load_id, source, sha256, rows, loaded_at, kind, loaded_by, is_demo,
                              replaced_rows, summary)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [load_id, batch.source, batch.sha256, rows, dt.datetime.now().replace(microsecond=0), batch.kind,
         loaded_by, batch.is_demo, replaced, batch.summary or None])
    return BatchResult(batch.source, load_id, False, rows, replaced, changed, per_indicator, batch.summary)


def commit(batches: list[Batch], db_path: Path | None = None, *, fresh: bool = False,
           loaded_by: str | None = None, lock_timeout: float = 60.0,
           prepare: Callable[[duckdb.DuckDBPyConnection, Batch], Batch] | None = None,
           dry_run: bool = False) -> list[BatchResult]:
    """Apply every batch in one transaction and swap the result in atomically.

    `fresh=True` starts from an empty database instead of a copy of the live one (the demo).
    `prepare(con, batch)`, when given, is called inside the transaction just before each batch
    is applied, with the database as it stands then (earlier batches of the same call
    included); it returns the batch to apply or raises to abort everything (the file loader
    turns cumulative figures into monthly ones there, under the lock).
    `dry_run=True` does all of it, returns the results and rolls back: nothing is written.
    Raises on any failure, leaving the live file untouched.
    """
    db_path = Path(db_path or config.database_path())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    loaded_by = loaded_by or _who()
    with exclusive_lock(db_path, lock_timeout):
        tmp_path = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
        tmp_path.unlink(missing_ok=True)
        try:
            if db_path.exists() and not fresh:
                shutil.copyfile(db_path, tmp_path)
            con = duckdb.connect(str(tmp_path))
            try:
                con.execute("BEGIN TRANSACTION")
                for statement in DDL:
                    con.execute(statement)
                _refresh_reference_tables(con)
                results = []
                for batch in batches:
                    if prepare is not None:
                        batch = prepare(con, batch)
                    results.append(_apply_batch(con, batch, loaded_by))
                if dry_run:
                    con.execute("ROLLBACK")
                else:
                    con.execute("COMMIT")
                    con.execute("CHECKPOINT")
            finally:  # on failure the temporary file is simply thrown away
                con.close()
            if not dry_run:
                os.replace(tmp_path, db_path)
        finally:
            tmp_path.unlink(missing_ok=True)
            db_path.with_name(tmp_path.name + ".wal").unlink(missing_ok=True)
    return results
