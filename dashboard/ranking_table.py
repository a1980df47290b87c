"""The rankings table: filtering, the on-screen frame and the export frame.

Pure: no Streamlit. Input is a queries.ranking frame; ranks stay those of the whole scope
(filtering by type or name hides rows, it never re-ranks).
"""
from __future__ import annotations

import polars as pl

from core import catalog
from core.names import COMMUNE_PREFIXES, ascii_key, sort_key
from core.periods import ascii_int
from dashboard import fmt, metrics
from dashboard.i18n import t
from dashboard.theme import unit_label

# URL slugs of division types → the words stored in communes.division_type.
DIVISION_WORDS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}


def search_key(text: str) -> str:
    """What a name search compares: no diacritics, no case, no 'Xã/Phường' prefix."""
    return ascii_key(text or "", COMMUNE_PREFIXES)


def filter_rows(ranked: pl.DataFrame, division: str | None = None, search: str = "",
                keys: pl.DataFrame | None = None) -> pl.DataFrame:
    """Rows of one division type and/or whose name contains the search text (diacritics ignored).

    `keys` holds commune_code and ascii_key (queries.communes); without it the key is computed.
    A search of digits also matches the commune code.
    """
    out = ranked
    if division in DIVISION_WORDS:
        out = out.filter(pl.col("division_type") == DIVISION_WORDS[division])
    wanted = search_key(search)
    if wanted:
        if keys is not None:
            out = out.join(keys.select("commune_code", "ascii_key"), on="commune_code", how="left")
        else:
            out = out.with_columns(pl.col("name").map_elements(search_key, return_dtype=pl.String).alias("ascii_key"))
        match = pl.col("ascii_key").str.contains(wanted, literal=True)
        code = ascii_int(search)
        if code is not None:
            match = match | (pl.col("commune_code") == code)
        out = out.filter(match).drop("ascii_key")
    return out.sort(["rank", "name"], nulls_last=True)


def sort_rows(ranked: pl.DataFrame, sort: str) -> pl.DataFrame:
    """The rows in a chosen order (state.SORTS: "value_desc" = highest value first), built here
    so that a link keeps it (a click on a grid header sorts in the browser only).

    Numbers sort as numbers; names as a Vietnamese dictionary does, without the "Xã"/"Phường"
    prefix. Communes without the figure (no value, no rank; for the change also those ranked for
    the first time) come last in either direction, by rank then name; ties go by name.
    """
    column, direction = sort.rsplit("_", 1)
    names = [sort_key(name, COMMUNE_PREFIXES) for name in ranked["name"].to_list()]
    rows = range(ranked.height)
    if column == "name":
        order = sorted(rows, key=lambda i: names[i], reverse=direction == "desc")
        return ranked[order]
    if column == "change":
        values = [change if before is not None else None for change, before
                  in zip(ranked["rank_change"].to_list(), ranked["prev_rank"].to_list())]
    else:
        values = ranked[column].to_list()
    sign = -1 if direction == "desc" else 1
    known = sorted((i for i in rows if not fmt.is_missing(values[i])), key=lambda i: (sign * values[i], names[i]))
    ranks = ranked["rank"].to_list()
    unknown = sorted((i for i in rows if fmt.is_missing(values[i])),
                     key=lambda i: (ranks[i] is None, ranks[i] or 0, names[i]))
    return ranked[known + unknown]


def below_target(ranked: pl.DataFrame, code: str, province: int | None) -> pl.DataFrame:
    """Only the communes that miss the indicator's target (none when it has no target; communes
    without a figure are not below it: they are unknown)."""
    graded = metrics.with_grades_and_targets(ranked, code, province, "vi")
    if "target_met" not in graded.columns:
        return ranked.clear()
    return graded.filter(pl.col("target_met") == False).select(ranked.columns)  # noqa: E712 - polars expression


def display_frame(ranked: pl.DataFrame, indicator: catalog.Indicator, province: int | None, lang: str,
                  sparks: dict[int, list] | None = None, provinces: dict[int, str] | None = None) -> pl.DataFrame:
    """The table as shown, numbers kept numeric (so the grid sorts them as numbers; `styled`
    formats them in the language), a sparkline list per commune.

    Columns: code, name, [province], type, rank, value, change, percentile, [grade], [target],
    trend; and `new_rank` (ranked now, not before: "mới" in `change`), which `styled` uses and
    the page does not show. Nulls mean "no data" only: the page gives the grid that placeholder.
    """
    sparks = sparks or {}
    graded = metrics.with_grades_and_targets(ranked, indicator.code, province, lang)
    columns = [pl.col("commune_code").map_elements(fmt.commune_code, return_dtype=pl.String).alias("code"),
               pl.col("name")]
    if provinces is not None:
        columns.append(pl.col("province_code").replace_strict(provinces, default=None, return_dtype=pl.String)
                       .alias("province"))
    columns += [
        # xã / phường / đặc khu are the official words in both languages
        pl.col("division_type").alias("type"),
        pl.col("rank").cast(pl.Int64),
        pl.col("value").cast(pl.Float64),
        # a commune ranked now but not before is "mới": 0 underneath (no move to compare), so that a
        # null is only ever "no data" (the grid shows its placeholder for a null, not the Styler's text)
        pl.when(pl.col("prev_rank").is_not_null()).then(pl.col("rank_change"))
        .when(pl.col("rank").is_not_null()).then(0).cast(pl.Int64).alias("change"),
        pl.col("percentile").round(0).cast(pl.Float64),
    ]
    if "grade" in graded.columns:
        columns.append(pl.col("grade").fill_null(""))
    if "target_met" in graded.columns:
        columns.append(pl.when(pl.col("target_met").is_null()).then(pl.lit(""))
                       .when(pl.col("target_met")).then(pl.lit(t("target_met", lang)))
                       .otherwise(pl.lit(t("target_missed", lang))).alias("target"))
    columns.append((pl.col("rank").is_not_null() & pl.col("prev_rank").is_null()).alias("new_rank"))
    frame = graded.select(columns)
    trends = [sparks.get(code, []) for code in graded["commune_code"].to_list()]
    return frame.with_columns(pl.Series("trend", trends, dtype=pl.List(pl.Float64)))


