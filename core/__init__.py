"""The shared core: what both the ETL (write side) and the dashboard (read side) need.

Dependency rule: core ← etl; core ← dashboard ← pages and app.py. Nothing here imports
`etl`, `dashboard` or Streamlit.

- config: where the database, its archive and backups live (`COMMUNE_DB`).
- catalog: the indicator catalog and settings (grade bands, targets, reform month, defaults).
  The words that harmonise headings and cells in files (data/catalog/vocabulary.yaml) are
  the ETL's alone: etl.vocabulary reads them.
- periods: the one period parser and the one month arithmetic; windows.
- names: diacritic folding and matching keys; slugs for file names.
- problems: the `Problem` type (file, row, column, reason in both languages) and its formatting.
- fmt: numbers the Vietnamese way (67,83; 5.932) and the English way.
- db, queries: read-only access to the DuckDB file and every named query.
"""
