"""Plotly figure builders for the overview and rankings pages.

Pure: no Streamlit. Each builder takes query frames (or plain values) and the language and
returns a figure, or None when there is nothing to draw, so that the page shows a message
instead of an empty chart. Titles, axes and hover texts are in the chosen language; numbers
go through dashboard.fmt.
"""
from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from core import catalog
from dashboard import fmt, theme
from dashboard.i18n import status_label, t
from dashboard.theme import (
    BACKGROUND,
    BAR_TARGET_COLOUR,
    BOTTOM_COLOUR,
    GRID_COLOUR,
    ON_BAR_TEXT_COLOUR,
    POINTS_LOST_COLOUR,
    POINTS_LOST_TEXT_COLOUR,
    SELECTED_COLOUR,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    STATUSES,
    SUBTITLE_COLOUR,
    TOP_COLOUR,
    ZERO_LINE_COLOUR,
)


def wrap_title(text: str, width: int = 48) -> str:
    """Break a long chart title into lines (plotly never wraps; Vietnamese names run long)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _base_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": theme.TITLE_SIZE}},
                      height=height, margin={"l": 10, "r": 20, "t": 50, "b": 40},
                      font=theme.font(), plot_bgcolor=BACKGROUND, paper_bgcolor=BACKGROUND)
    return fig


# ---- ranking: top and bottom N with the target line -----------------------------------------

def top_bottom(ranked: pl.DataFrame, n: int = 10) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The n best and n worst ranked communes (no overlap when fewer than 2n are ranked)."""
    ranked_only = ranked.filter(pl.col("rank").is_not_null()).sort(["rank", "name"])
    top = ranked_only.head(n)
    bottom = ranked_only.slice(len(top)).tail(n)
    return top, bottom


def _rank_span(frame: pl.DataFrame) -> str:
    """'58, 64, 94' for a few ranks, '12–40' for more."""
    ranks = [int(r) for r in frame["rank"].to_list()]
    if len(ranks) <= 4:
        return ", ".join(str(r) for r in ranks)
    return f"{ranks[0]}–{ranks[-1]}"


def group_labels(ranked: pl.DataFrame, top: pl.DataFrame, bottom: pl.DataFrame, lang: str) -> tuple[str, str]:
    """Legend words for the two groups: 'Top 10' / 'Bottom 10' when they are the province's
    first and last ranks, else (a filtered list: type, search) 'Best ranked of the filtered
    list (ranks 58, 64, 94)', so a filtered subset is never called the top."""
    ranked_only = ranked.filter(pl.col("rank").is_not_null())
    n_ranked = ranked_only["n_ranked"].max() if "n_ranked" in ranked_only.columns and ranked_only.height else None
    # ties share ranks (1, 1, 1, 4, …): the top of the whole list starts at 1 and has no gap beyond its length
    whole = int(top["rank"].min()) == 1 and int(top["rank"].max()) <= top.height and (
        bottom.is_empty() or n_ranked is None or int(bottom["rank"].max()) == int(n_ranked))
    if whole:
        return t("chart_top_n", lang, n=top.height), t("chart_bottom_n", lang, n=bottom.height)
    return (t("chart_top_filtered", lang, ranks=_rank_span(top)),
            t("chart_bottom_filtered", lang, ranks=_rank_span(bottom)) if not bottom.is_empty() else "")


def label_positions(values: list, target: float | None, upper: float | None) -> list[str]:
    """Where each bar's value label goes: outside (after the bar end) unless the bar stops short
    of the target line, where an outside label would run through the line; such bars carry
    their label inside where it fits at the width the chart is drawn ("auto": plotly measures,
    and puts it outside rather than cut it, as on a 1280 px projector), and too short a bar
    has it outside (it then ends well before the line)."""
    if target is None:
        return ["outside"] * len(values)
    scale = upper or max((v for v in values if not fmt.is_missing(v)), default=0) or 1
    return ["auto" if not fmt.is_missing(v) and v < target and v >= 0.3 * scale else "outside" for v in values]


