"""A commune's scorecard, assembled from query results. Pure: no Streamlit, no SQL.

Inputs are the frames of core.queries (`profile_ranks`, `monthly_values`, `r57_history`,
`public_figures`, `window_values`, `communes`); outputs are plain frames and dicts that the
profile and compare pages render as they are. Texts go through dashboard.i18n / dashboard.fmt.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Protocol

import polars as pl

from core import catalog
from dashboard import fmt, metrics
from dashboard.i18n import division_label, status_label, t
from dashboard.theme import STATUS_BADGES

DIRECTION_MARK = {"higher": "↑", "lower": "↓", "none": "–"}



def sorted_options(communes: pl.DataFrame) -> dict[int, str]:
    """commune_code → name, ordered by name (the order a chooser lists them in)."""
    pairs = zip(communes["commune_code"].to_list(), communes["name"].to_list())
    return dict(sorted(pairs, key=lambda item: (item[1], item[0])))


def default_commune(chosen: tuple[int, ...] | list[int], options: dict[int, str], province: int) -> int | None:
    """'The' commune of the profile: the first chosen one that is in the province; else the
    featured commune of the province (settings: Bá Thước in Thanh Hóa); else the first by name."""
    for code in chosen:
        if code in options:
            return code
    for code in catalog.featured_communes(province):
        if code in options:
            return code
    return next(iter(options), None)


def default_compare(chosen: list[int], options: dict[int, str], province: int, ranked: pl.DataFrame | None,
                    n: int = 2) -> list[int]:
    """The communes compared: those chosen in the province; else the featured ones (settings: Bá
    Thước and Hồi Xuân in Thanh Hóa); else the top `n` of `ranked` (a ranking frame), else the
    first by name."""
    picked = [c for c in chosen if c in options]
    if picked:
        return picked
    featured = [c for c in catalog.featured_communes(province) if c in options]
    if len(featured) >= 2:
        return featured[:n]
    if ranked is not None and not ranked.is_empty():
        top = ranked.filter(pl.col("rank").is_not_null()).sort(["rank", "name"])["commune_code"].to_list()
        top = [c for c in top if c in options]
        if top:
            return top[:n]
    return list(options)[:n]


# ---- scorecard ------------------------------------------------------------------------------

def commune_ranks(ranks: pl.DataFrame, commune: int) -> dict[str, dict]:
    """indicator_code → the commune's row of `profile_ranks` (value, rank, n_ranked, n_total, percentile)."""
    rows = ranks.filter(pl.col("commune_code") == commune).to_dicts()
    return {row["indicator_code"]: row for row in rows}


def series(monthly: pl.DataFrame, commune: int, months: list[dt.date]) -> dict[str, list[float | None]]:
    """indicator_code → the commune's month-by-month values over `months` (None where missing)."""
    out: dict[str, list[float | None]] = {}
    frame = monthly.filter(pl.col("commune_code") == commune)
    by_code: dict[str, dict[dt.date, float]] = {}
    for code, period, value in frame.select("indicator_code", "period", "value").iter_rows():
        by_code.setdefault(code, {})[period] = value
    for code, values in by_code.items():
        out[code] = [values.get(m) for m in months]
    return out


def unreported(ranks: pl.DataFrame, commune: int) -> bool:
    """Whether the commune has no value at all for the window, context aside (it did not report)."""
    monthly = {c for c, ind in catalog.indicators().items() if ind.kind != "context"}
    rows = commune_ranks(ranks, commune)
    return all(fmt.is_missing(rows.get(c, {}).get("value")) for c in monthly)


def _line(values: list[float | None] | None) -> list[float | None] | None:
    """A sparkline needs two points: context reported once gets none."""
    if values is None or sum(v is not None for v in values) < 2:
        return None
    return values


def _target_text(goal, value, code: str, ind: catalog.Indicator, province: int | None, lang: str) -> str:
    """'70 % · Chưa đạt': the target that applies to the province, and whether the value meets it."""
    if goal is None:
        return ""
    text = fmt.value(goal, ind.unit, 0, lang)
    met = None if fmt.is_missing(value) else metrics.meets_target(value, code, province)
    if met is not None:
        text += " · " + t("target_met" if met else "target_missed", lang)
    return text


