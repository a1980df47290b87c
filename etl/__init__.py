"""The write side: read → match → validate → load monthly commune figures into DuckDB.

`etl.pipeline` is the way in (prepare files, preview, commit), for the command line and
the upload page alike; `etl.load` is the only module that opens the database for writing.
"""
