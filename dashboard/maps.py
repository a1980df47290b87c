"""Map builders: commune choropleths as pydeck decks, their legends and tooltips.

Pure: no Streamlit. Inputs are query frames (r57_window, ranking) and the language; shapes
come from dashboard.geo (read once per process). Colour is never the only carrier: every
colour has a legend entry in words and every tooltip names the status or value.

Offline by design: no base map (map_provider=None, map_style=None); the communes' own
shapes are the background.
"""
from __future__ import annotations

import html
import json
import math

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import fmt, geo
from dashboard.i18n import status_label, t
from dashboard.theme import (
    CLASS_RGB,
    COMMUNE_BORDER_RGB,
    HIGHLIGHT_RGBA,
    LEGEND_BORDER,
    NEUTRAL_RGB,
    NO_DATA_LEGEND_BORDER,
    NO_DATA_RGB,
    PROVINCE_OUTLINE_RGB,
    SELECTED_RGB,
    STATUS_RGB,
    STATUSES,
    TOOLTIP_STYLE,
)

N_CLASSES = len(CLASS_RGB)


# ---- classes and legends ---------------------------------------------------------------------

def class_edges(values: list[float], n: int = N_CLASSES, split: float | None = None) -> list[float]:
    """Quantile class edges (n + 1 values, ascending, duplicates removed) of the non-null values.

    `split` (a target): one edge sits exactly at it, so that no class mixes communes below the
    target with communes that meet it; the n classes are shared between the two sides in
    proportion to their communes (at least one each).
    """
    data = sorted(v for v in values if not fmt.is_missing(v))
    if not data:
        return []
    if split is not None and data[0] < split <= data[-1] and n >= 2:
        below = [v for v in data if v < split]
        above = [v for v in data if v >= split]
        n_below = min(max(round(n * len(below) / len(data)), 1), n - 1)
        low = class_edges(below, n_below)[:-1]
        high = class_edges(above, n - n_below)[1:]
        return low + [split] + [edge for edge in high if edge > split]
    edges = []
    for i in range(n + 1):
        position = (len(data) - 1) * i / n
        low = math.floor(position)
        high = min(low + 1, len(data) - 1)
        edges.append(data[low] + (data[high] - data[low]) * (position - low))
    unique = [edges[0]]
    for edge in edges[1:]:
        if edge > unique[-1] + 1e-12:
            unique.append(edge)
    if len(unique) == 1:
        unique.append(unique[0])
    return unique


def class_of(value, edges: list[float]) -> int | None:
    """Index of the class of `value` (0 = lowest); None for a missing value."""
    if fmt.is_missing(value) or not edges:
        return None
    for i in range(1, len(edges) - 1):
        if value < edges[i]:
            return i - 1
    return max(len(edges) - 2, 0)


def ramp(direction: str = "higher") -> list[list[int]]:
    """The five colours from the lowest values to the highest: dark = better for 'higher',
    reversed for 'lower' (dark = fewest late dossiers), neutral for 'none'."""
    if direction == "lower":
        return CLASS_RGB[::-1]
    if direction == "none":
        return NEUTRAL_RGB
    return CLASS_RGB


def class_colours(n_classes: int, direction: str = "higher") -> list[list[int]]:
    """Palette for n classes, lowest values first (fewer classes spread over the five colours)."""
    colours = ramp(direction)
    if n_classes >= N_CLASSES:
        return colours
    if n_classes <= 1:
        return [colours[2]]
    return [colours[round(i * (N_CLASSES - 1) / (n_classes - 1))] for i in range(n_classes)]


def direction_note(direction: str, lang: str) -> str:
    """The legend's words on what dark means: 'higher is better', 'lower is better' or neither."""
    key = {"higher": "map_dir_higher", "lower": "map_dir_lower"}.get(direction, "map_dir_none")
    return t(key, lang)


