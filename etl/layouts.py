"""Layouts: where the header is, what each column means, and which period a file reports.

Three layouts, recognised from the headings, not from the file name:

- long: commune, [province], period, indicator, value: one row per figure;
- wide: one row per commune, one column per indicator (catalog codes, Vietnamese names or
  aliases, with or without a unit in brackets); the period from a column, `--period`, or a
  title row ("Tháng 11/2025", "Quý IV/2025");
- Resolution 57 status: commune, period, status (xanh / vàng / đỏ, green / yellow / red),
  optional note. A wide file may carry a status column too.

Report spreadsheets put title and note rows above the header, split headings over two rows
under merged group headings, number the columns in a row below the header ("(1)", "(2)"),
end with a totals row ("Tổng cộng") and signatures: the header is the row (with its
neighbours) whose cells name the most known columns; a sub-heading is read with its merged
group heading first ("Tỷ lệ (%)" over "Đúng hạn" is on_time_rate, "Hồ sơ" over "Trực tuyến"
dossiers_online); the numbering row is skipped; the table ends at the totals row or the first
note, signing-date or signature row, and section and subtotal rows ("I", "Khối phường",
"Cộng khối xã") are skipped; every row left out is listed (`Extract.skipped`).

The words these rules look for (structural headings, totals, notes, sections, lũy kế
markers) are data: data/catalog/vocabulary.yaml, through etl.vocabulary.

`extract` runs named steps in order, each returning (result, problems) as the validation
rules do: find_header → read_columns → title_lines/read_title → find_data_rows →
formulas_without_value → ambiguous_percent_columns → unknown_columns → long_values or
wide_values → read_statuses. The output is a long frame of raw tokens (`_row`, `_col`,
commune …, indicator_code, raw) and a frame of raw statuses; numbers, periods and communes
are read later.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import polars as pl

from core import catalog, periods
from core.names import clean_spaces, fold, heading_key
from core.periods import ROMAN_QUARTERS, Period, first_of_month, month, quarter
from core.problems import Problem, clip
from etl import match, validate
from etl.numbers import NUM
from etl.read import Sheet
from etl.vocabulary import structural_key, vocabulary

_NUMBERING = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")


def role_of(text: str | None) -> str | None:
    """The structural role a heading names (commune, period, …; vocabulary.yaml `headings`), or None."""
    if text is None:
        return None
    return vocabulary().roles.get(structural_key(text))


# ---- periods ----------------------------------------------------------------------------------

def parse_period(value: str | None) -> Period | None:
    """A period cell: typed numbers (202511) and text ("Tháng 11/2025") through core.periods."""
    if value is None:
        return None
    return periods.parse_period(str(value).removeprefix(NUM), typed_number=str(value).startswith(NUM))


@dataclass
class TitleInfo:
    """What the rows above the header say: a period, whether figures are cumulative, a province."""
    period: Period | None = None
    period_row: int | None = None
    period_text: str = ""
    cumulative: bool = False
    cumulative_why: str = ""
    cumulative_from: tuple[int, int | None] | None = None  # (month, year or None) the figures run from
    cumulative_row: int | None = None
    province: int | None = None


_SIGNED_DATE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")
_RANGE = re.compile(r"tu\s*(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*(?:den|-|–)\s*(?:ngay\s*)?"
                    r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_SINCE = re.compile(r"tu\s*(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*"
                    r"(?:den nay|den hien nay|den thoi diem)")
_TITLE_MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})")
_TITLE_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\b\s*(?:/|-|nam)?\s*(\d{4})")
_TITLE_YEAR = re.compile(r"\bnam\s*(\d{4})\b")


def read_title(lines: list[tuple[int, str]]) -> TitleInfo:
    info = TitleInfo()
    for row, line in lines:
        text = _SIGNED_DATE.sub(" ", fold(line))  # "…, ngày 05 tháng 12 năm 2025" is the signing date
        if info.province is None:
            info.province = match.province_in_text(line)
        if any(words in text for words in vocabulary().cumulative_title_words):
            info.cumulative, info.cumulative_row = True, row
            info.cumulative_why = clean_spaces(line)[:80]
            if any(words in text for words in vocabulary().cumulative_from_january):
                info.cumulative_from = (1, None)
        found = None
        m = _RANGE.search(text)
        if m:
            end_year = int(m.group(6))
            start = first_of_month(int(m.group(3) or end_year), int(m.group(2)))
            end = first_of_month(end_year, int(m.group(5)))
            if start and end:
                found = Period(end, end, "month")
                if start < end:
                    info.cumulative, info.cumulative_row = True, row
                    info.cumulative_why = clean_spaces(line)[:80]
                    info.cumulative_from = (start.month, start.year)
        m = _SINCE.search(text) if found is None else None
        if m:  # "từ 01/7/2025 đến nay": cumulative; the period comes from elsewhere (--period, a column)
            info.cumulative, info.cumulative_row = True, row
            info.cumulative_why = clean_spaces(line)[:80]
            info.cumulative_from = (int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        if found is None:
            m = _TITLE_MONTH.search(text)
            if m:
                found = month(int(m.group(2)), int(m.group(1)))
        if found is None:
            m = _TITLE_QUARTER.search(text)
            if m:
                found = quarter(int(m.group(2)), ROMAN_QUARTERS.get(m.group(1)) or int(m.group(1)))
        if found is None:
            m = _TITLE_YEAR.search(text)
            if m:
                found = parse_period(m.group(1))
        if found and info.period is None:
            info.period, info.period_row, info.period_text = found, row, clip(clean_spaces(line))
    return info


# ---- header and columns ---------------------------------------------------------------------

@dataclass
class Column:
    letter: str
    heading: str | None
    role: str | None = None          # a structural role, "indicator", or None (unknown)
    indicator: str | None = None
    cumulative: bool = False
    group: str | None = None         # the merged group heading above the sub-heading, if any
    check_percent: bool = False      # a rate named only through an alias with "%": the cells must agree

    @property
    def label(self) -> str:
        return f"{self.letter} ({clip(self.heading)})" if self.heading else self.letter


@dataclass
class Extract:
    """A sheet read into raw long form, before numbers, periods and communes are interpreted."""
    layout: str                       # long | wide | r57 | wide+r57
    # _row, _col, [commune, commune_code_raw, province, period_raw], indicator_code, raw, cumulative
    values: pl.DataFrame
    statuses: pl.DataFrame            # _row, _col, [commune, …, period_raw], status_raw, note
    columns: list[Column]
    labels: dict[str, str]            # role → column label, for messages
    header_row: int
    title: TitleInfo
    problems: list[Problem] = field(default_factory=list)
    # rows not loaded on purpose, for the summary: (rows, why in Vietnamese, why in English)
    skipped: list[tuple[list[int], str, str]] = field(default_factory=list)


def _recognise(text: str | None) -> tuple[str | None, str | None, bool]:
    """(role, indicator code, cumulative) of a heading."""
    if text is None:
        return None, None, False
    role = role_of(text)
    if role:
        return role, None, False
    code = match.indicator_for_heading(text)
    if code:
        return "indicator", code, False
    rest, cumulative = match.strip_cumulative(text)
    if cumulative:
        code = match.indicator_for_heading(rest)
        if code:
            return "indicator", code, True
    return None, None, False


def _is_rate_group(text: str) -> bool:
    """A group heading that makes every column under it a percentage ("Tỷ lệ (%)")."""
    key = heading_key(text)
    words = vocabulary()
    return "%" in text or key in words.rate_group_labels or key.startswith(words.rate_group_starts)


def _group_combinations(group: str, sub: str) -> list[str]:
    """"Tỷ lệ (%)" + "Đúng hạn" → "Tỷ lệ (%) Đúng hạn", "Tỷ lệ Đúng hạn (%)"."""
    units = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", group)
    bare = clean_spaces(re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*", " ", group))
    out = [f"{group} {sub}"]
    if units:
        out.append(f"{bare} {sub} ({units[-1]})")
    return out


def _column(letter: str, cells: list[str]) -> tuple[Column, tuple[str, str] | None]:
    """What one column means, from its header cells top to bottom (merged group headings first).

    The sub-heading (lowest cell) decides, read together with its group heading first: "Tỷ lệ
    (%)" over "Đúng hạn" is on_time_rate, "Hồ sơ" over "Trực tuyến" dossiers_online. A sub-heading
    alone that means another kind than its group ("Quá hạn", a count, under "Tỷ lệ (%)") is not
    guessed: the column is unknown, with the reason as (vi, en).
    """
    texts = list(dict.fromkeys(c.removeprefix(NUM) for c in cells if c is not None))
    if not texts:
        return Column(letter, None), None
    sub, groups = texts[-1], texts[:-1]
    group = " ".join(groups) or None
    role, code, cumulative = _recognise(sub)
    if role and role != "indicator":
        return Column(letter, sub, role), None
    if group:
        for text in _group_combinations(group, sub):
            r, c, cu = _recognise(text)
            if r == "indicator":
                return Column(letter, f"{group} / {sub}", r, c, cu or cumulative, group), None
    if role == "indicator":
        ind = catalog.indicator(code)
        if group and _is_rate_group(group) and not ind.is_percent:
            heading = f"{group} / {sub}"
            return Column(letter, heading, group=group), (
                f"'{clip(sub)}' nằm dưới nhóm tỷ lệ '{clip(group)}' nhưng một mình lại là số đếm "
                f"{ind.name_vi} ({code}); danh mục không có tỷ lệ nào tên như vậy (đổi tiêu đề cho khớp "
                f"danh mục hoặc xóa cột)",
                f"'{clip(sub)}' sits under the rate group '{clip(group)}' but alone it is the count "
                f"{ind.name_en} ({code}); the catalog has no rate of that name (rename the heading to a "
                f"catalog indicator or delete the column)")
        column = Column(letter, sub, role, code, cumulative, group)
        column.check_percent = match.only_by_percent_alias(sub, code)
        return column, None
    for cell in reversed(groups):  # a recognised group heading over an unknown sub-heading
        r, c, cu = _recognise(cell)
        if r:
            return Column(letter, cell, r, c, cu), None
    return Column(letter, " / ".join(texts)), None


def _header(grid: list[list[str | None]], scan: int) -> tuple[int, list[int]]:
    """The header row's index and the indices of the rows forming the header block."""
    scores = []
    for i in range(min(scan, len(grid))):
        scores.append(sum(1 for cell in grid[i] if cell is not None and not cell.startswith(NUM)
                          and _recognise(cell)[0] is not None))
    if not scores or max(scores) < 2:
        return -1, []
    best = scores.index(max(scores))
    block = [best]
    known = {j for j, cell in enumerate(grid[best]) if _recognise(cell)[0]}
    for step in (-1, 1):
        i = best + step
        while 0 <= i < len(grid) and abs(i - best) <= 2:
            extra = {j for j, cell in enumerate(grid[i])
                     if j not in known and cell is not None and not cell.startswith(NUM) and _recognise(cell)[0]}
            # A group-heading row above sub-headings shares the headings merged down over both rows.
            merged_down = {j for j, cell in enumerate(grid[i])
                           if j in known and j < len(grid[best]) and cell is not None and cell == grid[best][j]
                           and not cell.startswith(NUM)}
            if not extra and not (merged_down and any(cell is not None and cell != (grid[best][j] if j < len(
                    grid[best]) else None) for j, cell in enumerate(grid[i]))):
                break
            block.append(i)
            known |= extra
            i += step
    return best, sorted(block)


