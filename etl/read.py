"""Readers: a file as the grid of cells a person sees, numbered as the spreadsheet numbers it.

Every reader returns `Sheet`s: a polars frame of String columns named by the spreadsheet's
column letters (A, B, …) plus `_row` (the row number the spreadsheet shows), and the list of
problems met while reading. Nothing is interpreted here: title rows, headers, totals and
number forms are the business of etl.layouts and etl.numbers.

- CSV: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", tab separated) and
  Windows-1258 (which writes tone marks as combining characters, so text is NFC-normalised);
  comma, semicolon or tab, whichever splits the lines most consistently.
- XLSX: every visible sheet (`read_book`), or the one named; merged cells are filled with
  their top-left value (report headers merge group headings across columns and single
  headings down rows); cells the spreadsheet typed as numbers keep that type
  (`etl.numbers.NUM` marker), and a cell formatted as a percentage is shown as the percentage
  with its sign (0.6783 → 67.83%); formula cells the spreadsheet never calculated are listed
  in `Sheet.formulas`. Hidden rows and hidden sheets are what the person reading the report
  does not see (last month's rows kept out of sight, a sheet of old data): they are left out
  and listed (`Sheet.hidden_rows`, `Book.hidden_sheets`).
- ODS (LibreOffice Calc, common in offices): read from its content.xml with the standard
  library, with the same rules (merged cells, typed numbers, percentage cells, hidden rows
  and sheets). calamine (fastexcel) reads .ods values but not merges, hidden rows or the
  percentage type, and a 0.975 that the sheet shows as 97,5 % must not load as 0.975.
- XLS (Excel 97–2003) is refused with the fix: save it as .xlsx (or .ods).
- Parquet: the header is row 1, data from row 2, as a CSV export would show it.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import polars as pl

from core.problems import Problem, clip
from etl import safety
from etl.numbers import NUM

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls) and other OLE compound files


class ReadError(Exception):
    """A file that cannot be read at all (bad format, missing sheet)."""

    def __init__(self, reason_vi: str, reason_en: str, row: int | None = None, rule: str = "file_unreadable"):
        super().__init__(f"{reason_vi} / {reason_en}")
        self.reason_vi, self.reason_en, self.row, self.rule = reason_vi, reason_en, row, rule


@dataclass
class Sheet:
    """The cells of one sheet: String columns A, B, … and `_row` (the spreadsheet's row number)."""
    file: str
    frame: pl.DataFrame
    kind: str  # csv | xlsx | ods | parquet
    sheet_name: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    problems: list[Problem] = field(default_factory=list)
    # XLSX formula cells without a saved value: (row, column letter) → formula text
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)  # rows with content the sheet hides (left out)
    # A Parquet file's columns as typed there (numbers, dates; text columns as grid text), named A, B, …
    # with `_row`, the header row left out. `frame` then holds only the first HEAD_ROWS rows as grid
    # text, enough to find the header: a long table is read from these columns (etl.long_rows)
    # without ever writing 5 million cells as text; any other layout asks for `complete()`.
    typed: pl.DataFrame | None = None

    @property
    def height(self) -> int:
        """Rows of the whole sheet (the header row included)."""
        return self.frame.height if self.typed is None else self.typed.height + 1

    def complete(self) -> Sheet:
        """The sheet with every row as grid text (a Parquet sheet holds only its head until asked)."""
        if self.typed is None or self.frame.height == self.height:
            return self
        return dataclasses.replace(self, frame=_typed_grid(self.frame.row(0), self.typed))


@dataclass
class Book:
    """A file's sheets as a person sees them: the visible ones, in order, and the hidden ones' names."""
    file: str
    kind: str
    sheets: list[Sheet]
    hidden_sheets: list[str] = field(default_factory=list)
    all_sheets: list[str] = field(default_factory=list)  # every sheet's name, hidden ones included


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", _CONTROL.sub("", str(value))).strip()
    return text or None