def ranking_bar(ranked: pl.DataFrame, indicator: catalog.Indicator, lang: str, n: int = 10,
                target: float | None = None, selected: list[int] | tuple[int, ...] = (),
                subtitle: str = "", provinces: dict[int, str] | None = None) -> go.Figure | None:
    """Horizontal bars of the top and bottom n communes (rank 1 at the top), target as a line.

    `provinces` (the national view): each label and hover names the commune's province, since
    names repeat across provinces.
    """
    top, bottom = top_bottom(ranked, n)
    if top.is_empty():
        return None
    unit = indicator.unit
    rows = [(r, "top") for r in top.iter_rows(named=True)] + [(r, "bottom") for r in bottom.iter_rows(named=True)]

    def where(r: dict) -> str:
        # "Thành phố Hải Phòng" → "Hải Phòng": the label must fit beside the bar
        name = (provinces or {}).get(r.get("province_code"), "")
        for prefix in ("Thành phố ", "Tỉnh "):
            name = name.removeprefix(prefix)
        return f" ({name})" if name else ""

    # nationally the province goes on a second, smaller line: the label stays narrow beside a third of the page
    labels = [f"{r['rank']}. {r['name']}" + (f"<br><span style='font-size:10px'>{where(r).strip()}</span>"
                                             if where(r) else "") for r, _ in rows]
    values = [r["value"] for r, _ in rows]
    colours = [SELECTED_COLOUR if r["commune_code"] in selected else (TOP_COLOUR if part == "top" else BOTTOM_COLOUR)
               for r, part in rows]
    texts = [fmt.value(v, unit, indicator.decimals, lang) for v in values]
    hover = [f"<b>{r['name']}</b>{where(r)}<br>{t('rank', lang)}: {fmt.rank(r['rank'], r['n_ranked'], lang=lang)}"
             f"<br>{indicator.name(lang)}: {text}" for (r, _), text in zip(rows, texts)]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=colours, text=texts,
        textposition=label_positions(values, target, indicator.upper_bound()), insidetextanchor="end",
        insidetextfont={"color": ON_BAR_TEXT_COLOUR}, constraintext="none",
        cliponaxis=False, hovertext=hover, hoverinfo="text", showlegend=False))
    if target is not None:
        # Under the bars and their value labels (layer below), labelled in the top margin above
        # the plot, where no bar text can be.
        fig.add_shape(type="line", xref="x", yref="paper", x0=target, x1=target, y0=0, y1=1, layer="below",
                      line={"color": BAR_TARGET_COLOUR, "width": 2, "dash": "dash"})
        fig.add_annotation(x=target, xref="x", y=1.0, yref="paper", yanchor="bottom", yshift=2, showarrow=False,
                           text=f"{t('target', lang)} {fmt.value(target, unit, 0, lang)}",
                           font={"color": BAR_TARGET_COLOUR}, bgcolor=BACKGROUND)
    # Legend entries in words: colour is never the only carrier.
    top_label, bottom_label = group_labels(ranked, top, bottom, lang)
    fig.add_trace(go.Bar(x=[None], y=[None], marker_color=TOP_COLOUR, name=top_label))
    if not bottom.is_empty():
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=BOTTOM_COLOUR, name=bottom_label))
    if any(r["commune_code"] in selected for r, _ in rows):
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=SELECTED_COLOUR, name=t("chart_selected", lang)))
    title = wrap_title(t("chart_ranking_title", lang, indicator=indicator.name(lang)))
    if subtitle:
        title += (f"<br><span style='font-size:{theme.SUBTITLE_SIZE}px;color:{SUBTITLE_COLOUR}'>"
                  f"{subtitle}</span>")
    # Pixel layout: the legend hangs 70 px below the plot (paper units are plot heights), under
    # the tick labels and the axis title, whatever the number of bars.
    top_margin, bottom_margin = 110, 150
    plot_height = max(120, (34 if provinces else 24) * len(rows))
    _base_layout(fig, title, height=top_margin + bottom_margin + plot_height)
    label = theme.unit_label(indicator, lang)
    axis_title = wrap_title(indicator.name(lang) + (f" ({label})" if label else ""), 44)
    upper = indicator.upper_bound()
    fig.update_layout(separators=theme.plotly_separators(lang), barmode="overlay",
                      legend={"orientation": "h", "yanchor": "top", "x": 0, "traceorder": "normal",
                              "y": -(70 + 16 * axis_title.count("<br>")) / plot_height},
                      margin={"l": 10, "r": 60, "t": top_margin, "b": bottom_margin})
    fig.update_yaxes(automargin=True)  # long names (with their province) push the plot right, never off the chart
    fig.update_xaxes(title=axis_title, gridcolor=GRID_COLOUR, zeroline=True, zerolinecolor=ZERO_LINE_COLOUR,
                     range=[0, upper * 1.08] if upper else None)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, automargin=True)
    return fig


