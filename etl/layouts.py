"""Layouts: where the table is, what each row is, and the raw figures it holds.

Four layouts, recognised from the headings, not from the file name:

- long: commune, [province], period, indicator, value: one row per figure;
- wide: one row per commune, one column per indicator (catalog codes, Vietnamese names or
  aliases, with or without a unit in brackets); the period from a column, `--period`, or a
  title row ("Tháng 11/2025", "Quý IV/2025");
- Resolution 57 status: commune, period, status (xanh / vàng / đỏ, green / yellow / red),
  optional note. A wide file may carry a status column too;
- vertical: one commune's own report, STT / Chỉ tiêu / ĐVT / Kết quả, the commune read from
  its letterhead ("UBND XÃ BÁ THƯỚC"; etl.titles).

Headers and what each column means: etl.headings. Periods and letterheads in the rows above
the header: etl.titles. Rows (`find_data_rows`):

- a numbering row under the header ("(1) (2) … (8)=(3)+…+(7)", "A B 1=2+3") is skipped;
- a total row ("Tổng cộng", "Toàn tỉnh", "Cộng"), wherever it stands, the first row under the
  header included, is skipped and listed; the table goes on below it;
- a section or subtotal row is skipped and listed only when its text is a known heading: a
  Roman numeral ("I", "II – Khối xã"), "Khối …", "Cộng khối …", or an old district ("Huyện Nông
  Cống", which also tells which old district the communes below it belong to). A row is never
  skipped because its name failed to match: that is an error naming it;
- the table ends at the first note, signing-date or signature row (or, after data, a row of
  words only: signers' names).

Every row left out is listed (`Extract.skipped`), and what is not loaded on purpose (columns
the catalog does not hold) is said in `Extract.notes`. The words these rules look for are data:
data/catalog/vocabulary.yaml, through etl.vocabulary.

`extract` runs named steps in order, each returning (result, problems) as the validation
rules do: find_header → read_columns → title_cells/read_title → find_data_rows →
formulas_without_value → ambiguous_percent_columns → unknown_columns → long_values or
wide_values → read_statuses. The output is a long frame of raw tokens (`_row`, `_col`,
commune …, indicator_code, raw) and a frame of raw statuses; numbers, periods and communes
are read later.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from core import catalog, periods
from core.names import ascii_key, clean_spaces, fold
from core.periods import Period
from core.problems import Problem, clip
from etl import match, numbers, validate
from etl.headings import Column, column, header_block, recognise, role_of, without_fillers
from etl.numbers import NUM
from etl.read import Sheet
from etl.titles import TitleInfo, read_title
from etl.vocabulary import structural_key, vocabulary

__all__ = ["Column", "Extract", "LayoutError", "TitleInfo", "extract", "parse_period", "read_title", "role_of"]


def parse_period(value: str | None) -> Period | None:
    """A period cell: typed numbers (202511) and text ("Tháng 11/2025") through core.periods."""
    if value is None:
        return None
    return periods.parse_period(str(value).removeprefix(NUM), typed_number=str(value).startswith(NUM))


@dataclass
class Extract:
    """A sheet read into raw long form, before numbers, periods and communes are interpreted."""
    layout: str                       # long | wide | r57 | wide+r57 | vertical
    # _row, _col, [commune, commune_code_raw, province, district, period_raw], indicator_code, raw, cumulative
    values: pl.DataFrame
    statuses: pl.DataFrame            # _row, _col, [commune, …, period_raw], status_raw, note
    columns: list[Column]
    labels: dict[str, str]            # role → column label, for messages
    header_row: int
    title: TitleInfo
    problems: list[Problem] = field(default_factory=list)
    # rows not loaded on purpose, for the summary: (rows, why in Vietnamese, why in English)
    skipped: list[tuple[list[int], str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # what else the summary says (vi, en)


# ---- rows: numbering, totals, sections, footers -------------------------------------------------

_NUM_TERM = r"[\(\[]?\s*(?:\d{1,3}|[A-Za-z])\s*[\)\]]?"
_NUMBERING = re.compile(rf"^{_NUM_TERM}(?:\s*[=+\-*/x×:…,.]+\s*{_NUM_TERM})*\s*$")
_FOOTER_DATE = re.compile(r"ngay\s*(?:\d{1,2}|[.…_ ]+)\s*thang\s*(?:\d{1,2}|[.…_ ]+)\s*nam\s*(?:\d{4}|[.…_ ]+)")
_ROMAN = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv)"
_ROMAN_LABEL = re.compile(rf"^{_ROMAN}\.?$")
_ROMAN_PREFIX = re.compile(rf"^{_ROMAN}\s*[-–—.:)]\s*(\S.*)$")
_DISTRICT_ROW = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp\.?)\s+\S")


@lru_cache(maxsize=65536)
def _is_total_text(text: str) -> bool:
    key = structural_key(text)
    return key in vocabulary().total_labels or key.startswith(vocabulary().total_starts)


@lru_cache(maxsize=65536)
def _is_footer_text(text: str) -> bool:
    folded = fold(text)
    return folded.startswith(vocabulary().footer_starts) or bool(_FOOTER_DATE.search(folded))


def _is_total(cells: list[str | None]) -> bool:
    """A total row: a total label in one of its first four cells ("Tổng cộng", "Toàn tỉnh", "Cộng")."""
    return any(cell is not None and not cell.startswith(NUM) and _is_total_text(cell) for cell in cells[:4])


def _is_footer(cells: list[str | None], js: list[int]) -> bool:
    """A note, signing date or signature row ("Ghi chú", "ngày … tháng … năm", "Người lập biểu")."""
    return any(j < len(cells) and cells[j] is not None and not cells[j].startswith(NUM)
               and _is_footer_text(cells[j]) for j in js)


def _is_text_only(cells: list[str | None], value_js: list[int], name_js: list[int]) -> bool:
    """Below the data: no commune, and the figure cells hold words only (signers' names)."""
    if any(j < len(cells) and cells[j] is not None for j in name_js):
        return False
    filled = [cells[j] for j in value_js if j < len(cells) and cells[j] is not None]
    words = vocabulary()
    return bool(filled) and all(not c.startswith(NUM) and re.search(r"[^\W\d_]{2,}", c)
                                and not words.not_reported(c) for c in filled)


def is_numbering(cells: list[str | None], name_j: int | None) -> bool:
    """A row numbering the columns: "(1) (2) (3)", "A B 1 2=3+4", "(8)=(3)+…+(7)"."""
    filled = [c.removeprefix(NUM) for c in cells if c is not None]
    if len(filled) < 2 or not all(_NUMBERING.match(c) for c in filled):
        return False
    name = cells[name_j] if name_j is not None and name_j < len(cells) else None
    return name is None or bool(_NUMBERING.match(name.removeprefix(NUM)))


def _section(cells: list[str | None], stt_j: int | None, name_j: int | None) -> tuple[str, str | None, bool] | None:
    """(label, old district named or None, whether it opens a new group) of a section or subtotal
    row, or None.

    Only known headings: a Roman-numbered row ("I", "II – Khối xã"), a section word of
    vocabulary.yaml ("Khối phường", "Cộng khối xã"), or an old district ("Huyện Nông Cống").
    """
    stt = cells[stt_j] if stt_j is not None and stt_j < len(cells) else None
    name = cells[name_j] if name_j is not None and name_j < len(cells) else None
    name = name if name is not None and not name.startswith(NUM) else None
    text = fold(name) if name else ""
    roman_stt = stt is not None and not stt.startswith(NUM) and _ROMAN_LABEL.match(fold(stt))
    m = _ROMAN_PREFIX.match(text)
    if m and re.match(r"^x\s*\.", text) and not _DISTRICT_ROW.match(ascii_key(m.group(1))) \
            and not m.group(1).startswith(vocabulary().section_starts):
        m = None  # "X. Hoằng Hóa" is xã Hoằng Hóa, not section X
    rest = clean_spaces(name[len(name) - len(m.group(1)):]) if m else name
    district = rest if rest and _DISTRICT_ROW.match(ascii_key(rest)) else None
    if roman_stt:
        return clean_spaces(f"{stt} {name or ''}"), district, True
    if m or district or (text and text.startswith(vocabulary().section_starts)):
        return clean_spaces(name), district, bool(m or district)
    return None


# ---- extract: the steps ---------------------------------------------------------------------------
# Each step takes the grid (and what earlier steps found) and returns (result, problems), as the
# validation rules do; `extract` runs them in order. A step whose result is None found the
# sheet unreadable: its problems refuse the file (LayoutError).

VALUE_SCHEMA = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
                "province": pl.String, "district": pl.String, "period_raw": pl.String, "indicator_code": pl.String,
                "raw": pl.String, "cumulative": pl.Boolean}