def _grid_frame(rows: list[list[str | None]], row_numbers: list[int]) -> pl.DataFrame:
    width = max((len(r) for r in rows), default=0)
    columns = {column_letter(j): [r[j] if j < len(r) else None for r in rows] for j in range(width)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(pl.Series("_row", row_numbers, dtype=pl.Int64))


def _fill_merged(rows: list[list[str | None]], numbers: list[int], merged: list[tuple[int, int, int, int]]) -> None:
    """Merged ranges (min_row, min_col, max_row, max_col) take their top-left cell's value."""
    index = {n: i for i, n in enumerate(numbers)}
    for r1, c1, r2, c2 in merged:
        if r1 not in index or c1 >= len(rows[index[r1]]):
            continue
        top_left = rows[index[r1]][c1]
        for r in range(r1, r2 + 1):
            if r not in index:
                continue
            row = rows[index[r]]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if row[c] is None:
                    row[c] = top_left


def _visible_sheet(file: str, kind: str, rows: list[list[str | None]], numbers: list[int], hidden: set[int],
                   **extra) -> Sheet:
    """The sheet without its hidden rows; the hidden rows that hold anything are listed."""
    keep = [i for i, n in enumerate(numbers) if n not in hidden]
    listed = [numbers[i] for i, n in enumerate(numbers) if n in hidden and any(c is not None for c in rows[i])]
    frame = _grid_frame([rows[i] for i in keep], [numbers[i] for i in keep])
    return Sheet(file, frame, kind, hidden_rows=listed, **extra)


# ---- CSV --------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name) for the encodings Vietnamese offices produce."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:400]
    if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without its BOM
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1258 encodes tone marks as separate combining characters: NFC joins them.
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "windows-1258"


def sniff_delimiter(text: str) -> str:
    """Tab, semicolon or comma: the one giving the most lines with the same (>1) field count."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ",", -1
    for delimiter in ("\t", ";", ","):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = multi.count(mode) * 1000 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path, display: str | None = None) -> Sheet:
    text, encoding = decode(path.read_bytes())
    # No field can be longer than the file: the default limit (128 KiB) would stop a long note cell.
    csv.field_size_limit(max(csv.field_size_limit(), min(len(text) + 1, 2**31 - 1)))
    line = 1
    try:
        delimiter = sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows, numbers = [], []
        for record in reader:
            rows.append([_text(cell) for cell in record])
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"Không đọc được dòng CSV ({clip(str(exc))})", f"Cannot read the CSV line ({clip(str(exc))})",
                        row=line) from exc
    return Sheet(display or str(path), _grid_frame(rows, numbers), "csv", encoding=encoding, delimiter=delimiter)


# ---- XLSX -------------------------------------------------------------------------------

_REF = re.compile(r"([A-Z]+)(\d+)")


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


@dataclass
class _XmlExtras:
    """What openpyxl's fast read-only mode does not give: merges, unsaved formulas, hidden rows."""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)


def _sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive member holding a sheet's XML, through workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = None
    for match in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        tag = match.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and _unescape(name.group(1)) == sheet_name:
            rid = re.search(r'\br:id="([^"]*)"|\bid="([^"]*)"', tag)
            rid = rid.group(1) or rid.group(2)
            break
    for match in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = match.group(0)
        if re.search(rf'\bId="{re.escape(rid or "")}"', tag):
            target = re.search(r'\bTarget="([^"]*)"', tag).group(1).lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None


def _sheet_extras(path: Path, sheet_name: str) -> _XmlExtras:
    """Merged ranges, formula cells without a saved value and hidden rows, from the sheet's XML.

    Merged ranges are (min_row, min_col, max_row, max_col). openpyxl's fast read-only mode
    exposes none of these, and its full mode is several times slower on a national file, so
    the few bytes needed are read directly. A formula written by a program (not Excel) often
    has no cached <v>alue: with data_only=True it would read as an empty cell, so those cells
    are found here and refused where they hold data.
    """
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet_name)
        if member is None:
            return _XmlExtras()
        xml = archive.read(member).decode("utf-8", errors="replace")
    extras = _XmlExtras()
    for ref in re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
        (c1, r1), (c2, r2) = (_REF.match(part).groups() for part in ref.split(":"))
        extras.merged.append((int(r1), _col_index(c1), int(r2), _col_index(c2)))
    for tag in re.findall(r"<(?:\w+:)?row\b[^>]*>", xml):
        if re.search(r'\bhidden="(?:1|true)"', tag):
            number = re.search(r'\br="(\d+)"', tag)
            if number:
                extras.hidden_rows.add(int(number.group(1)))
    for found in _FORMULA.finditer(xml):
        start = max(xml.rfind("<c ", 0, found.start()), xml.rfind(":c ", 0, found.start()))
        end = xml.find("c>", found.end())
        if start < 0 or end < 0:
            continue
        cell = xml[start:end]
        if _VALUE.search(cell):
            continue
        ref = re.search(r'\br="([A-Z]+)(\d+)"', cell)
        if ref:
            text = re.search(r"<(?:\w+:)?f\b[^>]*>([^<]*)<", cell)
            extras.formulas[(int(ref.group(2)), ref.group(1))] = "=" + _unescape(text.group(1)) if text else "="
    return extras


