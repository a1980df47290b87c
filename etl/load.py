"""The only writer of the DuckDB file.

A load never edits the live file. Under the load lock it copies the live database into an
in-memory DuckDB, applies every batch there (each replaced value logged for rollback), then
writes a new file beside the live one, observations sorted for the read side, checkpoints
it, keeps the live file as a backup (a hard link) and `os.replace()`s the new file over it.
Readers that have the old file open keep seeing the old version; new readers see the whole
new one; nobody ever sees half a load. If anything fails, or the process is killed, the live
file is exactly as it was; the next load removes the temporary files a killed one left.

Only one load runs at a time: a lock file beside the database serialises loaders, and a
second loader waits (up to `lock_timeout` seconds) instead of overwriting the first one's
update.

Observations have no primary key (an index makes a national load several times slower):
uniqueness of (commune, indicator, month) holds by construction, since a batch's values
replace the stored ones of the same keys by removing them first, and a batch with two
values for one key is refused.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import glob
import json
import logging
import os
import shutil
import socket
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from core import catalog, config
from etl import masterdata
from etl.schema import DDL, HISTORY_TABLES, OBSERVATIONS_ORDER, REFERENCE_TABLES, SCHEMA_VERSION

log = logging.getLogger(__name__)

OBSERVATION_SCHEMA = {"commune_code": pl.Int32, "indicator_code": pl.String, "period": pl.Date,
                      "value": pl.Float64}
R57_SCHEMA = {"commune_code": pl.Int32, "period": pl.Date, "status": pl.String, "label": pl.String,
              "note": pl.String}
T = TypeVar("T")


class LoadBusy(RuntimeError):
    """Another load holds the lock for longer than we are willing to wait."""


class Refusal(RuntimeError):
    """The database refuses the operation; `reason_vi` / `reason_en` say why and what to do."""

    def __init__(self, reason_vi: str, reason_en: str):
        super().__init__(f"{reason_vi} / {reason_en}")
        self.reason_vi, self.reason_en = reason_vi, reason_en


class DemoMixed(Refusal):
    """Demo and real figures would end up in one database."""


class RollbackRefused(Refusal):
    """A rollback that cannot restore exactly what the load replaced (or there is no such load)."""


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
    options: dict | None = None  # recorded as JSON in loads.options: what rebuild needs to replay it
    archive_from: Path | None = None  # the accepted file, copied into the archive beside the database
    # One value per (commune, indicator, month) already proven (etl.validate.duplicate_rows): the
    # writer's own check, a second pass over every key, is then skipped.
    keys_unique: bool = False


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
    removed_demo: int = 0  # demo figures and statuses removed first (replace_demo)
    archived: str | None = None  # the file's name in the archive


@dataclass
class RollbackResult:
    """What a rollback removed and restored (or would, for a dry run)."""
    rollback_id: int   # the rollback's own row in `loads`
    target: int        # the load rolled back
    source: str        # the target's file name
    removed: int       # figures and statuses of the target deleted
    restored: int      # earlier figures and statuses put back
    # commune_code, indicator_code, period, current (the target's value, NULL where it removed
    # one), restored (NULL where the target added the value)
    figures: pl.DataFrame
    statuses: pl.DataFrame  # commune_code, period, current, restored: the same for statuses


class ArrowStream:
    """A polars frame for `con.register`, read by DuckDB through the Arrow C stream interface: polars hands
    over its buffers as they are. (A polars frame registered as it is goes through pyarrow: a copy, and
    an import that took a quarter of a second of every load.)"""

    def __init__(self, frame: pl.DataFrame):
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self.frame.__arrow_c_stream__(requested_schema)


# ---- the lock, temporary files, backups ------------------------------------------------------------

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


def _temp_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")


def remove_leftovers(db_path: Path) -> list[Path]:
    """Delete what killed loads left behind: `.<db>.<pid>.tmp` files, their .wal and spill folders,
    half-copied archive files. Call only while holding the lock: then no other load is running."""
    found = [Path(p) for p in glob.glob(str(db_path.with_name(f".{glob.escape(db_path.name)}.*.tmp*")))]
    archive = config.archive_dir(db_path)
    found += [Path(p) for p in glob.glob(str(archive / ".*.part"))]
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if found:
        log.warning("removed leftovers of an interrupted load: %s", ", ".join(p.name for p in found))
    return found


def _keep_backup(db_path: Path) -> None:
    """The live file joins the backups (a hard link: no copy) before the new version replaces it;
    only the last `backups_kept` (settings.yaml) stay."""
    keep = int(catalog.settings().get("backups_kept", 5))
    if keep <= 0 or not db_path.exists():
        return
    folder = config.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{db_path.name}"
    try:
        os.link(db_path, target)
    except OSError:  # a filesystem without hard links: copy
        shutil.copy2(db_path, target)
    for old in sorted(folder.glob(f"*-{glob.escape(db_path.name)}"))[:-keep]:
        old.unlink(missing_ok=True)


def _archive(db_path: Path, source: Path, name: str) -> None:
    """Copy an accepted file into the archive as `name` (content-addressed), atomically."""
    folder = config.archive_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists():
        return
    part = folder / f".{name}.{os.getpid()}.part"
    shutil.copyfile(source, part)
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(part, target)


def archive_name(sha256: str, source: str) -> str:
    """`<sha256><suffix>`: the suffix of the name the user gave (a reader may go by it), if sane."""
    suffix = Path(source).suffix.lower()
    return sha256 + (suffix if suffix[1:].isascii() and suffix[1:].isalnum() and len(suffix) <= 8 else "")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


# ---- the working copy and the new file -------------------------------------------------------------

def _working_copy(db_path: Path, fresh: bool, spill: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the live one's rows (none when `fresh`), in the current schema."""
    con = duckdb.connect(":memory:")
    con.execute(f"SET temp_directory = '{_quote(spill)}'")  # a path we chose, quoted
    con.execute("SET memory_limit = ?", [config.load_memory_limit()])
    for statement in DDL:
        con.execute(statement)
    if fresh or not db_path.exists():
        return con
    con.execute(f"ATTACH '{_quote(db_path)}' AS prev (READ_ONLY)")
    try:
        existing = {}
        for table, column in con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'prev'").fetchall():
            existing.setdefault(table, []).append(column)
        for table in HISTORY_TABLES:
            wanted = [c for c, in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'memory' AND table_name = ? "
                "ORDER BY column_index", [table]).fetchall()]
            columns = ", ".join(c for c in wanted if c in existing.get(table, []))
            if columns:  # tables and columns of an older schema version that exist
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM prev.{table}")
    finally:
        con.execute("DETACH prev")
    # Schema 1 had no load_id on public figures: they came with the demo.
    con.execute("UPDATE public_figures SET load_id = (SELECT min(load_id) FROM loads WHERE is_demo) "
                "WHERE load_id IS NULL")
    return con


