"""The only module that caches: one read-only connection per database version, and one
function per named query of core.queries, its result cached on its parameters and the
database version.

A load swaps the file (new inode/mtime), so the version changes and every cached result of
the old file is simply never asked for again. The functions below take every parameter by
keyword and nothing else: they never read widgets or session state (the page passes what
the user chose). An indicator's ranking direction is not a parameter: core.queries takes it
from the catalog.
"""
from __future__ import annotations

import datetime as dt
import threading

import polars as pl
import streamlit as st

from core import config, db, queries
from core.queries import Window


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(version: tuple):
    con = db.open_reader(config.database_path())
    if db.file_version(config.database_path()) != version:
        # swapped between the version's stat and the open: these are not that version's figures,
        # and results cached under its key would be wrong
        con.close()
        raise FileChangedError(version)
    return con


class FileChangedError(RuntimeError):
    """The database file changed under a view pinned to an older version, before it was opened."""


_view = threading.local()


def begin_view() -> None:
    """Pin the database version for the script run that starts now (called by dashboard.setup).

    A load swaps the file while readers are served; without the pin, one view that straddles
    the swap could draw its chart from the old file and its table from the new one. The pin
    lives on the script thread until the next run begins; code outside a script run (the
    briefing command line, benchmarks) is never pinned and reads the file as it is now.
    """
    _view.version = db.file_version(config.database_path())


def database_version() -> tuple:
    pinned = getattr(_view, "version", None)
    return pinned if pinned is not None else db.file_version(config.database_path())


def database_exists() -> bool:
    return config.database_path().exists()


def cursor():
    """A fresh cursor on the view's version of the database (one per script run)."""
    return _on_the_views_version(lambda version: db.cursor(_connection(version)))


def _on_the_views_version(read):
    """`read(version)` on the view's version; when that file was replaced before it was opened
    (FileChangedError), the view moves to the new one and reads that."""
    try:
        return read(database_version())
    except FileChangedError:
        begin_view()
        return read(database_version())


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(version: tuple, name: str, params: tuple):
    # One cache for every query (as one budget of entries); the key is the database version,
    # the query's name and its keyword parameters.
    return getattr(queries, name)(db.cursor(_connection(version)), **dict(params))


def _run(name: str, **params):
    key = tuple(sorted(params.items()))
    return _on_the_views_version(lambda version: _cached(version, name, key))


# ---- figures ---------------------------------------------------------------------------------

def window_values(*, codes: list[str], window: Window, province: int | None) -> pl.DataFrame:
    """One row per commune in scope × indicator: its value over the window (core.queries.window_values)."""
    return _run("window_values", codes=list(codes), window=tuple(window), province=province)


def ranking(*, code: str, window: Window, previous: Window, province: int | None, national: bool) -> pl.DataFrame:
    """Communes ranked on one indicator, with the rank change against `previous` (core.queries.ranking)."""
    return _run("ranking", code=code, window=tuple(window), previous=tuple(previous), province=province,
                national=national)


def monthly_values(*, codes: list[str], start: dt.date, end: dt.date, province: int | None,
                   communes: list[int] | None = None) -> pl.DataFrame:
    """Month-by-month values of indicators for a province's (or the listed) communes."""
    return _run("monthly_values", codes=list(codes), start=start, end=end, province=province,
                communes=list(communes) if communes else None)


def profile_ranks(*, codes: list[str], window: Window, province: int) -> pl.DataFrame:
    """Every commune of a province × indicator: value, rank in the province and percentile."""
    return _run("profile_ranks", codes=list(codes), window=tuple(window), province=province)


def monthly_ranks(*, code: str, start: dt.date, end: dt.date, province: int) -> pl.DataFrame:
    """Every commune of a province × month: the indicator's value and its rank in the province."""
    return _run("monthly_ranks", code=code, start=start, end=end, province=province)


def r57_window(*, window: Window, province: int | None) -> pl.DataFrame:
    """Each commune's latest Resolution 57 status in the window (None = not reported)."""
    return _run("r57_window", window=tuple(window), province=province)


def r57_history(*, commune: int) -> pl.DataFrame:
    """One commune's Resolution 57 status month by month."""
    return _run("r57_history", commune=commune)


def public_figures(*, commune: int | None = None) -> pl.DataFrame:
    """Figures from public reports that the demo reproduces (one commune's, or all)."""
    return _run("public_figures", commune=commune)


# ---- reference data and the database's state ---------------------------------------------------

def provinces() -> pl.DataFrame:
    """One row per province with its number of communes."""
    return _run("provinces")


def communes(*, province: int | None) -> pl.DataFrame:
    """One row per commune of a province (None = the whole country)."""
    return _run("communes", province=province)


def old_communes(*, commune: int) -> pl.DataFrame:
    """The pre-July-2025 communes a new commune was formed from."""
    return _run("old_communes", commune=commune)


def periods() -> list[dt.date]:
    """Every month that has observations, oldest first."""
    return _run("periods")


def data_status() -> dict:
    """Whether the database holds demo data, its latest month and its last load time."""
    return _run("data_status")


def loads() -> pl.DataFrame:
    """Every load, newest first."""
    return _run("loads")


def coverage(*, period: dt.date, province: int | None) -> pl.DataFrame:
    """Per stored indicator: how many communes of the scope report it in a month."""
    return _run("coverage", period=period, province=province)


def missing(*, period: dt.date, province: int) -> pl.DataFrame:
    """Which communes of a province lack which stored indicator in a month."""
    return _run("missing", period=period, province=province)


def reported_counts(*, period: dt.date, province: int | None) -> pl.DataFrame:
    """Per indicator (and 'r57_status'): how many communes of the scope report it in a month."""
    return _run("reported_counts", period=period, province=province)


def communes_without(*, indicator: str, period: dt.date, province: int | None) -> pl.DataFrame:
    """The communes of the scope with no value of an indicator in a month."""
    return _run("communes_without", indicator=indicator, period=period, province=province)


def communes_without_status(*, period: dt.date, province: int | None) -> pl.DataFrame:
    """The communes of the scope with no Resolution 57 status in a month."""
    return _run("communes_without_status", period=period, province=province)


def figure_sources(*, window: Window, province: int | None) -> pl.DataFrame:
    """The loads a scope's figures over a window came from (file names, demo or not), newest first."""
    return _run("figure_sources", window=tuple(window), province=province)
