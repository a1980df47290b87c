"""The only module that caches: one read-only connection per database version, and query
results keyed by their parameters and the database version.

A load swaps the file (new inode/mtime), so the version changes and every cached result of
the old file is simply never asked for again.
"""
from __future__ import annotations

import streamlit as st

from core import config, db, queries


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(version: tuple):
    return db.open_reader(config.database_path())


def database_version() -> tuple:
    return db.file_version(config.database_path())


def database_exists() -> bool:
    return config.database_path().exists()


def cursor():
    """A fresh cursor on the current version of the database (one per script run)."""
    return db.cursor(_connection(database_version()))


@st.cache_data(max_entries=1024, show_spinner=False)
def _query(version: tuple, name: str, args: tuple, kwargs: tuple):
    function = getattr(queries, name)
    return function(db.cursor(_connection(version)), *args, **dict(kwargs))


def query(name: str, *args, **kwargs):
    """Run the named function of dashboard.queries, cached on its arguments."""
    if not hasattr(queries, name):
        raise KeyError(name)
    return _query(database_version(), name, args, tuple(sorted(kwargs.items())))