def _is_total(cells: list[str | None]) -> bool:
    for cell in cells[:4]:
        if cell is None or cell.startswith(NUM):
            continue
        key = structural_key(cell)
        if key in vocabulary().total_labels or key.startswith(vocabulary().total_starts):
            return True
    return False


_FOOTER_DATE = re.compile(r"ngay\s*(?:\d{1,2}|[.…_ ]+)\s*thang\s*(?:\d{1,2}|[.…_ ]+)\s*nam\s*(?:\d{4}|[.…_ ]+)")
_ROMAN_LABEL = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\.?$")
_ROMAN_PREFIX = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\s*[-–—.:)]\s*\S")


def _is_footer(cells: list[str | None], js: list[int]) -> bool:
    """A note, signing date or signature row ("Ghi chú", "ngày … tháng … năm", "Người lập biểu")."""
    for j in js:
        cell = cells[j] if j < len(cells) else None
        if cell is None or cell.startswith(NUM):
            continue
        text = fold(cell)
        if text.startswith(vocabulary().footer_starts) or _FOOTER_DATE.search(text):
            return True
    return False


def _is_text_only(cells: list[str | None], value_js: list[int], name_js: list[int]) -> bool:
    """Below the data: no commune, and the figure cells hold words only (signers' names)."""
    if any(j < len(cells) and cells[j] is not None for j in name_js):
        return False
    filled = [cells[j] for j in value_js if j < len(cells) and cells[j] is not None]
    return bool(filled) and all(not c.startswith(NUM) and re.search(r"[^\W\d_]{2,}", c)
                                and c.strip() not in vocabulary().empty_cells for c in filled)