STATUS_SCHEMA = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
                 "province": pl.String, "district": pl.String, "period_raw": pl.String, "status_raw": pl.String,
                 "note": pl.String}
# Structural role → the column it becomes in the values and statuses frames.
_IDENTITY_COLUMNS = {"commune": "commune", "commune_code": "commune_code_raw", "province": "province",
                     "district": "district", "period": "period_raw"}


@dataclass
class Grid:
    """A sheet's cells: cells[i][j] sits in spreadsheet row rows[i], column letters[j]."""
    file: str
    letters: list[str]
    rows: list[int]
    cells: list[list[str | None]]
    formulas: dict[tuple[int, str], str]

    @classmethod
    def of(cls, sheet: Sheet, limit: int | None = None) -> Grid:
        """The sheet's cells as lists, or only its first `limit` rows (where the header is sought)."""
        letters = [c for c in sheet.frame.columns if c != "_row"]
        frame = sheet.frame if limit is None else sheet.frame.head(limit)
        cells = [list(r) for r in frame.select(letters).iter_rows()]
        return cls(sheet.file, letters, frame["_row"].to_list(), cells, sheet.formulas or {})

    def filled(self, i: int) -> bool:
        return any(c is not None for c in self.cells[i])


@dataclass
class Header:
    """What the header says: each column's meaning, and which columns are refused."""
    block: list[int]                   # grid indices of the header rows
    row: int                           # the spreadsheet row of its last row
    columns: list[Column]
    refused: dict[int, tuple[str, str] | None]  # column index → why (vi, en); None: reported by its own step
    roles: dict[str, int]              # structural role → its first column
    indicator_cols: list[int]          # the columns of figures in a wide layout

    @property
    def labels(self) -> dict[str, str]:
        return {role: self.columns[j].label for role, j in self.roles.items()}

    @property
    def has_long(self) -> bool:
        return "indicator_name" in self.roles and "value" in self.roles

    @property
    def has_status(self) -> bool:
        return "status" in self.roles

    @property
    def vertical(self) -> bool:
        """One commune's own report: indicator and value columns, no commune column."""
        return self.has_long and not self.name_cols

    @property
    def value_cols(self) -> list[int]:
        """The columns holding figures: the value column (long) or the indicator columns (wide)."""
        return [self.roles["value"]] if self.has_long else list(self.indicator_cols)

    @property
    def name_cols(self) -> list[int]:
        return [self.roles[r] for r in ("commune", "commune_code") if r in self.roles]


