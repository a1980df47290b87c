"""Server-side time of each script run, for the load test (`COMMUNE_PAGE_TIMING=1`).

One line per run on the app's console: `script page=overview seconds=0.231 outcome=done
session=1a2b3c4d params=province=38&scope=national`. `bench/bench_concurrency.py` turns it on and
reads the lines back, so that its report says how long the server worked on each view, apart
from the time the browser took to draw it. Off (the default): nothing is measured or printed.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from urllib.parse import urlencode

from core import config

_log = logging.getLogger("dashboard.timing")
_local = threading.local()
ENABLED = config.page_timing()
if ENABLED and not _log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    _log.addHandler(_handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False


def started() -> None:
    """Mark the start of a script run (the first thing the shared setup does)."""
    if ENABLED:
        _local.started = time.perf_counter()


def finished(page: str, outcome: str, part: str = "script") -> None:
    """Log the run's seconds since `started()`; `part` names a fragment's own run."""
    began = getattr(_local, "started", None) if ENABLED else None
    if began is None:
        return
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    session = run.session_id[:8] if run else "-"
    params = urlencode({k: ",".join(st.query_params.get_all(k)) for k in st.query_params})
    _log.info("%s page=%s seconds=%.3f outcome=%s session=%s params=%s", part, page or "-",
              time.perf_counter() - began, outcome, session, params)
    if part == "script":
        _local.started = None
