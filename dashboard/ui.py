"""Small Streamlit widgets shared by pages: download buttons for tables and charts.

Files are built lazily (a callable as `data`), so a page run never pays for an export
nobody asked for.
"""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import exports
from dashboard.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(frame: pl.DataFrame, stem: tuple, key: str, lang: str, sheet: str, title: str,
                    formats: dict | None = None, widths=(1, 1, 4)) -> None:
    """CSV (UTF-8 with BOM, so Excel shows diacritics) and XLSX downloads of a table."""
    buttons = st.columns(list(widths))
    empty = frame.is_empty()
    buttons[0].download_button(t("download_csv", lang), data=lambda: exports.table_csv(frame),
                               file_name=exports.file_name(*stem, ext="csv"), mime="text/csv",
                               icon=":material/download:", key=f"{key}_csv", disabled=empty)
    buttons[1].download_button(t("download_xlsx", lang),
                               data=lambda: exports.table_xlsx(frame, sheet, title, formats),
                               file_name=exports.file_name(*stem, ext="xlsx"), mime=XLSX_MIME,
                               icon=":material/download:", key=f"{key}_xlsx", disabled=empty)


def image_downloads(fig, stem: tuple, key: str, lang: str, widths=(1, 1, 4)) -> None:
    """PNG and SVG downloads of a figure; a message instead when Chromium is missing."""
    if fig is None:
        return
    if not exports.chrome_available():
        st.caption(t("chrome_missing", lang))
        return
    cols = st.columns(list(widths))
    cols[0].download_button(t("download_png", lang), data=lambda: exports.figure_image(fig, "png"),
                            file_name=exports.file_name(*stem, ext="png"), mime="image/png",
                            icon=":material/image:", key=f"{key}_png")
    cols[1].download_button(t("download_svg", lang), data=lambda: exports.figure_image(fig, "svg"),
                            file_name=exports.file_name(*stem, ext="svg"), mime="image/svg+xml",
                            icon=":material/image:", key=f"{key}_svg")
