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

The output is a long frame of raw tokens (`_row`, `_col`, commune …, indicator_code, raw)
and a frame of raw statuses; numbers, periods and communes are read later.
"""
from __future__ import annotations

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
_SINCE = re.compile(r"tu\s*(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*(?:den nay|den hien nay|den thoi diem)")
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
    values: pl.DataFrame              # _row, _col, [commune, commune_code_raw, province, period_raw], indicator_code, raw, cumulative
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


def extract(sheet: Sheet) -> Extract:
    frame = sheet.frame
    letters = [c for c in frame.columns if c != "_row"]
    rows = frame["_row"].to_list()
    grid = [list(r) for r in frame.select(letters).iter_rows()]
    file = sheet.file
    problems: list[Problem] = []
    if not any(c is not None for r in grid for c in r):
        raise LayoutError([validate.file_empty(file)])
    best, block = _header(grid, scan=40)
    if best < 0:
        first = next((r for r in grid if any(c is not None for c in r)), [])
        seen = ", ".join(f"'{clip(c.removeprefix(NUM))}'" for c in first if c is not None)
        seen = clip(seen, 240)
        raise LayoutError([Problem(
            file, rows[0] if rows else 1, None, "header_not_found",
            f"Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột như Xã/phường, Tháng, mã chỉ tiêu…); "
            f"dòng đầu có: {seen}",
            f"No header row found (it needs at least two known columns such as commune, period or "
            f"indicator codes); the first row has: {seen}")])
    columns: list[Column] = []
    refused_columns: dict[int, tuple[str, str]] = {}
    for j, letter in enumerate(letters):
        column, why = _column(letter, [grid[i][j] for i in block])
        if why:
            refused_columns[j] = why
        columns.append(column)
    title_lines = [(rows[i], " ".join(c.removeprefix(NUM) for c in grid[i] if c is not None))
                   for i in range(block[0]) if any(c is not None for c in grid[i])]
    title = read_title(title_lines)
    header_row = rows[block[-1]]

    roles: dict[str, int] = {}
    for j, col in enumerate(columns):
        if col.role and col.role not in ("indicator", "ignore") and col.role not in roles:
            roles[col.role] = j
    labels = {role: columns[j].label for role, j in roles.items()}
    indicator_cols = [j for j, c in enumerate(columns) if c.role == "indicator"]
    has_long = "indicator_name" in roles and "value" in roles
    has_status = "status" in roles
    if not (has_long or indicator_cols or has_status):
        raise LayoutError([Problem(
            file, header_row, None, "layout_unknown",
            "Không nhận ra bố cục: cần cột Chỉ tiêu + Giá trị (dạng dài), các cột chỉ tiêu (dạng rộng) "
            "hoặc cột Trạng thái (Nghị quyết 57)",
            "Unknown layout: it needs indicator + value columns (long), indicator columns (wide) or a "
            "status column (Resolution 57)")])
    if not ({"commune", "commune_code"} & set(roles)):
        problems.append(Problem(file, header_row, None, "commune_column_missing",
                                "Không có cột Xã/phường hoặc Mã xã",
                                "No commune or commune code column"))

    # Data rows: after the header and its numbering row, up to the totals row or the first note,
    # date or signature row; section and subtotal rows between are skipped (and listed).
    value_js = ([roles["value"]] if has_long else indicator_cols)
    data_idx = []
    skipped: list[tuple[list[int], str, str]] = []
    start = block[-1] + 1
    if start < len(grid):
        cells = [c for c in grid[start] if c is not None]
        if len(cells) >= 3 and all(_NUMBERING.match(c.removeprefix(NUM)) for c in cells):
            start += 1
    name_js = [roles[r] for r in ("commune", "commune_code") if r in roles]
    text_js = [j for j in range(len(letters)) if j not in {roles.get("note"), roles.get("status")}]
    sections: list[tuple[int, str]] = []
    for i in range(start, len(grid)):
        cells = grid[i]
        if not any(c is not None for c in cells):
            continue
        end = None
        if _is_total(cells):
            end = ("dòng tổng cộng và các dòng dưới", "the totals row and the rows below it")
        elif _is_footer(cells, text_js) or (data_idx and _is_text_only(cells, value_js, name_js)):
            end = ("ghi chú, ngày ký, chữ ký (cuối bảng)", "notes, date and signatures (end of the table)")
        if end:
            rest = [rows[k] for k in range(i, len(grid)) if any(c is not None for c in grid[k])]
            skipped.append((rest, *end))
            break
        label = _section_label(cells, roles.get("stt"), roles.get("commune"))
        if label is not None:
            sections.append((rows[i], label))
            continue
        data_idx.append(i)
    if sections:
        names = ", ".join(dict.fromkeys(f"'{clip(n, 40)}'" for _, n in sections[:6]))
        skipped.insert(0, ([r for r, _ in sections], f"dòng nhóm, cộng nhóm ({names})",
                           f"section and subtotal rows ({names})"))

    # Formulas the spreadsheet never calculated, where the file holds data: refused, not dropped.
    used = set(value_js) | set(roles.values()) | {j for j in refused_columns}
    for i in data_idx:
        for j in sorted(used):
            formula = sheet.formulas.get((rows[i], letters[j])) if sheet.formulas else None
            if formula is not None:
                problems.append(validate.formula_without_value(
                    file, rows[i], columns[j].label, f"{letters[j]}{rows[i]}", formula))

    # A heading that names a rate only through an alias with "%" ("Trực tuyến" ← "Trực tuyến (%)"),
    # over cells without any "%": a count as likely as a rate. Refused, naming both.
    for j in list(indicator_cols):
        col = columns[j]
        if not col.check_percent:
            continue
        cells = [grid[i][j] for i in data_idx if grid[i][j] is not None]
        if not cells or any(c.strip().endswith("%") for c in cells):
            continue
        rate = f"{catalog.indicator(col.indicator).name_vi} ({col.indicator})"
        counts = match.count_candidates(col.heading)
        also = "; ".join(counts) if counts else "—"
        problems.append(Problem(
            file, header_row, col.label, "column_ambiguous",
            f"Tiêu đề '{clip(col.heading)}' không rõ là tỷ lệ {rate} hay số đếm ({also}); các ô không có "
            f"dấu %: ghi rõ tiêu đề (thêm '(%)' cho tỷ lệ hoặc tên đầy đủ của số đếm)",
            f"The heading '{clip(col.heading)}' may be the rate {rate} or a count ({also}); the cells carry no "
            f"%: make the heading explicit (add '(%)' for the rate or write the count's full name)"))
        refused_columns[j] = None
        indicator_cols.remove(j)
    value_js = ([roles["value"]] if has_long else indicator_cols)
    # Unknown headings over columns that hold figures are refused: dropping them would lose data.
    for j, col in enumerate(columns):
        if (col.role is not None and j not in refused_columns) or j in value_js:
            continue
        filled = [rows[i] for i in data_idx if grid[i][j] is not None]
        if filled and not has_long and refused_columns.get(j):
            why_vi, why_en = refused_columns[j]
            problems.append(Problem(file, header_row, col.label, "column_unknown", why_vi, why_en))
        elif filled and not has_long and j not in refused_columns:
            close = match.indicator_candidates(clip(col.heading, 200)) if col.heading else []
            problems.append(Problem(
                file, header_row, col.label, "column_unknown",
                f"Không nhận ra cột '{clip(col.heading)}'"
                + (f"; gần nhất: {'; '.join(close)}" if close else "")
                + " (đổi tiêu đề cho khớp danh mục chỉ tiêu hoặc xóa cột)",
                f"Unknown column '{clip(col.heading)}'"
                + (f"; closest: {'; '.join(close)}" if close else "")
                + " (rename it to a catalog indicator or delete the column)"))

    def struct(role: str, idx: list[int]) -> list[str | None]:
        j = roles.get(role)
        return [grid[i][j] for i in idx] if j is not None else [None] * len(idx)

    base_names = {"commune": "commune", "commune_code": "commune_code_raw", "province": "province",
                  "period": "period_raw"}
    schema = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
              "province": pl.String, "period_raw": pl.String, "indicator_code": pl.String, "raw": pl.String,
              "cumulative": pl.Boolean}
    pieces = []
    if has_long:
        ind_j, val_j = roles["indicator_name"], roles["value"]
        keep = [i for i in data_idx if grid[i][val_j] is not None]
        cache: dict[str, str | None] = {}
        codes, cumulative = [], []
        for i in keep:
            text = grid[i][ind_j]
            if text is not None and text not in cache:
                code = match.indicator_for_heading(text.removeprefix(NUM))
                is_cum = False
                if code is None:
                    rest, is_cum = match.strip_cumulative(text)
                    code = match.indicator_for_heading(rest) if is_cum else None
                cache[text] = (code, is_cum)
                if code is None:
                    close = match.indicator_candidates(text)
                    problems.append(Problem(
                        file, rows[i], columns[ind_j].label, "indicator_unknown",
                        f"Không có chỉ tiêu '{clip(text)}' trong danh mục" + (f"; gần nhất: {'; '.join(close)}" if close else ""),
                        f"No indicator '{clip(text)}' in the catalog" + (f"; closest: {'; '.join(close)}" if close else "")))
            elif text is None:
                problems.append(Problem(file, rows[i], columns[ind_j].label, "indicator_missing",
                                        "Thiếu tên chỉ tiêu", "The indicator is missing"))
            code, is_cum = cache.get(text, (None, False)) if text is not None else (None, False)
            codes.append(code)
            cumulative.append(is_cum)
        piece = {"_row": [rows[i] for i in keep], "_col": [columns[val_j].label] * len(keep),
                 "indicator_code": codes, "raw": [grid[i][val_j] for i in keep], "cumulative": cumulative}
        for role, name in base_names.items():
            piece[name] = struct(role, keep)
        pieces.append(pl.DataFrame(piece, schema=schema))
    else:
        common = {name: struct(role, data_idx) for role, name in base_names.items()}
        row_numbers = [rows[i] for i in data_idx]
        for j in indicator_cols:
            col = columns[j]
            raw = [grid[i][j] for i in data_idx]
            piece = {"_row": row_numbers, "_col": [col.label] * len(data_idx),
                     "indicator_code": [col.indicator] * len(data_idx), "raw": raw,
                     "cumulative": [col.cumulative] * len(data_idx), **common}
            pieces.append(pl.DataFrame(piece, schema=schema).filter(pl.col("raw").is_not_null()))
    values = pl.concat(pieces) if pieces else pl.DataFrame(schema=schema)

    status_schema = {"_row": pl.Int64, "_col": pl.String, "commune": pl.String, "commune_code_raw": pl.String,
                     "province": pl.String, "period_raw": pl.String, "status_raw": pl.String, "note": pl.String}
    if has_status:
        st_j = roles["status"]
        keep = [i for i in data_idx if grid[i][st_j] is not None]
        blank = [rows[i] for i in data_idx if grid[i][st_j] is None
                 and any(grid[i][j] is not None for j in name_js)]
        if blank:
            skipped.append((blank, "không có trạng thái NQ57 (chưa báo cáo)",
                            "no Resolution 57 status (not reported)"))
        piece = {"_row": [rows[i] for i in keep], "_col": [columns[st_j].label] * len(keep),
                 "status_raw": [grid[i][st_j] for i in keep], "note": struct("note", keep)}
        for role, name in base_names.items():
            piece[name] = struct(role, keep)
        statuses = pl.DataFrame(piece, schema=status_schema)
    else:
        statuses = pl.DataFrame(schema=status_schema)
    layout = "long" if has_long else ("wide" if indicator_cols else "r57")
    if has_status and layout == "wide":
        layout = "wide+r57"
    return Extract(layout, values, statuses, columns, labels, header_row, title, problems, skipped)


class LayoutError(Exception):
    """A sheet whose layout cannot be recognised at all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason_en for p in problems))
        self.problems = problems