def _section_label(cells: list[str | None], stt_j: int | None, name_j: int | None) -> str | None:
    """The label of a section or subtotal row ("I", "Khối phường"; "II – Khối xã"; "Cộng khối xã")."""
    stt = cells[stt_j] if stt_j is not None and stt_j < len(cells) else None
    name = cells[name_j] if name_j is not None and name_j < len(cells) else None
    name_text = fold(name) if name is not None and not name.startswith(NUM) else ""
    if stt is not None and not stt.startswith(NUM) and _ROMAN_LABEL.match(fold(stt)):
        return clean_spaces(f"{stt} {name or ''}")
    if name_text and (_ROMAN_PREFIX.match(name_text) or name_text.startswith(vocabulary().section_starts)):
        return clean_spaces(name)
    return None


# ---- extract: the steps ---------------------------------------------------------------------------
# Each step takes the grid (and what earlier steps found) and returns (result, problems), as the
# validation rules do; `extract` runs them in order. A step whose result is None found the
# sheet unreadable: its problems refuse the file (LayoutError).

VALUE_SCHEMA = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
                "province": pl.String, "period_raw": pl.String, "indicator_code": pl.String, "raw": pl.String,
                "cumulative": pl.Boolean}
STATUS_SCHEMA = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
                 "province": pl.String, "period_raw": pl.String, "status_raw": pl.String, "note": pl.String}
