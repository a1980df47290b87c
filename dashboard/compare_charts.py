"""Grouped bar charts for comparing communes. Pure: no Streamlit.

Percentages share one chart (one axis, 0–100); every other indicator gets its own small
panel with its own axis, so that 5.932 dossiers and 82,5 points are never drawn on one scale.
The province median is a dashed horizontal line across the whole group of bars of an indicator
(drawn behind the bars and their labels, sticking out on both sides), with its own legend entry;
its value is in every bar's hover.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from core import catalog
from dashboard import fmt, theme
from dashboard.i18n import t
from dashboard.theme import (
    BACKGROUND,
    COMPARE_MEDIAN_COLOUR,
    ON_BAR_TEXT_COLOUR,
    PANEL_GRID_COLOUR,
    ZERO_LINE_COLOUR,
)

MEDIAN_HALF_WIDTH = 0.46  # the bars of a group span ±0.375 (bargap 0.25): the line sticks out beside them


def _layout(fig: go.Figure, title: str, height: int, lang: str, legend_top: bool = True) -> go.Figure:
    # panels carry their own titles on top, so their legend goes underneath
    legend = ({"orientation": "h", "yanchor": "bottom", "y": 1.04, "x": 0, "title": None} if legend_top
              else {"orientation": "h", "yanchor": "top", "y": -0.04, "x": 0, "title": None})
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left", "font": {"size": theme.TITLE_SIZE}},
                      height=height, barmode="group", bargap=0.25, bargroupgap=0.05,
                      margin={"l": 10, "r": 20, "t": 90 if legend_top else 70, "b": 40 if legend_top else 60},
                      separators=theme.plotly_separators(lang),
                      font=theme.font(), plot_bgcolor=BACKGROUND, paper_bgcolor=BACKGROUND,
                      legend=legend)
    fig.update_yaxes(gridcolor=PANEL_GRID_COLOUR, zeroline=True, zerolinecolor=ZERO_LINE_COLOUR)
    return fig


def split_codes(codes: list[str]) -> tuple[list[str], list[str]]:
    """Percent indicators (one shared chart) and the others (one panel each)."""
    indicators = catalog.indicators()
    percent = [c for c in codes if indicators[c].is_percent]
    return percent, [c for c in codes if not indicators[c].is_percent]


def _traces(fig: go.Figure, values: pl.DataFrame, communes: dict[int, str], codes: list[str],
            medians: dict[str, float | None], lang: str, row: int | None = None, col: int | None = None,
            show_legend: bool = True) -> bool:
    """Bars per commune and a median line per indicator for `codes`; returns whether any value was drawn.

    Indicators sit at x = 0, 1, … (named by tick labels), so that the median line can span the
    whole group: from MEDIAN_HALF_WIDTH left of the group's centre to as far right.
    """
    indicators = catalog.indicators()
    labels = [indicators[c].name(lang) for c in codes]
    positions = list(range(len(codes)))
    lookup = {(c, i): v for c, i, v in values.select("commune_code", "indicator_code", "value").iter_rows()}
    drawn = False
    where = {"row": row, "col": col} if row is not None else {}
    median_name = t("province_median", lang)
    median_texts = [fmt.value(medians.get(c), indicators[c].unit, indicators[c].decimals, lang) for c in codes]
    colours = theme.commune_colours(communes)
    for code, name in communes.items():
        ys = [lookup.get((code, c)) for c in codes]
        texts = [fmt.value(v, indicators[c].unit, indicators[c].decimals, lang) for v, c in zip(ys, codes)]
        drawn = drawn or any(not fmt.is_missing(v) for v in ys)
        fig.add_trace(go.Bar(
            x=positions, y=[None if fmt.is_missing(v) else v for v in ys], name=name, legendgroup=str(code),
            showlegend=show_legend, marker_color=colours[code],
            # labels inside the top of the bar: the median line (behind the bars) never crosses one
            text=texts, textposition="inside", insidetextanchor="end", textangle=0, cliponaxis=False,
            textfont={"size": theme.BAR_LABEL_SIZE},
            insidetextfont={"color": ON_BAR_TEXT_COLOUR, "size": theme.BAR_LABEL_SIZE},
            customdata=list(zip(labels, texts, median_texts)),
            hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}<br>{median_name}: "
                          f"%{{customdata[2]}}<extra></extra>"), **where)
    for x, c in zip(positions, codes):
        mid = medians.get(c)
        if fmt.is_missing(mid):
            continue
        # behind the bars and their value labels: never strikes through a label
        fig.add_shape(type="line", x0=x - MEDIAN_HALF_WIDTH, x1=x + MEDIAN_HALF_WIDTH, y0=mid, y1=mid,
                      layer="below", line={"color": COMPARE_MEDIAN_COLOUR, "width": 2, "dash": "dash"}, **where)
    # the legend entry (and a hover at each end of the line, where no bar covers it)
    xs, ys, hover = [], [], []
    for x, c, text in zip(positions, codes, median_texts):
        if not fmt.is_missing(medians.get(c)):
            xs += [x - MEDIAN_HALF_WIDTH, x + MEDIAN_HALF_WIDTH, None]
            ys += [medians[c], medians[c], None]
            hover += [f"{labels[x]}: {text}"] * 2 + [""]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", name=median_name, legendgroup="median", showlegend=show_legend,
        marker={"symbol": "line-ew", "size": 14, "color": COMPARE_MEDIAN_COLOUR,
                "line": {"width": 2, "color": COMPARE_MEDIAN_COLOUR}},
        customdata=hover, hovertemplate=f"{median_name}<br>%{{customdata}}<extra></extra>"), **where)
    axis = {"tickvals": positions, "ticktext": labels, "range": [-0.5, len(codes) - 0.5]}
    if row is not None:
        fig.update_xaxes(**axis, row=row, col=col)
    else:
        fig.update_xaxes(**axis)
    return drawn


def percent_bars(values: pl.DataFrame, communes: dict[int, str], codes: list[str],
                 medians: dict[str, float | None], lang: str, title: str) -> go.Figure | None:
    """Percent indicators side by side on one 0–100 axis; None when nothing to draw."""
    if not codes or not communes:
        return None
    fig = go.Figure()
    if not _traces(fig, values, communes, codes, medians, lang):
        return None
    _layout(fig, title, 440, lang)
    fig.update_yaxes(range=[0, 109], title_text="%", ticksuffix="")
    fig.update_xaxes(tickangle=0, automargin=True)
    return fig


def panel_bars(values: pl.DataFrame, communes: dict[int, str], codes: list[str],
               medians: dict[str, float | None], lang: str, title: str, columns: int = 3) -> go.Figure | None:
    """One small panel per (non-percent) indicator, each with its own axis; None when empty."""
    if not codes or not communes:
        return None
    indicators = catalog.indicators()
    columns = min(columns, len(codes))
    rows = math.ceil(len(codes) / columns)
    titles = []
    for c in codes:
        unit = theme.unit_label(indicators[c], lang)
        titles.append(indicators[c].name(lang) + (f" ({unit})" if unit else ""))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, vertical_spacing=0.18 if rows > 1 else 0.1,
                        horizontal_spacing=0.08)
    drawn = False
    for index, code in enumerate(codes):
        r, c = index // columns + 1, index % columns + 1
        drawn = _traces(fig, values, communes, [code], medians, lang, row=r, col=c, show_legend=index == 0) or drawn
    if not drawn:
        return None
    _layout(fig, title, 300 * rows + 110, lang, legend_top=False)
    fig.update_xaxes(showticklabels=False)
    for annotation in fig.layout.annotations:
        annotation.font = {"size": theme.TEXT_SIZE}
    # headroom for the value labels above the bars
    for index, code in enumerate(codes):
        tops = [v for v in values.filter(pl.col("indicator_code") == code)["value"].to_list() if not fmt.is_missing(v)]
        if not fmt.is_missing(medians.get(code)):
            tops.append(medians[code])
        if tops:
            fig.update_yaxes(range=[0, max(tops) * 1.2 or 1], row=index // columns + 1, col=index % columns + 1)
    return fig
