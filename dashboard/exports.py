"""File builders for downloads: tables as CSV/XLSX, figures as PNG/SVG.

Pure: no Streamlit. Tables arrive as polars frames whose column names are already the
headers the reader should see (in the chosen language).

- CSV is UTF-8 with a byte-order mark, so Excel opens Vietnamese names with their diacritics.
- XLSX (xlsxwriter) keeps numbers as numbers, with a display format per column, a bold
  frozen header and sensible column widths.
- Chart images come from kaleido, which drives a Chromium. One kaleido server is kept per
  process (`kaleido.start_sync_server()`, about 2 s once, then about 0.1 s an image); without
  Chromium a `ChromeMissing` error is raised for the page to show a message.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import threading
import warnings

import polars as pl

from dashboard.theme import XLSX_HEADER_FILL, XLSX_TITLE_SIZE

BOM = "\ufeff".encode("utf-8")


class ChromeMissing(RuntimeError):
    """No Chromium/Chrome for kaleido: chart images cannot be exported on this server."""


# ---- tables -------------------------------------------------------------------------------------

def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists (sparkline series) and other nested values have no place in a flat file."""
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    return frame.drop(nested) if nested else frame


def table_csv(frame: pl.DataFrame) -> bytes:
    """The table as CSV bytes: UTF-8 with BOM, comma-separated, plain numbers."""
    return BOM + _plain(frame).write_csv().encode("utf-8")


def number_format(decimals: int, percent_sign: bool = False) -> str:
    """An Excel number format: '#,##0.00' (Excel shows it with the reader's own separators)."""
    text = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return text + ('" %"' if percent_sign else "")


def table_xlsx(frame: pl.DataFrame, sheet: str = "Sheet1", title: str | None = None,
               formats: dict[str, str] | None = None) -> bytes:
    """The table as an XLSX workbook (one sheet), numbers kept numeric with `formats` per column.

    `title` (e.g. indicator, province and period) goes in the first row above the header.
    """
    import xlsxwriter

    frame = _plain(frame)
    formats = formats or {}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    worksheet = workbook.add_worksheet(_sheet_name(sheet))
    bold = workbook.add_format({"bold": True, "bg_color": XLSX_HEADER_FILL, "border": 1, "text_wrap": True,
                                "valign": "top"})
    title_format = workbook.add_format({"bold": True, "font_size": XLSX_TITLE_SIZE})
    date_format = workbook.add_format({"num_format": "mm/yyyy"})
    column_formats = {name: workbook.add_format({"num_format": spec}) for name, spec in formats.items()}
    first = 0
    if title:
        worksheet.write(0, 0, title, title_format)
        first = 2
    for col, name in enumerate(frame.columns):
        worksheet.write(first, col, name, bold)
        values = frame[name].to_list()
        cell_format = column_formats.get(name)
        for row, value in enumerate(values, start=first + 1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(row, col, value, cell_format)
            elif isinstance(value, dt.date):
                worksheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date_format)
            else:
                worksheet.write_string(row, col, str(value))
        width = max([len(str(name))] + [len(str(v)) for v in values[:500] if v is not None])
        worksheet.set_column(col, col, min(max(width + 2, 8), 45))
    worksheet.freeze_panes(first + 1, 0)
    if len(frame):
        worksheet.autofilter(first, 0, first + len(frame), max(len(frame.columns) - 1, 0))
    workbook.close()
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet1"


def file_name(*parts: str, ext: str) -> str:
    """A safe ASCII file name from parts: ('xep hang', 'Thanh Hóa', '2025-11') → 'xep-hang_thanh-hoa_2025-11.csv'."""
    from core.names import ascii_key

    cleaned = [re.sub(r"[^a-z0-9]+", "-", ascii_key(str(p))).strip("-") for p in parts if p]
    return "_".join(c for c in cleaned if c) + "." + ext


# ---- figures ------------------------------------------------------------------------------------

_server_lock = threading.Lock()
_server_started = False


def _is_chrome_missing(error: BaseException) -> bool:
    try:
        from kaleido.errors import ChromeNotFoundError
    except ImportError:  # pragma: no cover - kaleido always ships it
        ChromeNotFoundError = ()
    if ChromeNotFoundError and isinstance(error, ChromeNotFoundError):
        return True
    text = str(error).lower()
    return "chrome" in text and ("install" in text or "not found" in text or "requires" in text)


def chrome_available() -> bool:
    """Whether kaleido can find a Chromium/Chrome to draw images with (no browser is started)."""
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False) is not None
    except Exception:
        import shutil

        return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome"))


def start_kaleido() -> bool:
    """Start the process's kaleido server once (a module-level lazy singleton).

    Returns True when a server is running; raises ChromeMissing without Chromium.
    """
    global _server_started
    with _server_lock:
        if _server_started:
            return True
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as error:
            if _is_chrome_missing(error):
                raise ChromeMissing(str(error)) from error
            raise
        _server_started = True
        return True


def figure_image(fig, image_format: str = "png", width: int = 1000, height: int | None = None,
                 scale: float = 2.0) -> bytes:
    """The figure as PNG or SVG bytes (white background, the figure's own height by default)."""
    if image_format not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported image format {image_format!r}")
    start_kaleido()
    height = height or fig.layout.height or 500
    try:
        with warnings.catch_warnings():
            # plotly passes browser options that a running server already has.
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return fig.to_image(format=image_format, width=width, height=height,
                                scale=scale if image_format == "png" else 1)
    except Exception as error:
        if _is_chrome_missing(error):
            raise ChromeMissing(str(error)) from error
        raise
