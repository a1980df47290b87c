"""Tables of the methodology page: the catalog, the load history, coverage and gaps.

Pure: no Streamlit, no SQL. Texts in the chosen language through dashboard.i18n / fmt.
"""
from __future__ import annotations

import polars as pl

from core import catalog
from dashboard import fmt, theme
from dashboard.i18n import t


def _names(codes: tuple[str, ...], lang: str) -> str:
    known = catalog.indicators()
    return " + ".join(known[c].name(lang) if c in known else c for c in codes)


def target_text(ind: catalog.Indicator, provinces: dict[int, str], lang: str) -> str:
    """'Thanh Hóa 70 %; toàn quốc 80 %' — every configured target of an indicator."""
    parts = [t("md_target_province", lang, province=provinces.get(code, str(code)),
               value=fmt.value(value, ind.unit, 0, lang)) for code, value in sorted(ind.target_provinces.items())]
    if ind.target_national is not None:
        parts.append(t("md_target_national", lang, value=fmt.value(ind.target_national, ind.unit, 0, lang)))
    return "; ".join(parts)


def catalog_groups(lang: str, provinces: dict[int, str]) -> list[tuple[str, list[dict]]]:
    """(group name, entries) in catalog order; each entry holds the texts of one indicator."""
    groups = catalog.groups()
    out: dict[str, list[dict]] = {}
    for code, ind in catalog.indicators().items():
        formula = (t("md_formula_text", lang, num=_names(ind.numerator, lang), den=_names(ind.denominator, lang))
                   if ind.is_derived else "")
        target_source = ind.target_source_vi if lang == "vi" else ind.target_source_en
        out.setdefault(ind.group, []).append({
            "code": code, "name": ind.name(lang), "definition": ind.definition(lang), "formula": formula,
            "unit": theme.unit_name(ind, lang), "kind": t(f"kind_{ind.kind}", lang),
            "direction": t(f"direction_{ind.direction}", lang), "target": target_text(ind, provinces, lang),
            "target_source": target_source or "",
            # a derived rate's catalog source is its formula in code names: the formula line says it
            "source": "" if ind.is_derived else ind.source})
    return [(groups.get(g, {}).get(lang, g), entries) for g, entries in out.items()]


def indicator_markdown(entry: dict, lang: str) -> str:
    """One indicator as a compact Markdown block: name and definition, then one line of facts
    (unit, kind, direction), the formula, target and source each on their own line."""
    lines = [f"**{entry['name']}** (`{entry['code']}`) — {entry['definition']}"]
    lines.append(f"{t('md_unit', lang)}: {entry['unit']} · {t('md_kind', lang)}: {entry['kind']} · "
                 f"{t('md_direction', lang)}: {entry['direction']}")
    if entry["formula"]:
        lines.append(f"{t('md_formula', lang)}: {entry['formula']}")
    if entry["target"]:
        target = f"{t('target', lang)}: {entry['target']}"
        if entry["target_source"]:
            target += f" ({t('md_target_source', lang).lower()}: {entry['target_source']})"
        lines.append(target)
    if entry["source"]:
        lines.append(f"{t('md_source', lang)}: {entry['source']}")
    return "  \n".join(lines)


def loads_table(loads: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The load history as shown: source, time, rows, demo or not, replaced rows, who loaded it."""
    return pl.DataFrame({
        t("md_load_source", lang): loads["source"].to_list(),
        t("md_load_time", lang): [v.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")
                                  if v is not None else "–" for v in loads["loaded_at"].to_list()],
        t("md_load_rows", lang): [fmt.number(v, 0, lang) for v in loads["rows"].to_list()],
        t("md_load_demo", lang): [t("md_yes" if v else "md_no", lang) for v in loads["is_demo"].to_list()],
        t("md_load_replaced", lang): [fmt.number(v or 0, 0, lang) for v in loads["replaced_rows"].to_list()],
        t("md_load_by", lang): loads["loaded_by"].to_list(),
    }, schema={t("md_load_source", lang): pl.String, t("md_load_time", lang): pl.String,
               t("md_load_rows", lang): pl.String, t("md_load_demo", lang): pl.String,
               t("md_load_replaced", lang): pl.String, t("md_load_by", lang): pl.String})


def coverage_table(coverage: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Per stored indicator (catalog order): communes with data / total and the share (0–100)."""
    known = catalog.indicators()
    order = {code: i for i, code in enumerate(known)}
    # context (population, area) is reported once, not monthly: a month's coverage says nothing of it
    rows = sorted((r for r in coverage.iter_rows(named=True)
                   if r["indicator_code"] not in known or known[r["indicator_code"]].kind != "context"),
                  key=lambda r: order.get(r["indicator_code"], len(order)))
    return pl.DataFrame({
        "indicator": [known[r["indicator_code"]].name(lang) if r["indicator_code"] in known else r["indicator_code"]
                      for r in rows],
        "with_data": [f"{fmt.number(r['communes_with_data'], 0, lang)}/{fmt.number(r['communes_total'], 0, lang)}"
                      for r in rows],
        "share": [100.0 * r["communes_with_data"] / r["communes_total"] if r["communes_total"] else 0.0 for r in rows],
    }, schema={"indicator": pl.String, "with_data": pl.String, "share": pl.Float64})


def missing_table(missing: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One row per commune lacking figures: code, name and the indicators it lacks."""
    known = catalog.indicators()
    order = {code: i for i, code in enumerate(known)}
    monthly = {c for c, ind in known.items() if not ind.is_derived and ind.kind != "context"}
    if missing.is_empty():
        return pl.DataFrame(schema={t("code", lang): pl.String, t("name", lang): pl.String,
                                    t("md_missing_list", lang): pl.String})
    grouped = (missing.group_by(["commune_code", "name"], maintain_order=True)
               .agg(pl.col("indicator_code")).sort("name"))
    return pl.DataFrame({
        t("code", lang): [fmt.commune_code(c) for c in grouped["commune_code"].to_list()],
        t("name", lang): grouped["name"].to_list(),
        t("md_missing_list", lang): [
            t("md_missing_all", lang) if monthly <= set(codes)
            else "; ".join(known[c].name(lang) if c in known else c
                           for c in sorted(codes, key=lambda c: order.get(c, len(order))))
            for codes in grouped["indicator_code"].to_list()],
    })