def _refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Master data and the catalog are rewritten on every load: they come from code, not files."""
    frames = {"provinces": masterdata.provinces(), "communes": masterdata.communes(),
              "old_communes": masterdata.old_to_new(), "indicators": catalog.indicators_frame()}
    for table in REFERENCE_TABLES:
        frame = frames[table]
        con.execute(f"DELETE FROM {table}")
        con.register("frame_view", ArrowStream(frame))
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM frame_view")
        con.unregister("frame_view")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


# A DuckDB variable of the working copy: true while its observations are in storage order, as after one
# batch inserted, sorted, into an empty table (_merge_observations); the new file is then written in
# that order without DuckDB's ORDER BY, which was most of a national load's write (polars sorts the same
# rows by one packed integer in a fifth of the time). Any other insert leaves it unset (NULL) or false,
# and the file is sorted as it is written.
IN_ORDER = "observations_in_order"


def in_storage_order(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame`'s rows as ORDER BY OBSERVATIONS_ORDER (indicator_code, period, commune_code) puts them,
    codes compared byte by byte as DuckDB does: sorted by one integer packing the indicator's place
    among the frame's codes (8 bits), the day (24) and the commune (32), where they fit. indicator_code
    comes back as an Enum of those codes (moving 4-byte places, not strings; DuckDB stores the text)."""
    codes = frame["indicator_code"].unique().sort()
    days = frame["period"].cast(pl.Int32)
    if codes.len() > 256 or (days.len() and (days.min() < -(1 << 23) or days.max() >= 1 << 23)):
        return frame.sort("indicator_code", "period", "commune_code")
    frame = frame.with_columns(pl.col("indicator_code").cast(pl.Enum(codes)))
    place = pl.col("indicator_code").to_physical().cast(pl.UInt64)
    day = (pl.col("period").cast(pl.Int32).cast(pl.Int64) + (1 << 23)).cast(pl.UInt64)
    commune = (pl.col("commune_code").cast(pl.Int64) + (1 << 31)).cast(pl.UInt64)
    return frame.sort(place * (1 << 56) + day * (1 << 32) + commune)


