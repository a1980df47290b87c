"""The briefing pack's content: one province, one period and window, optionally one commune,
gathered once from the named queries and shared by the PowerPoint and the PDF.

Pure: no Streamlit. Figures come from a `Source`: the dashboard.cache module on a page, or
`QuerySource(cursor)` (core.queries bound to a read-only cursor) in the command line.
Texts are in the pack's language; numbers go through dashboard.fmt.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace
from typing import Protocol

import polars as pl

from core import catalog, periods, queries
from dashboard import charts, fmt, metrics, movers, summary, trend_charts
from dashboard.export import labels as export_labels
from dashboard.i18n import t

TOP_N = 5  # communes at each end of the ranking table
MOVERS_N = 3  # communes that rose (fell) most, on the movers slide
TREND_MONTHS = 12


class Source(Protocol):
    """Where the pack reads its figures: keyword functions named as in core.queries."""

    def provinces(self) -> pl.DataFrame: ...
    def communes(self, *, province: int | None) -> pl.DataFrame: ...
    def periods(self) -> list[dt.date]: ...
    def data_status(self) -> dict: ...
    def figure_sources(self, *, window, province: int | None) -> pl.DataFrame: ...
    def r57_window(self, *, window, province: int | None) -> pl.DataFrame: ...
    def ranking(self, *, code: str, window, previous, province: int | None, national: bool) -> pl.DataFrame: ...
    def window_values(self, *, codes: list[str], window, province: int | None) -> pl.DataFrame: ...
    def monthly_values(self, *, codes: list[str], start: dt.date, end: dt.date, province: int | None,
                       communes: list[int] | None = None) -> pl.DataFrame: ...


class QuerySource:
    """core.queries bound to one read-only cursor (the command line; no Streamlit, no cache)."""

    def __init__(self, con):
        self._con = con

    def __getattr__(self, name: str):
        query = getattr(queries, name)
        return lambda **params: query(self._con, **params)


@dataclass
class Briefing:
    """Everything the slides and the PDF pages show, already computed."""
    lang: str
    province: int
    province_name: str
    period: dt.date
    window: str
    commune: int | None
    commune_name: str | None
    labels: export_labels.Labels  # the pack's scope, source, as-of and demo label
    has_demo: bool
    r57: pl.DataFrame
    status_counts: dict
    graded: catalog.Indicator
    service: pl.DataFrame  # ranking of the graded indicator (service index)
    target_indicator: catalog.Indicator
    online: pl.DataFrame  # ranking of the indicator with a target (online rate)
    online_figures: dict
    groups: list[dict]  # the commune's (or the province median's) component groups
    movers_up: list[dict]
    movers_down: list[dict]
    commune_moves: list[str]  # why the commune's ranks moved (graded and target indicators)
    trend_months: list[dt.date]
    trend: dict[str, list[float | None]]  # series name → values over trend_months
    notes: list[str] = field(default_factory=list)  # the summary sentences (speaker notes)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def title(self) -> str:
        return self.t("br_title", province=self.province_name)

    def slide_labels(self, title: str, indicators: list[catalog.Indicator], unit: str | None = None,
                     extra_sources: tuple[str, ...] = (), scope: str | None = None) -> export_labels.Labels:
        """The labels of one slide: its own title, unit and sources, the pack's scope (or `scope`) and as-of."""
        made = export_labels.make(title, place=self.province_name, window=self.window, period=self.period,
                                  indicators=indicators, has_demo=self.has_demo, sources=self._sources,
                                  lang=self.lang, unit=unit, extra_sources=extra_sources)
        return replace(made, scope=scope) if scope else made

    _sources: pl.DataFrame | None = None  # the loads behind the figures (queries.figure_sources)


def target_indicator() -> catalog.Indicator:
    """The indicator measured against a target on the pack (core.catalog.target_indicator)."""
    return catalog.target_indicator()


def default_commune(province: int, communes: pl.DataFrame) -> int | None:
    """The province's featured commune (settings: Bá Thước in Thanh Hóa), else none (province views)."""
    codes = set(communes["commune_code"].to_list())
    return next((c for c in catalog.featured_communes(province) if c in codes), None)