# Structural role → the column it becomes in the values and statuses frames.
_IDENTITY_COLUMNS = {"commune": "commune", "commune_code": "commune_code_raw", "province": "province",
                     "period": "period_raw"}


@dataclass
class Grid:
    """A sheet's cells: cells[i][j] sits in spreadsheet row rows[i], column letters[j]."""
    file: str
    letters: list[str]
    rows: list[int]
    cells: list[list[str | None]]
    formulas: dict[tuple[int, str], str]

    @classmethod
    def of(cls, sheet: Sheet) -> Grid:
        letters = [c for c in sheet.frame.columns if c != "_row"]
        cells = [list(r) for r in sheet.frame.select(letters).iter_rows()]
        return cls(sheet.file, letters, sheet.frame["_row"].to_list(), cells, sheet.formulas or {})

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
    def value_cols(self) -> list[int]:
        """The columns holding figures: the value column (long) or the indicator columns (wide)."""
        return [self.roles["value"]] if self.has_long else list(self.indicator_cols)

    @property
    def name_cols(self) -> list[int]:
        return [self.roles[r] for r in ("commune", "commune_code") if r in self.roles]


def extract(sheet: Sheet) -> Extract:
    """A sheet read into raw long form; LayoutError when no header or layout is recognised."""
    grid = Grid.of(sheet)
    block, problems = find_header(grid)
    if block is None:
        raise LayoutError(problems)
    header, found = read_columns(grid, block)
    if header is None:
        raise LayoutError(found)
    problems += found
    title = read_title(title_lines(grid, block))
    (data, skipped), found = find_data_rows(grid, header)
    problems += found
    for step in (formulas_without_value, ambiguous_percent_columns, unknown_columns):
        header, found = step(grid, header, data)
        problems += found
    values, found = (long_values if header.has_long else wide_values)(grid, header, data)
    problems += found
    (statuses, unreported), found = read_statuses(grid, header, data)
    problems += found
    if unreported:
        skipped.append((unreported, "không có trạng thái NQ57 (chưa báo cáo)",
                        "no Resolution 57 status (not reported)"))
    return Extract(_layout_name(header), values, statuses, header.columns, header.labels, header.row, title,
                   problems, skipped)


def find_header(grid: Grid) -> tuple[list[int] | None, list[Problem]]:
    """The rows forming the header: the one naming the most known columns, with its neighbours."""
    if not any(c is not None for r in grid.cells for c in r):
        return None, [validate.file_empty(grid.file)]
    best, block = _header(grid.cells, scan=40)
    if best >= 0:
        return block, []
    first = next((r for r in grid.cells if any(c is not None for c in r)), [])
    seen = clip(", ".join(f"'{clip(c.removeprefix(NUM))}'" for c in first if c is not None), 240)
    return None, [Problem(
        grid.file, grid.rows[0] if grid.rows else 1, None, "header_not_found",
        f"Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột như Xã/phường, Tháng, mã chỉ tiêu…); "
        f"dòng đầu có: {seen}",
        f"No header row found (it needs at least two known columns such as commune, period or "
        f"indicator codes); the first row has: {seen}")]


