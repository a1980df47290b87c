"""Compare: two to five communes side by side on chosen indicators, with the province median."""
import streamlit as st

from core import catalog
from dashboard import cache, compare_charts, fmt, metrics, trend_charts, ui
from dashboard import profile as pf
from dashboard.setup import communes_select, current_state, indicator_select, indicators_multiselect, setup, update

context = setup()
state, lang, t = context.state, context.lang, context.t
province = state.province

st.title(t("page_compare"))
st.caption(t("cp_caption", province=context.province_name, when=ui.when(context)))

window = context.window
all_codes = list(catalog.indicators())
ranks = cache.profile_ranks(codes=all_codes, window=window, province=province)
options = pf.sorted_options(cache.communes(province=province))
if not [c for c in state.communes if c in options] and st.session_state.get("cp_defaulted") != province:
    # nothing chosen in this province yet: open once on the featured pair (or the top two)
    ranked = ranks.filter(ranks["indicator_code"] == state.indicator)
    update(communes=tuple(pf.default_compare([], options, province, ranked)))
    st.session_state["cp_defaulted"] = province
    context.state = current_state()

left, right = st.columns([3, 4])
with left:
    chosen = communes_select(context, options, max_selections=5, label_key="cp_communes")
with right:
    codes = indicators_multiselect(context, "compare_codes", catalog.view_defaults("compare"), t("cp_indicators"),
                                   max_selections=12)

if len(chosen) < 2:
    st.info(t("cp_pick_more"))
    st.stop()
if not codes:
    st.info(t("cp_pick_indicator"))
    st.stop()

communes = {c: options[c] for c in chosen}

# ---- the table ----------------------------------------------------------------------------------
st.subheader(t("cp_table"))
median_label = t("province_median")
compare = pf.compare_table(ranks, communes, codes, lang, median_label)
# up to five communes and the median on one screen (≈ 980 px): compact cells "86,17 % · 140/161"
commune_width = 150 if len(communes) <= 3 else 125
widths = {t("indicator"): 230, median_label: 105}
st.dataframe(compare, hide_index=True, width="stretch",
             column_config={c: st.column_config.TextColumn(c, width=widths.get(c, commune_width))
                            for c in compare.columns})
st.caption(t("cp_table_note", n_total=fmt.number(len(options), 0, lang)))
export = pf.compare_export(ranks, communes, codes, lang)
stem = ("so-sanh", context.province_name, state.period.strftime("%Y-%m"), state.window)
title = f"{context.province_name} · {ui.when(context)}"
chosen_indicators = [catalog.indicator(c) for c in codes]
ui.table_downloads(export, stem, "cp", lang, t("cp_sheet"), title,
                   labels=ui.labels(context, f"{t('cp_table')}: {', '.join(communes.values())}", chosen_indicators),
                   indicators=chosen_indicators, provinces=context.provinces)

# ---- the charts ---------------------------------------------------------------------------------
values = ranks.filter(ranks["commune_code"].is_in(chosen))
mids = pf.medians(ranks, codes)
percent_codes, other_codes = compare_charts.split_codes(codes)
charted = [(compare_charts.percent_bars(values, communes, percent_codes, mids, lang, t("cp_chart_percent")),
            percent_codes),
           (compare_charts.panel_bars(values, communes, other_codes, mids, lang, t("cp_chart_other")), other_codes)]
drawn = [(fig, fig_codes) for fig, fig_codes in charted if fig is not None]
if not drawn:
    st.info(t("cp_chart_none"))
for number, (fig, fig_codes) in enumerate(drawn):
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    ui.image_downloads(fig, ("bieu-do-so-sanh", *stem[1:], str(number + 1)), f"cp_chart{number}", lang,
                       labels=ui.labels(context, "", [catalog.indicator(c) for c in fig_codes]))

# ---- the months ---------------------------------------------------------------------------------
st.subheader(t("cp_months"))
month_code = indicator_select(context, codes, label_key="cp_months_indicator")
months = [p for p in context.valid.periods if p <= state.period]
if months:
    monthly = cache.monthly_values(codes=[month_code], start=months[0], end=months[-1], province=province)
    month_indicator = catalog.indicator(month_code)
    trend = trend_charts.trend_figure(monthly, communes, month_indicator, lang,
                                      target=metrics.target(month_code, province), province_name=context.province_name)
    st.plotly_chart(trend, width="stretch", key="cp_months_chart", config={"displayModeBar": "hover"})
    st.caption(t("cp_months_note", start=fmt.short_month(months[0], lang), end=fmt.short_month(months[-1], lang)))
    ui.image_downloads(trend, ("so-sanh-theo-thang", month_code, *stem[1:3]), "cp_months", lang,
                       labels=ui.labels(context, "", [month_indicator], window=None, start=months[0]))
