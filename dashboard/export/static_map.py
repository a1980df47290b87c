"""The map as a picture: commune shapes drawn by plotly (filled polygons on plain axes), for
PNG export and the briefing pack. Pure: no Streamlit.

The pydeck map lives in the browser (WebGL) and cannot be drawn on the server; this draws
the same shapes and colours offline, with no tiles and no map projection service: longitude
and latitude on equal-distance axes (a degree of longitude shortened by cos(latitude)).
Colour is never alone: the legend names each status (or class) with its count, communes
without a shape are counted in the legend, and far-offshore communes (maps.outlying) are
left out of the frame and named.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from dashboard import fmt, maps, theme
from dashboard.i18n import status_label, t

MAP_WIDTH, MAP_HEIGHT = 1000, 760


def _rings(geometry: dict) -> list[list]:
    """The outer rings of a Polygon or MultiPolygon (holes are not drawn: a fill covers them)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _path(features: list[dict]) -> tuple[list, list]:
    """x and y of every outer ring, rings separated by None (one filled trace draws them all)."""
    xs: list = []
    ys: list = []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            xs.extend(point[0] for point in ring)
            ys.extend(point[1] for point in ring)
            xs.append(None)
            ys.append(None)
    return xs, ys


def _colour(rgb) -> str:
    return theme.hex_colour(rgb)


def _frame(fig: go.Figure, features: list[dict], keep=()) -> list[str]:
    """Equal-distance axes around the main body of the shapes; returns the names left outside."""
    far = maps.outlying(features, keep)
    far_codes = {int(f["properties"]["code"]) for f in far}
    box = maps.geo.bounds([f for f in features if int(f["properties"]["code"]) not in far_codes]) or (0, 0, 1, 1)
    mid_lat = (box[1] + box[3]) / 2
    pad_x, pad_y = (box[2] - box[0]) * 0.03, (box[3] - box[1]) * 0.03
    fig.update_xaxes(visible=False, range=[box[0] - pad_x, box[2] + pad_x])
    fig.update_yaxes(visible=False, range=[box[1] - pad_y, box[3] + pad_y], scaleanchor="x",
                     scaleratio=1 / max(math.cos(math.radians(mid_lat)), 0.2))
    return sorted(str(f["properties"].get("name", f["properties"]["code"])) for f in far)


def _layout(fig: go.Figure, title: str, lang: str, far: list[str], legend_size: int = 13) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": theme.TITLE_SIZE}},
                      width=MAP_WIDTH, height=MAP_HEIGHT, font=theme.font(), plot_bgcolor=theme.BACKGROUND,
                      paper_bgcolor=theme.BACKGROUND, separators=theme.plotly_separators(lang),
                      legend={"x": 1.0, "xanchor": "left", "y": 1, "yanchor": "top", "title": {"text": ""},
                              "font": {"size": legend_size}},
                      margin={"l": 10, "r": 18 * legend_size + 6, "t": 60 if title else 10, "b": 40 if far else 10},
                      showlegend=True)
    if far:
        fig.add_annotation(text=t("map_outside_view", lang, names=", ".join(far)), xref="paper", x=0, y=0,
                           yref="paper", yanchor="top", yshift=-6, showarrow=False, xanchor="left",
                           font={"size": theme.SMALL_SIZE, "color": theme.SUBTITLE_COLOUR})
    return fig


def _selected(fig: go.Figure, by_code: dict[int, dict], selected, names: dict[int, str], lang: str) -> None:
    chosen = [by_code[c] for c in selected if c in by_code]
    if chosen:
        xs, ys = _path(chosen)
        label = t("map_selected_note", lang, names=", ".join(names.get(c, str(c)) for c in selected if c in by_code))
        fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": _colour(maps.SELECTED_RGB), "width": 2.5},
                        name=label, hoverinfo="skip")


def _missing_entry(fig: go.Figure, n_missing: int, lang: str) -> None:
    if n_missing:
        fig.add_scatter(x=[None], y=[None], mode="markers", marker={"color": theme.BACKGROUND, "size": 1},
                        name=t("map_image_no_shape", lang, n=fmt.number(n_missing, 0, lang)))


