"""Rankings: any catalog indicator, ranked in the province or the country, with exports."""
import streamlit as st

from core import catalog, periods
from dashboard import cache, charts, fmt, metrics, summary, theme, ui
from dashboard import ranking_table as table
from dashboard.i18n import t as text
from dashboard.setup import (
    below_target_toggle,
    division_select,
    drill_table,
    indicator_select,
    scope_select,
    search_input,
    setup,
    sort_select,
    top_n_slider,
)

context = setup()
lang, t = context.lang, context.t

st.title(t("page_rankings"))
controls = st.columns([3, 2.6, 3.4])  # "Trong tỉnh | Toàn quốc" whole at 1280 px
with controls[0]:
    code = indicator_select(context)
with controls[1]:
    scope = scope_select(context)
with controls[2]:
    division = division_select(context)

state = context.state
indicator = context.indicator
national = scope == "national"
province = state.province
window, previous = context.window, context.previous
target = metrics.target(code, None if national else province)
filters = st.columns([3, 2.2, 2.2], vertical_alignment="bottom")
with filters[0]:
    search = search_input(context)
with filters[1]:
    sort = sort_select(context)
with filters[2]:
    below = below_target_toggle(context, target) if target is not None else False
scope_text = text("scope_national", lang) if national else context.province_name
st.caption(t("rk_caption", scope=scope_text, when=ui.when(context)))

ranked = cache.ranking(code=code, window=window, previous=previous, province=None if national else province,
                       national=national)
keys = cache.communes(province=None if national else province)
shown = table.filter_rows(ranked, division, search, keys)
if below:
    shown = table.below_target(shown, code, None if national else province)
shown = table.sort_rows(shown, sort)
months = periods.months_between(periods.add_months(state.period, -11), state.period)
monthly = cache.monthly_values(codes=[code], start=months[0], end=months[-1], province=None if national else province)
file_stem = ("xep-hang", code, "toan-quoc" if national else context.province_name, state.period.strftime("%Y-%m"),
             state.window)

# nationally the province column needs room: the table takes two thirds of the page
table_col, chart_col = st.columns([2, 1] if national else [3, 2], gap="medium")

# ---- the table ----------------------------------------------------------------------------------
with table_col:
    missing, n_ranked = metrics.unranked_count(ranked)
    if shown.is_empty():
        st.info(t("rk_below_none") if below and not search else
                t("rk_no_match", query=search) if search else t("rk_chart_none"))
    else:
        frame = table.display_frame(shown, indicator, None if national else province, lang,
                                    charts.sparklines(monthly, months),
                                    context.provinces if national else None)
        unit = theme.unit_label(indicator, lang)
        target_text = fmt.value(target, indicator.unit, 0, lang) if target is not None else ""
        # Numbers stay numbers (sorted as such); the Styler shows them the Vietnamese way. Pixel
        # widths keep name … trend on screen at 1440 px; on a phone name, rank and value lead.
        config = {
            "code": st.column_config.TextColumn(t("code"), width=56),
            "name": st.column_config.TextColumn(t("name"), width=125 if national else 140),
            "province": st.column_config.TextColumn(t("province"), width=100),
            "type": st.column_config.TextColumn(t("division_type"), width=95),
            "rank": st.column_config.NumberColumn(t("rank"), width=70 if national else 74,
                                                  help=t("rk_rank_help", n=fmt.number(n_ranked, 0, lang))),
            "value": st.column_config.NumberColumn(t("value") + (f" ({unit})" if unit else ""), width=90,
                                                   help=indicator.name(lang)),
            "change": st.column_config.NumberColumn(t("change"), width=64,
                                                    help=text("since_prev_month" if state.window == "month"
                                                              else "since_prev_window", lang)),
            "percentile": st.column_config.NumberColumn(t("percentile"), width=70, help=t("rk_percentile_help")),
            "grade": st.column_config.TextColumn(t("grade"), width=90),
            "target": st.column_config.TextColumn(f"{t('rk_target')} {target_text}".strip(), width=92,
                                                  help=t("rk_target_help", target=target_text)),
            "trend": st.column_config.LineChartColumn(t("rk_trend"), help=t("rk_trend_help"),
                                                      width=95 if national else 100),
        }
        order = [c for c in ("name", "province", "rank", "value", "target", "change", "trend", "percentile",
                             "grade", "type", "code") if c in frame.columns]
        # a short list (a search, the below-target filter) gets a short grid, not 520 px of empty rows
        st.dataframe(table.styled(frame, indicator, n_ranked, lang), hide_index=True, width="stretch",
                     height=min(520, 38 + 35 * frame.height),
                     column_config=config, column_order=order, placeholder=t("no_data"),
                     **drill_table("rankings_table", shown["commune_code"].to_list(),
                                   shown["province_code"].to_list()))
        st.caption(t("rk_click_hint"))
    st.caption(t("rk_showing", shown=fmt.number(shown.height, 0, lang), total=fmt.number(ranked.height, 0, lang))
               + (" " + t("rk_unranked_scope", n=fmt.number(missing, 0, lang), ranked=fmt.number(n_ranked, 0, lang))
                  if missing else ""))
    export, formats = table.export_frame(shown, indicator, None if national else province, lang,
                                         context.provinces if national else None)
    when = ui.when(context)
    title = f"{indicator.name(lang)} · {scope_text} · {when}"
    ui.table_downloads(export, file_stem, "rk", lang, t("rk_sheet"), title, formats, widths=(1, 1),
                       labels=ui.labels(context, title, [indicator], place=scope_text, national=national),
                       indicators=[indicator], provinces=context.provinces)


# ---- top/bottom chart and the service index groups ----------------------------------------------
with chart_col:
    n = top_n_slider(context)
    subtitle = f"{scope_text} · {ui.when(context)}"
    chart_rows = table.filter_rows(ranked, division) if division else ranked
    fig = charts.ranking_bar(chart_rows, indicator, lang, n=n, target=target, selected=state.communes,
                             subtitle=subtitle, provinces=context.provinces if national else None)
    if fig is None:
        st.info(t("rk_chart_none"))
    else:
        st.plotly_chart(fig, width="stretch", key="rankings_bar", config={"displayModeBar": "hover"})
        if target is not None:
            st.caption(summary.target_note(code, None if national else province, lang, context.provinces))
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
