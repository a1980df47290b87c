"""Shared fixtures: one demo database per test session, built by the real ETL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_UNTIL = "2026-10"  # fixed, so tests do not depend on today's date


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo database built once per session with `python -m etl demo`; shared read-only."""
    path = tmp_path_factory.mktemp("demo") / "communes.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "demo", "--db", str(path), "--until", DEMO_UNTIL],
                   check=True, cwd=ROOT, capture_output=True)
    return path


@pytest.fixture(scope="session")
def demo_env(demo_db):
    """Point the app at the session's demo database (COMMUNE_DB) for AppTest runs."""
    previous = os.environ.get("COMMUNE_DB")
    os.environ["COMMUNE_DB"] = str(demo_db)
    yield demo_db
    if previous is None:
        os.environ.pop("COMMUNE_DB", None)
    else:
        os.environ["COMMUNE_DB"] = previous


@pytest.fixture()
def reader(demo_db):
    """A read-only cursor on the demo database, as the app opens it."""
    from dashboard import db

    con = db.open_reader(demo_db)
    yield db.cursor(con)
    con.close()
