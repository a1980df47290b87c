"""`python -m etl rollback LOAD_ID` and `python -m etl rebuild --to NEW`: arguments and printing.

The work is etl.history's (the functions the upload page calls too).

Exit codes: 0 done, 1 refused (nothing changed), 2 wrong usage.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core import config
from etl import history, load

SHOWN_CHANGES = 20


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else config.database_path()


def _print_rollback(result: load.RollbackResult, dry_run: bool) -> None:
    if dry_run:
        print(f"Sẽ hoàn tác lượt #{result.target} ({result.source}), chưa ghi gì (--dry-run) / Would roll back "
              f"load #{result.target} ({result.source}); nothing written (--dry-run)")
    else:
        print(f"Đã hoàn tác lượt #{result.target} ({result.source}) / Rolled back load #{result.target} "
              f"({result.source}); ghi nhận là lượt / recorded as load #{result.rollback_id}")
    print(f"  xóa / removed {result.removed} số liệu và trạng thái / figures and statuses; "
          f"khôi phục / restored {result.restored}")
    figures = result.figures.filter(result.figures["restored"].is_not_null())
    if figures.height:
        print("  khôi phục / restored (xã / commune, chỉ tiêu / indicator, tháng / month: hiện tại / now → cũ / old):")
        for row in figures.head(SHOWN_CHANGES).iter_rows(named=True):
            now = "—" if row["current"] is None else f"{row['current']:g}"
            print(f"    {row['commune_code']:>5} {row['indicator_code']:<24} {row['period']:%Y-%m}  "
                  f"{now} → {row['restored']:g}")
        if figures.height > SHOWN_CHANGES:
            print(f"    … {figures.height - SHOWN_CHANGES} nữa / more")


def cmd_rollback(args: argparse.Namespace) -> int:
    db_path = _db(args)
    if not db_path.exists():
        print(f"python -m etl rollback: không có cơ sở dữ liệu / no database: {db_path}", file=sys.stderr)
        return 2
    try:
        result = history.rollback(db_path, args.load_id, dry_run=args.dry_run)
    except (load.RollbackRefused, load.LoadBusy) as exc:
        print(f"TỪ CHỐI / REFUSED: {exc}", file=sys.stderr)
        return 1
    _print_rollback(result, args.dry_run)
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    db_path, to_path = _db(args), Path(args.to)
    started = time.perf_counter()

    def progress(record: history.LoadRecord) -> None:
        print(f"  #{record.load_id:<4} {record.kind:<8} {record.loaded_at:%Y-%m-%d %H:%M}  {record.source}",
              flush=True)

    print(f"Dựng lại / Rebuilding {db_path} → {to_path}")
    try:
        records = history.rebuild(db_path, to_path, progress=progress)
    except (history.RebuildError, load.LoadBusy) as exc:
        print(f"TỪ CHỐI / REFUSED: {exc}", file=sys.stderr)
        return 1
    differences = history.differences(db_path, to_path)
    same = not any(differences.values())
    print(f"Đã dựng lại / Rebuilt {to_path}: {len(records)} lượt / loads, {time.perf_counter() - started:.1f} s")
    print("  so với bản gốc / against the original: " + ", ".join(f"{table} {n} khác / differ"
                                                                     for table, n in differences.items()))
    print("  giống hệt / identical" if same else "  KHÁC / DIFFERENT")
    return 0 if same else 1


def register(subparsers) -> None:
    r = subparsers.add_parser("rollback", help="undo one load: restore exactly the values it replaced")
    r.add_argument("load_id", type=int, metavar="LOAD_ID", help="the load to undo (see `python -m etl status`)")
    r.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    r.add_argument("--dry-run", action="store_true", help="show what would be removed and restored, write nothing")
    r.set_defaults(func=cmd_rollback)
    b = subparsers.add_parser("rebuild", help="recreate the database in a new file from master data, the demo "
                                              "and the archive of loaded files, in load order")
    b.add_argument("--db", help="the database to rebuild (default: $COMMUNE_DB or data/communes.duckdb)")
    b.add_argument("--to", required=True, metavar="NEW", help="the new database file (must not exist)")
    b.set_defaults(func=cmd_rebuild)