def gather(source: Source, *, province: int, period: dt.date, window: str = "month", commune: int | None = None,
           lang: str = "vi", progress=None) -> Briefing:
    """The pack's content from `source`. `commune` None: the province's featured commune, if any."""
    step = progress or (lambda fraction, message: None)
    bounds, previous = periods.window_bounds(period, window), periods.previous_bounds(period, window)
    provinces = dict(source.provinces().select("province_code", "name").iter_rows())
    communes = source.communes(province=province)
    names = dict(communes.select("commune_code", "name").iter_rows())
    commune = commune if commune in names else default_commune(province, communes)
    status = source.data_status()
    sources = source.figure_sources(window=bounds, province=province)
    step(0.1, t("br_progress_figures", lang))
    graded = catalog.indicator(catalog.graded_indicator())
    goal_indicator = target_indicator()
    service = source.ranking(code=graded.code, window=bounds, previous=previous, province=province, national=False)
    online = source.ranking(code=goal_indicator.code, window=bounds, previous=previous, province=province,
                            national=False)
    r57 = source.r57_window(window=bounds, province=province)
    needed = list(dict.fromkeys(movers.needed_codes(graded.code) + movers.needed_codes(goal_indicator.code)))
    values_now = source.window_values(codes=needed, window=bounds, province=province)
    values_before = source.window_values(codes=needed, window=previous, province=province)
    up, down = movers.province_moves(service, values_now, values_before, graded.code, lang, MOVERS_N)
    place = provinces.get(province, str(province))
    briefing = Briefing(
        lang=lang, province=province, province_name=place, period=period, window=window, commune=commune,
        commune_name=names.get(commune), has_demo=bool(status["has_demo"]),
        labels=export_labels.make(t("br_title", lang, province=place), place=place, window=window, period=period,
                                  indicators=[graded, goal_indicator], has_demo=bool(status["has_demo"]),
                                  sources=sources, lang=lang),
        r57=r57, status_counts=metrics.status_counts(r57), graded=graded, service=service,
        target_indicator=goal_indicator, online=online,
        online_figures=summary.target_figures(online, goal_indicator.code, province),
        groups=group_rows(values_now, commune, lang), movers_up=up, movers_down=down,
        commune_moves=_commune_moves(commune, (service, online), values_now, values_before, lang),
        trend_months=[], trend={})
    briefing._sources = sources
    step(0.25, t("br_progress_trends", lang))
    _add_trend(briefing, source, period)
    briefing.notes = [summary.overview_sentence(service, graded, lang, window, commune, province=province, r57=r57),
                      summary.overview_sentence(online, goal_indicator, lang, window, commune, province=province)]
    return briefing


def group_rows(values: pl.DataFrame, commune: int | None, lang: str) -> list[dict]:
    """The graded indicator's component groups: name, points (the commune's, else the province
    median) and maximum, in catalog order."""
    parts = [catalog.indicator(c) for c in catalog.components(catalog.graded_indicator())]
    if commune is not None:
        mine = metrics.commune_values(values, commune)
    else:
        medians = values.group_by("indicator_code").agg(pl.col("value").median())
        mine = dict(medians.iter_rows())
    return [{"code": ind.code, "name": ind.name(lang), "value": mine.get(ind.code), "max": ind.scale_max or 0.0}
            for ind in parts]


def _commune_moves(commune: int | None, rankings: tuple[pl.DataFrame, ...], values_now: pl.DataFrame,
                   values_before: pl.DataFrame, lang: str) -> list[str]:
    """Why the commune's rank moved on each ranking (the graded and the target indicator)."""
    if commune is None:
        return []
    now = movers.values_by_commune(values_now).get(commune, {})
    before = movers.values_by_commune(values_before).get(commune, {})
    sentences = []
    for ranked, code in zip(rankings, (catalog.graded_indicator(), target_indicator().code)):
        row = ranked.filter(pl.col("commune_code") == commune)
        if row.is_empty() or row["rank"][0] is None:
            continue
        change = row["rank_change"][0] if row["prev_rank"][0] is not None else None
        sentences.append(movers.sentence(movers.explain(code, now, before, change), lang))
    return sentences


def _add_trend(briefing: Briefing, source: Source, period: dt.date) -> None:
    """The target indicator month by month: the commune, the province median and the target."""
    available = [p for p in source.periods() if p <= period]
    months = available[-TREND_MONTHS:]
    if not months:
        return
    code = briefing.target_indicator.code
    monthly = source.monthly_values(codes=[code], start=months[0], end=months[-1], province=briefing.province)
    band = trend_charts.province_band(monthly)
    medians = dict(band.select("period", "median").iter_rows())
    briefing.trend_months = months
    briefing.trend = {t("province_median", briefing.lang): [medians.get(m) for m in months]}
    if briefing.commune is not None:
        series = charts.sparklines(monthly.filter(pl.col("commune_code") == briefing.commune), months, keep_gaps=True)
        briefing.trend = {briefing.commune_name: series.get(briefing.commune, [None] * len(months)), **briefing.trend}
    goal = briefing.online_figures.get("target")
    if goal is not None:
        briefing.trend[t("br_target_series", briefing.lang, target=fmt.value(goal, "%", 0, briefing.lang))] = (
            [goal] * len(months))


# ---- what the slides and pages share -------------------------------------------------------------

