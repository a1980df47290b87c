"""The write side: read → match → validate → load monthly commune figures into DuckDB.

`etl.load` is the only module that opens the database for writing.
"""
