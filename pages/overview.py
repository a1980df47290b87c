"""Overview: the province at a glance for the chosen period and window."""
import streamlit as st

from core import catalog
from dashboard import cache, charts, deck_map, deferred, fmt, geo, layout, maps, metrics, summary, ui
from dashboard import profile as pf
from dashboard.setup import (
    below_target_list,
    communes_select,
    deck_map_events,
    indicator_select,
    map_fit_button,
    setup,
)

context = setup()
state, lang, t = context.state, context.lang, context.t
province = state.province
window, previous = context.window, context.previous

st.title(t("page_overview"))
st.caption(t("ov_caption", province=context.province_name, when=ui.when(context)))

r57 = cache.r57_window(window=window, province=province)
status = metrics.status_counts(r57)
target_code = catalog.target_indicator().code  # the online rate
online = cache.ranking(code=target_code, window=window, previous=previous, province=province, national=False)
online_figures = summary.target_figures(online, target_code, province)
graded = catalog.graded_indicator()
service = cache.ranking(code=graded, window=window, previous=previous, province=province, national=False)

# ---- headline figures ---------------------------------------------------------------------------
target_text = fmt.percent(online_figures["target"], 0, lang) if online_figures["target"] is not None else "–"
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("ov_communes"), fmt.number(len(r57), 0, lang))
c2.metric(t("ov_online_median"), fmt.percent(online_figures["median"], 2, lang),
          help=t("ov_online_median_help", target=target_text, province=context.province_name))
if online_figures["missed"] is not None:
    c3.metric(t("ov_missing_target", target=target_text),
              f"{fmt.number(online_figures['missed'], 0, lang)}/{fmt.number(online_figures['with_data'], 0, lang)}",
              help=t("ov_missing_target_help", no_data=fmt.number(online_figures["no_data"], 0, lang)))
    c3.button(t("ov_missing_target_list"), key="ov_below_list", icon=":material/list:", type="tertiary",
              on_click=below_target_list, args=(target_code,), disabled=not online_figures["missed"])
c4.metric(t("ov_r57_green"), f"{fmt.number(status['green'], 0, lang)}/{fmt.number(len(r57), 0, lang)}")

# ---- summary sentence ---------------------------------------------------------------------------
st.subheader(t("ov_summary_heading"))
left, right = st.columns([1, 1])
with left:
    indicator_code = indicator_select(context)
with right:
    chosen = communes_select(context, pf.sorted_options(r57))
indicator = context.indicator
ranked = service if indicator_code == graded else cache.ranking(
    code=indicator_code, window=window, previous=previous, province=province, national=False)
with st.container(border=True):
    st.markdown(summary.overview_sentence(ranked, indicator, lang, state.window, chosen[0] if chosen else None,
                                          national=False, province=province, r57=r57))

# ---- Resolution 57 status -----------------------------------------------------------------------
st.subheader(t("ov_r57_heading"))
if metrics.reported_count(status) == 0:
    st.info(t("ov_r57_none"))
map_col, counts_col = st.columns([3, 2])
with counts_col:
    st.markdown(summary.status_words(status, lang))
    bar = charts.status_bar(status, lang)
    if bar is not None:
        st.plotly_chart(bar, width="stretch", config={"displayModeBar": False})
        r57_labels = ui.labels(context, t("r57_title"), [], unit=t("export_unit_communes"),
                               extra_sources=(t("export_r57_source"),))
        ui.image_downloads(bar, ("nq57", context.province_name, state.period.strftime("%Y-%m")), "ov_r57", lang,
                           widths=(1, 1), labels=r57_labels)
    st.caption(t("ov_r57_note"))
names = dict(zip(r57["commune_code"].to_list(), r57["province_code"].to_list()))
map_height, map_width = layout.map_frame(360, 480)
# The map's view is one for the overview and the map page (`mv`): this map takes it where it shows
# some of the province (a view of another province's corner of the national map would show nothing).
view_at = state.map_view if maps.view_shows(state.map_view, geo.features(province), map_height, map_width) else None


def status_map(later: bool) -> None:
    # A browser session's first view draws the map and the grids after the first chart (dashboard/deferred.py).
    if later:
        deferred.frame("map", map_height, t("deferred_map"), lang)
    else:
        deck_map.deck_map(maps.status_deck(r57, province, lang, height=map_height, selected=tuple(chosen),
                                           width=map_width, view_at=view_at),
                          height=map_height, failed_text=t("map_failed"), labels=context.map_labels(),
                          **deck_map_events("ov_map", names))


with map_col:
    deferred.part("ov_map", status_map, has_chart=bar is not None)
    # under the map, on a line of its own: its label stays whole at 1280 px and in English
    map_fit_button(context, active=view_at is not None)
    st.caption(t("ov_map_hint"))

# ---- service index grades -----------------------------------------------------------------------
st.subheader(t("ov_grades_heading"))
grades = summary.grade_counts(service, lang)
for column, (band, count) in zip(st.columns(len(grades)), grades.items()):
    column.metric(band, fmt.number(count, 0, lang))
unscored, scored = metrics.unranked_count(service)
st.caption(t("ov_grades_caption", n=fmt.number(scored, 0, lang), missing=fmt.number(unscored, 0, lang)))

# ---- movers -------------------------------------------------------------------------------------
st.subheader(t("ov_movers_heading", indicator=indicator.name(lang)))
up, down = metrics.movers(ranked, 5)
if not metrics.has_previous(ranked):
    st.caption(t("ov_movers_no_previous"))


def movers_tables(later: bool) -> None:
    for column, frame, key in zip(st.columns(2), (up, down), ("ov_movers_up", "ov_movers_down")):
        with column:
            st.markdown(f"**{t(key)}**")
            if frame.is_empty():
                if metrics.has_previous(ranked):
                    st.caption(t("ov_movers_none"))
                continue
            if later:
                deferred.frame(key, deferred.grid_height(frame.height), t("deferred_table"), lang)
            else:
                st.dataframe(summary.movers_table(frame, indicator, lang), hide_index=True, width="stretch")


deferred.part("ov_movers", movers_tables, has_chart=bar is not None)

# ---- briefing pack ------------------------------------------------------------------------------
st.subheader(t("br_heading"))
briefing_commune = chosen[0] if chosen else pf.default_commune((), pf.sorted_options(r57), province)
st.caption(t("br_caption", province=context.province_name, when=ui.when(context),
             commune=t("br_caption_commune", name=pf.sorted_options(r57).get(briefing_commune, ""))
             if briefing_commune is not None and chosen else ""))
ui.briefing_downloads(context, chosen[0] if chosen else None)
