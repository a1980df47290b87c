"""Command line of the ETL: `python -m etl demo|load|status|rollback|rebuild`.

Exit codes: 0 success, 1 a file was refused (nothing loaded), 2 wrong usage.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core import config, db, periods, queries
from etl import cli_admin, cli_load, load


def _holds_real_figures(db_path: Path) -> bool:
    if not db_path.exists():
        return False
    con = db.open_reader(db_path)
    try:
        return queries.data_status(con)["has_real"]
    finally:
        con.close()


def _demo(args: argparse.Namespace) -> int:
    from etl import demo

    started = time.perf_counter()
    until = None
    if args.until:
        until = periods.parse_month(args.until)
        if until is None:
            print(f"python -m etl demo: --until '{args.until}': dùng YYYY-MM / use YYYY-MM", file=sys.stderr)
            return 2
    db_path = Path(args.db) if args.db else config.database_path()
    if _holds_real_figures(db_path):  # `demo` replaces the whole file
        print(f"python -m etl demo: {db_path} đang chứa số liệu thật; hãy tạo bản minh họa trong tệp khác (--db) / "
              f"{db_path} holds real figures; build the demo in another file (--db)", file=sys.stderr)
        return 1
    batch = demo.build(until)
    load.commit([batch], db_path, fresh=True)
    print(f"Đã tạo dữ liệu minh họa / demo database built: {db_path} "
          f"({batch.observations.height:,} observations, {batch.r57.height:,} Resolution 57 statuses, "
          f"{time.perf_counter() - started:.1f} s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="build the deterministic demo database (replaces the file)")
    demo.add_argument("--db", help="database file (default: $COMMUNE_DB or data/communes.duckdb)")
    demo.add_argument("--until", help="last month, YYYY-MM (default: the last full month)")
    demo.set_defaults(func=_demo)
    cli_load.register(sub)  # the file-loading commands: load, status
    cli_admin.register(sub)  # the history: rollback, rebuild
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
