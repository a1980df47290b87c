"""Trends: chosen communes month by month against the province median, its middle half and the target."""
import streamlit as st

from core import catalog, periods
from dashboard import cache, fmt, metrics, trend_charts, ui
from dashboard.i18n import window_label
from dashboard.setup import communes_select, indicator_select, indicators_multiselect, setup, update, view_select

context = setup()
lang = context.lang
st.title(context.t("page_trends"))

controls = st.columns([3, 2])
with controls[0]:
    code = indicator_select(context)
with controls[1]:
    view = view_select(context)
state = context.state
indicator = context.indicator
province = state.province

months = [p for p in context.valid.periods if p <= state.period]
start, end = (months[0], months[-1]) if months else (state.period, state.period)

province_communes = cache.communes(province=province)
names = dict(zip(province_communes["commune_code"].to_list(), province_communes["name"].to_list()))
defaulted = not [c for c in state.communes if c in names]
if defaulted:
    latest = cache.ranking(code=code, window=(end, end), previous=periods.previous_bounds(end, "month"),
                           province=province, national=False)
    defaults = trend_charts.default_communes(latest, set(names), province)
    update(communes=tuple(defaults))
    context.state = state = state.with_(communes=tuple(defaults))
chosen = communes_select(context, names)
lines = {c: names[c] for c in chosen}
if defaulted and lines:
    st.caption(context.t("trend_default_note", names=", ".join(lines.values())))

# The sidebar window (quarter, year to date, 12 months) is for the other pages: say so.
if state.window != "month":
    st.caption(context.t("trend_window_note", window=window_label(state.window, lang)))
if len(months) <= 1:
    st.info(context.t("trend_one_month", month=fmt.short_month(end, lang)), icon=":material/info:")

monthly = cache.monthly_values(codes=[code], start=start, end=end, province=province)
if monthly.height == 0:
    st.info(context.t("trend_no_data"), icon=":material/info:")
else:
    if not lines:
        st.info(context.t("trend_no_communes"), icon=":material/info:")
    ranks = cache.monthly_ranks(code=code, start=start, end=end, province=province) if view == "rank" else None
    figure = trend_charts.trend_figure(monthly, lines, indicator, lang, target=metrics.target(code, province),
                                       ranks=ranks, view=view, province_name=context.province_name)
    st.plotly_chart(figure, width="stretch", key="trend_main", config={"displayModeBar": "hover"})
    ui.image_downloads(figure, ("xu-huong", code, context.province_name, end.strftime("%Y-%m"), view), "trend_main",
                       lang, labels=ui.labels(context, "", [indicator], window=None, start=start))
    if view == "rank":
        st.caption(context.t("trend_rank_caption"))
    else:
        st.caption(context.t("trend_caption", start=fmt.short_month(start, lang), end=fmt.short_month(end, lang)))

picked = indicators_multiselect(context, "trend_codes", catalog.view_defaults("trend_multiples"),
                                context.t("trend_multiples_pick"), max_selections=4)
if picked:
    multi = cache.monthly_values(codes=picked, start=start, end=end, province=province)
    if multi.height == 0:
        st.info(context.t("trend_no_data"), icon=":material/info:")
    else:
        shown = [catalog.indicator(c) for c in picked if c in set(multi["indicator_code"].to_list())]
        figure = trend_charts.small_multiples(multi, lines, shown, lang,
                                              targets={c: metrics.target(c, province) for c in picked})
        st.plotly_chart(figure, width="stretch", key="trend_multiples_chart")
        ui.image_downloads(figure, ("xu-huong-nhieu-chi-tieu", context.province_name, end.strftime("%Y-%m")),
                           "trend_multiples", lang, labels=ui.labels(context, "", shown, window=None, start=start))