def _rank_text(row: dict | None, lang: str, compact: bool = False) -> str:
    """'17/160 · 6 chưa có số liệu'; compact: '17/160' (tables say once how many have no data)."""
    if row is None:
        return t("no_data", lang)
    return fmt.rank(row.get("rank"), row.get("n_ranked"), None if compact else row.get("n_total"), lang)


def scorecard(ranks: pl.DataFrame, monthly: pl.DataFrame, commune: int, months: list[dt.date], lang: str,
              province: int | None = None) -> list[tuple[str, str, pl.DataFrame]]:
    """The scorecard: one (group code, group name, table) per catalog group, in catalog order.

    Each table has one row per indicator of the group: name after its direction mark ("↑ …"),
    value (text in the language), rank in the province ("17/166", among the communes with a
    value: the page says once how many have none), percentile (None for indicators without
    a direction: their high-to-low rank is for reference only), target and a 12-month series.
    """
    rows = commune_ranks(ranks, commune)
    trend = series(monthly, commune, months)
    groups = catalog.groups()
    tables: dict[str, list[dict]] = {}
    for code, ind in catalog.indicators().items():
        row = rows.get(code)
        value = None if row is None else row.get("value")
        goal = ind.target_for(province)
        percentile = None if row is None or ind.direction == "none" else row.get("percentile")
        tables.setdefault(ind.group, []).append({
            "code": code,
            "indicator": f"{DIRECTION_MARK.get(ind.direction, '–')} {ind.name(lang)}",
            "value": fmt.value(value, ind.unit, ind.decimals, lang),
            "rank": _rank_text(row, lang, compact=True) if not fmt.is_missing(value) else t("no_data", lang),
            "percentile": None if fmt.is_missing(percentile) else round(float(percentile), 1),
            "target": _target_text(goal, value, code, ind, province, lang),
            "trend": _line(trend.get(code)),
        })
    schema = {"code": pl.String, "indicator": pl.String, "value": pl.String, "rank": pl.String,
              "percentile": pl.Float64, "target": pl.String, "trend": pl.List(pl.Float64)}
    out = []
    for group, entries in tables.items():
        label = groups.get(group, {}).get(lang, group)
        out.append((group, label, pl.DataFrame(entries, schema=schema)))
    return out


def scorecard_export(ranks: pl.DataFrame, commune: int, name: str, province: int | None,
                     lang: str) -> tuple[pl.DataFrame, dict[str, str]]:
    """The scorecard for CSV/XLSX: one row per indicator, numbers kept numeric; and XLSX formats."""
    rows = commune_ranks(ranks, commune)
    groups = catalog.groups()
    records = []
    for code, ind in catalog.indicators().items():
        row = rows.get(code, {})
        records.append({
            t("code", lang): fmt.commune_code(commune), t("name", lang): name,
            t("pf_group", lang): groups.get(ind.group, {}).get(lang, ind.group),
            t("indicator", lang): ind.name(lang), t("value", lang): row.get("value"),
            t("rank", lang): row.get("rank"), t("cp_n_ranked", lang): row.get("n_ranked"),
            t("pf_n_total", lang): row.get("n_total"),
            t("percentile", lang): None if ind.direction == "none" else row.get("percentile"),
            t("pf_target", lang): ind.target_for(province)})
    schema = {t("code", lang): pl.String, t("name", lang): pl.String, t("pf_group", lang): pl.String,
              t("indicator", lang): pl.String, t("value", lang): pl.Float64, t("rank", lang): pl.Int64,
              t("cp_n_ranked", lang): pl.Int64, t("pf_n_total", lang): pl.Int64, t("percentile", lang): pl.Float64,
              t("pf_target", lang): pl.Float64}
    formats = {t("value", lang): "#,##0.00", t("percentile", lang): "0.0", t("pf_target", lang): "#,##0"}
    assert len(schema) == 10, "export headers must be unique in the language"
    return pl.DataFrame(records, schema=schema), formats