def _write_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the working copy to a new DuckDB file: every table, observations in storage order (sorted
    here, unless the working copy holds them in that order already: IN_ORDER)."""
    in_order = con.execute(f"SELECT getvariable('{IN_ORDER}')").fetchall()[0][0]
    con.execute(f"ATTACH '{_quote(path)}' AS out")
    try:
        con.execute("USE out")
        con.execute("BEGIN TRANSACTION")
        for statement in DDL:
            con.execute(statement)
        for table in REFERENCE_TABLES + HISTORY_TABLES:
            order = f" ORDER BY {OBSERVATIONS_ORDER}" if table == "observations" and not in_order else ""
            con.execute(f"INSERT INTO out.{table} SELECT * FROM memory.{table}{order}")
        con.execute("COMMIT")
        con.execute("CHECKPOINT out")
    finally:
        con.execute("USE memory")
        con.execute("DETACH out")


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _transaction(db_path: Path, work: Callable[[duckdb.DuckDBPyConnection], tuple[T, list[tuple[Path, str]] | None]],
                 *, fresh: bool, dry_run: bool, lock_timeout: float) -> T:
    """Run `work` on a working copy of the database under the lock and publish the result.

    `work(con)` returns (outcome, files to archive as (path, name)), or (outcome, None) when
    nothing changed (no new version is written). A dry run publishes nothing.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(db_path, lock_timeout):
        remove_leftovers(db_path)
        tmp_path = _temp_path(db_path)
        spill = tmp_path.with_name(tmp_path.name + ".spill")
        con = _working_copy(db_path, fresh, spill)
        try:
            _refresh_reference_tables(con)
            outcome, archive = work(con)
            if dry_run or archive is None:
                return outcome
            _write_file(con, tmp_path)
        finally:
            con.close()
            shutil.rmtree(spill, ignore_errors=True)
        try:
            for source, name in archive:
                _archive(db_path, source, name)
            _keep_backup(db_path)
            os.replace(tmp_path, db_path)
            _fsync_dir(db_path.parent)
        finally:
            tmp_path.unlink(missing_ok=True)
            tmp_path.with_name(tmp_path.name + ".wal").unlink(missing_ok=True)
    return outcome


# ---- loading batches -------------------------------------------------------------------------------

def commit(batches: list[Batch], db_path: Path | None = None, *, fresh: bool = False,
           loaded_by: str | None = None, lock_timeout: float = 60.0,
           prepare: Callable[[duckdb.DuckDBPyConnection, Batch], Batch] | None = None,
           dry_run: bool = False, replace_demo: bool = False,
           loaded_at: dt.datetime | None = None) -> list[BatchResult]:
    """Apply every batch, all-or-nothing, and swap the result in atomically.

    `fresh=True` starts from an empty database instead of the live one (the demo).
    `prepare(con, batch)`, when given, is called just before each batch is applied, with the
    database as it stands then (earlier batches of the same call included); it returns the
    batch to apply or raises to abort everything (the file loader turns cumulative figures
    into monthly ones there, under the lock).
    `replace_demo=True` lets a batch of real figures into a database holding demo figures by
    removing every demo figure, status and public figure first (logged: rollback restores
    them); without it such a load raises DemoMixed.
    `loaded_by` / `loaded_at` default to this user and now (rebuild passes the original ones).
    `dry_run=True` does all of it, returns the results and writes nothing.
    Raises on any failure, leaving the live file untouched.
    """
    db_path = Path(db_path or config.database_path())
    loaded_by = loaded_by or who()
    loaded_at = (loaded_at or dt.datetime.now()).replace(microsecond=0)

    def work(con):
        results, archive = [], []
        for batch in batches:
            result = _apply_batch(con, batch, prepare, replace_demo, loaded_by, loaded_at, db_path)
            results.append(result)
            if not result.skipped and batch.archive_from is not None:
                archive.append((Path(batch.archive_from), result.archived))
        applied = any(not r.skipped for r in results)
        return results, (archive if applied else None)

    return _transaction(db_path, work, fresh=fresh, dry_run=dry_run, lock_timeout=lock_timeout)