def read_columns(grid: Grid, block: list[int]) -> tuple[Header | None, list[Problem]]:
    """Each column's meaning from its header cells; None when no layout is recognised."""
    columns: list[Column] = []
    refused: dict[int, tuple[str, str] | None] = {}
    for j, letter in enumerate(grid.letters):
        column, why = _column(letter, [grid.cells[i][j] for i in block])
        if why:
            refused[j] = why
        columns.append(column)
    roles: dict[str, int] = {}
    for j, col in enumerate(columns):
        if col.role and col.role not in ("indicator", "ignore") and col.role not in roles:
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
    if not ({"commune", "commune_code"} & set(roles)):
        return header, [Problem(grid.file, header.row, None, "commune_column_missing",
                                "Không có cột Xã/phường hoặc Mã xã", "No commune or commune code column")]
    return header, []


def title_lines(grid: Grid, block: list[int]) -> list[tuple[int, str]]:
    """The non-empty rows above the header, as (row, text)."""
    return [(grid.rows[i], " ".join(c.removeprefix(NUM) for c in grid.cells[i] if c is not None))
            for i in range(block[0]) if grid.filled(i)]


def find_data_rows(grid: Grid, header: Header) -> tuple[tuple[list[int], list], list[Problem]]:
    """(data row indices, rows skipped on purpose): after the header and its numbering row, up to
    the totals row or the first note, date or signature row; section and subtotal rows between
    are skipped. Skipped rows are (rows, why in Vietnamese, why in English)."""
    data: list[int] = []
    skipped: list[tuple[list[int], str, str]] = []
    sections: list[tuple[int, str]] = []
    text_cols = [j for j in range(len(grid.letters)) if j not in {header.roles.get("note"), header.roles.get("status")}]
    for i in range(_first_data_row(grid, header.block), len(grid.cells)):
        if not grid.filled(i):
            continue
        end = _table_end(grid.cells[i], header, text_cols, after_data=bool(data))
        if end:
            rest = [grid.rows[k] for k in range(i, len(grid.cells)) if grid.filled(k)]
            skipped.append((rest, *end))
            break
        label = _section_label(grid.cells[i], header.roles.get("stt"), header.roles.get("commune"))
        if label is not None:
            sections.append((grid.rows[i], label))
        else:
            data.append(i)
    if sections:
        names = ", ".join(dict.fromkeys(f"'{clip(n, 40)}'" for _, n in sections[:6]))
        skipped.insert(0, ([r for r, _ in sections], f"dòng nhóm, cộng nhóm ({names})",
                           f"section and subtotal rows ({names})"))
    return (data, skipped), []


def _first_data_row(grid: Grid, block: list[int]) -> int:
    """The row after the header, or after the numbering row under it ("(1)", "(2)", …)."""
    start = block[-1] + 1
    if start < len(grid.cells):
        cells = [c for c in grid.cells[start] if c is not None]
        if len(cells) >= 3 and all(_NUMBERING.match(c.removeprefix(NUM)) for c in cells):
            start += 1
    return start


def _table_end(cells: list[str | None], header: Header, text_cols: list[int], after_data: bool
               ) -> tuple[str, str] | None:
    """Why the table ends at this row (vi, en), or None when it does not."""
    if _is_total(cells):
        return "dòng tổng cộng và các dòng dưới", "the totals row and the rows below it"
    if _is_footer(cells, text_cols) or (after_data and _is_text_only(cells, header.value_cols, header.name_cols)):
        return "ghi chú, ngày ký, chữ ký (cuối bảng)", "notes, date and signatures (end of the table)"
    return None


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


def ambiguous_percent_columns(grid: Grid, header: Header, data: list[int]) -> tuple[Header, list[Problem]]:
    """A heading that names a rate only through an alias with "%" ("Trực tuyến" ← "Trực tuyến (%)"),
    over cells without any "%": a count as likely as a rate. Refused, naming both."""
    refused, indicator_cols = dict(header.refused), list(header.indicator_cols)
    problems = []
    for j in header.indicator_cols:
        col = header.columns[j]
        if not col.check_percent:
            continue
        cells = [grid.cells[i][j] for i in data if grid.cells[i][j] is not None]
        if not cells or any(c.strip().endswith("%") for c in cells):
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


def _identity(grid: Grid, header: Header, idx: list[int]) -> dict[str, list[str | None]]:
    """The commune, code, province and period cells of rows `idx` (None where a column is absent)."""
    out = {}
    for role, name in _IDENTITY_COLUMNS.items():
        j = header.roles.get(role)
        out[name] = [grid.cells[i][j] for i in idx] if j is not None else [None] * len(idx)
    return out


