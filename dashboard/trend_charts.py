"""Trend figures: communes month by month against the province's median and middle half.

Pure: no Streamlit. Inputs are queries.monthly_values / queries.monthly_ranks frames, the
catalog entry and the language; outputs are plotly figures with titles, axes, month ticks
("11/2025" in Vietnamese) and hover text in that language.
"""
from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from core import catalog
from dashboard import fmt, theme
from dashboard.i18n import t
from dashboard.theme import (
    REFORM_COLOUR,
    REFORM_LABEL_BACKGROUND,
    TREND_BAND_COLOUR,
    TREND_MEDIAN_COLOUR,
    TREND_TARGET_COLOUR,
)


def default_communes(latest: pl.DataFrame, province_codes: set[int], province: int, n: int = 3) -> list[int]:
    """The province's first featured commune (settings: Bá Thước in Thanh Hóa) when it is among
    `province_codes`, else the top n on the latest month (`latest` is a ranking frame:
    commune_code, rank)."""
    featured = [c for c in catalog.featured_communes(province) if c in province_codes]
    if featured:
        return featured[:1]
    ranked = latest.filter(pl.col("rank").is_not_null()).sort(["rank", "name"])
    return [int(c) for c in ranked["commune_code"].head(n).to_list()]


def province_band(monthly: pl.DataFrame, code: str | None = None) -> pl.DataFrame:
    """Per month: median, 25th and 75th percentile of the province's communes, and how many."""
    frame = monthly if code is None else monthly.filter(pl.col("indicator_code") == code)
    return (frame.group_by("period")
            .agg(pl.col("value").median().alias("median"),
                 pl.col("value").quantile(0.25, interpolation="linear").alias("p25"),
                 pl.col("value").quantile(0.75, interpolation="linear").alias("p75"),
                 pl.len().alias("n"))
            .sort("period"))


def _month_axis(fig: go.Figure, months: list[dt.date], lang: str, row=None, col=None) -> None:
    step = 1 if len(months) <= 12 else 2 if len(months) <= 24 else 3
    ticks = months[::step]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[fmt.short_month(m, lang) for m in ticks],
                     row=row, col=col)


def _fmt(indicator, value, lang: str) -> str:
    return fmt.value(value, indicator.unit, indicator.decimals, lang)


def _reform_marker(fig: go.Figure, months: list[dt.date], lang: str) -> None:
    """A dotted line at the reform month (settings: July 2025) and its label in the top margin,
    clear of the plot area (so it cannot sit on a data point)."""
    reform = catalog.reform_month()
    if not months or not (months[0] <= reform <= months[-1]):
        return
    fig.add_vline(x=reform, line_dash="dot", line_color=REFORM_COLOUR, line_width=1, layer="below")
    fig.add_annotation(x=reform, y=1.0, yref="paper", yshift=10,
                       text=t("reform_marker", lang, date=fmt.day(reform, lang)),
                       showarrow=False, xanchor="left", yanchor="bottom",
                       font={"size": theme.SMALL_SIZE, "color": REFORM_COLOUR}, bgcolor=REFORM_LABEL_BACKGROUND)


def _single_month_range(fig: go.Figure, months: list[dt.date], row=None, col=None) -> None:
    """One month only: centre it on a visible x range (plotly would zoom into nothing)."""
    if len(months) == 1:
        month = months[0]
        fig.update_xaxes(range=[month - dt.timedelta(days=45), month + dt.timedelta(days=45)], row=row, col=col)


LABEL_CHARS = 22  # a line's end label: long names are cut (the legend and hover keep them whole)


def end_labels(fig: go.Figure, ends: list[tuple], reversed_axis: bool = False) -> None:
    """Each commune's name at the end of its line, in its colour, nudged apart vertically so that
    two lines ending close together keep readable labels. `ends` holds (x, y, name, colour)."""
    ends = [e for e in ends if e[1] is not None and not fmt.is_missing(e[1])]
    if not ends:
        return
    ys = [e[1] for e in ends]
    gap = max((max(ys) - min(ys)) * 0.07, 1e-9) if len(ys) > 1 else 0
    gap = gap or max(abs(ys[0]) * 0.05, 1)
    placed: list[float] = []
    for x, y, name, colour in sorted(ends, key=lambda e: e[1], reverse=reversed_axis):
        target = y
        if placed and abs(target - placed[-1]) < gap:
            target = placed[-1] + (-gap if reversed_axis else gap)
        placed.append(target)
        short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        fig.add_annotation(x=x, y=target, text=f"<b>{short}</b>", showarrow=False, xanchor="left", xshift=8,
                           font={"color": colour, "size": theme.TEXT_SIZE}, bgcolor="rgba(255,255,255,0.8)")