# Loads whose figures are in the database now: rolled-back loads and rollbacks are not.
ACTIVE_LOADS = "kind <> 'rollback' AND rolled_back_by IS NULL"


def _apply_batch(con: duckdb.DuckDBPyConnection, batch: Batch, prepare, replace_demo: bool, loaded_by: str,
                 loaded_at: dt.datetime, db_path: Path) -> BatchResult:
    seen = con.execute(f"SELECT load_id FROM loads WHERE sha256 = ? AND {ACTIVE_LOADS}", [batch.sha256]).fetchall()
    if seen:
        return BatchResult(batch.source, seen[0][0], True, 0, 0, 0)
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchall()[0][0]
    removed_demo = _separate_demo(con, batch, replace_demo, load_id, db_path)
    if prepare is not None:
        batch = prepare(con, batch)
    rows, replaced, changed, per_indicator = _merge_observations(con, batch, load_id)
    if batch.r57 is not None and batch.r57.height:
        counts = _merge_statuses(con, batch.r57, load_id)
        rows, replaced, changed = rows + counts[0], replaced + counts[1], changed + counts[2]
        per_indicator += counts[3]
    if batch.public_figures is not None and batch.public_figures.height:
        _log_removed_public_figures(con, load_id, "TRUE")
        con.execute("DELETE FROM public_figures")
        frame = batch.public_figures.with_columns(pl.lit(load_id, pl.Int32).alias("load_id"))
        con.register("new_pf", ArrowStream(frame))
        con.execute(f"INSERT INTO public_figures ({', '.join(frame.columns)}) SELECT * FROM new_pf")
        con.unregister("new_pf")
    summary = "; ".join(part for part in (_removed_demo_summary(removed_demo), batch.summary) if part)
    archived = archive_name(batch.sha256, batch.source) if batch.archive_from is not None else None
    con.execute(
        """INSERT INTO loads (load_id, source, sha256, rows, loaded_at, kind, loaded_by, is_demo,
                              replaced_rows, summary, options, archived)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [load_id, batch.source, batch.sha256, rows, loaded_at, batch.kind, loaded_by, batch.is_demo, replaced,
         summary or None, json.dumps(batch.options, ensure_ascii=False, sort_keys=True) if batch.options else None,
         archived])
    return BatchResult(batch.source, load_id, False, rows, replaced, changed, per_indicator, summary or "",
                       sum(removed_demo), archived)


def _merge_observations(con: duckdb.DuckDBPyConnection, batch: Batch, load_id: int) -> tuple[int, int, int, list]:
    """The batch's values replace the stored ones of the same keys; each replaced value is logged.
    Into an empty table (a new database, or the demo's replaced) they go in storage order (IN_ORDER)."""
    obs = batch.observations.select(list(OBSERVATION_SCHEMA)).cast(OBSERVATION_SCHEMA)
    empty = not con.execute("SELECT EXISTS (SELECT 1 FROM observations)").fetchall()[0][0]
    if empty:
        obs = in_storage_order(obs)
    con.execute(f"SET VARIABLE {IN_ORDER} = {'true' if empty else 'false'}")
    obs = obs.with_columns(pl.lit(load_id, pl.Int32).alias("load_id"))
    con.register("new_obs", ArrowStream(obs))
    try:
        distinct = obs.height if batch.keys_unique else con.execute(
            "SELECT count(DISTINCT (commune_code, indicator_code, period)) FROM new_obs").fetchall()[0][0]
        if distinct < obs.height:  # a bug upstream: validation refuses such files
            twice = con.execute("""SELECT commune_code, indicator_code, period FROM new_obs
                                   GROUP BY ALL HAVING count(*) > 1 LIMIT 3""").fetchall()
            raise ValueError(f"{batch.source}: two values for one commune, indicator and month: {twice}")
        replaced, changed = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE o.value <> n.value)
               FROM observations o JOIN new_obs n USING (commune_code, indicator_code, period)""").fetchall()[0]
        if replaced:
            con.execute("""INSERT INTO load_changes
                           SELECT n.load_id, o.commune_code, o.indicator_code, o.period, o.value, o.load_id
                           FROM observations o JOIN new_obs n USING (commune_code, indicator_code, period)""")
            con.execute("""DELETE FROM observations o USING new_obs n
                           WHERE o.commune_code = n.commune_code AND o.indicator_code = n.indicator_code
                             AND o.period = n.period""")
        con.execute("INSERT INTO observations SELECT commune_code, indicator_code, period, value, load_id FROM new_obs")
        per_indicator = con.execute(
            "SELECT indicator_code, period, count(*) FROM new_obs GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.unregister("new_obs")
    return obs.height, replaced, changed, per_indicator


def _merge_statuses(con: duckdb.DuckDBPyConnection, r57: pl.DataFrame, load_id: int) -> tuple[int, int, int, list]:
    """Resolution 57 statuses replace the stored ones of the same commune and month, logged likewise."""
    frame = r57.select(list(R57_SCHEMA)).cast(R57_SCHEMA).with_columns(pl.lit(load_id, pl.Int32).alias("load_id"))
    con.register("new_r57", ArrowStream(frame))
    try:
        replaced, changed = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE o.status <> n.status)
               FROM r57_status o JOIN new_r57 n USING (commune_code, period)""").fetchall()[0]
        if replaced:
            con.execute("""INSERT INTO load_status_changes
                           SELECT n.load_id, o.commune_code, o.period, o.status, o.label, o.note, o.load_id
                           FROM r57_status o JOIN new_r57 n USING (commune_code, period)""")
            con.execute("""DELETE FROM r57_status o USING new_r57 n
                           WHERE o.commune_code = n.commune_code AND o.period = n.period""")
        con.execute("""INSERT INTO r57_status (commune_code, period, status, label, note, load_id)
                       SELECT commune_code, period, status, label, note, load_id FROM new_r57""")
        per_indicator = con.execute(
            "SELECT 'r57_status', period, count(*) FROM new_r57 GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.unregister("new_r57")
    return frame.height, replaced, changed, per_indicator


# ---- demo and real never mix -----------------------------------------------------------------------

_DEMO_LOADS = "(SELECT load_id FROM loads WHERE is_demo)"
_REAL_LOADS = "(SELECT load_id FROM loads WHERE NOT is_demo)"


def _holds(con: duckdb.DuckDBPyConnection, loads: str) -> bool:
    return con.execute(f"""SELECT EXISTS (SELECT 1 FROM observations WHERE load_id IN {loads})
                                OR EXISTS (SELECT 1 FROM r57_status WHERE load_id IN {loads})""").fetchall()[0][0]


def _separate_demo(con: duckdb.DuckDBPyConnection, batch: Batch, replace_demo: bool, load_id: int,
                   db_path: Path) -> tuple[int, int]:
    """Refuse to mix demo and real figures; with `replace_demo`, remove the demo first (logged).
    Returns (figures, statuses) removed."""
    if batch.is_demo:
        if _holds(con, _REAL_LOADS):
            raise DemoMixed(
                f"Cơ sở dữ liệu {db_path} đang chứa số liệu thật; không trộn số liệu minh họa vào. Hãy tạo dữ liệu "
                f"minh họa trong một tệp khác: python -m etl demo --db TỆP_MỚI",
                f"The database {db_path} holds real figures; demo figures are never mixed in. Build the demo "
                f"in another file: python -m etl demo --db NEW_FILE")
        return 0, 0
    if not _holds(con, _DEMO_LOADS):
        return 0, 0
    if not replace_demo:
        raise DemoMixed(
            f"Cơ sở dữ liệu {db_path} đang chứa số liệu minh họa (demo); số liệu thật không được trộn với số liệu "
            f"minh họa. Hãy nạp vào một cơ sở dữ liệu mới (--db TỆP_MỚI --create), hoặc thêm --replace-demo để "
            f"xóa mọi số liệu, trạng thái NQ57 và số liệu công bố của bản minh họa (giữ danh mục xã, chỉ tiêu)",
            f"The database {db_path} holds demo figures; real figures are never mixed with demo ones. Load "
            f"into a new database (--db NEW_FILE --create), or add --replace-demo to drop every demo figure, "
            f"Resolution 57 status and public figure of the demo (master data is kept)")
    figures = con.execute(f"""INSERT INTO load_changes SELECT ?, commune_code, indicator_code, period, value, load_id
                              FROM observations WHERE load_id IN {_DEMO_LOADS}""", [load_id]).fetchall()[0][0]
    con.execute(f"DELETE FROM observations WHERE load_id IN {_DEMO_LOADS}")
    statuses = con.execute(f"""INSERT INTO load_status_changes
                               SELECT ?, commune_code, period, status, label, note, load_id
                               FROM r57_status WHERE load_id IN {_DEMO_LOADS}""", [load_id]).fetchall()[0][0]
    con.execute(f"DELETE FROM r57_status WHERE load_id IN {_DEMO_LOADS}")
    _log_removed_public_figures(con, load_id, f"load_id IN {_DEMO_LOADS}")
    con.execute(f"DELETE FROM public_figures WHERE load_id IN {_DEMO_LOADS}")
    return figures, statuses


def _log_removed_public_figures(con: duckdb.DuckDBPyConnection, load_id: int, where: str) -> None:
    con.execute(f"INSERT INTO load_public_figures SELECT ?, * FROM public_figures WHERE {where}", [load_id])


def _removed_demo_summary(removed: tuple[int, int]) -> str:
    if not any(removed):
        return ""
    figures, statuses = removed
    return (f"đã xóa số liệu minh họa / demo removed: {figures} số liệu / figures, "
            f"{statuses} trạng thái NQ57 / statuses")


# ---- rollback --------------------------------------------------------------------------------------

def rollback(db_path: Path, load_id: int, *, loaded_by: str | None = None, loaded_at: dt.datetime | None = None,
             lock_timeout: float = 60.0, dry_run: bool = False) -> RollbackResult:
    """Undo one load: delete what it wrote and put back exactly the values and statuses it replaced
    or removed, with their own load ids. Recorded as a load of kind 'rollback' (the target gets
    rolled_back_by/at). Raises RollbackRefused when there is no such load, it is a rollback or
    already rolled back, or a later load changed what it wrote (naming that load)."""
    db_path = Path(db_path)
    loaded_by = loaded_by or who()
    loaded_at = (loaded_at or dt.datetime.now()).replace(microsecond=0)

    def work(con):
        target = _rollback_target(con, load_id)
        _refuse_conflicts(con, target)
        figures = con.sql(ROLLBACK_FIGURES_SQL, params={"target": load_id}).pl()
        statuses = con.sql(ROLLBACK_STATUSES_SQL, params={"target": load_id}).pl()
        rollback_id = con.execute("SELECT max(load_id) + 1 FROM loads").fetchall()[0][0]
        removed, restored = (sum(frame[column].is_not_null().sum() for frame in (figures, statuses))
                             for column in ("current", "restored"))
        _undo(con, load_id)
        source = target[1]
        summary = (f"hoàn tác lượt #{load_id} ({source}): xóa {removed}, khôi phục {restored} / rolled back load "
                   f"#{load_id} ({source}): removed {removed}, restored {restored}")
        con.execute("""INSERT INTO loads (load_id, source, sha256, rows, loaded_at, kind, loaded_by, is_demo,
                                          replaced_rows, summary, rollback_of)
                       VALUES (?, ?, NULL, ?, ?, 'rollback', ?, false, 0, ?, ?)""",
                    [rollback_id, f"hoàn tác / rollback #{load_id}", removed + restored, loaded_at, loaded_by,
                     summary, load_id])
        con.execute("UPDATE loads SET rolled_back_by = ?, rolled_back_at = ? WHERE load_id = ?",
                    [rollback_id, loaded_at, load_id])
        return RollbackResult(rollback_id, load_id, source, removed, restored, figures, statuses), []

    return _transaction(db_path, work, fresh=False, dry_run=dry_run, lock_timeout=lock_timeout)


def _rollback_target(con: duckdb.DuckDBPyConnection, load_id: int) -> tuple:
    rows = con.execute("SELECT load_id, source, kind, rolled_back_by FROM loads WHERE load_id = ?",
                       [load_id]).fetchall()
    if not rows:
        raise RollbackRefused(f"Không có lượt nạp #{load_id}", f"There is no load #{load_id}")
    target = rows[0]
    if target[2] == "rollback":
        raise RollbackRefused(
            f"Lượt #{load_id} là một lần hoàn tác; muốn có lại số liệu thì nạp lại tệp đó",
            f"Load #{load_id} is itself a rollback; to get those figures back, load the file again")
    if target[3] is not None:
        raise RollbackRefused(f"Lượt #{load_id} ({target[1]}) đã được hoàn tác (lượt #{target[3]})",
                              f"Load #{load_id} ({target[1]}) was already rolled back (by #{target[3]})")
    return target


# Later loads, still in force, that changed what the target wrote: a value or status the
# target wrote was replaced (their change rows name it as the old load), or a figure now sits
# where the target replaced or removed one (put there after it).
ROLLBACK_CONFLICTS_SQL = f"""
WITH later AS (
    SELECT c.load_id FROM load_changes c WHERE c.old_load_id = $target AND c.load_id <> $target
    UNION SELECT c.load_id FROM load_status_changes c WHERE c.old_load_id = $target AND c.load_id <> $target
    UNION SELECT o.load_id FROM load_changes c JOIN observations o USING (commune_code, indicator_code, period)
          WHERE c.load_id = $target AND o.load_id <> $target
    UNION SELECT s.load_id FROM load_status_changes c JOIN r57_status s USING (commune_code, period)
          WHERE c.load_id = $target AND s.load_id <> $target
)
SELECT l.load_id, l.source, l.loaded_at FROM loads l JOIN later USING (load_id)
WHERE {ACTIVE_LOADS} ORDER BY l.load_id"""


def _refuse_conflicts(con: duckdb.DuckDBPyConnection, target: tuple) -> None:
    later = con.execute(ROLLBACK_CONFLICTS_SQL, {"target": target[0]}).fetchall()
    if not later:
        return
    names = ", ".join(f"#{lid} ({source}, {at:%Y-%m-%d %H:%M})" for lid, source, at in later)
    first = "#" + ", #".join(str(lid) for lid, _, _ in reversed(later))
    raise RollbackRefused(
        f"Không hoàn tác được lượt #{target[0]} ({target[1]}): lượt nạp sau đó {names} đã thay đổi số liệu của "
        f"lượt này; hãy hoàn tác {first} trước",
        f"Cannot roll back load #{target[0]} ({target[1]}): the later load {names} changed figures it wrote; "
        f"roll back {first} first")


# Every figure (and, below, status) the rollback touches: its current value, the target's
# (NULL where the target removed it), and the one restored (NULL where the target added it).
ROLLBACK_FIGURES_SQL = """
SELECT commune_code, indicator_code, period, f.value AS current, c.old_value AS restored
FROM (SELECT commune_code, indicator_code, period, value FROM observations WHERE load_id = $target) f
FULL JOIN (SELECT commune_code, indicator_code, period, old_value FROM load_changes WHERE load_id = $target) c
     USING (commune_code, indicator_code, period)
ORDER BY indicator_code, period, commune_code"""

ROLLBACK_STATUSES_SQL = """
SELECT commune_code, period, s.status AS current, c.old_status AS restored
FROM (SELECT commune_code, period, status FROM r57_status WHERE load_id = $target) s
FULL JOIN (SELECT commune_code, period, old_status FROM load_status_changes WHERE load_id = $target) c
     USING (commune_code, period)
ORDER BY period, commune_code"""


def _undo(con: duckdb.DuckDBPyConnection, target: int) -> None:
    for statement in (
        "DELETE FROM observations WHERE load_id = $t",
        """INSERT INTO observations SELECT commune_code, indicator_code, period, old_value, old_load_id
           FROM load_changes WHERE load_id = $t""",
        "DELETE FROM r57_status WHERE load_id = $t",
        """INSERT INTO r57_status (commune_code, period, status, label, note, load_id)
           SELECT commune_code, period, old_status, old_label, old_note, old_load_id
           FROM load_status_changes WHERE load_id = $t""",
        "DELETE FROM public_figures WHERE load_id = $t",
        """INSERT INTO public_figures SELECT * EXCLUDE (removed_by) FROM load_public_figures
           WHERE removed_by = $t""",
    ):
        con.execute(statement, {"t": target})
