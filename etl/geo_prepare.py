"""One-off: derive the map's light shapes from data/geo/vn_communes_2025.geojson.

    python -m etl.geo_prepare            # writes the files below (needs the dev group: shapely)

- one file of every commune per level of detail (LEVELS: tolerance in degrees → file), each
  simplified as a coverage (shapely.coverage_simplify keeps shared borders shared: no gaps or
  overlaps between neighbours). The map draws the coarsest level whose tolerance is at most 1.5
  pixels at its initial zoom (dashboard/geo.py): the country at 0.02°, a province on the
  overview at 0.002-0.005°, on the map page at 0.002° (full detail for a few small ones).
  The 0.005° level cuts Thanh Hóa from 20,135 points to 4,576, and the browser's work on a
  map view with it (bench/NOTES.md);
- data/geo/vn_provinces_2025.geojson: province outlines, the union of each province's
  communes at the coarsest level (the national view's), so commune and province edges coincide.

Coordinates are rounded to 4 decimals (about 11 m; 3 for levels of 0.01° and coarser, still a
tenth of the tolerance) and properties cut to what the map uses. The outputs are committed; the
app reads them without shapely. Deterministic: the same input gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
SOURCE = GEO_DIR / "vn_communes_2025.geojson"
PROVINCES_OUT = GEO_DIR / "vn_provinces_2025.geojson"
# Tolerance in degrees → file. At the national zoom a pixel is about 0.03°; a province fills the
# frame at about 0.002-0.005° a pixel. Vertices of the whole country: 452,000 in the source,
# about 250,000 / 114,000 / 67,000 / 44,000 at the levels below.
LEVELS = {
    0.002: GEO_DIR / "vn_communes_2025_t0002.geojson",
    0.005: GEO_DIR / "vn_communes_2025_t0005.geojson",
    0.01: GEO_DIR / "vn_communes_2025_simplified.geojson",
    0.02: GEO_DIR / "vn_communes_2025_t002.geojson",
}
GAP_WIDTH = 0.0005
# Islets below ~0.1 km² (Hạ Long Bay has hundreds) are invisible nationally; a commune
# always keeps its largest part.
MIN_PART_AREA = 1e-5
DECIMALS = 4


def decimals(tolerance: float) -> int:
    """Decimals of a level's coordinates: a tenth of its tolerance or finer (at most DECIMALS)."""
    return min(DECIMALS, max(3, math.ceil(-math.log10(tolerance / 10) - 1e-9)))
KEEP = ("code", "name", "division_type", "province_code", "province_name")


def _round(coords, decimals: int):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], decimals), round(coords[1], decimals)]
    return [_round(part, decimals) for part in coords]


def _clean(geometry, decimals: int):
    """Rounded, valid polygonal geometry (rounding can fold tiny slivers)."""
    geometry = shapely.set_precision(geometry, 10 ** -decimals)
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    if geometry.geom_type == "GeometryCollection":
        polygons = [g for g in geometry.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geometry = shapely.union_all(polygons)
    return geometry


def _drop_specks(geometry):
    if geometry.geom_type != "MultiPolygon":
        return geometry
    parts = sorted(geometry.geoms, key=lambda g: g.area, reverse=True)
    kept = [parts[0]] + [g for g in parts[1:] if g.area >= MIN_PART_AREA]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def _feature(geometry, properties: dict, places: int = DECIMALS) -> dict:
    geojson = mapping(geometry)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geojson["type"],
                         "coordinates": _round(json.loads(json.dumps(geojson["coordinates"])), places)}}


def _write(path: Path, features: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False,
                  separators=(",", ":"))
        handle.write("\n")


def prepare(source: Path = SOURCE, levels: dict[float, Path] | None = None,
            provinces_out: Path = PROVINCES_OUT) -> dict:
    levels = LEVELS if levels is None else levels
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    geometries = [shape(f["geometry"]) for f in features]
    # The supplied polygons have tiny overlaps and gaps between neighbours (SOURCES.md); a
    # clean coverage first lets coverage_simplify keep every shared border shared.
    # Gaps narrower than ~50 m are merged into a neighbour (slow, about a minute, but one-off).
    cleaned = shapely.coverage_clean(geometries, gap_width=GAP_WIDTH)
    written = {}
    for tolerance, path in sorted(levels.items()):
        simplified = shapely.coverage_simplify(cleaned, tolerance)
        places = decimals(tolerance)
        _write(path, [_feature(_drop_specks(_clean(geometry, places)), {k: feature["properties"][k] for k in KEEP},
                               places) for feature, geometry in zip(features, simplified)])
        written[path.name] = path.stat().st_size

    # Province outlines are unions of the coarsest level's communes (the national view's), so
    # both layers share edges.
    coarsest = max(levels)
    simplified = shapely.coverage_simplify(cleaned, coarsest)
    by_province: dict[int, list] = {}
    names: dict[int, str] = {}
    for feature, geometry in zip(features, simplified):
        code = int(feature["properties"]["province_code"])
        by_province.setdefault(code, []).append(geometry)
        names[code] = feature["properties"]["province_name"]
    places = decimals(coarsest)
    province_features = [
        _feature(_clean(shapely.coverage_union_all(by_province[c]), places),
                 {"province_code": c, "province_name": names[c]}, places) for c in sorted(by_province)]
    _write(provinces_out, province_features)
    written[provinces_out.name] = provinces_out.stat().st_size
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    print(prepare())


if __name__ == "__main__":
    main()