def indicator_legend(edges: list[float], unit: str, decimals: int, lang: str,
                     n_missing: int = 0, direction: str = "higher",
                     target: float | None = None) -> list[tuple[list[int], str]]:
    """Legend entries (colour, text) for the classes: '67,83 – 75,00 %'; then 'no data'.

    With a `target` each class says on which side of it it lies ('dưới chỉ tiêu' / 'đạt chỉ tiêu')."""
    items: list[tuple[list[int], str]] = []
    n_classes = max(len(edges) - 1, 0)
    colours = class_colours(n_classes, direction)
    for i in range(n_classes):
        low = fmt.value(edges[i], unit, decimals, lang)
        high = fmt.value(edges[i + 1], unit, decimals, lang)
        text = low if low == high else f"{low} – {high}"
        if target is not None:
            meets = edges[i] >= target if direction != "lower" else edges[i + 1] <= target
            text += f" ({t('map_class_meets' if meets else 'map_class_below', lang)})"
        items.append((colours[i], text))
    if n_missing:
        items.append((NO_DATA_RGB, f"{t('no_data', lang)} ({fmt.number(n_missing, 0, lang)})"))
    return items


def status_legend(counts: dict[str | None, int], lang: str) -> list[tuple[list[int], str]]:
    """Legend entries (colour, 'Xanh: 126') for the Resolution 57 statuses."""
    return [(STATUS_RGB[s], f"{status_label(s, lang)}: {fmt.number(counts.get(s, 0), 0, lang)}")
            for s in STATUSES]


def legend_html(items: list[tuple[list[int], str]]) -> str:
    """A small HTML legend: a coloured square and the (escaped) text per entry; the 'no data'
    square has a dashed border so that it is not read as one more colour class."""
    rows = []
    for rgb, text in items:
        colour = "rgb({},{},{})".format(*rgb[:3])
        border = NO_DATA_LEGEND_BORDER if list(rgb[:3]) == NO_DATA_RGB else LEGEND_BORDER
        rows.append(
            '<div style="display:flex;align-items:center;gap:.5em;margin:.15em 0">'
            f'<span style="display:inline-block;width:1.1em;height:1.1em;background:{colour};'
            f'border:{border};flex:none"></span>'
            f'<span>{html.escape(text)}</span></div>')
    return "".join(rows)


# ---- the rows behind a map -------------------------------------------------------------------

def map_rows(r57: pl.DataFrame | None, ranking: pl.DataFrame | None, indicator, lang: str,
             layer: str = "r57", ranking_province: int | None = None, split: float | None = None,
             provinces: dict[int, str] | None = None) -> pl.DataFrame:
    """One row per commune: code, name, status, value, rank, fill colour and tooltip lines tip_1…

    `r57` is a r57_window frame, `ranking` a ranking frame of `indicator` (either may be None);
    `layer` picks the colouring: 'r57' (status) or 'indicator' (five quantile classes, split at
    the target `split` where one applies). `provinces` (the national view): each name carries
    its province, since names repeat across provinces.
    """
    base = r57 if r57 is not None else ranking
    if base is None:
        return pl.DataFrame(schema={"commune_code": pl.Int64, "name": pl.String})
    rows = base.select("commune_code", "name")
    if provinces and "province_code" in base.columns:
        rows = base.select("commune_code", pl.concat_str(
            pl.col("name"), pl.lit(" · "),
            pl.col("province_code").replace_strict(provinces, default="", return_dtype=pl.String)).alias("name"))
    if r57 is not None:
        rows = rows.join(r57.select("commune_code", "status"), on="commune_code", how="left")
    else:
        rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias("status"))
    if ranking is not None:
        rows = rows.join(ranking.select("commune_code", "value", "rank", "n_ranked", "n_total"),
                         on="commune_code", how="left")
    else:
        rows = rows.with_columns(pl.lit(None, dtype=pl.Float64).alias("value"),
                                 *(pl.lit(None, dtype=pl.Int32).alias(c) for c in ("rank", "n_ranked", "n_total")))

    edges = class_edges(rows["value"].to_list(), split=split) if layer == "indicator" else []
    direction = getattr(indicator, "direction", "higher") or "higher"
    colours = class_colours(max(len(edges) - 1, 0), direction)
    fills, tips = [], []
    for row in rows.iter_rows(named=True):  # a few thousand rows at most
        if layer == "indicator":
            k = class_of(row["value"], edges)
            fills.append(NO_DATA_RGB if k is None else colours[k])
        else:
            fills.append(STATUS_RGB.get(row["status"], STATUS_RGB[None]))
        tips.append(_tooltip(row, indicator, lang, layer))
    n_lines = max((len(lines) for lines in tips), default=0)
    return rows.with_columns(
        pl.Series("fill", fills, dtype=pl.List(pl.Int64)),
        *[pl.Series(f"tip_{i + 1}", [_plain(lines[i]) if i < len(lines) else "" for lines in tips], dtype=pl.String)
          for i in range(n_lines)])


