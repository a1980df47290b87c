"""The DuckDB model. Table and column names are a contract for tests and for users' own SQL."""

SCHEMA_VERSION = 1

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
    # One row per load (a file, or the demo generator).
    """CREATE TABLE IF NOT EXISTS loads (
        load_id INTEGER PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        rows INTEGER NOT NULL, loaded_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL,
        loaded_by VARCHAR, is_demo BOOLEAN NOT NULL DEFAULT false,
        replaced_rows INTEGER NOT NULL DEFAULT 0, summary VARCHAR)""",
    # One row per commune × indicator × month (period = first day of the month).
    # Derived rates are not stored here: they are computed from counts at query time.
    """CREATE TABLE IF NOT EXISTS observations (
        commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL, period DATE NOT NULL,
        value DOUBLE NOT NULL, load_id INTEGER NOT NULL,
        PRIMARY KEY (commune_code, indicator_code, period))""",
    # One row per commune × month with a Resolution 57 status; no row = not reported.
    """CREATE TABLE IF NOT EXISTS r57_status (
        commune_code INTEGER NOT NULL, period DATE NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
        label VARCHAR, note VARCHAR, load_id INTEGER NOT NULL,
        PRIMARY KEY (commune_code, period))""",
    # Figures published in public reports that the demo data reproduces, with their sources.
    """CREATE TABLE IF NOT EXISTS public_figures (
        commune_code INTEGER NOT NULL, indicator_code VARCHAR NOT NULL, period_from DATE NOT NULL,
        period_to DATE NOT NULL, published VARCHAR NOT NULL, relation VARCHAR NOT NULL,
        value DOUBLE, tolerance DOUBLE NOT NULL DEFAULT 0, source VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
]