def strengths(ranks: pl.DataFrame, commune: int, lang: str, n: int = 3) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The commune's n strongest and n weakest indicators by percentile in the province, among
    indicators that have a direction and where the commune is ranked (and more than one is)."""
    rows = commune_ranks(ranks, commune)
    entries = []
    for code, ind in catalog.indicators().items():
        row = rows.get(code)
        if ind.direction == "none" or row is None or row.get("rank") is None or (row.get("n_ranked") or 0) < 2:
            continue
        entries.append({"code": code, "indicator": ind.name(lang),
                        "value": fmt.value(row["value"], ind.unit, ind.decimals, lang),
                        "rank": _rank_text(row, lang, compact=True), "percentile": float(row["percentile"])})
    schema = {"code": pl.String, "indicator": pl.String, "value": pl.String, "rank": pl.String,
              "percentile": pl.Float64}
    frame = pl.DataFrame(entries, schema=schema)
    if frame.is_empty():
        return frame, frame
    strongest = frame.sort(["percentile", "code"], descending=[True, False]).head(n)
    weakest = frame.sort(["percentile", "code"]).head(n)
    if len(frame) < 2 * n:  # too few to split: keep each indicator on one side only
        weakest = weakest.filter(~pl.col("code").is_in(strongest["code"].to_list()))
    return strongest, weakest


# ---- context ---------------------------------------------------------------------------------

def context_facts(commune_row: dict, ranks: pl.DataFrame, old: pl.DataFrame, lang: str) -> dict[str, str]:
    """Population, area, villages (the latest values, the master data where none), type, code
    and the old communes it was formed from, as texts in the language."""
    rows = commune_ranks(ranks, commune_row["commune_code"])

    def latest(code: str, fallback):
        value = rows.get(code, {}).get("value")
        return fallback if fmt.is_missing(value) else value

    population = latest("population", commune_row.get("population"))
    area = latest("area_km2", commune_row.get("area_km2"))
    villages = latest("villages", None)
    formed = [f"{name} ({district})" if district else name
              for name, district in old.select("old_name", "old_district_name").iter_rows()]
    if not formed and commune_row.get("formed_from"):
        formed = [commune_row["formed_from"]]
    indicators = catalog.indicators()

    def decimals(code: str, default: int) -> int:
        return indicators[code].decimals if code in indicators else default

    division = commune_row.get("division_type")
    slug = catalog.division_slugs().get(division or "")
    return {
        "population": fmt.number(population, decimals("population", 0), lang),
        "area": fmt.number(area, decimals("area_km2", 2), lang) + ("" if fmt.is_missing(area) else " km²"),
        "villages": fmt.number(villages, decimals("villages", 0), lang),
        "division": division_label(slug, lang) if slug else (division or "–"),
        "code": fmt.commune_code(commune_row["commune_code"]),
        "formed_from": "; ".join(formed) if formed else "–",
    }


def facts_list(facts: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """context_facts as (label, text) pairs, in the order the page shows them."""
    keys = (("pf_population", "population"), ("pf_area", "area"), ("pf_villages", "villages"),
            ("pf_division", "division"), ("pf_code", "code"))
    return [(t(label, lang), facts[key]) for label, key in keys]


def previous_text(previous: tuple[dt.date, dt.date], window: str, lang: str) -> str:
    """The previous window in words: 'Tháng 10/2025' for a month, '07/2025 – 10/2025' otherwise."""
    if window == "month":
        return fmt.month(previous[1], lang)
    return f"{fmt.short_month(previous[0], lang)} – {fmt.short_month(previous[1], lang)}"


# ---- Resolution 57 ---------------------------------------------------------------------------

def r57_strip(history: pl.DataFrame, months: list[dt.date], lang: str) -> list[dict]:
    """One entry per month: month label, status (None = not reported), word and badge colour."""
    by_month = dict(history.select("period", "status").iter_rows())
    strip = []
    for month in months:
        status = by_month.get(month)
        strip.append({"period": month, "month": fmt.short_month(month, lang), "status": status,
                      "word": status_label(status, lang), "colour": STATUS_BADGES.get(status, STATUS_BADGES[None])})
    return strip


def r57_line(strip: list[dict], lang: str) -> str:
    """'Nghị quyết 57 (11/2025): Xanh' — the status of the strip's last month."""
    if not strip:
        return ""
    last = strip[-1]
    return f"{t('r57_title', lang)} ({last['month']}): {last['word']}"


def r57_markdown(strip: list[dict]) -> str:
    """The strip as Streamlit badges: colour and the word together ('07/2025 · Xanh')."""
    return " ".join(f":{entry['colour']}-badge[{entry['month']} · {entry['word']}]" for entry in strip)


# ---- published figures -----------------------------------------------------------------------

