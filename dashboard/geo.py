"""Commune shapes for the map: read once per process, handed out per province.

The national shapes file (10,7 MB, data/geo/vn_communes_2025.geojson) is parsed once per
process (lru_cache) and split by province; a province view gets only its own features.
The national view uses the coverage-simplified copy written by etl/geo_prepare.py.
No shapely here: the app only reads GeoJSON that was prepared offline.

What a map sends to the browser is drawn from levels of detail (etl/geo_prepare.py, LEVELS):
`shapes_at` gives the coarsest level whose tolerance is at most 1.5 pixels at the view's zoom
(borders move by at most that much, shared borders stay shared; screenshots in bench/NOTES.md).
The browser's work on a map grows with its points (tessellating fills and borders in software
WebGL on a PC without GPU acceleration): Thanh Hóa at full detail (20,135 points) cost a
headless chromium about 4.2 s of CPU a view, at 0.01° (2,572 points) 2.1 s (bench/NOTES.md).

Features are shared between reruns: callers must not mutate them (build new dicts).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
COMMUNES_FILE = GEO_DIR / "vn_communes_2025.geojson"
SIMPLIFIED_FILE = GEO_DIR / "vn_communes_2025_simplified.geojson"
PROVINCES_FILE = GEO_DIR / "vn_provinces_2025.geojson"
# Levels of detail (etl/geo_prepare.py LEVELS): tolerance in degrees → file, coarsest first.
LEVELS = ((0.02, GEO_DIR / "vn_communes_2025_t002.geojson"), (0.01, SIMPLIFIED_FILE),
          (0.005, GEO_DIR / "vn_communes_2025_t0005.geojson"), (0.002, GEO_DIR / "vn_communes_2025_t0002.geojson"))


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


@lru_cache(maxsize=len(LEVELS))
def _level(path: Path) -> dict[int, dict]:
    """Commune code → geometry of one level of detail (read the first time a view needs it)."""
    return {int(f["properties"]["code"]): f["geometry"] for f in _read(path)}


def pixel_degrees(zoom: float, latitude: float) -> float:
    """Degrees a screen pixel spans at a deck.gl zoom (Web Mercator: the world is 512 · 2^zoom
    pixels wide), the smaller of longitude and latitude."""
    return 360 / (512 * 2 ** zoom) * max(math.cos(math.radians(latitude)), 0.2)


def shapes_at(degrees_per_pixel: float) -> dict[int, dict] | None:
    """Commune code → geometry at the coarsest level whose tolerance is at most 1.5 pixels, or None
    when every level is coarser (a view zoomed to a few communes: full detail)."""
    for tolerance, path in LEVELS:
        if tolerance <= 1.5 * degrees_per_pixel and path.exists():
            return _level(path)
    return None


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