@dataclass
class Rows:
    """find_data_rows's result: the data rows, the rows skipped on purpose, each row's old district."""
    data: list[int]
    skipped: list[tuple[list[int], str, str]]
    districts: dict[int, str]          # grid index → the old district named by the section row above it


def extract(sheet: Sheet) -> Extract:
    """A sheet read into raw long form; LayoutError when no header or layout is recognised."""
    # The header lies within the first HEAD_ROWS rows: only those are read as Python lists first.
    grid = Grid.of(sheet, HEAD_ROWS)
    block, problems = find_header(grid)
    if block is None and sheet.height > HEAD_ROWS:
        sheet = sheet.complete()
        grid = Grid.of(sheet)
        block, problems = find_header(grid)
    if block is None:
        raise LayoutError(problems)
    header, found = read_columns(grid, block)
    if header is None:
        raise LayoutError(found)
    problems += found
    title = read_title(title_cells(grid, block))
    if header.vertical and title.commune is None:
        raise LayoutError([vertical_without_commune(grid.file, header.row)])
    from etl import long_rows  # reads a long table from whole columns; imports this module

    if long_rows.applies(sheet, header):
        return long_rows.long_extract(sheet, header, title, problems)
    sheet = sheet.complete()  # every row as grid text
    if sheet.frame.height > HEAD_ROWS:
        grid = Grid.of(sheet)
    rows, found = find_data_rows(grid, header)
    problems += found
    skipped = rows.skipped
    for step in (formulas_without_value, ambiguous_percent_columns, unknown_columns):
        header, found = step(grid, header, rows.data)
        problems += found
    values, found = (long_values if header.has_long else wide_values)(grid, header, rows, title)
    problems += found
    (statuses, unreported), found = read_statuses(grid, header, rows)
    problems += found
    if unreported:
        skipped.append((unreported, "không có trạng thái NQ57 (chưa báo cáo)",
                        "no Resolution 57 status (not reported)"))
    if header.has_long:
        values, not_loaded = _not_loaded_indicators(values)
        if not_loaded:
            skipped.append(not_loaded)
    return Extract(_layout_name(header), values, statuses, header.columns, header.labels, header.row, title,
                   problems, skipped, _not_loaded_notes(header))


HEAD_ROWS = 48  # header_block scans 40 rows and extends a header block by two rows


