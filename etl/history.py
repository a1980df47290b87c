"""A database's history: rollback, rebuild, the archive of loaded files and the backups.

What the command line (`python -m etl rollback|rebuild`, etl/cli_admin.py) and the upload
page call. Writing goes through etl.load, the only writer.

- `rollback(db, load_id)` undoes one load exactly (`dry_run=True` previews what it would
  remove and restore); refused, naming the later load, where a later load changed the same
  values.
- `rebuild(db, to)` recreates the database in a new file from master data, the demo (when the
  database holds a demo load: regenerated from its version and last month) and the archive
  of accepted files, replaying every load and rollback in load order through the same
  pipeline functions and options: identical observations, statuses and load ids.
- `archive_files(db)`, `backups(db)`: what is kept beside the database.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core import config, db, periods
from core.problems import format_problems
from etl import load, pipeline


class RebuildError(load.Refusal):
    """A load of the history cannot be replayed (archived file missing, refused, other demo version)."""


@dataclass(frozen=True)
class LoadRecord:
    """One row of `loads`, as rebuild replays it."""
    load_id: int
    source: str
    sha256: str | None
    kind: str
    loaded_at: dt.datetime
    loaded_by: str | None
    options: dict
    archived: str | None
    rollback_of: int | None


HISTORY_SQL = """
SELECT load_id, source, sha256, kind, loaded_at, loaded_by, options, archived, rollback_of
FROM loads ORDER BY load_id"""


def history(db_path: Path) -> list[LoadRecord]:
    """Every load of the database, oldest first (rolled-back ones and rollbacks included)."""
    con = db.open_reader(Path(db_path))
    try:
        rows = con.execute(HISTORY_SQL).fetchall()
    except duckdb.BinderException:
        raise RebuildError(
            f"{db_path} được ghi bởi phiên bản cũ, chưa lưu tùy chọn và tệp của các lượt nạp; không dựng lại được",
            f"{db_path} was written by an older version that kept neither the options nor the files of its "
            f"loads; it cannot be rebuilt") from None
    finally:
        con.close()
    return [LoadRecord(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else {}, r[7], r[8])
            for r in rows]


def rollback(db_path: Path, load_id: int, *, loaded_by: str | None = None, dry_run: bool = False,
             lock_timeout: float = 60.0) -> load.RollbackResult:
    """Undo load `load_id`: its figures and statuses go, the ones it replaced or removed come
    back with their own load ids. `dry_run=True` returns what would change and writes nothing.
    Raises load.RollbackRefused (no such load, a rollback, already rolled back, or a later load
    changed what it wrote: roll that one back first) and load.LoadBusy."""
    return load.rollback(Path(db_path), load_id, loaded_by=loaded_by, dry_run=dry_run, lock_timeout=lock_timeout)


# ---- rebuild ------------------------------------------------------------------------------------

def rebuild(db_path: Path, to_path: Path, *, progress: Callable[[LoadRecord], None] | None = None
            ) -> list[LoadRecord]:
    """Recreate `db_path` in the new file `to_path` by replaying its history; returns the loads
    replayed. Raises RebuildError (nothing is left at `to_path`) when a load cannot be replayed."""
    db_path, to_path = Path(db_path), Path(to_path)
    if not db_path.exists():
        raise RebuildError(f"Không có cơ sở dữ liệu {db_path}", f"No database at {db_path}")
    if to_path.exists() or config.archive_dir(to_path).exists():
        raise RebuildError(f"{to_path} đã có; hãy chọn một tệp mới (không ghi đè)",
                           f"{to_path} exists; choose a new file (rebuild never overwrites)")
    records = history(db_path)
    if not records:
        raise RebuildError(f"{db_path} chưa có lượt nạp nào", f"{db_path} has no loads")
    try:
        for record in records:
            if progress is not None:
                progress(record)
            replayed = _replay(record, db_path, to_path)
            if replayed != record.load_id:
                raise RebuildError(
                    f"Nạp lại lượt #{record.load_id} ({record.source}) cho lượt #{replayed}",
                    f"Replaying load #{record.load_id} ({record.source}) gave load #{replayed}")
    except BaseException:
        _remove_database(to_path)
        raise
    finally:  # the intermediate versions of a rebuild are not history
        shutil.rmtree(config.backups_dir(to_path), ignore_errors=True)
    return records


def _replay(record: LoadRecord, db_path: Path, to_path: Path) -> int | None:
    if record.kind == "rollback":
        return load.rollback(to_path, record.rollback_of, loaded_by=record.loaded_by,
                             loaded_at=record.loaded_at).rollback_id
    if record.kind == "demo":
        return _replay_demo(record, to_path)
    return _replay_file(record, db_path, to_path)


def _replay_demo(record: LoadRecord, to_path: Path) -> int | None:
    from etl import demo  # the generator and its numpy draws are needed only here

    version = record.options.get("demo_version")
    until = record.options.get("until")
    if version is None:  # a demo loaded before options were recorded: "demo:<version>:until=<YYYY-MM>"
        _, version, until = record.source.split(":", 2)
        until = until.removeprefix("until=")
    if version != demo.DEMO_VERSION:
        raise RebuildError(
            f"Lượt #{record.load_id} là bản minh họa {version}; phần mềm này tạo bản {demo.DEMO_VERSION}, "
            f"số liệu sẽ khác",
            f"Load #{record.load_id} is demo version {version}; this software generates {demo.DEMO_VERSION}, "
            f"whose figures differ")
    last_month = periods.parse_month(until)
    if last_month is None:
        raise RebuildError(f"Lượt #{record.load_id}: tháng cuối của bản minh họa '{until}' không đọc được",
                           f"Load #{record.load_id}: the demo's last month '{until}' cannot be read")
    batch = demo.build(last_month)
    results = load.commit([batch], to_path, fresh=True, loaded_by=record.loaded_by, loaded_at=record.loaded_at)
    return results[0].load_id


def _replay_file(record: LoadRecord, db_path: Path, to_path: Path) -> int | None:
    archived = config.archive_dir(db_path) / (record.archived or "")
    if not record.archived or not archived.is_file():
        raise RebuildError(
            f"Lượt #{record.load_id} ({record.source}): không có tệp trong kho lưu {config.archive_dir(db_path)}",
            f"Load #{record.load_id} ({record.source}): its file is not in the archive "
            f"{config.archive_dir(db_path)}")
    try:
        options = pipeline.Options.from_record(record.options, today=record.loaded_at.date())
    except (TypeError, ValueError, KeyError) as exc:  # options of another version of the software
        raise RebuildError(f"Lượt #{record.load_id} ({record.source}): tùy chọn không đọc được ({exc})",
                           f"Load #{record.load_id} ({record.source}): unreadable options ({exc})") from None
    prepared = pipeline.prepare([(archived, record.source)], options, to_path, preview=False)
    if prepared.refused or not prepared.pending:
        why = format_problems(prepared.problems)[:10] or ["đã có / already loaded"]
        raise RebuildError(
            f"Lượt #{record.load_id} ({record.source}) bị từ chối khi nạp lại: " + "; ".join(why),
            f"Load #{record.load_id} ({record.source}) is refused on replay: " + "; ".join(why))
    try:
        results = pipeline.commit(prepared, loaded_by=record.loaded_by, loaded_at=record.loaded_at)
    except pipeline.Refused as exc:
        why = "; ".join(format_problems(exc.problems)[:10])
        raise RebuildError(f"Lượt #{record.load_id} ({record.source}) bị từ chối khi nạp lại: {why}",
                           f"Load #{record.load_id} ({record.source}) is refused on replay: {why}") from None
    return results[0].load_id


def _remove_database(path: Path) -> None:
    for extra in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        extra.unlink(missing_ok=True)
    shutil.rmtree(config.archive_dir(path), ignore_errors=True)


# ---- what is kept beside the database ---------------------------------------------------------------

def archive_files(db_path: Path) -> list[Path]:
    """The archived files, content-addressed (`<sha256><suffix>`)."""
    folder = config.archive_dir(Path(db_path))
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) \
        if folder.is_dir() else []


def backups(db_path: Path) -> list[Path]:
    """The kept earlier versions of the database, oldest first."""
    folder = config.backups_dir(Path(db_path))
    return sorted(folder.glob(f"*-{glob.escape(Path(db_path).name)}")) if folder.is_dir() else []


# Rows of one database missing from the other, per table (compared on every column but the
# ones a replay cannot reproduce: none for figures and statuses).
COMPARE_SQL = """
SELECT 'observations', (SELECT count(*) FROM (SELECT * FROM a.observations EXCEPT ALL SELECT * FROM b.observations))
                     + (SELECT count(*) FROM (SELECT * FROM b.observations EXCEPT ALL SELECT * FROM a.observations))
