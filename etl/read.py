"""Readers: a file as the grid of cells a person sees, numbered as the spreadsheet numbers it.

Every reader returns a `Sheet`: a polars frame of String columns named by the spreadsheet's
column letters (A, B, …) plus `_row` (the row number the spreadsheet shows), and the list of
problems met while reading. Nothing is interpreted here: title rows, headers, totals and
number forms are the business of etl.layouts and etl.numbers.

- CSV: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", tab separated) and
  Windows-1258 (which writes tone marks as combining characters, so text is NFC-normalised);
  comma, semicolon or tab, whichever splits the lines most consistently.
- XLSX: the first sheet or the one named; merged cells are filled with their top-left value
  (report headers merge group headings across columns and single headings down rows);
  cells the spreadsheet typed as numbers keep that type (`etl.numbers.NUM` marker), and a
  cell formatted as a percentage is shown as the percentage with its sign (0.6783 → 67.83%);
  formula cells the spreadsheet never calculated are listed in `Sheet.formulas`.
- Parquet: the header is row 1, data from row 2, as a CSV export would show it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from core.problems import Problem, clip
from etl import safety
from etl.numbers import NUM

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    kind: str  # csv | xlsx | parquet
    sheet_name: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    problems: list[Problem] = field(default_factory=list)
    # XLSX formula cells without a saved value: (row, column letter) → formula text
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)


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


def _sheet_extras(path: Path, sheet_name: str) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, str], str]]:
    """Merged ranges and formula cells without a saved value, read from the sheet's XML.

    Merged ranges are (min_row, min_col, max_row, max_col). openpyxl's fast read-only mode
    does not expose merged cells, and its full mode is several times slower on a national
    file, so the few bytes of <mergeCells> are read directly. A formula written by a program
    (not Excel) often has no cached <v>alue: with data_only=True it would read as an empty
    cell, so those cells are found here and refused where they hold data.
    """
    with zipfile.ZipFile(path) as archive:
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
        target = None
        for match in re.finditer(r"<Relationship\b[^>]*>", rels):
            tag = match.group(0)
            if re.search(rf'\bId="{re.escape(rid or "")}"', tag):
                target = re.search(r'\bTarget="([^"]*)"', tag).group(1)
        if target is None:
            return [], {}
        target = target.lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        xml = archive.read(member).decode("utf-8", errors="replace")
    ranges = []
    for ref in re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"', xml):
        (c1, r1), (c2, r2) = (_REF.match(part).groups() for part in ref.split(":"))
        ranges.append((int(r1), _col_index(c1), int(r2), _col_index(c2)))
    formulas: dict[tuple[int, str], str] = {}
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
            formulas[(int(ref.group(2)), ref.group(1))] = "=" + _unescape(text.group(1)) if text else "="
    return ranges, formulas


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
        pct = bool(number_format and "%" in number_format)
        if pct:
            value = round(value * 100, 10)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return NUM + repr(value) + ("%" if pct else "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return _text(value)


def read_xlsx(path: Path, sheet: str | None = None, display: str | None = None) -> Sheet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or mislabelled file
        raise ReadError(f"Không đọc được tệp XLSX ({exc})", f"Cannot read the XLSX file ({exc})") from exc
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            names = ", ".join(workbook.sheetnames)
            raise ReadError(f"Không có trang tính '{sheet}' (có: {names})",
                            f"No sheet named '{sheet}' (there are: {names})")
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
    finally:
        workbook.close()
    index = {n: i for i, n in enumerate(numbers)}
    try:
        merged, formulas = _sheet_extras(path, name)
    except (KeyError, AttributeError, zipfile.BadZipFile):  # unusual packaging: read without merges
        merged, formulas = [], {}
    def unread(key: tuple[int, str]) -> bool:  # the reader saw no value there
        row = rows[index[key[0]]] if key[0] in index else []
        j = _col_index(key[1])
        return j >= len(row) or row[j] is None
    formulas = {key: f for key, f in formulas.items() if unread(key)}
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
    return Sheet(display or str(path), _grid_frame(rows, numbers), "xlsx", sheet_name=name, formulas=formulas)


# ---- Parquet ----------------------------------------------------------------------------

def read_parquet(path: Path, display: str | None = None) -> Sheet:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise ReadError(f"Không đọc được tệp Parquet ({exc})", f"Cannot read the Parquet file ({exc})") from exc
    columns = {}
    for j, name in enumerate(frame.columns):
        series = frame[name]
        if series.dtype.is_numeric():
            cells = [None if v is None else NUM + repr(int(v) if float(v).is_integer() else float(v))
                     for v in series.to_list()]
        elif series.dtype in (pl.Date, pl.Datetime):
            cells = [None if v is None else (v.date() if isinstance(v, dt.datetime) else v).isoformat()
                     for v in series.to_list()]
        else:
            cells = [_text(v) for v in series.cast(pl.String).to_list()]
        columns[column_letter(j)] = [_text(name)] + cells
    grid = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    grid = grid.with_columns(pl.Series("_row", list(range(1, frame.height + 2)), dtype=pl.Int64))
    return Sheet(display or str(path), grid, "parquet")


def read(path: Path, sheet: str | None = None, display: str | None = None) -> Sheet:
    """Read any supported file by its extension (content sniffing for XLSX/Parquet magic)."""
    path = Path(path)
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
            return read_parquet(path, display)
        if magic[:2] == b"PK" or suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path, sheet, display)
        if suffix == ".xls":
            raise ReadError("Tệp .xls (Excel 97–2003) chưa được hỗ trợ; hãy lưu lại dưới dạng .xlsx",
                            "Old .xls (Excel 97–2003) files are not supported; save the file as .xlsx")
        return read_csv(path, display)
    except (OSError, UnicodeError, ValueError, csv.Error, zipfile.BadZipFile) as exc:  # never a traceback
        why = clip(f"{type(exc).__name__}: {exc}")
        raise ReadError(f"Không đọc được tệp ({why})", f"Cannot read the file ({why})") from exc