def _plain(text: str) -> str:
    """Text for a tooltip slot: braces would be read as template slots, so they go."""
    return str(text).replace("{", "(").replace("}", ")")


def _tooltip(row: dict, indicator, lang: str, layer: str) -> list[str]:
    """The tooltip's lines below the name, as plain text (see tooltip_html on escaping)."""
    status = f"{t('layer_r57', lang)}: {status_label(row['status'], lang)}"
    if indicator is None:
        return [status]
    value_text = fmt.value(row["value"], indicator.unit, indicator.decimals, lang) \
        if row["value"] is not None else t("no_data", lang)
    rank_text = fmt.rank(row["rank"], row["n_ranked"], row["n_total"], lang)
    value_line = f"{indicator.name(lang)}: {value_text}"
    rank_line = f"{t('rank', lang)}: {rank_text}"
    return [status, value_line, rank_line] if layer == "r57" else [value_line, rank_line, status]


def without_shape(rows: pl.DataFrame, features) -> list[str]:
    """Names of the communes in `rows` that have no shape among `features`."""
    codes = {int(f["properties"]["code"]) for f in features}
    return sorted(name for code, name in rows.select("commune_code", "name").iter_rows() if int(code) not in codes)


# ---- decks -----------------------------------------------------------------------------------

class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by 2, which quadruples the bytes
    of nested coordinates; st.pydeck_chart sends `to_json()` as is)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def _centre(feature: dict) -> tuple[float, float]:
    """The feature's centroid (from its properties, else the middle of its bounding box)."""
    props = feature.get("properties") or {}
    if props.get("centroid_lon") is not None and props.get("centroid_lat") is not None:
        return float(props["centroid_lon"]), float(props["centroid_lat"])
    box = geo.bounds([feature])
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) if box else (0.0, 0.0)