def wide_values(grid: Grid, header: Header, data: list[int]) -> tuple[pl.DataFrame, list[Problem]]:
    """Wide layout: one raw token per filled figure cell, its indicator named by the column."""
    common = _identity(grid, header, data)
    row_numbers = [grid.rows[i] for i in data]
    pieces = []
    for j in header.indicator_cols:
        col = header.columns[j]
        piece = {"_row": row_numbers, "_col": [col.label] * len(data),
                 "indicator_code": [col.indicator] * len(data), "raw": [grid.cells[i][j] for i in data],
                 "cumulative": [col.cumulative] * len(data), **common}
        pieces.append(pl.DataFrame(piece, schema=VALUE_SCHEMA).filter(pl.col("raw").is_not_null()))
    return (pl.concat(pieces) if pieces else pl.DataFrame(schema=VALUE_SCHEMA)), []


def long_values(grid: Grid, header: Header, data: list[int]) -> tuple[pl.DataFrame, list[Problem]]:
    """Long layout: one raw token per row with a value, its indicator named in the indicator column."""
    ind_j, val_j = header.roles["indicator_name"], header.roles["value"]
    label = header.columns[ind_j].label
    keep = [i for i in data if grid.cells[i][val_j] is not None]
    problems: list[Problem] = []
    known: dict[str, tuple[str | None, bool]] = {}
    codes, cumulative = [], []
    for i in keep:
        text = grid.cells[i][ind_j]
        if text is None:
            problems.append(Problem(grid.file, grid.rows[i], label, "indicator_missing",
                                    "Thiếu tên chỉ tiêu", "The indicator is missing"))
        elif text not in known:
            known[text] = _indicator_of_cell(text)
            if known[text][0] is None:
                problems.append(_indicator_unknown(grid.file, grid.rows[i], label, text))
        code, is_cum = known[text] if text is not None else (None, False)
        codes.append(code)
        cumulative.append(is_cum)
    piece = {"_row": [grid.rows[i] for i in keep], "_col": [header.columns[val_j].label] * len(keep),
             "indicator_code": codes, "raw": [grid.cells[i][val_j] for i in keep], "cumulative": cumulative,
             **_identity(grid, header, keep)}
    return pl.DataFrame(piece, schema=VALUE_SCHEMA), problems


def _indicator_of_cell(text: str) -> tuple[str | None, bool]:
    """(catalog code, cumulative) of an indicator cell ("Hồ sơ tiếp nhận", "Lũy kế tiếp nhận")."""
    code = match.indicator_for_heading(text.removeprefix(NUM))
    if code is not None:
        return code, False
    rest, is_cum = match.strip_cumulative(text)
    return (match.indicator_for_heading(rest) if is_cum else None), is_cum


def _indicator_unknown(file: str, row: int, label: str, text: str) -> Problem:
    close = match.indicator_candidates(text)
    return Problem(
        file, row, label, "indicator_unknown",
        f"Không có chỉ tiêu '{clip(text)}' trong danh mục" + (f"; gần nhất: {'; '.join(close)}" if close else ""),
        f"No indicator '{clip(text)}' in the catalog" + (f"; closest: {'; '.join(close)}" if close else ""))


def read_statuses(grid: Grid, header: Header, data: list[int]
                  ) -> tuple[tuple[pl.DataFrame, list[int]], list[Problem]]:
    """(raw Resolution 57 statuses, rows of communes without one): a blank status is not reported."""
    if not header.has_status:
        return (pl.DataFrame(schema=STATUS_SCHEMA), []), []
    st_j = header.roles["status"]
    keep = [i for i in data if grid.cells[i][st_j] is not None]
    blank = [grid.rows[i] for i in data if grid.cells[i][st_j] is None
             and any(grid.cells[i][j] is not None for j in header.name_cols)]
    note_j = header.roles.get("note")
    piece = {"_row": [grid.rows[i] for i in keep], "_col": [header.columns[st_j].label] * len(keep),
             "status_raw": [grid.cells[i][st_j] for i in keep],
             "note": [grid.cells[i][note_j] for i in keep] if note_j is not None else [None] * len(keep),
             **_identity(grid, header, keep)}
    return (pl.DataFrame(piece, schema=STATUS_SCHEMA), blank), []


def _layout_name(header: Header) -> str:
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
