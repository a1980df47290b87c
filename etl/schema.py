"""The DuckDB model. Table and column names are a contract for tests and for users' own SQL.

Every load writes a new file (etl/load.py): the tables below are created in it and filled
from the previous version, so a database of an older schema is migrated by its next load.
"""

SCHEMA_VERSION = 2

# The order observations are stored in: a ranking reads one indicator over a few months, and
# DuckDB skips every row group whose min/max of these columns lies outside the filter.
OBSERVATIONS_ORDER = "indicator_code, period, commune_code"

DDL = [
    # One row per province (34).
    """CREATE TABLE IF NOT EXISTS provinces (
        province_code INTEGER PRIMARY KEY, name VARCHAR NOT NULL, division_type VARCHAR,
        codename VARCHAR, name_key VARCHAR, ascii_key VARCHAR)""",
    # One row per commune after 1 July 2025 (3,321), codes as in vietnam-provinces.
    """CREATE TABLE IF NOT EXISTS communes (
        commune_code INTEGER PRIMARY KEY, province_code INTEGER NOT NULL, name VARCHAR NOT NULL,
        division_type VARCHAR NOT NULL, codename VARCHAR, name_key VARCHAR, ascii_key VARCHAR,
        area_km2 DOUBLE, population BIGINT, lon DOUBLE, lat DOUBLE, formed_from VARCHAR)""",
    # One row per (old commune, new commune) pair of the July 2025 reorganisation.
    """CREATE TABLE IF NOT EXISTS old_communes (
        old_code INTEGER, old_name VARCHAR, old_type VARCHAR, old_district_code INTEGER,
        old_district_name VARCHAR, old_province_code INTEGER, old_province_name VARCHAR,
        new_code INTEGER, new_name VARCHAR, new_province_code INTEGER, merge_type VARCHAR)""",
    # One row per catalog entry (data/catalog/indicators.yaml).
    """CREATE TABLE IF NOT EXISTS indicators (
        indicator_code VARCHAR PRIMARY KEY, name_vi VARCHAR, name_en VARCHAR, unit VARCHAR,
        kind VARCHAR, direction VARCHAR, group_code VARCHAR, decimals INTEGER,
        numerator_codes VARCHAR[], denominator_codes VARCHAR[], scale_max DOUBLE,
        component_of VARCHAR, target_national DOUBLE, aliases VARCHAR[], source VARCHAR,
        definition_vi VARCHAR, definition_en VARCHAR)""",
    # One row per load: a file, the demo generator, or the rollback of an earlier load.
    # kind: file | demo | rollback. sha256: the file's content (NULL for a rollback).
    # options: what `rebuild` needs to replay the load exactly, as JSON (the load options of a
    # file, the version and last month of the demo). archived: the file's name in the archive
    # beside the database (core.config.archive_dir). rolled_back_by/_at: the rollback that undid
    # this load; rollback_of: the load a rollback undid.
    """CREATE TABLE IF NOT EXISTS loads (
        load_id INTEGER PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR,
        rows INTEGER NOT NULL, loaded_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL,
        loaded_by VARCHAR, is_demo BOOLEAN NOT NULL DEFAULT false,
        replaced_rows INTEGER NOT NULL DEFAULT 0, summary VARCHAR, options VARCHAR, archived VARCHAR,
        rolled_back_by INTEGER, rolled_back_at TIMESTAMP, rollback_of INTEGER)""",
    # One row per commune × indicator × month (period = first day of the month), stored in
    # OBSERVATIONS_ORDER. Unique on (commune_code, indicator_code, period): the one writer
    # replaces a value by removing the old row, never by adding a second one (no index, so that
    # a national load is a sorted bulk write). Derived rates are not stored here: they are
    # computed from counts at query time.
    """CREATE TABLE IF NOT EXISTS observations (
        commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL, period DATE NOT NULL,
        value DOUBLE NOT NULL, load_id INTEGER NOT NULL)""",
    # One row per commune × month with a Resolution 57 status; no row = not reported.
    """CREATE TABLE IF NOT EXISTS r57_status (
        commune_code INTEGER NOT NULL, period DATE NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
        label VARCHAR, note VARCHAR, load_id INTEGER NOT NULL,
        PRIMARY KEY (commune_code, period))""",
    # One row per stored value a load replaced or removed: what rollback restores. A value the
    # load added where there was none has no row here.
    """CREATE TABLE IF NOT EXISTS load_changes (
        load_id INTEGER NOT NULL, commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL,
        period DATE NOT NULL, old_value DOUBLE NOT NULL, old_load_id INTEGER NOT NULL)""",
    # The same for Resolution 57 statuses.
    """CREATE TABLE IF NOT EXISTS load_status_changes (
        load_id INTEGER NOT NULL, commune_code INTEGER NOT NULL, period DATE NOT NULL,
        old_status VARCHAR NOT NULL, old_label VARCHAR, old_note VARCHAR, old_load_id INTEGER NOT NULL)""",
    # Figures published in public reports that the demo data reproduces, with their sources;
    # load_id = the demo load that brought them.
    """CREATE TABLE IF NOT EXISTS public_figures (
        commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL, period_from DATE NOT NULL,
        period_to DATE NOT NULL, published VARCHAR NOT NULL, relation VARCHAR NOT NULL,
        value DOUBLE, tolerance DOUBLE NOT NULL DEFAULT 0, source VARCHAR NOT NULL, load_id INTEGER)""",
    # The public figures a load removed with the demo (--replace-demo), for its rollback.
    """CREATE TABLE IF NOT EXISTS load_public_figures (
        removed_by INTEGER NOT NULL, commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL,
        period_from DATE NOT NULL, period_to DATE NOT NULL, published VARCHAR NOT NULL,
        relation VARCHAR NOT NULL, value DOUBLE, tolerance DOUBLE NOT NULL DEFAULT 0, source VARCHAR NOT NULL,
        load_id INTEGER)""",
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
]

# Tables whose rows come from earlier loads, copied into each new version in this order.
HISTORY_TABLES = ["loads", "observations", "r57_status", "load_changes", "load_status_changes",
                  "public_figures", "load_public_figures", "meta"]
# Tables rewritten from code (master data and the catalog) on every load.
REFERENCE_TABLES = ["provinces", "communes", "old_communes", "indicators"]