def outlying(features, keep=()) -> list[dict]:
    """Features far from the main body of the province (offshore đặc khu: Trường Sa, Hoàng Sa,
    Côn Đảo, Bạch Long Vĩ, Thổ Châu), left out of the initial view's bounds.

    Robust: distances (km-like, longitude scaled by cos latitude) from the median centre; a
    feature is outlying when it lies more than twice as far as the 90th-percentile distance,
    so at most a tenth of the features can ever be left out. Codes in `keep` (a selected
    commune) are never left out. Fewer than 5 features: none.
    """
    features = list(features)
    if len(features) < 5:
        return []
    centres = [_centre(f) for f in features]
    lons = sorted(c[0] for c in centres)
    lats = sorted(c[1] for c in centres)
    mid_lon, mid_lat = lons[len(lons) // 2], lats[len(lats) // 2]
    scale = max(math.cos(math.radians(mid_lat)), 0.2)
    distances = [math.hypot((lon - mid_lon) * scale, lat - mid_lat) for lon, lat in centres]
    q90 = sorted(distances)[int(0.9 * (len(distances) - 1))]
    if q90 <= 0:
        return []
    keep = {int(c) for c in keep}
    return [f for f, d in zip(features, distances)
            if d > 2 * q90 and int(f["properties"]["code"]) not in keep]


def outside_initial_view(features, keep=(), among=None) -> list[str]:
    """Names of the communes drawn but outside the initial view (see `outlying`), sorted;
    `among` (codes) limits the features to the communes shown."""
    if among is not None:
        features = [f for f in features if int(f["properties"]["code"]) in among]
    return sorted(str(f["properties"].get("name", f["properties"]["code"])) for f in outlying(features, keep))


def view_for(features, height: int = 520, width: int = 560, fit_main: bool = False, keep=()) -> pdk.ViewState:
    """A view state that fits the features into about width × height pixels (deck.gl's
    Web Mercator: the world is 512 · 2^zoom pixels wide).

    `fit_main`: fit the main body only, leaving `outlying` features (far-offshore islands)
    out of the bounds; they are still drawn and reachable by dragging or zooming out.
    """
    if fit_main:
        far = {id(f) for f in outlying(features, keep)}
        features = [f for f in features if id(f) not in far]
    box = geo.bounds(features)
    if box is None:  # Vietnam
        return pdk.ViewState(longitude=106.0, latitude=16.0, zoom=4.6)
    min_lon, min_lat, max_lon, max_lat = box
    lon_span = max(max_lon - min_lon, 1e-3)
    mid_lat = (min_lat + max_lat) / 2
    lat_span = max((max_lat - min_lat) / max(math.cos(math.radians(mid_lat)), 0.2), 1e-3)
    zoom = min(math.log2(width * 360 / (512 * lon_span)), math.log2(height * 360 / (512 * lat_span))) - 0.15
    return pdk.ViewState(longitude=(min_lon + max_lon) / 2, latitude=mid_lat, zoom=round(zoom, 2),
                         min_zoom=3, max_zoom=14, pitch=0, bearing=0)


def magnified(view: pdk.ViewState, steps: int, around: list[dict] | None = None) -> pdk.ViewState:
    """`view` zoomed in `steps` more steps (each doubles the scale), centred on the middle of the
    features `around` (a chosen commune) or, without them, on the view's own centre; never beyond
    the view's max_zoom."""
    if steps <= 0:
        return view
    longitude, latitude = view.longitude, view.latitude
    box = geo.bounds(around or [])
    if box is not None:
        longitude, latitude = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    highest = getattr(view, "max_zoom", None) or 14
    return pdk.ViewState(longitude=longitude, latitude=latitude, zoom=round(min(view.zoom + steps, highest), 2),
                         min_zoom=getattr(view, "min_zoom", None) or 3, max_zoom=highest, pitch=0, bearing=0)


def at_view(view: pdk.ViewState, where: tuple[float, float, float] | None) -> pdk.ViewState:
    """`view` moved to `where` (longitude, latitude, zoom: a view the user panned or zoomed to, from
    the state), keeping its zoom limits; `view` itself when there is none."""
    if where is None:
        return view
    longitude, latitude, zoom = where
    lowest, highest = getattr(view, "min_zoom", None) or 3, getattr(view, "max_zoom", None) or 14
    return pdk.ViewState(longitude=longitude, latitude=latitude, zoom=min(max(zoom, lowest), highest),
                         min_zoom=lowest, max_zoom=highest, pitch=0, bearing=0)


def view_shows(where: tuple[float, float, float] | None, features, height: int, width: int) -> bool:
    """Whether a map `width` × `height` px at `where` (longitude, latitude, zoom) shows some of the
    features' bounding box (deck.gl's Web Mercator: the world is 512 · 2^zoom pixels wide)."""
    box = geo.bounds(list(features)) if where is not None else None
    if box is None:
        return False
    longitude, latitude, zoom = where
    lon_half = width / 2 * 360 / (512 * 2 ** zoom)
    lat_half = height / 2 * 360 / (512 * 2 ** zoom) * max(math.cos(math.radians(latitude)), 0.2)
    return (box[0] <= longitude + lon_half and box[2] >= longitude - lon_half
            and box[1] <= latitude + lat_half and box[3] >= latitude - lat_half)


def neighbourhood(features, codes) -> list[dict]:
    """The features of `codes` and those whose bounding box touches theirs grown by half its size
    on each side: what a view zoomed to a commune shows around it ([] when none is drawn)."""
    chosen = [f for f in features if int(f["properties"]["code"]) in set(codes)]
    box = geo.bounds(chosen)
    if box is None:
        return []
    min_lon, min_lat, max_lon, max_lat = box
    pad_lon, pad_lat = (max_lon - min_lon) / 2, (max_lat - min_lat) / 2
    grown = (min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat)
    near = []
    for feature in features:
        own = geo.bounds([feature])
        if own and own[0] <= grown[2] and own[2] >= grown[0] and own[1] <= grown[3] and own[3] >= grown[1]:
            near.append(feature)
    return near


def tooltip_html(n_lines: int) -> str:
    """The tooltip template: its structure is constant; the slots are filled with plain text.

    Names come from files, so they must not be read as HTML: Streamlit (1.67, checked in its
    DeckGlJsonChart source) HTML-escapes every value it interpolates into an `html` tooltip,
    so the properties carry plain text and are not escaped here (that would show &amp;).
    """
    return "<b>{name}</b>" + "".join(f"<br/>{{tip_{i + 1}}}" for i in range(n_lines))


def _feature(feature: dict, row: dict, n_lines: int, geometry: dict | None = None) -> dict:
    properties = {"code": int(feature["properties"]["code"]), "name": _plain(row["name"]), "fill": row["fill"]}
    properties.update({f"tip_{i + 1}": row[f"tip_{i + 1}"] for i in range(n_lines)})
    return {"type": "Feature", "geometry": geometry or feature["geometry"], "properties": properties}


def _outline_layer(layer_id: str, features, colour, width: float) -> pdk.Layer:
    """Outlines only, never picked (see commune_deck on why clicks need that); a feature keeps
    only its commune code, if it has one."""
    return pdk.Layer("GeoJsonLayer", id=layer_id, data={"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": f["geometry"],
         "properties": {"code": f["properties"]["code"]} if "code" in (f.get("properties") or {}) else {}}
        for f in features]},
        pickable=False, stroked=True, filled=False, get_line_color=colour, line_width_min_pixels=width)


