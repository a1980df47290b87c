"""Tables as files: CSV and XLSX, labelled and inert.

Pure: no Streamlit. Tables arrive as polars frames whose column names are already the
headers the reader should see (in the chosen language).

- CSV is UTF-8 with a byte-order mark, so Excel opens Vietnamese names with their diacritics.
  Its labels (title, scope and window, unit, source, as-of, demo note) travel as extra
  columns at the end of every row, never as rows above the header: every CSV reader
  (Excel, pandas, polars, R) still reads the file as one plain table, and a row copied
  elsewhere keeps its provenance.
- XLSX (xlsxwriter) keeps numbers as numbers, with a display format per column, the labels in
  rows above a bold frozen header, and a second sheet with each indicator's definition,
  formula, unit, source and target.
- Text that came from outside (names, notes, file names) never becomes a formula or a link:
  CSV text cells that a spreadsheet would evaluate (starting with =, +, -, @, tab or carriage
  return) get a leading apostrophe; XLSX cells are written as strings, with xlsxwriter's
  formula and URL conversion off. Numeric columns are never touched (-3 stays a number).
"""
from __future__ import annotations

import datetime as dt
import io
import re

import polars as pl

from core import catalog
from core.names import slug
from dashboard import methodology
from dashboard.export.labels import Labels
from dashboard.i18n import t
from dashboard.theme import DEMO_LABEL_COLOUR, XLSX_HEADER_FILL, XLSX_TITLE_SIZE

BOM = "\ufeff".encode("utf-8")
# What makes Excel or LibreOffice read a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists (sparkline series) and other nested values have no place in a flat file."""
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    return frame.drop(nested) if nested else frame


def inert(text: str) -> str:
    """A text cell a spreadsheet shows as typed: '=1+1' → "'=1+1"; other text unchanged."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def inert_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column made inert (numbers, dates and booleans untouched)."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(pl.col(name).map_elements(inert, return_dtype=pl.String) for name in text_columns)


def label_columns(labels: Labels) -> dict[str, str]:
    """The CSV's label columns: header → the same value on every row."""
    lang = labels.lang
    return {t("export_col_title", lang): labels.title, t("export_col_scope", lang): labels.scope,
            t("export_col_unit", lang): labels.unit, t("export_col_source", lang): labels.source,
            t("export_col_as_of", lang): labels.as_of, t("export_col_note", lang): labels.demo or ""}


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def table_csv(frame: pl.DataFrame, labels: Labels | None = None) -> bytes:
    """The table as CSV bytes: UTF-8 with BOM, comma-separated, plain numbers, labels as last columns."""
    frame = _plain(frame)
    if labels is not None:
        taken = set(frame.columns)
        extra = []
        for header, value in label_columns(labels).items():
            header = _unique(header, taken)
            taken.add(header)
            extra.append(pl.lit(value, dtype=pl.String).alias(header))
        frame = frame.with_columns(extra)
    frame = inert_frame(frame).rename(lambda name: inert(name))
    return BOM + frame.write_csv().encode("utf-8")


def number_format(decimals: int, percent_sign: bool = False) -> str:
    """An Excel number format: '#,##0.00' (Excel shows it with the reader's own separators)."""
    text = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return text + ('" %"' if percent_sign else "")