def _line_ends(frame: pl.DataFrame, communes: dict[int, str], column: str) -> list[tuple]:
    colours = theme.commune_colours(communes)
    ends = []
    for code, name in communes.items():
        series = frame.filter((pl.col("commune_code") == code) & pl.col(column).is_not_null()).sort("period")
        if series.height:
            ends.append((series["period"][-1], series[column][-1], name, colours[code]))
    return ends


def trend_figure(monthly: pl.DataFrame, communes: dict[int, str], indicator, lang: str,
                 target: float | None = None, ranks: pl.DataFrame | None = None,
                 view: str = "value", province_name: str = "") -> go.Figure:
    """Lines of the chosen communes over time.

    view 'value': against the province median and its 25–75 % band, with the target line;
    view 'rank': the rank in the province each month (1 at the top), from `ranks`.
    """
    fig = go.Figure()
    months = sorted(monthly["period"].unique().to_list()) if monthly.height else []
    unit = " (%)" if indicator.unit == "%" else ""
    if view == "rank" and ranks is not None:
        months = sorted(ranks["period"].unique().to_list())
        colours = theme.commune_colours(communes)
        for code, name in communes.items():
            series = ranks.filter(pl.col("commune_code") == code).sort("period")
            hover = [f"{name}<br>{fmt.short_month(p, lang)}: {t('rank', lang)} {r}/{n}<br>"
                     f"{_fmt(indicator, v, lang)}"
                     for p, r, n, v in series.select("period", "rank", "n_ranked", "value").iter_rows()]
            fig.add_scatter(x=series["period"].to_list(), y=series["rank"].to_list(), name=name,
                            mode="lines+markers", line={"color": colours[code], "width": 2.5},
                            hovertext=hover, hoverinfo="text", legendgroup=str(code))
        end_labels(fig, _line_ends(ranks, communes, "rank"), reversed_axis=True)
        worst = max(ranks["rank"].max() or 1, 1) if ranks.height else 1
        fig.update_yaxes(range=[worst + 0.5, 0.5], title_text=t("trend_rank_axis", lang))
        title = t("trend_title_rank", lang, indicator=indicator.name(lang), province=province_name)
    else:
        band = province_band(monthly)
        band_months = band["period"].to_list()
        if len(band_months) == 1:  # a filled band of one month draws nothing: a grey bar instead
            fig.add_bar(x=band_months, y=[(band["p75"][0] or 0) - (band["p25"][0] or 0)], base=band["p25"].to_list(),
                        width=[1000 * 3600 * 24 * 20], marker_color=TREND_BAND_COLOUR, name=t("trend_band", lang),
                        hoverinfo="skip")
        else:
            fig.add_scatter(x=band_months, y=band["p75"].to_list(), mode="lines", line={"width": 0},
                            hoverinfo="skip", showlegend=False)
            fig.add_scatter(x=band_months, y=band["p25"].to_list(), mode="lines", line={"width": 0},
                            fill="tonexty", fillcolor=TREND_BAND_COLOUR, name=t("trend_band", lang), hoverinfo="skip")
        hover = [f"{t('province_median', lang)}<br>{fmt.short_month(p, lang)}: {_fmt(indicator, m, lang)}<br>"
                 f"{t('trend_band', lang)}: {_fmt(indicator, a, lang)} – {_fmt(indicator, b, lang)}"
                 for p, m, a, b in band.select("period", "median", "p25", "p75").iter_rows()]
        fig.add_scatter(x=band_months, y=band["median"].to_list(), mode="lines+markers",
                        name=t("province_median", lang),
                        line={"color": TREND_MEDIAN_COLOUR, "dash": "dash", "width": 2},
                        marker={"symbol": "diamond", "size": 7, "color": TREND_MEDIAN_COLOUR},
                        hovertext=hover, hoverinfo="text")
        colours = theme.commune_colours(communes)
        for code, name in communes.items():
            series = monthly.filter(pl.col("commune_code") == code).sort("period")
            hover = [f"{name}<br>{fmt.short_month(p, lang)}: {_fmt(indicator, v, lang)}"
                     for p, v in series.select("period", "value").iter_rows()]
            fig.add_scatter(x=series["period"].to_list(), y=series["value"].to_list(), name=name,
                            mode="lines+markers", line={"color": colours[code], "width": 2.5},
                            hovertext=hover, hoverinfo="text", legendgroup=str(code))
        end_labels(fig, _line_ends(monthly, communes, "value"))
        if target is not None:
            fig.add_hline(y=target, line_color=TREND_TARGET_COLOUR, line_dash="longdash", line_width=1.5,
                          annotation_text=f"{t('target', lang)}: {_fmt(indicator, target, lang)}",
                          annotation_position="top left", annotation_font_color=TREND_TARGET_COLOUR)
        fig.update_yaxes(title_text=indicator.name(lang) + unit)
        title = t("trend_title_value", lang, indicator=indicator.name(lang), province=province_name)
    _reform_marker(fig, months, lang)
    _month_axis(fig, months, lang)
    _single_month_range(fig, months)
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, xaxis_title=t("trend_month_axis", lang),
                      hovermode="closest", legend={"orientation": "h", "y": -0.22, "x": 0, "traceorder": "normal"},
                      # room on the right for the names at the lines' ends
                      margin={"l": 60, "r": 170 if communes else 20, "t": 90, "b": 40}, height=480,
                      template="plotly_white",
                      separators=theme.plotly_separators(lang))
    return fig