def vertical_without_commune(file: str, row: int) -> Problem:
    return Problem(
        file, row, None, "commune_column_missing",
        "Đây là báo cáo của một xã (STT / Chỉ tiêu / ĐVT / Kết quả) nhưng không thấy tên xã: tên xã được đọc từ "
        "dòng đầu báo cáo ('UBND XÃ …', 'ỦY BAN NHÂN DÂN PHƯỜNG …'); thêm dòng đó phía trên bảng, hoặc thêm cột "
        "Xã/phường",
        "This is one commune's report (STT / Chỉ tiêu / ĐVT / Kết quả) but its commune is not named: the commune "
        "is read from the letterhead ('UBND XÃ …', 'ỦY BAN NHÂN DÂN PHƯỜNG …'); add that line above the table, or "
        "add a commune column")


def find_header(grid: Grid) -> tuple[list[int] | None, list[Problem]]:
    """The rows forming the header: the one naming the most known columns, with its neighbours."""
    if not any(c is not None for r in grid.cells for c in r):
        return None, [validate.file_empty(grid.file)]
    best, block = header_block(grid.cells, scan=40)
    if best >= 0:
        return block, []
    likely = _likely_header(grid)
    if likely is not None:
        return None, [_header_unknown(grid, likely)]
    first = next((r for r in grid.cells if any(c is not None for c in r)), [])
    seen = clip(", ".join(f"'{clip(c.removeprefix(NUM))}'" for c in first if c is not None), 240)
    return None, [Problem(
        grid.file, grid.rows[0] if grid.rows else 1, None, "header_not_found",
        f"Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột như Xã/phường, Tháng, mã chỉ tiêu…); "
        f"dòng đầu có: {seen}",
        f"No header row found (it needs at least two known columns such as commune, period or "
        f"indicator codes); the first row has: {seen}")]


_FIGURE = re.compile(r"^[\d.,\s%+-]*\d[\d.,\s%]*$")


def _likely_header(grid: Grid) -> int | None:
    """The row that looks like a header though too few of its headings are known: the first of
    the rows with the most text cells (three at least) above rows of figures."""
    best, best_count = None, 2
    for i in range(min(40, len(grid.cells) - 1)):
        texts = [c for c in grid.cells[i] if c is not None and not c.startswith(NUM) and not _FIGURE.match(c)]
        below = grid.cells[i + 1]
        if len(texts) > best_count and any(c is not None and _FIGURE.match(c.removeprefix(NUM)) for c in below):
            best, best_count = i, len(texts)
    return best


def _header_unknown(grid: Grid, i: int) -> Problem:
    """Row i reads as a header but names too few known columns: which headings are known, which not."""
    cells = [c for c in grid.cells[i] if c is not None]
    seen = ", ".join(f"'{clip(c, 40)}'" for c in cells if recognise(c)[0] is not None) or "—"
    listed = ", ".join(f"'{clip(c, 40)}'" for c in [c for c in cells if recognise(c)[0] is None][:8])
    return Problem(
        grid.file, grid.rows[i], None, "header_not_found",
        f"Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột như Xã/phường, Tháng, mã chỉ tiêu…); dòng "
        f"{grid.rows[i]} có vẻ là tiêu đề nhưng chỉ nhận ra {seen}; không nhận ra {listed}. Đổi tiêu đề cho khớp "
        f"danh mục chỉ tiêu (data/catalog/indicators.yaml) và ghi cột tên xã là 'Xã/phường'",
        f"No header row found (it needs at least two known columns such as commune, period or indicator codes); row "
        f"{grid.rows[i]} looks like the header but only {seen} is known; unknown: {listed}. Rename the headings to "
        f"the indicator catalog's (data/catalog/indicators.yaml) and head the commune column 'Xã/phường'")


def _group_spans(grid: Grid, block: list[int], j: int) -> int:
    """How many columns the nearest group heading above column j covers (merged cells repeat it)."""
    texts = [grid.cells[i][j] for i in block if grid.cells[i][j] is not None]
    if len(set(texts)) < 2:
        return 1
    i = next(i for i in reversed(block[:-1]) if grid.cells[i][j] is not None and grid.cells[i][j] != texts[-1])
    group = grid.cells[i][j]
    return sum(1 for row in [grid.cells[i]] for cell in row if cell == group)


