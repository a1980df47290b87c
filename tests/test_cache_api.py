"""The cache module offers every named query as a function of its own, keyword-only, and
returns exactly what the query returns."""
from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest

from core import queries
from dashboard import cache

NOV, OCT = dt.date(2025, 11, 1), dt.date(2025, 10, 1)


def _query_functions() -> dict:
    return {name: f for name, f in inspect.getmembers(queries, inspect.isfunction)
            if f.__module__ == queries.__name__ and not name.startswith("_")}


def test_every_query_has_a_cache_function_with_the_same_keyword_only_parameters():
    assert not hasattr(cache, "query")
    for name, query in _query_functions().items():
        wrapper = getattr(cache, name, None)
        assert callable(wrapper), f"cache.{name} is missing"
        params = list(inspect.signature(wrapper).parameters.values())
        expected = list(inspect.signature(query).parameters.values())[1:]  # the query's first is the cursor
        assert [p.name for p in params] == [p.name for p in expected], name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params), name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in expected), name
        assert [p.default for p in params] == [p.default for p in expected], name
        assert all(p.annotation is not inspect.Parameter.empty for p in params), name
        assert wrapper.__doc__ and wrapper.__doc__.strip(), name


def test_no_query_takes_a_direction():
    for name, query in _query_functions().items():
        assert "direction" not in inspect.signature(query).parameters, name


def test_cache_functions_never_read_widgets_or_session_state():
    source = Path(cache.__file__).read_text(encoding="utf-8")
    assert "session_state" not in source and "query_params" not in source


@pytest.mark.parametrize(("name", "params"), [
    ("ranking", {"code": "dossiers_late", "window": (NOV, NOV), "previous": (OCT, OCT), "province": 38,
                 "national": False}),
    ("window_values", {"codes": ["online_rate", "service_index"], "window": (OCT, NOV), "province": 38}),
    ("monthly_ranks", {"code": "service_index", "start": OCT, "end": NOV, "province": 38}),
    ("r57_window", {"window": (NOV, NOV), "province": 38}),
    ("communes", {"province": 38}),
    ("public_figures", {"commune": 14923}),
])
def test_cache_functions_return_what_the_queries_return(demo_env, reader, name, params):
    assert getattr(cache, name)(**params).equals(getattr(queries, name)(reader, **params))


def test_a_view_reads_one_version_of_the_file_while_a_load_swaps_it(real_db, tmp_path, monkeypatch):
    """A load replaces the file (a new inode) while a page is half drawn: everything the page
    asks after its setup comes from the file it started on; its next run sees the new one."""
    import os
    import shutil

    import duckdb

    live, staged = tmp_path / "communes.duckdb", tmp_path / "staged.duckdb"
    shutil.copyfile(real_db, live)
    monkeypatch.setenv("COMMUNE_DB", str(live))
    cache.begin_view()
    before = cache.loads()
    assert before.height >= 1

    shutil.copyfile(live, staged)
    with duckdb.connect(str(staged)) as con:  # what the writer does: a new file with one more load
        con.execute("INSERT INTO loads SELECT load_id + 100, * EXCLUDE (load_id) FROM loads ORDER BY load_id LIMIT 1")
    os.replace(staged, live)

    assert cache.loads().equals(before)  # the same view: still the file it started on
    cache.begin_view()  # the next run
    assert cache.loads().height == before.height + 1


def test_a_view_pinned_to_a_file_replaced_before_it_was_opened_moves_to_the_new_one(real_db, tmp_path,
                                                                                       monkeypatch):
    """The swap comes between the run's pin and its first query: no error, the new file's figures."""
    import os
    import shutil

    import duckdb

    live, staged = tmp_path / "communes.duckdb", tmp_path / "staged.duckdb"
    shutil.copyfile(real_db, live)
    shutil.copyfile(real_db, staged)
    monkeypatch.setenv("COMMUNE_DB", str(live))
    cache._connection.clear()
    cache.begin_view()
    with duckdb.connect(str(staged)) as con:
        con.execute("INSERT INTO loads SELECT load_id + 100, * EXCLUDE (load_id) FROM loads ORDER BY load_id LIMIT 1")
        expected = con.execute("SELECT count(*) FROM loads").fetchall()[0][0]
    os.replace(staged, live)
    assert cache.loads().height == expected
    assert cache.database_version() == (str(live), live.stat().st_ino, live.stat().st_mtime_ns)