def _write_cell(worksheet, row: int, col: int, value, cell_format, date_format) -> None:
    if value is None or (isinstance(value, float) and value != value):
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, col, value, cell_format)
    elif isinstance(value, dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        worksheet.write_datetime(row, col, moment, date_format)
    else:
        worksheet.write_string(row, col, str(value))


def _title_rows(workbook, worksheet, title: str | None, labels: Labels | None) -> int:
    """Title and labels above the header, as strings; returns the header's row."""
    title_format = workbook.add_format({"bold": True, "font_size": XLSX_TITLE_SIZE})
    demo_format = workbook.add_format({"bold": True, "font_color": DEMO_LABEL_COLOUR})
    if labels is None:
        if not title:
            return 0
        worksheet.write_string(0, 0, title, title_format)
        return 2
    lines = labels.lines()
    for row, line in enumerate(lines):
        style = title_format if row == 0 else demo_format if labels.demo and line == labels.demo else None
        worksheet.write_string(row, 0, line, style)
    return len(lines) + 1


def table_xlsx(frame: pl.DataFrame, sheet: str = "Sheet1", title: str | None = None,
               formats: dict[str, str] | None = None, labels: Labels | None = None,
               indicators: list[catalog.Indicator] | None = None,
               provinces: dict[int, str] | None = None) -> bytes:
    """The table as an XLSX workbook, numbers kept numeric with `formats` per column.

    With `labels`: title, scope and window, unit, source and as-of, and the demo label in the
    rows above the header (else `title` alone); with `indicators`: a second sheet
    "Định nghĩa"/"Definitions" describing each of them.
    """
    import xlsxwriter

    frame = _plain(frame)
    formats = formats or {}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    worksheet = workbook.add_worksheet(_sheet_name(sheet))
    bold = workbook.add_format({"bold": True, "bg_color": XLSX_HEADER_FILL, "border": 1, "text_wrap": True,
                                "valign": "top"})
    date_format = workbook.add_format({"num_format": "mm/yyyy"})
    column_formats = {name: workbook.add_format({"num_format": spec}) for name, spec in formats.items()}
    first = _title_rows(workbook, worksheet, title, labels)
    for col, name in enumerate(frame.columns):
        worksheet.write_string(first, col, name, bold)
        values = frame[name].to_list()
        cell_format = column_formats.get(name)
        for row, value in enumerate(values, start=first + 1):
            _write_cell(worksheet, row, col, value, cell_format, date_format)
        width = max([len(str(name))] + [len(str(v)) for v in values[:500] if v is not None])
        worksheet.set_column(col, col, min(max(width + 2, 8), 45))
    worksheet.freeze_panes(first + 1, 0)
    if len(frame):
        worksheet.autofilter(first, 0, first + len(frame), max(len(frame.columns) - 1, 0))
    if indicators:
        lang = labels.lang if labels is not None else "vi"
        _definitions_sheet(workbook, bold, indicators, lang, provinces or {})
    workbook.close()
    return buffer.getvalue()


def definitions(indicators: list[catalog.Indicator], lang: str, provinces: dict[int, str]) -> pl.DataFrame:
    """One row per indicator: code, name, definition, formula (or how it combines over a window),
    unit, source, target and the target's source — the methodology page's texts."""
    wanted = {ind.code for ind in indicators}
    entries = [entry for _, group in methodology.catalog_groups(lang, provinces) for entry in group
               if entry["code"] in wanted]
    order = {ind.code: i for i, ind in enumerate(indicators)}
    entries.sort(key=lambda e: order[e["code"]])
    headers = {"code": t("export_col_code", lang), "name": t("indicator", lang), "definition": t("md_definition", lang),
               "formula": t("md_formula", lang), "unit": t("md_unit", lang), "source": t("md_source", lang),
               "target": t("rk_target", lang), "target_source": t("md_target_source", lang)}
    known = catalog.indicators()
    rows = []
    for entry in entries:
        ind = known[entry["code"]]
        formula = entry["formula"] or entry["kind"]
        source = entry["source"] or "; ".join(
            dict.fromkeys(known[c].source for c in ind.numerator + ind.denominator if c in known))
        rows.append({headers["code"]: entry["code"], headers["name"]: entry["name"],
                     headers["definition"]: entry["definition"], headers["formula"]: formula,
                     headers["unit"]: entry["unit"], headers["source"]: source,
                     headers["target"]: entry["target"], headers["target_source"]: entry["target_source"]})
    return pl.DataFrame(rows, schema=dict.fromkeys(headers.values(), pl.String))


def _definitions_sheet(workbook, header_format, indicators, lang: str, provinces: dict[int, str]) -> None:
    frame = definitions(indicators, lang, provinces)
    sheet = workbook.add_worksheet(_sheet_name(t("export_definitions_sheet", lang)))
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    widths = (20, 32, 60, 40, 12, 40, 24, 40)
    for col, name in enumerate(frame.columns):
        sheet.write_string(0, col, name, header_format)
        sheet.set_column(col, col, widths[col] if col < len(widths) else 20, wrap)
        for row, value in enumerate(frame[name].to_list(), start=1):
            sheet.write_string(row, col, value or "")
    sheet.freeze_panes(1, 0)


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet1"


def file_name(*parts: str, ext: str) -> str:
    """A safe ASCII file name from parts: ('xep hang', 'Thanh Hóa', '2025-11') → 'xep-hang_thanh-hoa_2025-11.csv'."""
    cleaned = [slug(p) for p in parts if p]
    return "_".join(c for c in cleaned if c) + "." + ext