def commune_deck(rows: pl.DataFrame, features, selected: list[int] | tuple[int, ...] = (),
                 height: int = 520, outlines=(), width: int = 560, fit_main: bool = False,
                 zoom_to_selected: bool = False, magnify: int = 0,
                 view_at: tuple[float, float, float] | None = None) -> pdk.Deck:
    """A choropleth of `rows` (from map_rows) on `features`; `selected` communes outlined.

    `fit_main`: the initial view fits the province's main body (see `outlying`).
    `zoom_to_selected`: the initial view fits the selected communes and their neighbours instead.
    `magnify`: that view zoomed in so many more steps around the selected communes (see `magnified`).
    `view_at`: (longitude, latitude, zoom) where the user panned or zoomed to, instead of all that.

    No base map in the spec: tiles, where configured and chosen, are drawn under it by the browser's
    map (dashboard/deck_map.py).
    """
    by_code = {int(r["commune_code"]): r for r in rows.iter_rows(named=True)}
    n_lines = sum(1 for c in rows.columns if c.startswith("tip_"))
    drawn = [f for f in features if int(f["properties"]["code"]) in by_code]
    selected_codes = {int(c) for c in selected}
    around = neighbourhood(drawn, selected_codes) if zoom_to_selected else []
    if around:
        view = view_for(around, height, width)
    else:
        view = view_for(drawn or list(features), height, width, fit_main=fit_main, keep=selected)
    view = at_view(magnified(view, magnify, [f for f in drawn if int(f["properties"]["code"]) in selected_codes]),
                   view_at)
    # The shapes sent are the coarsest level of detail that looks right at this zoom (dashboard/geo.py).
    lighter = geo.shapes_at(geo.pixel_degrees(view.zoom, view.latitude)) or {}
    shown = [_feature(f, by_code[int(f["properties"]["code"])], n_lines,
                      lighter.get(int(f["properties"]["code"]))) for f in drawn]
    # The pickable layer is fills only. deck.gl picks on every pointer-down by drawing the pickable
    # layers again; drawing the borders too took 600-900 ms for a province's 166 communes in
    # software WebGL (a PC without GPU acceleration, headless chromium), longer than the 250 ms a
    # press may last to count as a click, so a click on the map did nothing. Without them: ~45 ms.
    layers = [pdk.Layer(
        "GeoJsonLayer", id="communes", data={"type": "FeatureCollection", "features": shown},
        pickable=True, stroked=False, filled=True, get_fill_color="properties.fill",
        auto_highlight=True, highlight_color=HIGHLIGHT_RGBA)]
    # nationally 3,321 white borders would wash the colours out: provinces outline instead
    if outlines:
        layers.append(_outline_layer("provinces", outlines, PROVINCE_OUTLINE_RGB, 1))
    else:
        layers.append(_outline_layer("borders", shown, COMMUNE_BORDER_RGB, 0.5))
    chosen = [f for f in shown if f["properties"]["code"] in selected_codes]
    if chosen:
        layers.append(_outline_layer("selected", chosen, SELECTED_RGB, 3))
    return CompactDeck(layers=layers, initial_view_state=view, map_provider=None, map_style=None,
                       tooltip={"html": tooltip_html(n_lines), "style": dict(TOOLTIP_STYLE)})