def read_columns(grid: Grid, block: list[int]) -> tuple[Header | None, list[Problem]]:
    """Each column's meaning from its header cells; None when no layout is recognised."""
    columns: list[Column] = []
    refused: dict[int, tuple[str, str] | None] = {}
    for j, letter in enumerate(grid.letters):
        col, why = column(letter, [grid.cells[i][j] for i in block], _group_spans(grid, block, j))
        if why:
            refused[j] = why
        columns.append(col)
    roles: dict[str, int] = {}
    for j, col in enumerate(columns):
        if col.role and col.role not in ("indicator", "ignore", "not_loaded") and col.role not in roles:
            roles[col.role] = j
    indicator_cols = [j for j, c in enumerate(columns) if c.role == "indicator"]
    header = Header(block, grid.rows[block[-1]], columns, refused, roles, indicator_cols)
    if not (header.has_long or indicator_cols or header.has_status):
        return None, [Problem(
            grid.file, header.row, None, "layout_unknown",
            "Không nhận ra bố cục: cần cột Chỉ tiêu + Giá trị (dạng dài), các cột chỉ tiêu (dạng rộng) "
            "hoặc cột Trạng thái (Nghị quyết 57)",
            "Unknown layout: it needs indicator + value columns (long), indicator columns (wide) or a "
            "status column (Resolution 57)")]
    if not header.name_cols and not header.has_long:
        return header, [Problem(grid.file, header.row, None, "commune_column_missing",
                                "Không có cột Xã/phường hoặc Mã xã: thêm một cột tên xã (tiêu đề 'Xã/phường') "
                                "hoặc mã xã ('Mã xã')",
                                "No commune or commune code column: add a column of commune names (heading "
                                "'Xã/phường') or codes ('Mã xã')")]
    return header, []


def title_cells(grid: Grid, block: list[int]) -> list[tuple[int, str]]:
    """The filled cells above the header, as (row, text), row by row."""
    return [(grid.rows[i], c.removeprefix(NUM)) for i in range(block[0]) for c in grid.cells[i] if c is not None]


def find_data_rows(grid: Grid, header: Header) -> tuple[Rows, list[Problem]]:
    """The data rows after the header, up to the first note, date or signature row; the numbering
    row, total rows and section rows between are skipped and listed."""
    data: list[int] = []
    skipped: list[tuple[list[int], str, str]] = []
    totals: list[tuple[int, str]] = []
    sections: list[tuple[int, str]] = []
    districts: dict[int, str] = {}
    district = None
    text_cols = [j for j in range(len(grid.letters)) if j not in {header.roles.get("note"), header.roles.get("status")}]
    start, numbering = _first_data_row(grid, header)
    if numbering is not None:
        skipped.append(([grid.rows[numbering]], "dòng đánh số cột", "the column numbering row"))
    stt_j, name_j = header.roles.get("stt"), header.roles.get("commune")
    for i in range(start, len(grid.cells)):
        if not grid.filled(i):
            continue
        cells = grid.cells[i]
        if _is_total(cells):
            totals.append((grid.rows[i], next(c for c in cells[:4] if c is not None and not c.startswith(NUM)
                                              and _is_total_text(c))))
            continue
        if _is_footer(cells, text_cols) or (data and _is_text_only(cells, header.value_cols, header.name_cols)):
            rest = [grid.rows[k] for k in range(i, len(grid.cells)) if grid.filled(k)]
            skipped.append((rest, "ghi chú, ngày ký, chữ ký (cuối bảng)",
                            "notes, date and signatures (end of the table)"))
            break
        section = _section(cells, stt_j, name_j) if not header.vertical else _vertical_section(cells, stt_j)
        if section is not None:
            label, named, opens = section
            sections.append((grid.rows[i], label))
            district = named if opens else district  # a new group ends the district above it
            continue
        data.append(i)
        if district:
            districts[i] = district
    for found, vi, en in ((totals, "dòng tổng cộng", "total rows"),
                          (sections, "dòng nhóm, cộng nhóm", "section and subtotal rows")):
        if found:
            names = ", ".join(dict.fromkeys(f"'{clip(n, 40)}'" for _, n in found[:6]))
            skipped.insert(0, ([r for r, _ in found], f"{vi} ({names})", f"{en} ({names})"))
    return Rows(data, skipped, districts), []


def _vertical_section(cells: list[str | None], stt_j: int | None) -> tuple[str, None, bool] | None:
    """In one commune's report, a Roman-numbered row groups indicators ("I | GIẢI QUYẾT TTHC")."""
    stt = cells[stt_j] if stt_j is not None and stt_j < len(cells) else None
    if stt is not None and not stt.startswith(NUM) and _ROMAN_LABEL.match(fold(stt)):
        return clean_spaces(" ".join(c.removeprefix(NUM) for c in cells if c is not None)), None, True
    return None


