"""One-off: derive the map's light shapes from data/geo/vn_communes_2025.geojson.

    python -m etl.geo_prepare            # writes the two files below (needs the dev group: shapely)

- data/geo/vn_communes_2025_simplified.geojson: every commune, simplified as a coverage
  (shapely.coverage_simplify keeps shared borders shared: no gaps or overlaps between
  neighbours), for the national view;
- data/geo/vn_provinces_2025.geojson: province outlines, the union of each province's
  simplified communes (so commune and province edges coincide).

Coordinates are rounded to 4 decimals (about 11 m) and properties cut to what the map uses.
The outputs are committed; the app reads them without shapely. Deterministic: the same input
gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
SOURCE = GEO_DIR / "vn_communes_2025.geojson"
COMMUNES_OUT = GEO_DIR / "vn_communes_2025_simplified.geojson"
PROVINCES_OUT = GEO_DIR / "vn_provinces_2025.geojson"
# Degrees. At the national zoom a pixel is about 0.03 degrees, so this loses nothing visible
# while cutting the vertices from 452,000 to about 67,000.
TOLERANCE = 0.01
GAP_WIDTH = 0.0005
# Islets below ~0.1 km² (Hạ Long Bay has hundreds) are invisible nationally; a commune
# always keeps its largest part.
MIN_PART_AREA = 1e-5
DECIMALS = 4
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


def _feature(geometry, properties: dict) -> dict:
    geojson = mapping(geometry)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geojson["type"],
                         "coordinates": _round(json.loads(json.dumps(geojson["coordinates"])), DECIMALS)}}


def _write(path: Path, features: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False,
                  separators=(",", ":"))
        handle.write("\n")


def prepare(source: Path = SOURCE, communes_out: Path = COMMUNES_OUT, provinces_out: Path = PROVINCES_OUT,
            tolerance: float = TOLERANCE) -> dict:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    geometries = [shape(f["geometry"]) for f in features]
    # The supplied polygons have tiny overlaps and gaps between neighbours (SOURCES.md); a
    # clean coverage first lets coverage_simplify keep every shared border shared.
    # Gaps narrower than ~50 m are merged into a neighbour (slow, about a minute, but one-off).
    cleaned = shapely.coverage_clean(geometries, gap_width=GAP_WIDTH)
    simplified = shapely.coverage_simplify(cleaned, tolerance)
    commune_features = []
    for feature, geometry in zip(features, simplified):
        properties = {k: feature["properties"][k] for k in KEEP}
        commune_features.append(_feature(_drop_specks(_clean(geometry, DECIMALS)), properties))
    _write(communes_out, commune_features)

    # Province outlines are unions of the simplified communes, so both layers share edges.
    by_province: dict[int, list] = {}
    names: dict[int, str] = {}
    for feature, geometry in zip(features, simplified):
        code = int(feature["properties"]["province_code"])
        by_province.setdefault(code, []).append(geometry)
        names[code] = feature["properties"]["province_name"]
    codes = sorted(by_province)
    province_features = [
        _feature(_clean(shapely.coverage_union_all(by_province[c]), DECIMALS),
                 {"province_code": c, "province_name": names[c]}) for c in codes]
    _write(provinces_out, province_features)
    return {"communes": len(commune_features), "provinces": len(province_features),
            "communes_bytes": communes_out.stat().st_size, "provinces_bytes": provinces_out.stat().st_size}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    print(prepare(tolerance=args.tolerance))


if __name__ == "__main__":
    main()
