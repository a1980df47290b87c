"""The rankings table: filtering, the on-screen frame and the export frame.

Pure: no Streamlit. Input is a queries.ranking frame; ranks stay those of the whole scope
(filtering by type or name hides rows, it never re-ranks).
"""
from __future__ import annotations

import polars as pl

from core import catalog
from core.names import COMMUNE_PREFIXES, ascii_key
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
        digits = search.strip()
        if digits.isdigit():
            match = match | (pl.col("commune_code") == int(digits))
        out = out.filter(match).drop("ascii_key")
    return out.sort(["rank", "name"], nulls_last=True)


def display_frame(ranked: pl.DataFrame, indicator: catalog.Indicator, province: int | None, lang: str,
                  sparks: dict[int, list] | None = None, provinces: dict[int, str] | None = None) -> pl.DataFrame:
    """The table as shown: texts formatted in the language, a sparkline list per commune.

    Columns: code, name, [province], type, rank, value, change, percentile, [grade], [target], trend.
    """
    sparks = sparks or {}
    graded = metrics.with_grades_and_targets(ranked, indicator.code, province, lang)
    rows = []
    for r in graded.iter_rows(named=True):
        ranked_now = r["rank"] is not None
        row = {
            "code": fmt.commune_code(r["commune_code"]),
            "name": r["name"],
        }
        if provinces is not None:
            row["province"] = provinces.get(r["province_code"], str(r["province_code"]))
        row.update({
            "type": r["division_type"],  # xã / phường / đặc khu are the official words in both languages
            # "17/161": the caption says once how many communes have no figure (not "17/161 · 5 …")
            "rank": fmt.rank(r["rank"], r["n_ranked"], None, lang=lang),
            "value": fmt.value(r["value"], indicator.unit, indicator.decimals, lang) if ranked_now
            else t("no_data", lang),
            "change": fmt.rank_change(r["rank_change"] if r["prev_rank"] is not None else None, ranked_now, lang),
            "percentile": round(r["percentile"]) if r["percentile"] is not None else None,
        })
        if "grade" in graded.columns:
            row["grade"] = r["grade"] or ""
        if "target_met" in graded.columns:
            row["target"] = ("" if r["target_met"] is None
                             else t("target_met" if r["target_met"] else "target_missed", lang))
        row["trend"] = sparks.get(r["commune_code"], [])
        rows.append(row)
    schema = {"code": pl.String, "name": pl.String}
    if provinces is not None:
        schema["province"] = pl.String
    schema.update({"type": pl.String, "rank": pl.String, "value": pl.String, "change": pl.String,
                   "percentile": pl.Int64})
    if "grade" in graded.columns:
        schema["grade"] = pl.String
    if "target_met" in graded.columns:
        schema["target"] = pl.String
    schema["trend"] = pl.List(pl.Float64)
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


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
        pl.col("value").alias(value_header),
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