def _first_data_row(grid: Grid, header: Header) -> tuple[int, int | None]:
    """(the first row after the header, the numbering row under it if there is one)."""
    start = header.block[-1] + 1
    while start < len(grid.cells) and not grid.filled(start):
        start += 1
    if start < len(grid.cells) and is_numbering(grid.cells[start], header.roles.get("commune")):
        return start + 1, start
    return start, None


def _not_loaded_notes(header: Header) -> list[tuple[str, str]]:
    """Columns of figures the catalog does not hold ("Trực tiếp", "Qua bưu chính"), named; and
    headings read as a count because their cells cannot be percentages."""
    notes = []
    cols = [c.label for c in header.columns if c.role == "not_loaded"]
    if cols:
        listed = ", ".join(cols)
        notes.append((f"không nạp cột không có trong danh mục chỉ tiêu: {listed}",
                      f"columns the indicator catalog does not hold, not loaded: {listed}"))
    for c in header.columns:
        if c.count_by_cells:
            ind = catalog.indicator(c.indicator)
            notes.append((f"cột {c.label} đọc là số đếm {ind.name_vi} ({ind.code}): có ô lớn hơn 100, không thể là "
                          f"tỷ lệ %",
                          f"column {c.label} read as the count {ind.name_en} ({ind.code}): cells above 100 cannot be "
                          f"a percentage"))
    return notes


def _not_loaded_indicators(values: pl.DataFrame) -> tuple[pl.DataFrame, tuple[list[int], str, str] | None]:
    """Long and vertical layouts: rows of figures the catalog does not hold, skipped and listed."""
    if "not_loaded" not in values.columns:
        return values, None
    rows = values.filter(pl.col("not_loaded"))
    values = values.filter(~pl.col("not_loaded")).drop("not_loaded")
    if rows.height == 0:
        return values, None
    return values, (rows["_row"].to_list(), "chỉ tiêu không có trong danh mục, không nạp",
                    "figures the indicator catalog does not hold, not loaded")


def formulas_without_value(grid: Grid, header: Header, data: list[int]) -> tuple[Header, list[Problem]]:
    """Formulas the spreadsheet never calculated, where the file holds data: refused, not dropped."""
    used = set(header.value_cols) | set(header.roles.values()) | set(header.refused)
    problems = []
    for i in data:
        for j in sorted(used):
            formula = grid.formulas.get((grid.rows[i], grid.letters[j]))
            if formula is not None:
                problems.append(validate.formula_without_value(
                    grid.file, grid.rows[i], header.columns[j].label, f"{grid.letters[j]}{grid.rows[i]}", formula))
    return header, problems


def _beyond_a_percentage(cell: str) -> bool:
    """A whole number above 100 however its marks are read ("180", "1.050"): no percentage, a count."""
    readings = set()
    for form in (numbers.COMMA, numbers.DOT):
        try:
            value = numbers.parse(cell, form)
        except ValueError:
            continue
        if value is not None:
            readings.add(value)
    return bool(readings) and all(v > 100 and v == int(v) for v in readings)


def _count_of_rate(code: str) -> str | None:
    """The count a rate's heading means when it is not the rate: the rate's numerator ("Trực tuyến"
    is the online rate or the dossiers received online)."""
    numerator = catalog.indicator(code).numerator
    if len(numerator) == 1 and catalog.indicator(numerator[0]).kind == "count":
        return numerator[0]
    return None


def ambiguous_percent_columns(grid: Grid, header: Header, data: list[int]) -> tuple[Header, list[Problem]]:
    """A heading that names a rate only through an alias with "%" ("Trực tuyến" ← "Trực tuyến (%)"),
    over cells without any "%": a count as likely as a rate. Refused, naming both, unless a cell
    rules the rate out (a whole number above 100) and the heading names one count only: then it is
    that count ("Tiếp nhận | Trực tuyến" over 210 | 180), said in the summary."""
    refused, indicator_cols = dict(header.refused), list(header.indicator_cols)
    problems = []
    for j in header.indicator_cols:
        col = header.columns[j]
        if not col.check_percent:
            continue
        cells = [grid.cells[i][j] for i in data if grid.cells[i][j] is not None]
        if not cells or any(c.strip().endswith("%") for c in cells):
            continue
        count = _count_of_rate(col.indicator) or match.count_named(col.heading)
        if count and any(_beyond_a_percentage(c) for c in cells):
            col.indicator, col.check_percent, col.count_by_cells = count, False, True
            continue
        rate = f"{catalog.indicator(col.indicator).name_vi} ({col.indicator})"
        counts = match.count_candidates(col.heading)
        also = "; ".join(counts) if counts else "—"
        problems.append(Problem(
            grid.file, header.row, col.label, "column_ambiguous",
            f"Tiêu đề '{clip(col.heading)}' không rõ là tỷ lệ {rate} hay số đếm ({also}); các ô không có "
            f"dấu %: ghi rõ tiêu đề (thêm '(%)' cho tỷ lệ hoặc tên đầy đủ của số đếm)",
            f"The heading '{clip(col.heading)}' may be the rate {rate} or a count ({also}); the cells carry no "
            f"%: make the heading explicit (add '(%)' for the rate or write the count's full name)"))
        refused[j] = None
        indicator_cols.remove(j)
    return dataclasses.replace(header, refused=refused, indicator_cols=indicator_cols), problems


