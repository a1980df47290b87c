"""Map: Resolution 57 status or an indicator, commune by commune, for a province or the country."""
import streamlit as st

from core import catalog
from dashboard import cache, deck_map, fmt, geo, layout, maps, metrics, summary, ui
from dashboard.export import static_map
from dashboard.setup import (
    communes_select,
    deck_map_events,
    indicator_select,
    layer_select,
    map_fit_button,
    map_magnify_select,
    map_zoom_toggle,
    open_profile,
    scope_select,
    setup,
)

context = setup()
lang = context.lang
st.title(context.t("page_map"))

controls = st.columns([5, 4, 5])  # the layer control needs its whole label at 1280 px in English
with controls[0]:
    layer = layer_select(context)
with controls[1]:
    scope = scope_select(context)
with controls[2]:
    code = indicator_select(context)
state = context.state
indicator = context.indicator
national = scope == "national"
province = None if national else state.province

province_communes = cache.communes(province=state.province)
names = dict(zip(province_communes["commune_code"].to_list(), province_communes["name"].to_list()))
chosen = communes_select(context, names)
selected = chosen[:1]
target = summary.target_figures(cache.ranking(code=code, window=context.window, previous=context.previous,
                                              province=province, national=national), code, province)["target"]
national_names = context.provinces if national else None

window, previous = context.window, context.previous
r57 = cache.r57_window(window=window, province=province)
ranked = cache.ranking(code=code, window=window, previous=previous, province=province, national=national)

scope_text = context.t("scope_national") if national else context.province_name
period_text = ui.when(context)
layer_text = indicator.name(lang) if layer == "indicator" else context.t("layer_r57")
st.caption(context.t("map_caption", layer=layer_text, period=period_text, scope=scope_text))

counts = metrics.status_counts(r57)
# Base-map tiles need the internet: only offered where settings.yaml configures them.
configured_basemap = catalog.basemap()
basemap = configured_basemap if configured_basemap and st.toggle(context.t("map_tiles"), key="map_tiles") else None
view_controls = st.columns([3, 2, 2], vertical_alignment="bottom")
with view_controls[0]:
    zoomed = map_zoom_toggle(context, enabled=bool(selected))
with view_controls[1]:
    magnify = map_magnify_select(context)
with view_controls[2]:
    map_fit_button(context)
# where the user panned or zoomed to (kept in the link as mv=); the named views above replace it
view_at = context.state.map_view
map_height, map_width = layout.map_frame(560, 700)
map_column, side = st.columns([3, 1])
with map_column:
    if layer == "indicator" and ranked["value"].is_null().all():
        st.info(context.t("map_no_data"), icon=":material/info:")
    if layer == "indicator":
        deck = maps.indicator_deck(ranked, indicator, province, lang, height=map_height, selected=selected,
                                   r57_frame=r57, width=map_width, split=target,
                                   provinces=national_names, zoom_to_selected=zoomed, magnify=magnify,
                                   view_at=view_at)
    else:
        deck = maps.status_deck(r57, province, lang, height=map_height, selected=selected, ranking=ranked,
                                indicator=indicator, width=map_width, provinces=national_names,
                                zoom_to_selected=zoomed, magnify=magnify, view_at=view_at)
    clickable = dict(zip(r57["commune_code"].to_list(), r57["province_code"].to_list()))
    deck_map.deck_map(deck, height=map_height, failed_text=context.t("map_failed"), labels=context.map_labels(),
                      basemap=basemap, **deck_map_events("map_deck", clickable))
    st.caption(context.t("map_hint") + (" " + context.t("map_national_note") if national else ""))
    if selected:
        st.button(context.t("map_open_profile", name=names.get(selected[0], str(selected[0]))), key="map_profile",
                  icon=":material/badge:", on_click=open_profile, args=(selected[0],))
    # Far-offshore đặc khu (Trường Sa, Hoàng Sa, Côn Đảo…) are drawn but outside the initial view.
    far = [] if national else maps.outside_initial_view(geo.features(province), keep=selected, among=names)
    if far:
        st.caption(context.t("map_outside_view", names=", ".join(far)))
    if selected:
        st.caption(context.t("map_selected_note", names=names.get(selected[0], str(selected[0]))))
    if layer == "indicator":
        map_labels = ui.labels(context, context.t("map_image_indicator_title", indicator=indicator.name(lang)),
                               [indicator], place=scope_text, national=national)
        ui.map_download(lambda: static_map.indicator_map(ranked, indicator, geo.features(province), lang, selected),
                        ("ban-do", code, scope_text, state.period.strftime("%Y-%m")), "map_image", lang, map_labels)
    else:
        map_labels = ui.labels(context, context.t("map_image_title"), [], place=scope_text, national=national,
                               unit=context.t("export_unit_communes"), extra_sources=(context.t("export_r57_source"),))
        ui.map_download(lambda: static_map.status_map(r57, geo.features(province), lang, selected),
                        ("ban-do-nq57", scope_text, state.period.strftime("%Y-%m")), "map_image", lang, map_labels)

with side:
    st.subheader(context.t("map_legend"))
    if layer == "indicator":
        classes_key = "map_classes" if target is None else "map_classes_split"
        target_text = fmt.value(target, indicator.unit, 0, lang)
        st.markdown(f"**{context.t(classes_key, indicator=indicator.name(lang), target=target_text)}**")
        st.caption(maps.direction_note(indicator.direction, lang))
        edges = maps.class_edges(ranked["value"].to_list(), split=target)
        n_missing = ranked["value"].is_null().sum()
        st.html(maps.legend_html(maps.indicator_legend(edges, indicator.unit, indicator.decimals, lang, n_missing,
                                                       indicator.direction, target)))
        if n_missing:
            st.caption(context.t("map_no_data_note"))
        figures = summary.target_figures(ranked, code, province)
        if figures["target"] is not None:
            st.caption(context.t("map_target_missed",
                                 target=fmt.value(figures["target"], indicator.unit, indicator.decimals, lang),
                                 n=fmt.number(figures["missed"], 0, lang),
                                 total=fmt.number(figures["with_data"], 0, lang)))
            st.caption(summary.target_note(code, province, lang, context.provinces))
    st.markdown(f"**{context.t('map_status_counts')}**")
    st.html(maps.legend_html(maps.status_legend(counts, lang)))

features = geo.features(province)
missing_shapes = maps.without_shape(r57, features)
if missing_shapes:
    st.warning(context.t("map_no_shape", n=len(missing_shapes), names=", ".join(missing_shapes)),
               icon=":material/location_off:")
else:
    st.caption(context.t("map_all_shapes", n=fmt.number(r57.height, 0, lang)))

red = metrics.names_with_status(r57, "red")
unreported = metrics.names_with_status(r57, None)
lists = st.columns(2)
with lists[0], st.expander(f"{context.t('map_red_list')} ({fmt.number(len(red), 0, lang)})"):
    st.write(", ".join(red) or "–")
with lists[1], st.expander(f"{context.t('map_unreported_list')} ({fmt.number(len(unreported), 0, lang)})"):
    st.write(", ".join(unreported) or "–")
