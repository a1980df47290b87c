"""The generated summary sentences of the overview page, with real figures.

Pure: no Streamlit. "Xã Bá Thước xếp thứ 17/166 trong tỉnh về Chỉ số phục vụ người dân,
doanh nghiệp (… điểm, xếp loại Tốt), tăng 5 bậc so với tháng trước; …"
"""
from __future__ import annotations

import polars as pl

from core import catalog
from dashboard import fmt, metrics, theme
from dashboard.i18n import status_label, t


def value_text(value, indicator: catalog.Indicator, lang: str) -> str:
    """A value with its unit in words where the unit is points ('82,35 điểm')."""
    text = fmt.value(value, indicator.unit, indicator.decimals, lang)
    if indicator.unit == "points" and text != "–":
        text += " " + t("unit_points", lang)
    return text


def subject(ranked: pl.DataFrame, commune: int | None) -> dict | None:
    """The row the sentence is about: the chosen commune if it is in the frame, else rank 1."""
    if ranked.is_empty():
        return None
    if commune is not None:
        rows = ranked.filter(pl.col("commune_code") == commune)
        if not rows.is_empty():
            return rows.row(0, named=True)
    ranked_rows = ranked.filter(pl.col("rank").is_not_null()).sort(["rank", "name"])
    if ranked_rows.is_empty():
        return None
    return ranked_rows.row(0, named=True)


def _change_clause(row: dict, window: str, lang: str) -> str:
    since = t("since_prev_month" if window == "month" else "since_prev_window", lang)
    change = row.get("rank_change")
    if row.get("prev_rank") is None:
        return t("summary_newly_ranked", lang)
    if change is None or change == 0:
        return t("summary_same_rank", lang, since=since)
    key = "summary_up" if change > 0 else "summary_down"
    return t(key, lang, n=abs(int(change)), since=since)


def overview_sentence(ranked: pl.DataFrame, indicator: catalog.Indicator, lang: str, window: str = "month",
                      commune: int | None = None, national: bool = False, province: int | None = None,
                      r57: pl.DataFrame | None = None) -> str:
    """One or two sentences on the chosen commune (else the top commune) for the overview.

    `ranked` is a queries.ranking frame; `r57` a queries.r57_window frame (optional).
    """
    row = subject(ranked, commune)
    if row is None:
        return t("summary_no_data", lang, indicator=indicator.name(lang))
    name = row["name"]
    if row["rank"] is None:
        return t("summary_unranked", lang, name=name, indicator=indicator.name(lang))
    details = [value_text(row["value"], indicator, lang)]
    if indicator.code == catalog.graded_indicator():
        grade = metrics.grade(row["value"], lang)
        if grade:
            details.append(t("summary_grade", lang, grade=grade))
    where = t("summary_national" if national else "summary_province", lang)
    without_data = (row.get("n_total") or 0) - (row.get("n_ranked") or 0)
    if without_data > 0:
        where += t("summary_without_data", lang, n=fmt.number(without_data, 0, lang))
    sentence = t("summary_rank", lang, name=name, rank=fmt.rank(row["rank"], row["n_ranked"], lang=lang),
                 where=where,
                 indicator=indicator.name(lang), details=", ".join(details),
                 change=_change_clause(row, window, lang))
    goal = metrics.target(indicator.code, province)
    if goal is not None:
        met = metrics.meets_target(row["value"], indicator.code, province)
        sentence += t("summary_target_met" if met else "summary_target_missed", lang,
                      target=fmt.value(goal, indicator.unit, 0, lang))
    if r57 is not None and "status" in r57.columns:
        status_rows = r57.filter(pl.col("commune_code") == row["commune_code"])
        if not status_rows.is_empty():
            status = status_rows["status"][0]
            key = "summary_r57_none" if status is None else "summary_r57"
            sentence += t(key, lang, status=status_label(status, lang).lower())
    return sentence + "."


def target_figures(ranked: pl.DataFrame, code: str, province: int | None) -> dict:
    """Median value, the target that applies, and how many communes miss it / lack a value."""
    values = ranked.filter(pl.col("value").is_not_null())["value"]
    goal = metrics.target(code, province)
    missed = None
    if goal is not None:
        graded = metrics.with_grades_and_targets(ranked, code, province, "vi")
        missed = graded.filter(pl.col("target_met") == False).height  # noqa: E712 - polars expression
    return {"median": values.median() if len(values) else None, "target": goal, "missed": missed,
            "with_data": len(values), "no_data": ranked.height - len(values), "total": ranked.height}


def grade_counts(ranked: pl.DataFrame, lang: str) -> dict[str, int]:
    """Communes per service-index grade band, best band first (every band listed, 0 included)."""
    counts = dict.fromkeys(metrics.grade_names(lang), 0)
    for value in ranked["value"].to_list():
        band = metrics.grade(value, lang) if value is not None else None
        if band is not None:
            counts[band] += 1
    return counts


def status_words(counts: dict[str | None, int], lang: str) -> str:
    """'**Xanh**: 126 · **Vàng**: 30 · **Đỏ**: 4 · **Chưa báo cáo**: 6' (Markdown), every status in words."""
    return " · ".join(f"**{status_label(s, lang)}**: {fmt.number(counts[s], 0, lang)}" for s in theme.STATUSES)


def movers_table(movers: pl.DataFrame, indicator: catalog.Indicator, lang: str):
    """One side of metrics.movers as shown: name, rank, previous rank, change and value.

    A pandas Styler: the numbers stay numbers (the grid sorts them as such) and read "17/166",
    "▲5", "67,83 %" in the language.
    """
    frame = pl.DataFrame({
        t("name", lang): movers["name"],
        t("rank", lang): movers["rank"].cast(pl.Int64),
        t("ov_prev_rank", lang): movers["prev_rank"].cast(pl.Int64),
        t("change", lang): movers["rank_change"].cast(pl.Int64),
        t("value", lang): movers["value"].cast(pl.Float64),
    }).to_pandas()
    n_ranked = movers["n_ranked"].max() if movers.height else None
    return frame.style.format({
        t("rank", lang): lambda r: fmt.rank(r, n_ranked, lang=lang),
        t("ov_prev_rank", lang): lambda r: str(int(r)),
        t("change", lang): lambda c: fmt.rank_change(c, True, lang),
        t("value", lang): lambda v: fmt.value(v, indicator.unit, indicator.decimals, lang),
    }, na_rep="–")


def target_note(code: str, province: int | None, lang: str, provinces: dict[int, str]) -> str:
    """Which target a drawn target line is, and why: the province's own (with who set it) beside the
    national one, or the national one where the province has none or the view is the whole country."""
    indicator = catalog.indicator(code)
    goal = metrics.target(code, province)
    if goal is None:
        return ""

    def value(v):
        return fmt.value(v, indicator.unit, 0, lang)
    national = indicator.target_national
    national_source = indicator.target_source(None, lang) or ""
    if province is not None and province in indicator.target_provinces:
        note = t("target_note_province", lang, target=value(goal), province=provinces.get(province, str(province)),
                 source=indicator.target_source(province, lang) or "")
        if national is not None:
            note += " " + t("target_note_beside_national", lang, national=value(national), source=national_source)
        return note
    note = t("target_note_national", lang, target=value(goal), source=national_source)
    if province is not None:
        return note + " " + t("target_note_no_own", lang, province=provinces.get(province, str(province)))
    own = ", ".join(f"{provinces.get(code_, str(code_))} {value(v)}"
                    for code_, v in sorted(indicator.target_provinces.items()))
    return note + (" " + t("target_note_provinces_own", lang, list=own) if own else "")
