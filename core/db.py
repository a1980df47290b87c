"""Read-only access to the DuckDB file.

The ETL replaces the file atomically (os.replace). A reader therefore opens an in-memory
database and ATTACHes the file READ_ONLY, keyed on the file's (inode, mtime): after a swap
the key changes and the next page run opens the new version, while runs still holding the
old connection finish on the old one. One cursor per script run, since connections are not
thread-safe and a cursor does not inherit `USE`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb


def file_version(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_ino, stat.st_mtime_ns


def open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{_quote(path)}' AS live (READ_ONLY)")  # a path from configuration, quoted
    con.execute("USE live")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    cur = con.cursor()
    cur.execute("USE live")
    return cur


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
