"""Methodology and data: indicator definitions, window and ranking rules, loads and coverage."""
import streamlit as st

from dashboard import cache, fmt, theme
from dashboard import methodology as md
from dashboard.setup import setup

context = setup()
state, lang, t = context.state, context.lang, context.t

st.title(t("page_methodology"))
st.caption(t("md_intro"))

# ---- indicators ---------------------------------------------------------------------------------
st.header(t("md_indicators"))
for group, entries in md.catalog_groups(lang, context.provinces):
    with st.expander(f"{group} ({len(entries)})", expanded=False):
        st.markdown("\n\n".join(md.indicator_markdown(entry, lang) for entry in entries))

# ---- windows and ranking ------------------------------------------------------------------------
st.header(t("md_rules"))
st.markdown(t("md_rules_text"))

# ---- the data -----------------------------------------------------------------------------------
st.header(t("md_data"))
status = cache.data_status()
loaded = status["last_loaded_at"]
st.markdown(t("md_as_of", period=fmt.month(status["latest_period"], lang),
              loaded=loaded.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M") if loaded else "–"))

st.subheader(t("md_loads"))
loads = cache.loads()
if loads.is_empty():
    st.info(t("md_loads_none"))
else:
    st.dataframe(md.loads_table(loads, lang), hide_index=True, width="stretch")

st.subheader(t("md_coverage", province=context.province_name, period=fmt.month(state.period, lang)))
st.caption(t("md_coverage_note"))
coverage = md.coverage_table(cache.coverage(period=state.period, province=state.province), lang)
st.dataframe(coverage, hide_index=True, width="stretch", column_config={
    "indicator": st.column_config.TextColumn(t("indicator"), width="large"),
    "with_data": st.column_config.TextColumn(t("md_with_data")),
    "share": st.column_config.ProgressColumn(t("md_share"), format=theme.percent_printf(0, lang),
                                             min_value=0, max_value=100)})

missing = cache.missing(period=state.period, province=state.province)
gaps = md.missing_table(missing, lang)
with st.expander(t("md_missing", communes=fmt.number(gaps.height, 0, lang), n=fmt.number(missing.height, 0, lang)),
                 expanded=False):
    if gaps.is_empty():
        st.caption(t("md_missing_none"))
    else:
        st.dataframe(gaps, hide_index=True, width="stretch")
