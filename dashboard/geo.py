"""Commune shapes for the map: read once per process, handed out per province.

The national shapes file (10,7 MB, data/geo/vn_communes_2025.geojson) is parsed once per
process (lru_cache) and split by province; a province view gets only its own features.
The national view uses the coverage-simplified copy written by etl/geo_prepare.py.
No shapely here: the app only reads GeoJSON that was prepared offline.

Features are shared between reruns: callers must not mutate them (build new dicts).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
COMMUNES_FILE = GEO_DIR / "vn_communes_2025.geojson"
SIMPLIFIED_FILE = GEO_DIR / "vn_communes_2025_simplified.geojson"
PROVINCES_FILE = GEO_DIR / "vn_provinces_2025.geojson"


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _by_province(features: list[dict]) -> dict[int, tuple[dict, ...]]:
    grouped: dict[int, list[dict]] = {}
    for feature in features:
        grouped.setdefault(int(feature["properties"]["province_code"]), []).append(feature)
    return {code: tuple(items) for code, items in grouped.items()}


@lru_cache(maxsize=1)
def _full_by_province() -> dict[int, tuple[dict, ...]]:
    return _by_province(_read(COMMUNES_FILE))


@lru_cache(maxsize=1)
def _simplified() -> tuple[dict, ...]:
    path = SIMPLIFIED_FILE if SIMPLIFIED_FILE.exists() else COMMUNES_FILE
    return tuple(_read(path))


def province_features(province: int) -> tuple[dict, ...]:
    """The full-detail commune features of one province (empty when it has none)."""
    return _full_by_province().get(int(province), ())


def national_features() -> tuple[dict, ...]:
    """Simplified commune features of the whole country (for the national view)."""
    return _simplified()


def features(province: int | None) -> tuple[dict, ...]:
    """A province's full-detail features, or the simplified national set for None."""
    return national_features() if province is None else province_features(province)


@lru_cache(maxsize=1)
def province_outlines() -> tuple[dict, ...]:
    """Simplified province outlines (empty when the derived file is missing)."""
    return tuple(_read(PROVINCES_FILE)) if PROVINCES_FILE.exists() else ()


def bounds(features: tuple[dict, ...] | list[dict]) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) over the features' coordinates."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
            return
        for part in coords:
            walk(part)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)
