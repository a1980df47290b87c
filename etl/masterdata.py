"""Master data: provinces and communes from `vietnam-provinces`, geography from data/geo.

The list is never hand-typed: codes, names and division types come from the package
(2025.10.1: 34 provinces, 3,321 communes). Area and population come from the geo files
copied from ../shared/data/geo (see data/geo/SOURCES.md for provenance and licence).
"""
from __future__ import annotations

from functools import lru_cache

import polars as pl
import vietnam_provinces as vp

from core.config import GEO_DIR
from core.names import commune_keys, province_keys

CENTROIDS_CSV = GEO_DIR / "vn_communes_2025_centroids.csv"
OLD_TO_NEW_CSV = GEO_DIR / "vn_old_to_new_communes_2025.csv"



@lru_cache(maxsize=1)
def provinces() -> pl.DataFrame:
    """One row per province (34)."""
    rows = []
    for p in sorted(vp.Province.iter_all(), key=lambda p: int(p.code)):
        key, akey = province_keys(p.name)
        rows.append({"province_code": int(p.code), "name": p.name, "division_type": p.division_type.value,
                     "codename": p.codename, "name_key": key, "ascii_key": akey})
    return pl.DataFrame(rows, schema_overrides={"province_code": pl.Int32})


@lru_cache(maxsize=1)
def communes() -> pl.DataFrame:
    """One row per commune (3,321), with area, population and map points where known."""
    rows = []
    for w in vp.Ward.iter_all():
        key, akey = commune_keys(w.name)
        rows.append({"commune_code": int(w.code), "province_code": int(w.province_code), "name": w.name,
                     "division_type": w.division_type.value, "codename": w.codename,
                     "name_key": key, "ascii_key": akey})
    frame = pl.DataFrame(rows, schema_overrides={"commune_code": pl.Int32, "province_code": pl.Int32})
    geo = pl.read_csv(CENTROIDS_CSV, columns=["code", "area_km2", "population", "label_lon", "label_lat",
                                              "bando_before_merger"],
                      schema_overrides={"code": pl.Int32})
    geo = geo.rename({"code": "commune_code", "label_lon": "lon", "label_lat": "lat",
                      "bando_before_merger": "formed_from"})
    return (frame.join(geo, on="commune_code", how="left")
            .with_columns(pl.col("population").cast(pl.Int64))
            .sort("commune_code"))


@lru_cache(maxsize=1)
def old_to_new() -> pl.DataFrame:
    """Old (before July 2025) → new commune mapping, one row per (old, new) pair."""
    frame = pl.read_csv(OLD_TO_NEW_CSV, schema_overrides={"old_code": pl.Int32, "new_code": pl.Int32,
                                                          "new_province_code": pl.Int32,
                                                          "old_district_code": pl.Int32,
                                                          "old_province_code": pl.Int32})
    return frame.select("old_code", "old_name", "old_type", "old_district_code", "old_district_name",
                        "old_province_code", "old_province_name", "new_code", "new_name",
                        "new_province_code", "merge_type")