def headline(b: Briefing) -> list[tuple[str, str]]:
    """(label, figure) pairs of the title slide."""
    lang = b.lang
    figures = b.online_figures
    total = b.r57.height
    goal = figures.get("target")
    goal_text = fmt.value(goal, "%", 0, lang) if goal is not None else "–"
    items = [(t("ov_communes", lang), fmt.number(total, 0, lang)),
             (t("br_median", lang, indicator=movers.lower_first(b.target_indicator.name(lang)), target=goal_text),
              fmt.value(figures.get("median"), b.target_indicator.unit, 2, lang))]
    if figures.get("missed") is not None:
        items.append((t("ov_missing_target", lang, target=goal_text),
                      f"{fmt.number(figures['missed'], 0, lang)}/{fmt.number(figures['with_data'], 0, lang)}"))
    green = fmt.number(b.status_counts["green"], 0, lang)
    items.append((t("ov_r57_green", lang), f"{green}/{fmt.number(total, 0, lang)}"))
    if b.commune is not None:
        row = b.service.filter(pl.col("commune_code") == b.commune)
        if not row.is_empty() and row["rank"][0] is not None:
            items.append((t("br_commune_rank", lang, name=b.commune_name, indicator=b.graded.name(lang)),
                          fmt.rank(row["rank"][0], row["n_ranked"][0], lang=lang)))
    return items


def ranking_rows(b: Briefing) -> list[dict]:
    """The ranking table: the top and bottom TOP_N, and the chosen commune's row between them
    when it is in neither; each row's texts and whether it is the commune's."""
    top, bottom = charts.top_bottom(b.service, TOP_N)
    lang, ind = b.lang, b.graded
    chosen = b.service.filter(pl.col("commune_code") == b.commune) if b.commune is not None else b.service.head(0)
    shown = set(top["commune_code"].to_list()) | set(bottom["commune_code"].to_list())
    middle = chosen.filter(~pl.col("commune_code").is_in(list(shown)) & pl.col("rank").is_not_null())
    rows = []
    for part, frame in (("top", top), ("commune", middle), ("bottom", bottom)):
        for r in frame.iter_rows(named=True):
            rows.append({"rank": fmt.rank(r["rank"], r["n_ranked"], lang=lang), "name": r["name"],
                         "value": fmt.value(r["value"], ind.unit, ind.decimals, lang),
                         "change": fmt.rank_change(r["rank_change"] if r["prev_rank"] is not None else None, True,
                                                   lang),
                         "grade": metrics.grade(r["value"], lang) or "", "part": part,
                         "chosen": r["commune_code"] == b.commune})
    return rows


def target_bands(b: Briefing) -> list[dict]:
    """How many communes fall in each band of the target indicator, bands cut at the target
    (… target−20, target−10, target, target+10 …): label, count, below the target or not."""
    ind, lang = b.target_indicator, b.lang
    goal = b.online_figures.get("target")
    values = [v for v in b.online["value"].to_list() if not fmt.is_missing(v)]
    upper = ind.upper_bound() or max(values, default=100.0)
    if goal is None:
        goal = upper / 2
    edges = sorted({0.0, *[goal + step for step in (-20, -10, 0, 10, 20) if 0 < goal + step < upper], upper})
    bands = []
    for low, high in itertools.pairwise(edges):
        last = high == edges[-1]
        count = sum(1 for v in values if low <= v < high or (last and v == high))
        label = (t("br_band_from", lang, low=fmt.value(low, ind.unit, 0, lang)) if last and low > 0
                 else t("br_band_below", lang, high=fmt.value(high, ind.unit, 0, lang)) if low == 0
                 else f"{fmt.value(low, ind.unit, 0, lang)} – {fmt.value(high, ind.unit, 0, lang)}")
        bands.append({"label": label, "count": count, "below": high <= goal, "low": low, "high": high})
    return bands


def target_text(b: Briefing) -> str:
    """One line under the target chart: the commune's value against the target, and the median."""
    ind, lang = b.target_indicator, b.lang
    figures = b.online_figures
    parts = []
    if b.commune is not None:
        row = b.online.filter(pl.col("commune_code") == b.commune)
        if not row.is_empty() and row["value"][0] is not None:
            met = metrics.meets_target(row["value"][0], ind.code, b.province)
            parts.append(t("br_commune_value", lang, name=b.commune_name,
                           value=fmt.value(row["value"][0], ind.unit, ind.decimals, lang),
                           verdict=t("target_met" if met else "target_missed", lang).lower()))
    parts.append(t("br_median_line", lang, value=fmt.value(figures.get("median"), ind.unit, 2, lang)))
    if figures.get("missed") is not None:
        parts.append(t("br_missed_line", lang, n=fmt.number(figures["missed"], 0, lang),
                       total=fmt.number(figures["with_data"], 0, lang),
                       target=fmt.value(figures["target"], ind.unit, 0, lang)))
    return " · ".join(parts)