def styled(frame: pl.DataFrame, indicator: catalog.Indicator, n_ranked: int | None, lang: str):
    """A pandas Styler of a display_frame: the grid shows "17/166", "67,83 %", "▲3" and "mới" and
    sorts by the numbers underneath (st.dataframe sorts a Styler's data, not its display texts).
    A null cell is shown by the grid's own placeholder, never by the Styler: the page passes
    "chưa có số liệu" as st.dataframe's `placeholder`. The `new_rank` helper column is dropped."""
    import pandas as pd

    # the sparkline lists go over as plain Python lists: polars' list → pandas conversion of
    # 3,321 rows took a second on its own (bench: rankings page, national scope)
    data = frame.drop("new_rank", "trend").to_pandas()
    if "trend" in frame.columns:
        data["trend"] = pd.Series(frame["trend"].to_list(), dtype=object)
    new_rows = [i for i, new in enumerate(frame["new_rank"].to_list()) if new]
    n_text = "" if n_ranked is None else f"/{int(n_ranked)}"
    styler = data.style.format({
        "rank": lambda r: f"{int(r)}{n_text}",
        "value": lambda v: fmt.value(v, indicator.unit, indicator.decimals, lang),
        "change": lambda c: fmt.rank_change(c, True, lang),
        "percentile": lambda p: fmt.number(p, 0, lang),
    }, na_rep=t("no_data", lang))
    if new_rows:
        styler = styler.format(lambda _: t("new", lang), subset=(new_rows, ["change"]))
    return styler


def groups_subject(shown: pl.DataFrame, ranked: pl.DataFrame, chosen) -> dict | None:
    """The commune whose service-index groups are drawn beside the ranking, as its row of
    `ranked`: the first chosen commune among the rows shown, else the best ranked one shown;
    None when no shown commune is ranked."""
    shown_codes = set(shown["commune_code"].to_list())
    candidates = [c for c in chosen if c in shown_codes]
    pick_from = shown.filter(pl.col("rank").is_not_null()).sort("rank")
    subject = candidates[0] if candidates else (pick_from["commune_code"][0] if not pick_from.is_empty() else None)
    if subject is None:
        return None
    return ranked.filter(pl.col("commune_code") == subject).row(0, named=True)


def export_frame(ranked: pl.DataFrame, indicator: catalog.Indicator, province: int | None, lang: str,
                 provinces: dict[int, str] | None = None) -> tuple[pl.DataFrame, dict[str, str]]:
    """The table for CSV/XLSX: numbers kept numeric, headers in the language; and XLSX formats."""
    from dashboard.export import number_format

    graded = metrics.with_grades_and_targets(ranked, indicator.code, province, lang)
    unit = unit_label(indicator, lang)
    value_header = indicator.name(lang) + (f" ({unit})" if unit else "")
    columns = [
        pl.col("commune_code").map_elements(fmt.commune_code, return_dtype=pl.String).alias(t("code", lang)),
        pl.col("name").alias(t("name", lang)),
    ]
    if provinces is not None:
        columns.append(pl.col("province_code").replace_strict(provinces, default=None, return_dtype=pl.String)
                       .alias(t("province", lang)))
    columns += [
        pl.col("division_type").alias(t("division_type", lang)),
        pl.col("rank").alias(t("rank", lang)),
        pl.col("n_ranked").alias(t("export_n_ranked", lang)),
        # as many decimals as the catalog gives the indicator: 67,83 %, not 67,83471074380165
        pl.col("value").round(indicator.decimals).alias(value_header),
        pl.when(pl.col("prev_rank").is_not_null()).then(pl.col("rank_change")).alias(t("change", lang)),
        pl.col("percentile").round(1).alias(t("percentile", lang)),
    ]
    if "grade" in graded.columns:
        columns.append(pl.col("grade").alias(t("grade", lang)))
    if "target_met" in graded.columns:
        columns.append(pl.when(pl.col("target_met").is_null()).then(None)
                       .when(pl.col("target_met")).then(pl.lit(t("target_met", lang)))
                       .otherwise(pl.lit(t("target_missed", lang))).alias(t("rk_target", lang)))
    frame = graded.select(columns)  # polars refuses duplicate names: every header is unique
    formats = {value_header: number_format(indicator.decimals), t("percentile", lang): number_format(1)}
    return frame, formats
