"""Commune profile: one commune's scorecard over the chosen window, ranked within its province."""
import polars as pl
import streamlit as st

from core import catalog, periods
from dashboard import cache, fmt, movers, ui
from dashboard import profile as pf
from dashboard.export import pdf as export_pdf
from dashboard.i18n import window_label
from dashboard.setup import commune_select, setup

context = setup()
state, lang, t = context.state, context.lang, context.t
province = state.province

st.title(t("page_profile"))
communes = cache.communes(province=province)
options = pf.sorted_options(communes)
if not options:
    st.info(t("pf_none"))
    st.stop()

chooser, _ = st.columns([2, 3])
with chooser:
    commune = commune_select(context, options, pf.default_commune(state.communes, options, province))
st.caption(t("pf_caption", province=context.province_name, when=ui.when(context)))

codes = list(catalog.indicators())
window = context.window
first_month = min(context.valid.periods) if context.valid.periods else state.period
months = periods.months_between(max(periods.add_months(state.period, -11), first_month), state.period)
ranks = cache.profile_ranks(codes=codes, window=window, province=province)
monthly = cache.monthly_values(codes=codes, start=months[0], end=months[-1], province=province, communes=[commune])
row = communes.filter(pl.col("commune_code") == commune).to_dicts()[0]

# ---- context ------------------------------------------------------------------------------------
st.header(row["name"])
facts = pf.context_facts(row, ranks, cache.old_communes(commune=commune), lang)
cols = st.columns(5)
cols[0].metric(t("pf_population"), facts["population"])
cols[1].metric(t("pf_area"), facts["area"])
cols[2].metric(t("pf_villages"), facts["villages"])
cols[3].metric(t("pf_division"), facts["division"])
cols[4].metric(t("pf_code"), facts["code"])
st.caption(t("pf_formed_from", names=facts["formed_from"], date=fmt.day(catalog.reform_month(), lang)))
# ranks read "17/161" in the tables: said once here how many communes the province has
st.caption(t("pf_rank_note", n_total=fmt.number(communes.height, 0, lang)))

# ---- strongest and weakest ----------------------------------------------------------------------
strongest, weakest = pf.strengths(ranks, commune, lang)
# half-page tables: the indicator takes what the compact value, rank and percentile leave
short_config = {
    "code": None,
    # half of 1280 px with the sidebar open is about 400 px: indicator 165 + 3 × 75 fits
    "indicator": st.column_config.TextColumn(t("indicator"), width=165),
    "value": st.column_config.TextColumn(t("value"), width=75),
    "rank": st.column_config.NumberColumn(t("rank"), width=75),
    "percentile": st.column_config.ProgressColumn(t("percentile"), format="%.0f", min_value=0, max_value=100,
                                                  width=75),
}
for column, frame, key in zip(st.columns(2), (strongest, weakest), ("pf_strongest", "pf_weakest")):
    with column:
        st.subheader(t(key))
        st.caption(t(f"{key}_note"))
        if frame.is_empty():
            st.caption(t("pf_strengths_none"))
        else:
            st.dataframe(pf.sortable(frame, ranks, commune), hide_index=True, width="stretch",
                         column_config=short_config, column_order=list(short_config))

# ---- every indicator, by group ------------------------------------------------------------------
st.subheader(t("pf_scorecard"))
st.caption(t("pf_scorecard_note", window=window_label(state.window, lang).lower(),
             period=fmt.month(state.period, lang)))
if pf.unreported(ranks, commune):
    st.info(t("pf_unreported", name=row["name"]))
# widths that fit the page at 1280 px with the sidebar open (≈ 820 px): the trend stays on screen on a projector
card_config = {
    "code": None,
    "indicator": st.column_config.TextColumn(t("indicator"), width=250, help=t("pf_direction_help")),
    "value": st.column_config.TextColumn(t("value"), width=90),
    "rank": st.column_config.NumberColumn(t("rank"), width=90, help=t("pf_rank_sort_help")),
    "percentile": st.column_config.ProgressColumn(t("percentile"), format="%.0f", min_value=0, max_value=100,
                                                  width=85),
    "target": st.column_config.TextColumn(t("pf_target"), width=110),
    "trend": st.column_config.LineChartColumn(t("pf_trend"), width=105),
}
for group, label, table in pf.scorecard(ranks, monthly, commune, months, lang, province):
    st.markdown(f"**{label}**")
    # a rank sorts as a number ("17/166" shown); an indicator without a rank shows "–"
    st.dataframe(pf.sortable(table, ranks, commune), hide_index=True, width="stretch", height="content",
                 column_config=card_config, column_order=list(card_config), placeholder="–",
                 key=f"pf_card_{group}")

export, formats = pf.scorecard_export(ranks, commune, row["name"], province, lang)
title = f"{row['name']} · {context.province_name} · {ui.when(context)}"
stem = ("ho-so", row["name"], fmt.commune_code(commune), state.period.strftime("%Y-%m"), state.window)
all_indicators = list(catalog.indicators().values())
ui.table_downloads(export, stem, "pf", lang, t("pf_sheet"), title, formats,
                   labels=ui.labels(context, title, all_indicators, place=f"{row['name']}, {context.province_name}"),
                   indicators=all_indicators, provinces=context.provinces)

# ---- why the ranks moved -------------------------------------------------------------------------
st.subheader(t("mv_heading"))
before = cache.profile_ranks(codes=codes, window=context.previous, province=province)
moves = movers.commune_moves(ranks, before, commune, lang)
st.caption(t("mv_caption", previous=pf.previous_text(context.previous, state.window, lang)))
if moves:
    # a list, not a table: each reason is a sentence that must be read whole
    st.markdown(movers.moves_markdown(moves))
else:
    st.caption(t("mv_none"))

# ---- Resolution 57 ------------------------------------------------------------------------------
st.subheader(t("pf_r57"))
history = cache.r57_history(commune=commune)
strip = pf.r57_strip(history, months, lang)
if all(entry["status"] is None for entry in strip):
    st.caption(t("pf_r57_none"))
st.markdown(pf.r57_markdown(strip))

pdf_labels = ui.labels(context, f"{row['name']} · {context.province_name}", all_indicators,
                       place=f"{row['name']}, {context.province_name}")
ui.profile_pdf_download(lambda: export_pdf.profile(
    pdf_labels, pf.facts_list(facts, lang), pf.scorecard(ranks, monthly, commune, months, lang, province), moves,
    pf.r57_line(strip, lang), lang), row["name"], lang)

# ---- published figures --------------------------------------------------------------------------
figures = cache.public_figures(commune=commune)
if not figures.is_empty():
    st.subheader(t("pf_public"))
    st.caption(t("pf_public_note"))
    st.dataframe(pf.published_against_demo(figures, history, commune, province, lang, cache), hide_index=True,
                 width="stretch", column_config={
                     "indicator": st.column_config.TextColumn(t("indicator")),
                     "period": st.column_config.TextColumn(t("pf_period_span")),
                     "published": st.column_config.TextColumn(t("pf_published")),
                     "demo": st.column_config.TextColumn(t("pf_demo_value")),
                     "source": st.column_config.TextColumn(t("pf_source"), width="large")})