def small_multiples(monthly: pl.DataFrame, communes: dict[int, str], indicators: list, lang: str,
                    targets: dict[str, float | None] | None = None) -> go.Figure:
    """One small panel per indicator: the chosen communes against the province median."""
    n = len(indicators)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[ind.name(lang) for ind in indicators],
                        vertical_spacing=0.16 if rows > 1 else 0.1, horizontal_spacing=0.08)
    all_months: list[dt.date] = []
    for k, indicator in enumerate(indicators):
        r, c = k // cols + 1, k % cols + 1
        frame = monthly.filter(pl.col("indicator_code") == indicator.code)
        band = province_band(frame)
        all_months = sorted(set(all_months) | set(band["period"].to_list()))
        hover = [f"{t('province_median', lang)}<br>{fmt.short_month(p, lang)}: {_fmt(indicator, m, lang)}"
                 for p, m in band.select("period", "median").iter_rows()]
        # lines+markers: a single month is still drawn (a one-point line is invisible).
        fig.add_scatter(x=band["period"].to_list(), y=band["median"].to_list(), mode="lines+markers",
                        name=t("province_median", lang), legendgroup="median", showlegend=k == 0,
                        line={"color": TREND_MEDIAN_COLOUR, "dash": "dash", "width": 1.5},
                        marker={"symbol": "diamond", "size": 5, "color": TREND_MEDIAN_COLOUR},
                        hovertext=hover, hoverinfo="text", row=r, col=c)
        colours = theme.commune_colours(communes)
        for code, name in communes.items():
            series = frame.filter(pl.col("commune_code") == code).sort("period")
            hover = [f"{name}<br>{fmt.short_month(p, lang)}: {_fmt(indicator, v, lang)}"
                     for p, v in series.select("period", "value").iter_rows()]
            fig.add_scatter(x=series["period"].to_list(), y=series["value"].to_list(), mode="lines+markers",
                            name=name, legendgroup=str(code), showlegend=k == 0,
                            line={"color": colours[code], "width": 2},
                            marker={"size": 5},
                            hovertext=hover, hoverinfo="text", row=r, col=c)
        goal = (targets or {}).get(indicator.code)
        if goal is not None:
            fig.add_hline(y=goal, line_color=TREND_TARGET_COLOUR, line_dash="longdash", line_width=1, row=r, col=c)
        if indicator.unit == "%":
            fig.update_yaxes(ticksuffix=theme.percent_sign(lang), row=r, col=c)
    for k in range(n):
        _month_axis(fig, all_months, lang, row=k // cols + 1, col=k % cols + 1)
        _single_month_range(fig, all_months, row=k // cols + 1, col=k % cols + 1)
    fig.update_layout(height=300 * rows + 80, template="plotly_white", hovermode="closest",
                      legend={"orientation": "h", "y": -0.08, "x": 0}, margin={"l": 50, "r": 20, "t": 60, "b": 40},
                      title={"text": t("trend_multiples_title", lang), "x": 0, "xanchor": "left"},
                      separators=theme.plotly_separators(lang))
    return fig
