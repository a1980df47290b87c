"""Where things live. The database location is configuration, not code.

- `COMMUNE_DB`: the DuckDB file the app reads and the ETL writes (default data/communes.duckdb).
- `COMMUNE_PAGE_TIMING=1`: one log line per script run with its server-side seconds (for the load test).
- `COMMUNE_LOAD_MEMORY`: how much memory DuckDB may use for a load's working copy before it
  spills to a temporary folder beside the database (default 500MB; a national load then peaks
  near 1 GB instead of 1.3 GB, 5 % slower).
- The archive of accepted files and the database backups sit beside the database, so that
  a database moved with its folder keeps its history.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CATALOG_DIR = DATA_DIR / "catalog"
GEO_DIR = DATA_DIR / "geo"
DEFAULT_DB = DATA_DIR / "communes.duckdb"


def database_path() -> Path:
    """`COMMUNE_DB` when set, else data/communes.duckdb."""
    return Path(os.environ.get("COMMUNE_DB") or DEFAULT_DB)


def archive_dir(db_path: Path) -> Path:
    """Accepted files, content-addressed (`<sha256>.<ext>`), beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".archive")


def backups_dir(db_path: Path) -> Path:
    """The last few databases before each load, beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".backups")


def staging_dir(db_path: Path) -> Path:
    """Uploaded files waiting for an editor's confirmation, beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".staging")


def load_memory_limit() -> str:
    """`COMMUNE_LOAD_MEMORY` when set (a DuckDB size such as "2GB"), else "500MB"."""
    return os.environ.get("COMMUNE_LOAD_MEMORY") or "500MB"


def page_timing() -> bool:
    """`COMMUNE_PAGE_TIMING=1`: the app logs one line per script run (page, parameters, seconds) to
    its console. The load test turns it on; normal runs print nothing."""
    return os.environ.get("COMMUNE_PAGE_TIMING", "") == "1"