def public_table(figures: pl.DataFrame, demo_values: dict[tuple[dt.date, dt.date], dict[str, float | None]],
                 demo_ranks: dict[tuple[str, dt.date], str], demo_status: dict[dt.date, str | None],
                 lang: str) -> pl.DataFrame:
    """Published figures beside what the demo data give for the same period.

    `demo_values` maps (period_from, period_to) → indicator_code → the demo value over that
    span; `demo_ranks` maps (indicator_code, month) → the rank text of that indicator that
    month (the reports publish the service index's); `demo_status` maps a month → the
    Resolution 57 status that month.
    """
    indicators = catalog.indicators()
    rows = []
    for fig in figures.iter_rows(named=True):
        code = fig["indicator_code"]
        ind = indicators.get(code)
        name = ind.name(lang) if ind is not None else t("r57_title", lang)
        start, end = fig["period_from"], fig["period_to"]
        span = (fmt.short_month(end, lang) if start == end
                else f"{fmt.short_month(start, lang)}–{fmt.short_month(end, lang)}")
        if fig["relation"] == "rank":
            demo = demo_ranks.get((code, end), "–")
        elif fig["relation"] == "status":
            demo = status_label(demo_status.get(end), lang)
        else:
            value = demo_values.get((start, end), {}).get(code)
            demo = fmt.value(value, ind.unit, ind.decimals, lang) if ind is not None else "–"
        rows.append({"indicator": name, "period": span, "published": fig["published"], "demo": demo,
                     "source": fig["source"]})
    return pl.DataFrame(rows, schema={"indicator": pl.String, "period": pl.String, "published": pl.String,
                                      "demo": pl.String, "source": pl.String})


def value_ranges(figures: pl.DataFrame) -> dict[tuple[dt.date, dt.date], list[str]]:
    """(period_from, period_to) → the indicator codes whose demo value is needed over that span."""
    ranges: dict[tuple[dt.date, dt.date], list[str]] = {}
    known = catalog.indicators()
    for fig in figures.filter(~pl.col("relation").is_in(["rank", "status"])).iter_rows(named=True):
        if fig["indicator_code"] in known:
            ranges.setdefault((fig["period_from"], fig["period_to"]), []).append(fig["indicator_code"])
    return ranges


# ---- compare ----------------------------------------------------------------------------------

def medians(ranks: pl.DataFrame, codes: list[str]) -> dict[str, float | None]:
    """indicator_code → the province median over communes with a value (None when none has one)."""
    out: dict[str, float | None] = dict.fromkeys(codes)
    frame = (ranks.filter(pl.col("indicator_code").is_in(codes) & pl.col("value").is_not_null())
             .group_by("indicator_code").agg(pl.col("value").median()))
    for code, value in frame.iter_rows():
        out[code] = value
    return out


def compare_table(ranks: pl.DataFrame, communes: dict[int, str], codes: list[str], lang: str,
                  median_label: str) -> pl.DataFrame:
    """Indicators × communes: each cell 'value · rank in province' ('86,17 % · 140/161', ranked among
    the communes with a value), then the province median."""
    indicators = catalog.indicators()
    mids = medians(ranks, codes)
    rows = {(r["commune_code"], r["indicator_code"]): r
            for r in ranks.filter(pl.col("commune_code").is_in(list(communes))
                                  & pl.col("indicator_code").is_in(codes)).to_dicts()}
    names = _unique_names(communes)
    records = []
    for code in codes:
        ind = indicators[code]
        record = {t("indicator", lang): ind.name(lang)}
        for commune, name in names.items():
            row = rows.get((commune, code))
            value = None if row is None else row["value"]
            if fmt.is_missing(value):
                record[name] = t("no_data", lang)
            else:
                shown = fmt.value(value, ind.unit, ind.decimals, lang)
                record[name] = f"{shown} · {_rank_text(row, lang, compact=True)}"
        record[median_label] = fmt.value(mids[code], ind.unit, ind.decimals, lang)
        records.append(record)
    return pl.DataFrame(records, schema={t("indicator", lang): pl.String, **dict.fromkeys(names.values(), pl.String),
                                         median_label: pl.String})