def status_map(r57: pl.DataFrame, features, lang: str, selected=(), title: str | None = None,
               legend_size: int = 13) -> go.Figure | None:
    """Communes coloured by their Resolution 57 status (queries.r57_window frame), the legend
    naming each status with its count ('Xanh: 120'); None without shapes or communes.
    `title` '' draws none (a slide has its own)."""
    features = list(features)
    if not features or r57.is_empty():
        return None
    status_of = dict(zip(r57["commune_code"].to_list(), r57["status"].to_list()))
    names = dict(zip(r57["commune_code"].to_list(), r57["name"].to_list()))
    by_code = {int(f["properties"]["code"]): f for f in features if int(f["properties"]["code"]) in status_of}
    counts = dict.fromkeys(theme.STATUSES, 0)
    for status in status_of.values():
        counts[status] = counts.get(status, 0) + 1
    fig = go.Figure()
    for status in theme.STATUSES:
        shapes = [f for code, f in by_code.items() if status_of.get(code) == status]
        xs, ys = _path(shapes)
        fig.add_scatter(x=xs or [None], y=ys or [None], mode="lines", fill="toself",
                        fillcolor=theme.STATUS_COLOURS[status], hoverinfo="skip",
                        line={"color": _colour(maps.COMMUNE_BORDER_RGB), "width": 0.6},
                        name=f"{status_label(status, lang)}: {fmt.number(counts.get(status, 0), 0, lang)}")
    _selected(fig, by_code, selected, names, lang)
    _missing_entry(fig, len(status_of) - len(by_code), lang)
    far = _frame(fig, list(by_code.values()), keep=selected)
    return _layout(fig, t("map_image_title", lang) if title is None else title, lang, far, legend_size)


def indicator_map(ranking: pl.DataFrame, indicator, features, lang: str, selected=()) -> go.Figure | None:
    """Communes coloured in five quantile classes of an indicator (queries.ranking frame), the
    legend giving each class's range and how many communes it holds, and 'no data'."""
    features = list(features)
    if not features or ranking.is_empty():
        return None
    values = dict(zip(ranking["commune_code"].to_list(), ranking["value"].to_list()))
    names = dict(zip(ranking["commune_code"].to_list(), ranking["name"].to_list()))
    by_code = {int(f["properties"]["code"]): f for f in features if int(f["properties"]["code"]) in values}
    edges = maps.class_edges(list(values.values()))
    n_missing = sum(1 for v in values.values() if fmt.is_missing(v))
    legend = maps.indicator_legend(edges, indicator.unit, indicator.decimals, lang, n_missing, indicator.direction)
    n_classes = max(len(edges) - 1, 0)
    fig = go.Figure()
    for index, (rgb, text) in enumerate(legend):
        is_missing = index >= n_classes
        codes = [c for c in by_code if (fmt.is_missing(values[c]) if is_missing
                                         else maps.class_of(values[c], edges) == index)]
        count = sum(1 for v in values.values() if (fmt.is_missing(v) if is_missing
                                                   else maps.class_of(v, edges) == index))
        xs, ys = _path([by_code[c] for c in codes])
        fig.add_scatter(x=xs or [None], y=ys or [None], mode="lines", fill="toself", fillcolor=_colour(rgb),
                        hoverinfo="skip", line={"color": _colour(maps.COMMUNE_BORDER_RGB), "width": 0.6},
                        name=text if is_missing else f"{text} ({fmt.number(count, 0, lang)})")
    _selected(fig, by_code, selected, names, lang)
    _missing_entry(fig, len(values) - len(by_code), lang)
    far = _frame(fig, list(by_code.values()), keep=selected)
    fig = _layout(fig, t("map_image_indicator_title", lang, indicator=indicator.name(lang)), lang, far)
    fig.add_annotation(text=maps.direction_note(indicator.direction, lang), xref="paper", x=1.0, xanchor="left",
                       yref="paper", y=0, yanchor="bottom", showarrow=False, align="left", xshift=8,
                       font={"size": theme.SMALL_SIZE, "color": theme.SUBTITLE_COLOUR}, width=220)
    return fig
