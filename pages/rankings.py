"""Rankings: any catalog indicator, ranked in the province or the country, with exports."""
import streamlit as st

from core import catalog, periods
from dashboard import cache, charts, fmt, metrics, theme, ui
from dashboard import ranking_table as table
from dashboard.i18n import t as text
from dashboard.i18n import window_label
from dashboard.setup import division_select, indicator_select, scope_select, setup

context = setup()
lang, t = context.lang, context.t

st.title(t("page_rankings"))
controls = st.columns([3, 2, 4])
with controls[0]:
    code = indicator_select(context)
with controls[1]:
    scope = scope_select(context)
with controls[2]:
    division = division_select(context)
search = st.text_input(t("rk_search"), key="rankings_search", placeholder=t("rk_search_placeholder"),
                       max_chars=100)

state = context.state
indicator = context.indicator
national = scope == "national"
province = state.province
window, previous = context.window, context.previous
scope_text = text("scope_national", lang) if national else context.province_name
st.caption(t("rk_caption", scope=scope_text, window=window_label(state.window, lang),
             period=fmt.month(state.period, lang)))

ranked = cache.ranking(code=code, window=window, previous=previous, province=None if national else province,
                       national=national)
keys = cache.communes(province=None if national else province)
shown = table.filter_rows(ranked, division, search, keys)
months = periods.months_between(periods.add_months(state.period, -11), state.period)
monthly = cache.monthly_values(codes=[code], start=months[0], end=months[-1], province=None if national else province)
target = metrics.target(code, None if national else province)
file_stem = ("xep-hang", code, "toan-quoc" if national else context.province_name, state.period.strftime("%Y-%m"),
             state.window)

# nationally the province column needs room: the table takes two thirds of the page
table_col, chart_col = st.columns([2, 1] if national else [3, 2], gap="medium")

# ---- the table ----------------------------------------------------------------------------------
with table_col:
    if shown.is_empty():
        st.info(t("rk_no_match", query=search) if search else t("rk_chart_none"))
    else:
        frame = table.display_frame(shown, indicator, None if national else province, lang,
                                    charts.sparklines(monthly, months),
                                    context.provinces if national else None)
        unit = theme.unit_label(indicator, lang)
        # pixel widths that keep code … trend on screen at 1440 px; type, percentile, grade and target follow
        config = {
            "code": st.column_config.TextColumn(t("code"), width=56),
            "name": st.column_config.TextColumn(t("name"), width=130 if national else 150),
            "province": st.column_config.TextColumn(t("province"), width=105),
            "type": st.column_config.TextColumn(t("division_type"), width=95),
            "rank": st.column_config.TextColumn(t("rank"), width=70 if national else 78),
            "value": st.column_config.TextColumn(t("value") + (f" ({unit})" if unit else ""), width=95,
                                                 help=indicator.name(lang)),
            "change": st.column_config.TextColumn(t("change"), width=72,
                                                  help=text("since_prev_month" if state.window == "month"
                                                            else "since_prev_window", lang)),
            "percentile": st.column_config.NumberColumn(t("percentile"), format="%d", width=70),
            "grade": st.column_config.TextColumn(t("grade"), width=90),
            "target": st.column_config.TextColumn(
                f"{t('rk_target')} {fmt.value(target, indicator.unit, 0, lang)}" if target is not None
                else t("rk_target"), width=110),
            "trend": st.column_config.LineChartColumn(t("rk_trend"), help=t("rk_trend_help"), width=105),
        }
        order = [c for c in ("code", "name", "province", "rank", "value", "change", "trend", "percentile", "type",
                             "grade", "target") if c in frame.columns]
        st.dataframe(frame, hide_index=True, width="stretch", height=520, column_config=config, column_order=order)
    missing, n_ranked = metrics.unranked_count(ranked)
    st.caption(t("rk_showing", shown=fmt.number(shown.height, 0, lang), total=fmt.number(ranked.height, 0, lang))
               + (" " + t("rk_unranked_scope", n=fmt.number(missing, 0, lang), ranked=fmt.number(n_ranked, 0, lang))
                  if missing else ""))
    export, formats = table.export_frame(shown, indicator, None if national else province, lang,
                                         context.provinces if national else None)
    when = f"{window_label(state.window, lang)}, {fmt.month(state.period, lang)}"
    title = f"{indicator.name(lang)} · {scope_text} · {when}"
    ui.table_downloads(export, file_stem, "rk", lang, t("rk_sheet"), title, formats, widths=(1, 1),
                       labels=ui.labels(context, title, [indicator], place=scope_text, national=national),
                       indicators=[indicator], provinces=context.provinces)


# ---- top/bottom chart and the service index groups ----------------------------------------------
with chart_col:
    n = st.slider(t("rk_top_n"), min_value=3, max_value=20, value=10, key="rankings_top_n")
    subtitle = f"{scope_text} · {window_label(state.window, lang)}, {fmt.month(state.period, lang)}"
    chart_rows = table.filter_rows(ranked, division) if division else ranked
    fig = charts.ranking_bar(chart_rows, indicator, lang, n=n, target=target, selected=state.communes,
                             subtitle=subtitle)
    if fig is None:
        st.info(t("rk_chart_none"))
    else:
        st.plotly_chart(fig, width="stretch", key="rankings_bar")
        ui.image_downloads(fig, ("bieu-do", *file_stem), "rk_bar", lang, widths=(1, 1),
                           labels=ui.labels(context, text("chart_ranking_title", lang, indicator=indicator.name(lang)),
                                            [indicator], place=scope_text, national=national))

    if code == catalog.graded_indicator():
        st.subheader(t("rk_groups_heading"))
        row = table.groups_subject(shown, ranked, state.communes)
        if row is None:
            st.info(t("rk_chart_none"))
        else:
            values = cache.window_values(codes=catalog.components(code), window=window, province=row["province_code"])
            group_fig = charts.service_groups(metrics.commune_values(values, row["commune_code"]), lang, row["name"])
            if group_fig is None:
                st.info(t("rk_groups_none", name=row["name"]))
            else:
                st.plotly_chart(group_fig, width="stretch", key="rankings_groups")
                group_labels = ui.labels(context, text("chart_groups_title", lang, name=row["name"]),
                                         [catalog.indicator(c) for c in catalog.components(code)])
                ui.image_downloads(group_fig, ("nhom-chi-so", row["name"], state.period.strftime("%Y-%m")),
                                   "rk_groups", lang, widths=(1, 1), labels=group_labels)
    if ui.chrome_available():
        st.caption(t("rk_images_note"))