def compare_export(ranks: pl.DataFrame, communes: dict[int, str], codes: list[str], lang: str) -> pl.DataFrame:
    """The comparison for CSV/XLSX: one row per commune × indicator, numbers kept numeric."""
    indicators = catalog.indicators()
    mids = medians(ranks, codes)
    rows = {(r["commune_code"], r["indicator_code"]): r for r in ranks.filter(
        pl.col("commune_code").is_in(list(communes)) & pl.col("indicator_code").is_in(codes)).to_dicts()}
    records = []
    for code in codes:
        for commune, name in communes.items():
            row = rows.get((commune, code)) or {}
            records.append({t("code", lang): fmt.commune_code(commune), t("name", lang): name,
                            t("indicator", lang): indicators[code].name(lang), t("value", lang): row.get("value"),
                            t("rank", lang): row.get("rank"), t("cp_n_ranked", lang): row.get("n_ranked"),
                            t("province_median", lang): mids[code]})
    return pl.DataFrame(records, schema={t("code", lang): pl.String, t("name", lang): pl.String,
                                         t("indicator", lang): pl.String, t("value", lang): pl.Float64,
                                         t("rank", lang): pl.Int64, t("cp_n_ranked", lang): pl.Int64,
                                         t("province_median", lang): pl.Float64})


def _unique_names(communes: dict[int, str]) -> dict[int, str]:
    """Column headers: names, with the code added where two communes share a name."""
    counts: dict[str, int] = {}
    for name in communes.values():
        counts[name] = counts.get(name, 0) + 1
    return {code: name if counts[name] == 1 else f"{name} ({fmt.commune_code(code)})"
            for code, name in communes.items()}


class FigureSource(Protocol):
    """Where published_against_demo reads the database's figures: the page passes the
    dashboard.cache module; a test may pass an object with the same two functions."""

    def window_values(self, *, codes: list[str], window: tuple[dt.date, dt.date],
                      province: int | None) -> pl.DataFrame: ...

    def profile_ranks(self, *, codes: list[str], window: tuple[dt.date, dt.date],
                      province: int) -> pl.DataFrame: ...


def published_against_demo(figures: pl.DataFrame, history: pl.DataFrame, commune: int, province: int,
                           lang: str, source: FigureSource) -> pl.DataFrame:
    """The published figures beside the database's value for the same period, read from `source`."""
    demo_values = {}
    for (start, end), wanted in value_ranges(figures).items():
        frame = source.window_values(codes=wanted, window=(start, end), province=province).filter(
            pl.col("commune_code") == commune)
        demo_values[(start, end)] = dict(zip(frame["indicator_code"].to_list(), frame["value"].to_list()))
    demo_ranks = {}
    published_ranks = figures.filter(pl.col("relation") == "rank").select("indicator_code", "period_to").unique()
    for code, end in published_ranks.iter_rows():
        ranks = source.profile_ranks(codes=[code], window=(end, end), province=province)
        rank_row = commune_ranks(ranks, commune).get(code)
        demo_ranks[(code, end)] = (fmt.rank(rank_row["rank"], rank_row["n_ranked"], rank_row["n_total"], lang)
                                   if rank_row else "–")
    demo_status = dict(history.select("period", "status").iter_rows())
    return public_table(figures, demo_values, demo_ranks, demo_status, lang)


def sortable(table: pl.DataFrame, ranks: pl.DataFrame, commune: int):
    """A scorecard or strengths table for the grid: the rank is a number underneath (so sorting
    by it sorts 2 before 17 before 101) and reads "17/166" (each indicator has its own count of
    ranked communes). A pandas Styler; the other columns are as `scorecard`/`strengths` made them.
    A commune without a rank has a null there: the page's grid placeholder shows it."""
    import pandas as pd

    rows = commune_ranks(ranks, commune)
    codes = table["code"].to_list()
    data = table.drop("trend").to_pandas() if "trend" in table.columns else table.to_pandas()
    if "trend" in table.columns:
        # the line joins the months that have a figure: with a Styler the grid shows a list with
        # a gap as text (checked in chromium), so gaps are left out, as the rankings' sparklines do
        data["trend"] = pd.Series([[v for v in values or () if not fmt.is_missing(v)]
                                   for values in table["trend"].to_list()], dtype=object)
    numbers = [(rows.get(code) or {}).get("rank") for code in codes]
    data["rank"] = pd.array([None if fmt.is_missing(n) else int(n) for n in numbers], dtype="Int64")
    styler = data.style
    if "trend" in data.columns:
        styler = styler.format(lambda values: json.dumps(list(values)), subset=["trend"])
    for index, code in enumerate(codes):
        n_ranked = (rows.get(code) or {}).get("n_ranked")
        if numbers[index] is not None and n_ranked:
            styler = styler.format(lambda r, n=int(n_ranked): f"{int(r)}/{n}", subset=([index], ["rank"]))
    return styler
