"""Small Streamlit widgets shared by pages: download buttons for tables, charts and maps.

Files are built lazily (a callable as `data`), so a page run never pays for an export
nobody asked for. Every file carries its labels (dashboard.export.labels): the page says what
the figures are (title, indicators, place), this module adds the window, the source, the
as-of month and the demo label from the database.
"""
from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from core import catalog
from dashboard import cache, export
from dashboard.export import labels as export_labels
from dashboard.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chrome_available() -> bool:
    """Whether chart images can be made on this server (kaleido finds a Chromium)."""
    return export.chrome_available()


def when(context) -> str:
    """The sidebar's window as exports name it: 'Tháng 11/2025', 'Từ đầu năm: 01/2025 – 11/2025'."""
    return export_labels.window_text(context.state.window, context.state.period, context.lang)


def labels(context, title: str, indicators: list[catalog.Indicator], *, place: str | None = None,
           window: str | None = "", national: bool = False, unit: str | None = None,
           extra_sources: tuple[str, ...] = (), start: dt.date | None = None) -> export_labels.Labels:
    """The labels of an export from a page: `context` is the page's setup.PageContext.

    `place` defaults to the province (or 'Toàn quốc' when `national`); `window` to the
    sidebar's (None: a month-by-month chart from `start`, by default the first month with
    figures, to the period: its scope names those months).
    """
    state = context.state
    lang = context.lang
    province = None if national else state.province
    place = place or (t("scope_national", lang) if national else context.province_name)
    window_name = state.window if window == "" else window
    bounds = context.window if window_name else (start or min(context.valid.periods, default=state.period),
                                                 state.period)
    sources = cache.figure_sources(window=bounds, province=province)
    return export_labels.make(title, place=place, window=window_name, period=state.period, indicators=indicators,
                              has_demo=context.has_demo, sources=sources, lang=lang, unit=unit,
                              extra_sources=extra_sources, start=None if window_name else bounds[0])


def table_downloads(frame: pl.DataFrame, stem: tuple, key: str, lang: str, sheet: str, title: str,
                    formats: dict | None = None, widths=(1, 1, 4), labels: export_labels.Labels | None = None,
                    indicators: list[catalog.Indicator] | None = None,
                    provinces: dict[int, str] | None = None) -> None:
    """CSV (UTF-8 with BOM, so Excel shows diacritics) and XLSX downloads of a table, labelled;
    the XLSX has a definitions sheet for `indicators`."""
    buttons = st.columns(list(widths))
    empty = frame.is_empty()
    buttons[0].download_button(t("download_csv", lang), data=lambda: export.table_csv(frame, labels),
                               file_name=export.file_name(*stem, ext="csv"), mime="text/csv",
                               on_click="ignore", icon=":material/download:", key=f"{key}_csv", disabled=empty)
    buttons[1].download_button(t("download_xlsx", lang),
                               data=lambda: export.table_xlsx(frame, sheet, title, formats, labels=labels,
                                                              indicators=indicators, provinces=provinces),
                               file_name=export.file_name(*stem, ext="xlsx"), mime=XLSX_MIME,
                               on_click="ignore", icon=":material/download:", key=f"{key}_xlsx", disabled=empty)


def image_downloads(fig, stem: tuple, key: str, lang: str, widths=(1, 1, 4),
                    labels: export_labels.Labels | None = None) -> None:
    """PNG and SVG downloads of a figure, labelled; a message instead when Chromium is missing."""
    if fig is None:
        return
    if not export.chrome_available():
        st.caption(t("chrome_missing", lang))
        return
    cols = st.columns(list(widths))
    cols[0].download_button(t("download_png", lang), data=lambda: export.figure_image(fig, "png", labels=labels),
                            file_name=export.file_name(*stem, ext="png"), mime="image/png",
                            on_click="ignore", icon=":material/image:", key=f"{key}_png")
    cols[1].download_button(t("download_svg", lang), data=lambda: export.figure_image(fig, "svg", labels=labels),
                            file_name=export.file_name(*stem, ext="svg"), mime="image/svg+xml",
                            on_click="ignore", icon=":material/image:", key=f"{key}_svg")


def map_download(build, stem: tuple, key: str, lang: str, labels: export_labels.Labels) -> None:
    """The map as a labelled PNG: `build()` returns the static map figure (export.static_map),
    drawn only when the button is pressed."""
    if not export.chrome_available():
        st.caption(t("chrome_missing", lang))
        return
    st.download_button(t("download_map_png", lang), data=lambda: export.figure_image(build(), "png", labels=labels),
                       file_name=export.file_name(*stem, ext="png"), mime="image/png",
                       on_click="ignore", icon=":material/map:", key=f"{key}_png")


# ---- the briefing pack and the one-page profile ---------------------------------------------------

def briefing_downloads(context, commune: int | None, key: str = "briefing") -> None:
    """'Tải báo cáo': builds the PowerPoint and the PDF of the province's briefing (with a
    progress bar), then offers both files until the view changes."""
    from dashboard.export import pack, pdf

    lang, state = context.lang, context.state
    request = (cache.database_version(), state.province, state.period, state.window, commune, lang)
    if st.button(t("br_button", lang), icon=":material/slideshow:", key=f"{key}_make", type="primary"):
        bar = st.progress(0.0, text=t("br_progress_figures", lang))
        try:
            files = pack.build(cache, province=state.province, period=state.period, window=state.window,
                               commune=commune, lang=lang,
                               progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))
        except pdf.FontMissing:
            bar.empty()
            st.error(t("br_font_missing", lang))
            return
        bar.empty()
        st.session_state[f"{key}_files"] = (request, files)
    stored = st.session_state.get(f"{key}_files")
    if stored is None or stored[0] != request:
        return
    files = stored[1]
    columns = st.columns(len(files) + 1)
    for column, (kind, (name, data)) in zip(columns, files.items()):
        column.download_button(t(f"br_download_{kind}", lang), data=data, file_name=name, mime=pack.MIME[kind],
                               on_click="ignore", icon=":material/download:", key=f"{key}_{kind}")


def profile_pdf_download(build, name: str, lang: str, key: str = "pf_pdf") -> None:
    """The one-page PDF of a commune's profile, drawn when the button is pressed (`build()`
    returns the bytes); a message instead when no font with Vietnamese letters exists."""
    from dashboard.export import pdf

    try:
        pdf.find_font()
    except pdf.FontMissing:
        st.caption(t("br_font_missing", lang))
        return
    st.download_button(t("pf_pdf_button", lang), data=build, file_name=export.file_name("ho-so", name, ext="pdf"),
                       mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:", key=key)