UNION ALL
SELECT 'r57_status', (SELECT count(*) FROM (SELECT * FROM a.r57_status EXCEPT ALL SELECT * FROM b.r57_status))
                   + (SELECT count(*) FROM (SELECT * FROM b.r57_status EXCEPT ALL SELECT * FROM a.r57_status))
UNION ALL
SELECT 'loads', (SELECT count(*) FROM (SELECT load_id, source, sha256, rows, kind, is_demo, replaced_rows,
                                               rolled_back_by, rollback_of FROM a.loads
                                        EXCEPT ALL SELECT load_id, source, sha256, rows, kind, is_demo,
                                               replaced_rows, rolled_back_by, rollback_of FROM b.loads))
              + (SELECT count(*) FROM (SELECT load_id, source, sha256, rows, kind, is_demo, replaced_rows,
                                               rolled_back_by, rollback_of FROM b.loads
                                        EXCEPT ALL SELECT load_id, source, sha256, rows, kind, is_demo,
                                               replaced_rows, rolled_back_by, rollback_of FROM a.loads))"""


def differences(db_a: Path, db_b: Path) -> dict[str, int]:
    """How many rows of observations, statuses and loads (load ids included) differ between two
    databases: all zero when one is a faithful rebuild of the other."""
    con = duckdb.connect(":memory:")
    try:
        for alias, path in (("a", db_a), ("b", db_b)):
            con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias} (READ_ONLY)")
        return dict(con.execute(COMPARE_SQL).fetchall())
    finally:
        con.close()