def unknown_columns(grid: Grid, header: Header, data: list[int]) -> tuple[Header, list[Problem]]:
    """Unknown headings over columns that hold figures are refused: dropping them would lose data."""
    problems = []
    if header.has_long:
        return header, problems
    for j, col in enumerate(header.columns):
        if (col.role is not None and j not in header.refused) or j in header.value_cols:
            continue
        if not any(grid.cells[i][j] is not None for i in data):
            continue
        if header.refused.get(j):
            why_vi, why_en = header.refused[j]
            problems.append(Problem(grid.file, header.row, col.label, "column_unknown", why_vi, why_en))
        elif j not in header.refused:
            close = match.indicator_candidates(clip(col.heading, 200)) if col.heading else []
            problems.append(Problem(
                grid.file, header.row, col.label, "column_unknown",
                f"Không nhận ra cột '{clip(col.heading)}'"
                + (f"; gần nhất: {'; '.join(close)}" if close else "")
                + " (đổi tiêu đề cho khớp danh mục chỉ tiêu hoặc xóa cột)",
                f"Unknown column '{clip(col.heading)}'"
                + (f"; closest: {'; '.join(close)}" if close else "")
                + " (rename it to a catalog indicator or delete the column)"))
    return header, problems


def _identity(grid: Grid, header: Header, rows: Rows, idx: list[int], title: TitleInfo | None = None
              ) -> dict[str, list[str | None]]:
    """The commune, code, province, district and period cells of rows `idx` (None where a column is
    absent); the district from the section row above when there is no district column, and in one
    commune's report the commune from its letterhead."""
    out = {}
    for role, name in _IDENTITY_COLUMNS.items():
        j = header.roles.get(role)
        out[name] = [grid.cells[i][j] for i in idx] if j is not None else [None] * len(idx)
    if header.roles.get("district") is None:
        out["district"] = [rows.districts.get(i) for i in idx]
    if (year_j := header.roles.get("year")) is not None:
        out["period_raw"] = [_with_year(p, grid.cells[i][year_j]) for p, i in zip(out["period_raw"], idx)]
    if header.vertical and title is not None:
        out["commune"] = [title.commune] * len(idx)
    return out


def _with_year(month_cell: str | None, year_cell: str | None) -> str | None:
    """A period from a month column and a year column (Tháng = 11, Năm = 2025 → "11/2025"); a year
    alone is a yearly period; a month cell that is a whole period already stays as it is."""
    if year_cell is None:
        return month_cell
    year_text = year_cell.removeprefix(NUM).strip()
    if month_cell is None:
        return year_cell
    month_text = month_cell.removeprefix(NUM).strip()
    if month_text.isdigit() and 1 <= int(month_text) <= 12 and year_text.isdigit():
        return f"{int(month_text)}/{year_text}"
    return month_cell


def wide_values(grid: Grid, header: Header, rows: Rows, title: TitleInfo) -> tuple[pl.DataFrame, list[Problem]]:
    """Wide layout: one raw token per filled figure cell, its indicator named by the column."""
    data = rows.data
    common = _identity(grid, header, rows, data)
    row_numbers = [grid.rows[i] for i in data]
    pieces = []
    for j in header.indicator_cols:
        col = header.columns[j]
        piece = {"_row": row_numbers, "_col": [col.label] * len(data),
                 "indicator_code": [col.indicator] * len(data), "raw": [grid.cells[i][j] for i in data],
                 "cumulative": [col.cumulative] * len(data), **common}
        pieces.append(pl.DataFrame(piece, schema=VALUE_SCHEMA).filter(pl.col("raw").is_not_null()))
    return (pl.concat(pieces) if pieces else pl.DataFrame(schema=VALUE_SCHEMA)), []