def status_deck(r57_frame: pl.DataFrame, province_code: int | None, lang: str, height: int = 360,
                selected: list[int] | tuple[int, ...] = (), ranking: pl.DataFrame | None = None,
                indicator=None, width: int = 480,
                provinces: dict[int, str] | None = None, zoom_to_selected: bool = False,
                magnify: int = 0, view_at: tuple[float, float, float] | None = None) -> pdk.Deck:
    """A Resolution 57 status map of a province (None = the whole country, simplified shapes).

    `r57_frame` is a queries.r57_window frame; `ranking`/`indicator` optionally add the
    indicator's value and rank to the tooltip.
    """
    rows = map_rows(r57_frame, ranking, indicator, lang, layer="r57",
                    provinces=provinces if province_code is None else None)
    features = geo.features(province_code)
    outlines = geo.province_outlines() if province_code is None else ()
    return commune_deck(rows, features, selected, height=height, outlines=outlines, width=width,
                        fit_main=province_code is not None, zoom_to_selected=zoom_to_selected,
                        magnify=magnify, view_at=view_at)


def indicator_deck(ranking: pl.DataFrame, indicator, province_code: int | None, lang: str,
                   height: int = 520, selected=(), r57_frame: pl.DataFrame | None = None,
                   width: int = 640, split: float | None = None,
                   provinces: dict[int, str] | None = None, zoom_to_selected: bool = False,
                   magnify: int = 0, view_at: tuple[float, float, float] | None = None) -> pdk.Deck:
    """A five-class choropleth of an indicator (a queries.ranking frame), classes split at `split`."""
    rows = map_rows(r57_frame, ranking, indicator, lang, layer="indicator", split=split,
                    provinces=provinces if province_code is None else None)
    features = geo.features(province_code)
    outlines = geo.province_outlines() if province_code is None else ()
    return commune_deck(rows, features, selected, height=height, outlines=outlines, width=width,
                        fit_main=province_code is not None, zoom_to_selected=zoom_to_selected,
                        magnify=magnify, view_at=view_at)