# ---- service index: the five groups against their maxima ------------------------------------

def service_groups(values: dict[str, float | None], lang: str, commune_name: str) -> go.Figure | None:
    """Each component group of the graded indicator (the service index): points scored against
    the group's maximum.

    `values` maps component codes (catalog.components of the graded indicator) to the commune's
    value; the grey remainder of each bar is "where the points were lost".
    """
    parts = [catalog.indicator(code) for code in catalog.components(catalog.graded_indicator())]
    if not parts or all(fmt.is_missing(values.get(ind.code)) for ind in parts):
        return None
    names = [ind.name(lang) for ind in parts]
    scored = [None if fmt.is_missing(values.get(ind.code)) else values[ind.code] for ind in parts]
    maxima = [ind.scale_max or 0 for ind in parts]
    lost = [None if s is None else max(m - s, 0) for s, m in zip(scored, maxima)]
    score_text = [t("no_data", lang) if s is None else f"{fmt.number(s, 2, lang)}/{fmt.number(m, 0, lang)}"
                  for s, m in zip(scored, maxima)]
    lost_text = ["" if v is None or v < 0.005 else "−" + fmt.number(v, 2, lang) for v in lost]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=[s or 0 for s in scored], orientation="h", name=t("chart_points_scored", lang),
                         marker_color=TOP_COLOUR, text=score_text, textposition="inside", insidetextanchor="start",
                         hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.add_trace(go.Bar(y=names, x=[v or 0 for v in lost], orientation="h", name=t("chart_points_lost", lang),
                         marker_color=POINTS_LOST_COLOUR, text=lost_text, textposition="outside",
                         cliponaxis=False, textfont={"color": POINTS_LOST_TEXT_COLOUR},
                         hovertemplate="%{y}: %{text}<extra></extra>"))
    _base_layout(fig, t("chart_groups_title", lang, name=commune_name), height=340)
    fig.update_layout(barmode="stack", separators=theme.plotly_separators(lang),
                      legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "traceorder": "normal"},
                      margin={"l": 10, "r": 20, "t": 50, "b": 90})
    fig.update_xaxes(title=t("chart_points", lang), gridcolor=GRID_COLOUR, range=[0, max(maxima) * 1.2])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


# ---- Resolution 57: a compact status bar -------------------------------------------------------

def status_bar(counts: dict[str | None, int], lang: str) -> go.Figure | None:
    """One stacked bar: communes green / yellow / red / not reported, each named in words."""
    total = sum(counts.values())
    if total == 0:
        return None
    fig = go.Figure()
    for status in STATUSES:
        count = counts.get(status, 0)
        label = status_label(status, lang)
        fig.add_trace(go.Bar(
            x=[count], y=[""], orientation="h", name=f"{label}: {fmt.number(count, 0, lang)}",
            marker_color=STATUS_COLOURS[status], text=[fmt.number(count, 0, lang) if count else ""],
            textposition="inside", textfont={"color": STATUS_TEXT_COLOURS[status]},
            hovertemplate=f"{label}: %{{x}}<extra></extra>"))
    _base_layout(fig, t("r57_title", lang), height=170)
    fig.update_layout(barmode="stack", separators=theme.plotly_separators(lang),
                      legend={"orientation": "h", "y": -0.35, "x": 0, "traceorder": "normal"},
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(visible=False, range=[0, total])
    fig.update_yaxes(visible=False)
    return fig


# ---- sparklines for tables ----------------------------------------------------------------------

def sparklines(monthly: pl.DataFrame, months: list[dt.date], keep_gaps: bool = False) -> dict[int, list[float | None]]:
    """commune_code → its values over `months` in order.

    Months without a value are dropped (a table sparkline cannot draw a gap, and shows a
    list with holes as text); `keep_gaps=True` keeps them as None.
    """
    out: dict[int, list[float | None]] = {}
    if monthly.is_empty():
        return out
    index = {m: i for i, m in enumerate(months)}
    for code, period, value in monthly.select("commune_code", "period", "value").iter_rows():
        slot = index.get(period)
        if slot is None:
            continue
        series = out.setdefault(code, [None] * len(months))
        series[slot] = value
    if not keep_gaps:
        out = {code: [v for v in series if not fmt.is_missing(v)] for code, series in out.items()}
    return out