def long_values(grid: Grid, header: Header, rows: Rows, title: TitleInfo) -> tuple[pl.DataFrame, list[Problem]]:
    """Long and vertical layouts: one raw token per row with a value, its indicator named in the
    indicator column ("Trong đó: hồ sơ trực tuyến" read without its "of which")."""
    ind_j, val_j = header.roles["indicator_name"], header.roles["value"]
    label = header.columns[ind_j].label
    keep = [i for i in rows.data if grid.cells[i][val_j] is not None]
    problems: list[Problem] = []
    known: dict[str, tuple[str | None, bool, bool]] = {}
    codes, cumulative, not_loaded = [], [], []
    for i in keep:
        text = grid.cells[i][ind_j]
        if text is None:
            problems.append(Problem(grid.file, grid.rows[i], label, "indicator_missing",
                                    "Thiếu tên chỉ tiêu: ghi tên chỉ tiêu hoặc xóa dòng",
                                    "The indicator is missing: write the indicator's name or delete the row"))
        elif text not in known:
            known[text] = _indicator_of_cell(text)
            if known[text][0] is None and not known[text][2]:
                problems.append(_indicator_unknown(grid.file, grid.rows[i], label, text))
        code, is_cum, skip = known[text] if text is not None else (None, False, False)
        codes.append(code)
        cumulative.append(is_cum)
        not_loaded.append(skip)
    piece = {"_row": [grid.rows[i] for i in keep], "_col": [header.columns[val_j].label] * len(keep),
             "indicator_code": codes, "raw": [grid.cells[i][val_j] for i in keep], "cumulative": cumulative,
             **_identity(grid, header, rows, keep, title)}
    frame = pl.DataFrame(piece, schema=VALUE_SCHEMA)
    return frame.with_columns(pl.Series("not_loaded", not_loaded, dtype=pl.Boolean)), problems


def _indicator_of_cell(text: str) -> tuple[str | None, bool, bool]:
    """(catalog code, cumulative, a figure the catalog does not hold) of an indicator cell
    ("Hồ sơ tiếp nhận", "Lũy kế tiếp nhận", "Trong đó: trực tuyến", "Trực tiếp")."""
    text = without_fillers(text.removeprefix(NUM)) or text.removeprefix(NUM)
    if role_of(text) == "not_loaded":
        return None, False, True
    code = match.indicator_for_heading(text)
    if code is not None:
        return code, False, False
    rest, is_cum = match.strip_cumulative(text)
    return (match.indicator_for_heading(rest) if is_cum else None), is_cum, False


def _indicator_unknown(file: str, row: int, label: str, text: str) -> Problem:
    close = match.indicator_candidates(text)
    return Problem(
        file, row, label, "indicator_unknown",
        f"Không có chỉ tiêu '{clip(text)}' trong danh mục" + (f"; gần nhất: {'; '.join(close)}" if close else "")
        + " (đổi tên cho khớp danh mục hoặc xóa dòng)",
        f"No indicator '{clip(text)}' in the catalog" + (f"; closest: {'; '.join(close)}" if close else "")
        + " (rename it to a catalog indicator or delete the row)")


def read_statuses(grid: Grid, header: Header, rows: Rows
                  ) -> tuple[tuple[pl.DataFrame, list[int]], list[Problem]]:
    """(raw Resolution 57 statuses, rows of communes without one): a blank status is not reported."""
    if not header.has_status:
        return (pl.DataFrame(schema=STATUS_SCHEMA), []), []
    data = rows.data
    st_j = header.roles["status"]
    keep = [i for i in data if grid.cells[i][st_j] is not None]
    blank = [grid.rows[i] for i in data if grid.cells[i][st_j] is None
             and any(grid.cells[i][j] is not None for j in header.name_cols)]
    note_j = header.roles.get("note")
    piece = {"_row": [grid.rows[i] for i in keep], "_col": [header.columns[st_j].label] * len(keep),
             "status_raw": [grid.cells[i][st_j] for i in keep],
             "note": [grid.cells[i][note_j] for i in keep] if note_j is not None else [None] * len(keep),
             **_identity(grid, header, rows, keep)}
    return (pl.DataFrame(piece, schema=STATUS_SCHEMA), blank), []


def _layout_name(header: Header) -> str:
    if header.vertical:
        return "vertical"
    if header.has_long:
        return "long"
    if header.indicator_cols:
        return "wide+r57" if header.has_status else "wide"
    return "r57"


class LayoutError(Exception):
    """A sheet whose layout cannot be recognised at all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason_en for p in problems))
        self.problems = problems