_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_VALUE = re.compile(r"<(?:\w+:)?v>[^<]")


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _cell_text(value, number_format: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number_text(value, bool(number_format and "%" in number_format))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return _text(value)


def _number_text(value: float, percent: bool) -> str:
    """A typed number as NUM + its plain text; a percentage cell as the percentage with "%"."""
    if percent:
        value = round(value * 100, 10)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return NUM + repr(value) + ("%" if percent else "")


def _xlsx_sheet(path: Path, worksheet, file: str) -> Sheet:
    """One worksheet of an open read-only workbook, merges filled and hidden rows left out."""
    worksheet.reset_dimensions()
    rows, numbers = [], []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        row = []
        for cell in cells:
            value = getattr(cell, "value", None)
            row.append(None if value is None else _cell_text(value, getattr(cell, "number_format", None)))
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
        known = next((cell.row for cell in cells if getattr(cell, "row", None)), None)
        numbers.append(known or number)
    name = worksheet.title
    try:
        extras = _sheet_extras(path, name)
    except (KeyError, AttributeError, zipfile.BadZipFile):  # unusual packaging: read without them
        extras = _XmlExtras()
    index = {n: i for i, n in enumerate(numbers)}

    def unread(key: tuple[int, str]) -> bool:  # the reader saw no value there
        row = rows[index[key[0]]] if key[0] in index else []
        j = _col_index(key[1])
        return j >= len(row) or row[j] is None
    formulas = {key: f for key, f in extras.formulas.items() if unread(key) and key[0] not in extras.hidden_rows}
    _fill_merged(rows, numbers, extras.merged)
    return _visible_sheet(file, "xlsx", rows, numbers, extras.hidden_rows, sheet_name=name, formulas=formulas)


def read_xlsx_book(path: Path, display: str | None = None, sheet: str | None = None) -> Book:
    """Every visible sheet of an XLSX file, or only the one named (hidden or not)."""
    import openpyxl

    file = display or str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or mislabelled file
        raise ReadError(f"Không đọc được tệp XLSX ({clip(str(exc))})",
                        f"Cannot read the XLSX file ({clip(str(exc))})") from exc
    try:
        names = list(workbook.sheetnames)
        worksheets = workbook.worksheets
        hidden = [ws.title for ws in worksheets if getattr(ws, "sheet_state", "visible") != "visible"]
        if sheet is not None:
            chosen = [workbook[sheet]] if sheet in names else _no_sheet(sheet, names)
        else:
            chosen = [ws for ws in worksheets if ws.title not in hidden]
        sheets = [_xlsx_sheet(path, ws, file) for ws in chosen]
    finally:
        workbook.close()
    return Book(file, "xlsx", sheets, hidden, names)


def _no_sheet(sheet: str, names: list[str]):
    listed = ", ".join(names)
    raise ReadError(f"Không có trang tính '{sheet}' (có: {listed}); chọn một trang bằng --sheet",
                    f"No sheet named '{sheet}' (there are: {listed}); choose one with --sheet")


def read_xlsx(path: Path, sheet: str | None = None, display: str | None = None) -> Sheet:
    """The named sheet, or the first visible one."""
    book = read_xlsx_book(path, display, sheet)
    if not book.sheets:
        raise ReadError("Tệp không có trang tính nào hiện", "The file has no visible sheet")
    return book.sheets[0]


# ---- ODS --------------------------------------------------------------------------------

_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0"}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


_T_TABLE, _T_ROW, _T_CELL, _T_COVERED = (_q("table", n) for n in ("table", "table-row", "table-cell",
                                                                  "covered-table-cell"))
_T_NAME, _T_STYLE = _q("table", "name"), _q("table", "style-name")
_ROWS_REPEATED, _COLS_REPEATED = _q("table", "number-rows-repeated"), _q("table", "number-columns-repeated")
_COLS_SPANNED, _ROWS_SPANNED = _q("table", "number-columns-spanned"), _q("table", "number-rows-spanned")
_VALUE_TYPE, _OFFICE_VALUE = _q("office", "value-type"), _q("office", "value")
_MAX_REPEAT = 10_000  # identical non-empty rows or cells written once with a repeat count


def _ods_text(node: ElementTree.Element, parts: list[str]) -> None:
    """A paragraph's text as shown: <text:s c="3"/> as spaces, tabs and line breaks kept, spans read."""
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag == _q("text", "s"):
            parts.append(" " * int(child.get(_q("text", "c"), "1")))
        elif child.tag == _q("text", "tab"):
            parts.append("\t")
        elif child.tag == _q("text", "line-break"):
            parts.append("\n")
        else:
            _ods_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _ods_paragraphs(cell: ElementTree.Element) -> str:
    """The text of a cell, one paragraph per line."""
    lines = []
    for para in cell.iter(_q("text", "p")):
        parts: list[str] = []
        _ods_text(para, parts)
        lines.append("".join(parts))
    return "\n".join(lines)


def _ods_value(cell: ElementTree.Element) -> str | None:
    kind = cell.get(_VALUE_TYPE)
    if kind in ("float", "currency", "percentage") and cell.get(_OFFICE_VALUE) is not None:
        value = float(cell.get(_OFFICE_VALUE))
        return _number_text(int(value) if value.is_integer() and kind != "percentage" else value,
                            kind == "percentage")
    if kind == "date" and cell.get(_q("office", "date-value")):
        return cell.get(_q("office", "date-value"))[:10]
    if kind == "boolean":
        return "TRUE" if cell.get(_q("office", "boolean-value")) == "true" else "FALSE"
    return _text(_ods_paragraphs(cell))


def _ods_hidden_styles(root_styles: ElementTree.Element | None) -> set[str]:
    """Names of table styles that hide their sheet (table:display="false")."""
    hidden = set()
    if root_styles is None:
        return hidden
    for style in root_styles.iter(_q("style", "style")):
        props = style.find(_q("style", "table-properties"))
        if props is not None and props.get(_q("table", "display")) == "false":
            hidden.add(style.get(_q("style", "name")))
    return hidden


def _ods_table(table: ElementTree.Element, file: str) -> Sheet:
    """One table:table element as a Sheet: repeats expanded, spans filled, hidden rows left out."""
    rows, numbers, merged, hidden = [], [], [], set()
    number = 0
    for row in table.iter(_T_ROW):
        repeat = int(row.get(_ROWS_REPEATED, "1"))
        cells: list[str | None] = []
        empty = 0  # empty cells not yet written: a row ends with thousands of them
        for cell in row:
            if cell.tag not in (_T_CELL, _T_COVERED):
                continue
            count = int(cell.get(_COLS_REPEATED, "1"))
            value = _ods_value(cell) if cell.tag == _T_CELL else None
            if value is None:
                empty += count
                continue
            cells.extend([None] * empty)
            empty = 0
            span_c, span_r = int(cell.get(_COLS_SPANNED, "1")), int(cell.get(_ROWS_SPANNED, "1"))
            if span_c > 1 or span_r > 1:
                merged.append((number + 1, len(cells), number + span_r, len(cells) + span_c - 1))
            cells.extend([value] * min(count, _MAX_REPEAT))
        if not cells:
            number += repeat
            continue
        is_hidden = row.get(_q("table", "visibility"), "visible") != "visible"
        for _ in range(min(repeat, _MAX_REPEAT)):
            number += 1
            rows.append(list(cells))
            numbers.append(number)
            if is_hidden:
                hidden.add(number)
        number += max(0, repeat - _MAX_REPEAT)
    _fill_merged(rows, numbers, merged)
    return _visible_sheet(file, "ods", rows, numbers, hidden, sheet_name=table.get(_T_NAME))


def read_ods_book(path: Path, display: str | None = None, sheet: str | None = None) -> Book:
    """Every visible sheet of an ODS file, or only the one named (hidden or not)."""
    file = display or str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            content = ElementTree.fromstring(archive.read("content.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ReadError(f"Không đọc được tệp ODS ({clip(str(exc))})",
                        f"Cannot read the ODS file ({clip(str(exc))})") from exc
    hidden_styles = _ods_hidden_styles(content.find(_q("office", "automatic-styles")))
    tables = list(content.iter(_T_TABLE))
    names = [t.get(_T_NAME) for t in tables]
    hidden = [t.get(_T_NAME) for t in tables if t.get(_T_STYLE) in hidden_styles]
    if sheet is not None:
        chosen = [t for t in tables if t.get(_T_NAME) == sheet] or _no_sheet(sheet, names)
    else:
        chosen = [t for t in tables if t.get(_T_NAME) not in hidden]
    return Book(file, "ods", [_ods_table(t, file) for t in chosen], hidden, names)


# ---- Parquet ----------------------------------------------------------------------------

PARQUET_HEAD_ROWS = 48  # grid text made at once for a Parquet sheet: etl.layouts.HEAD_ROWS, where the header lies


def read_parquet(path: Path, display: str | None = None) -> Sheet:
    """A Parquet file: its typed columns kept (`Sheet.typed`), grid text made for its head only.

    Numbers and dates stay typed; text columns become grid text at once (each distinct value
    once), so that text is cleaned exactly as in the full grid."""
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise ReadError(f"Không đọc được tệp Parquet ({exc})", f"Cannot read the Parquet file ({exc})") from exc
    letters = [column_letter(j) for j in range(frame.width)]
    header = [_text(name) for name in frame.columns]
    typed = frame.rename(dict(zip(frame.columns, letters)))
    del frame
    typed = typed.with_columns(*(_parquet_cells(typed[c]) for c in letters if not _stays_typed(typed[c].dtype)),
                               pl.int_range(2, typed.height + 2, dtype=pl.Int64).alias("_row"))
    head = _typed_grid(header, typed.head(PARQUET_HEAD_ROWS - 1))
    return Sheet(display or str(path), head, "parquet", typed=typed)


def _stays_typed(dtype: pl.DataType) -> bool:
    """Numbers and dates are kept typed in `Sheet.typed`; anything else is grid text there too."""
    return dtype.is_numeric() or dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime)


def _typed_grid(header: tuple | list, typed: pl.DataFrame) -> pl.DataFrame:
    """The grid text of a Parquet sheet: the header row, then `typed`'s rows as text."""
    letters = [c for c in typed.columns if c != "_row"]
    columns = {c: pl.concat([pl.Series([h], dtype=pl.String), grid_text(typed[c])]) for c, h in zip(letters, header)}
    grid = pl.DataFrame(columns, schema=dict.fromkeys(letters, pl.String))
    return grid.with_columns(pl.int_range(1, typed.height + 2, dtype=pl.Int64).alias("_row"))


def grid_text(series: pl.Series) -> pl.Series:
    """A column of `Sheet.typed` as the grid shows it (text columns are grid text already)."""
    return series if series.dtype == pl.String else _parquet_cells(series)


def _number_cell(value) -> str:
    """A typed number as the grid shows it: NUM + its plain text (1044.0 → "1044")."""
    return NUM + repr(int(value) if float(value).is_integer() else float(value))


def _date_cell(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _parquet_cells(series: pl.Series) -> pl.Series:
    """A typed column as grid text. Each distinct value is converted once and mapped back: a
    national file of 5 million values holds a few thousand distinct ones."""
    nan = None
    if series.dtype.is_numeric():
        convert = _number_cell
        if series.dtype.is_float():
            nan, series = series.is_nan(), series.fill_nan(None)
    elif series.dtype in (pl.Date, pl.Datetime):
        convert = _date_cell
    else:
        convert, series = _text, series.cast(pl.String)
    distinct = series.drop_nulls().unique()
    texts = pl.Series([convert(v) for v in distinct.to_list()], dtype=pl.String)
    if convert is _text and texts.equals(distinct):  # clean text already (a system's export): nothing to map
        return series
    out = series.replace_strict(distinct, texts, default=None, return_dtype=pl.String)
    if nan is not None and nan.any():  # NaN is refused later as not a number, shown as typed
        out = pl.select(pl.when(nan).then(pl.lit(NUM + "nan")).otherwise(out)).to_series()
    return out.alias(series.name)


# ---- any file ---------------------------------------------------------------------------

def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    except (KeyError, zipfile.BadZipFile):
        return False


def _xls_refused() -> ReadError:
    return ReadError(
        "Tệp .xls (Excel 97–2003) không được đọc: mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) "
        "dạng .xlsx (hoặc .ods) rồi nạp tệp mới",
        "Old .xls (Excel 97–2003) files are not read: open the file in Excel or LibreOffice, Save As .xlsx "
        "(or .ods) and load the new file", rule="file_format_xls")


def read_book(path: Path, display: str | None = None, sheet: str | None = None) -> Book:
    """Any supported file by its content (magic bytes) and extension: its visible sheets, or the one named."""
    path = Path(path)
    file = display or str(path)
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if not magic:
        raise ReadError("Tệp rỗng", "The file is empty", rule="file_empty")
    try:
        safety.inspect(path)
    except safety.UnsafeFile as exc:
        raise ReadError(exc.reason_vi, exc.reason_en, rule=exc.rule) from exc
    suffix = path.suffix.lower()
    try:
        if magic == b"PAR1" or suffix == ".parquet":
            return Book(file, "parquet", [read_parquet(path, display)])
        if magic == _OLE_MAGIC or suffix == ".xls":
            raise _xls_refused()
        if magic[:2] == b"PK" or suffix in (".xlsx", ".xlsm", ".ods"):
            if suffix == ".ods" or _is_ods(path):
                return read_ods_book(path, display, sheet)
            return read_xlsx_book(path, display, sheet)
        return Book(file, "csv", [read_csv(path, display)])
    except (OSError, UnicodeError, ValueError, csv.Error, zipfile.BadZipFile) as exc:  # never a traceback
        why = clip(f"{type(exc).__name__}: {exc}")
        raise ReadError(f"Không đọc được tệp ({why})", f"Cannot read the file ({why})") from exc


def read(path: Path, sheet: str | None = None, display: str | None = None) -> Sheet:
    """The named sheet of any supported file, or its first visible one."""
    book = read_book(path, display, sheet)
    if not book.sheets:
        raise ReadError("Tệp không có trang tính nào hiện", "The file has no visible sheet", rule="file_empty")
    return book.sheets[0]
