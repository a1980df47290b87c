"""The long layout read from whole columns: one row per figure, millions of rows.

etl.layouts recognises the header from a sheet's first rows. A long table (commune, period,
indicator, value; no status column, no indicator columns, no formula cells) is then read here
from the sheet's polars columns instead of cell by cell, with the same rules and the same
result as etl.layouts' row-by-row reading (tests/test_etl_long_rows.py compares the two):

- each test of a cell (a total label, a note or signature, a section heading, words only, an
  indicator's name, a month beside a year) runs once per distinct text and is mapped back to
  the rows: a national file of 5 million rows holds a few thousand distinct texts;
- the few rows that are not plain data rows (blank rows, totals, sections, notes and what
  follows them) go through etl.layouts' own row logic, in order, so that a section's old
  district and the end of the table fall where they do there;
- a Parquet file's typed columns (`Sheet.typed`: integer codes, dates, numbers) are read as
  they are: the tests above run on the grid text of each distinct value (etl.read.grid_text),
  and the commune code, period and value columns reach etl.pipeline typed, where numbers,
  periods and communes are read once per distinct value and joined back on the typed column.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from core.problems import Problem
from etl import layouts
from etl.numbers import NUM
from etl.read import Sheet, grid_text
from etl.titles import TitleInfo

_INDEX = "_i"  # the row's index in the sheet's frame (etl.layouts' grid index)


def applies(sheet: Sheet, header: layouts.Header) -> bool:
    """A long table this module reads: everything else goes through etl.layouts' grid."""
    return (header.has_long and not header.vertical and not header.has_status and not header.indicator_cols
            and not sheet.formulas)


def _flag(series: pl.Series, test: Callable[[str], bool]) -> pl.Series:
    """Per cell: a text (not a typed number) passing `test`, each distinct value tested once (on its
    grid text when the column is typed)."""
    if series.dtype.is_numeric():  # a typed number's grid text is NUM + digits: never a word
        return _constant(False, len(series)).alias(series.name)
    distinct = series.drop_nulls().unique()
    texts = grid_text(distinct).to_list()
    hits = [v for v, t in zip(distinct.to_list(), texts) if not t.startswith(NUM) and test(t)]
    return series.is_in(hits).fill_null(False) if hits else _constant(False, len(series)).alias(series.name)


def _constant(value: bool, height: int) -> pl.Series:
    return pl.repeat(value, height, dtype=pl.Boolean, eager=True)


def _any(flags: list[pl.Series], height: int) -> pl.Series:
    out = _constant(False, height)
    for flag in flags:
        out = out | flag
    return out


@dataclass
class _Scan:
    """What the per-row tests found over the rows below the header."""
    frame: pl.DataFrame           # the rows from the first data row on, with _INDEX
    filled: pl.Series
    plain: pl.Series              # filled and no total, note, section or words-only candidate
    data: list[int] = field(default_factory=list)       # special rows that are data rows after all
    stop: int | None = None       # index of the note or signature row ending the table
    totals: list[tuple[int, str]] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)
    districts: list[tuple[int, str | None]] = field(default_factory=list)  # (index, district from there on)


def _cells(sheet: Sheet) -> pl.DataFrame:
    """The sheet's rows with their grid index (_INDEX): the grid text, or a Parquet file's typed
    columns (whose grid index starts at 1, below the header row)."""
    if sheet.typed is not None:
        return sheet.typed.with_row_index(_INDEX, offset=1)
    return sheet.frame.with_row_index(_INDEX)


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """A few rows of `_cells` as grid text (for etl.layouts' row tests)."""
    return frame.with_columns(grid_text(frame[c]) for c in frame.columns if c not in (_INDEX, "_row"))


def _row_tests(sheet: Sheet, header: layouts.Header, start: int) -> _Scan:
    cells = _cells(sheet)
    # the rows from index `start` on, as a filter on _INDEX >= start would give them; the index counts
    # rows one by one, so a slice does (no copy), never from the end as a negative offset would
    frame = cells.slice(max(start - cells[_INDEX][0], 0)) if cells.height else cells
    letters = [c for c in frame.columns if c not in ("_row", _INDEX)]
    height = frame.height
    filled = frame.select(pl.any_horizontal([pl.col(c).is_not_null() for c in letters])).to_series()
    total = _any([_flag(frame[c], layouts._is_total_text) for c in letters[:4]], height)
    skip = {header.roles.get("note"), header.roles.get("status")}
    footer = _any([_flag(frame[c], layouts._is_footer_text) for j, c in enumerate(letters) if j not in skip], height)
    section = _sections(frame, letters, header)
    names_empty = _constant(True, height)
    for j in header.name_cols:
        names_empty = names_empty & frame[letters[j]].is_null()
    words = _any([_flag(frame[letters[j]], _is_words) for j in header.value_cols], height)
    plain = filled & ~total & ~footer & ~section & ~(names_empty & words)
    return _Scan(frame, filled, plain)


def _is_words(text: str) -> bool:
    """A figure cell holding words (signers' names below a table), as etl.layouts._is_text_only tests it."""
    return layouts._is_text_only([text], [0], [])


def _sections(frame: pl.DataFrame, letters: list[str], header: layouts.Header) -> pl.Series:
    """Per row: a section or subtotal row (etl.layouts._section), tested once per (STT, name) pair."""
    stt_j, name_j = header.roles.get("stt"), header.roles.get("commune")
    used = [letters[j] for j in (stt_j, name_j) if j is not None]
    if not used:
        return _constant(False, frame.height)
    width = max(j for j in (stt_j, name_j) if j is not None) + 1
    pairs = frame.select(used).unique()
    hits = []
    for values in _as_text(pairs).iter_rows():
        cells: list[str | None] = [None] * width
        for letter, value in zip(used, values):
            cells[letters.index(letter)] = value
        hits.append(layouts._section(cells, stt_j, name_j) is not None)
    flagged = pairs.with_columns(pl.Series("_section", hits, dtype=pl.Boolean))
    joined = frame.select(used).join(flagged, on=used, how="left", nulls_equal=True, maintain_order="left")
    return joined["_section"].fill_null(False)


def _special_rows(scan: _Scan, header: layouts.Header, letters: list[str]) -> None:
    """etl.layouts.find_data_rows' loop over the rows that are not plain data rows, in order."""
    text_cols = [j for j in range(len(letters)) if j not in {header.roles.get("note"), header.roles.get("status")}]
    stt_j, name_j = header.roles.get("stt"), header.roles.get("commune")
    index = scan.frame[_INDEX]
    first_plain = index.filter(scan.plain).min()
    special = _as_text(scan.frame.filter(scan.filled & ~scan.plain).select(_INDEX, *letters))
    for row in special.iter_rows():
        i, cells = row[0], list(row[1:])
        has_data = bool(scan.data) or (first_plain is not None and first_plain < i)
        if layouts._is_total(cells):
            scan.totals.append((i, next(c for c in cells[:4] if c is not None and not c.startswith(NUM)
                                        and layouts._is_total_text(c))))
            continue
        if layouts._is_footer(cells, text_cols) or (
                has_data and layouts._is_text_only(cells, header.value_cols, header.name_cols)):
            scan.stop = i
            return
        section = layouts._section(cells, stt_j, name_j)
        if section is not None:
            label, named, opens = section
            scan.sections.append((i, label))
            if opens:  # a new group ends the district above it
                scan.districts.append((i, named))
            continue
        scan.data.append(i)


def _data_rows(sheet: Sheet, header: layouts.Header, scan: _Scan, numbering: int | None
               ) -> tuple[pl.DataFrame, list]:
    """(the data rows, with the old district a section row above names; the rows skipped, as
    etl.layouts.find_data_rows lists them)."""
    rows = _RowNumbers(sheet)
    keep = scan.plain | scan.frame[_INDEX].is_in(scan.data)
    if scan.stop is not None:
        keep = keep & (scan.frame[_INDEX] < scan.stop)
    data = scan.frame.filter(keep)
    if scan.districts:
        changes = pl.DataFrame({_INDEX: [i for i, _ in scan.districts],
                                "_district": [d or "" for _, d in scan.districts]},
                               schema={_INDEX: data.schema[_INDEX], "_district": pl.String})
        data = data.join_asof(changes, on=_INDEX, strategy="backward").with_columns(
            pl.when(pl.col("_district") == "").then(None).otherwise(pl.col("_district")).alias("_district"))
    else:
        data = data.with_columns(pl.lit(None, pl.String).alias("_district"))
    skipped: list[tuple[list[int], str, str]] = []
    if numbering is not None:
        skipped.append(([rows[numbering]], "dòng đánh số cột", "the column numbering row"))
    if scan.stop is not None:
        rest = scan.frame.filter(scan.filled & (scan.frame[_INDEX] >= scan.stop))["_row"].to_list()
        skipped.append((rest, "ghi chú, ngày ký, chữ ký (cuối bảng)", "notes, date and signatures (end of the table)"))
    for found, vi, en in ((scan.totals, "dòng tổng cộng", "total rows"),
                          (scan.sections, "dòng nhóm, cộng nhóm", "section and subtotal rows")):
        if found:
            names = ", ".join(dict.fromkeys(f"'{layouts.clip(n, 40)}'" for _, n in found[:6]))
            skipped.insert(0, ([rows[i] for i, _ in found], f"{vi} ({names})", f"{en} ({names})"))
    return data, skipped


class _RowNumbers:
    """The spreadsheet row number of a grid index (`rows[i]`), the sheet's rows never converted whole."""

    def __init__(self, sheet: Sheet):
        self.frame = sheet.frame if sheet.typed is None else None

    def __getitem__(self, i: int) -> int:
        # A Parquet grid is numbered as a CSV export shows it: the header is row 1, grid index 0.
        return self.frame["_row"][i] if self.frame is not None else i + 1


def _first_row(sheet: Sheet, header: layouts.Header) -> tuple[int, int | None]:
    """etl.layouts._first_data_row over the frame: (the first row after the header, the numbering row)."""
    cells = _cells(sheet).filter(pl.col(_INDEX) > header.block[-1])
    letters = [c for c in cells.columns if c not in ("_row", _INDEX)]
    filled = cells.select(pl.any_horizontal([pl.col(c).is_not_null() for c in letters])).to_series()
    found = filled.arg_true()
    if found.len() == 0:
        return sheet.height, None
    start = header.block[-1] + 1 + found[0]
    first = _as_text(cells.slice(found[0], 1)).select(letters)
    if layouts.is_numbering(list(first.row(0)), header.roles.get("commune")):
        return start + 1, start
    return start, None


def long_extract(sheet: Sheet, header: layouts.Header, title: TitleInfo, problems: list[Problem]
                 ) -> layouts.Extract:
    """etl.layouts.extract's result for a long table, read from whole columns."""
    letters = [c for c in sheet.frame.columns if c != "_row"]  # the head's columns are the sheet's
    start, numbering = _first_row(sheet, header)
    scan = _row_tests(sheet, header, start)
    _special_rows(scan, header, letters)
    data, skipped = _data_rows(sheet, header, scan, numbering)
    values, found = _values(sheet.file, data, header, letters)
    values, not_loaded = layouts._not_loaded_indicators(values)
    if not_loaded:
        skipped.append(not_loaded)
    return layouts.Extract(layouts._layout_name(header), values, pl.DataFrame(schema=layouts.STATUS_SCHEMA),
                           header.columns, header.labels, header.row, title, problems + found, skipped,
                           layouts._not_loaded_notes(header))


def _indicators(file: str, data: pl.DataFrame, ind: str, label: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Each distinct indicator cell's (code, cumulative, not loaded), and the problems of missing
    and unknown indicators (an unknown one at the first row naming it)."""
    problems = [Problem(file, row, label, "indicator_missing", "Thiếu tên chỉ tiêu: ghi tên chỉ tiêu hoặc xóa dòng",
                        "The indicator is missing: write the indicator's name or delete the row")
                for row in data.filter(pl.col(ind).is_null())["_row"].to_list()]
    firsts = data.filter(pl.col(ind).is_not_null()).group_by(ind, maintain_order=True).agg(pl.col("_row").first())
    table = []
    for text, row in firsts.iter_rows():
        code, is_cum, skip = layouts._indicator_of_cell(text)
        if code is None and not skip:
            problems.append(layouts._indicator_unknown(file, row, label, text))
        table.append((text, code, is_cum, skip))
    schema = {ind: pl.String, "indicator_code": pl.String, "cumulative": pl.Boolean, "not_loaded": pl.Boolean}
    return pl.DataFrame(table, schema=schema, orient="row"), problems


def _with_indicators(data: pl.DataFrame, lookup: pl.DataFrame, ind: str) -> pl.DataFrame:
    """`data` with each indicator cell's code, cumulative and not-loaded marks (`lookup`, one row per
    distinct cell). A column the lookup gives alike for every cell is set without mapping the rows: a
    file naming its indicators by their codes, none cumulative, is five million rows of a 33-row table."""
    if lookup["indicator_code"].equals(lookup[ind]) and not lookup["cumulative"].any() \
            and not lookup["not_loaded"].any():
        return data.with_columns(pl.col(ind).alias("indicator_code"), pl.lit(False).alias("cumulative"),
                                 pl.lit(False).alias("not_loaded"))
    return data.join(lookup, on=ind, how="left", maintain_order="left").with_columns(
        pl.col("cumulative").fill_null(False), pl.col("not_loaded").fill_null(False))


def _values(file: str, data: pl.DataFrame, header: layouts.Header, letters: list[str]
            ) -> tuple[pl.DataFrame, list[Problem]]:
    """etl.layouts.long_values over whole columns: one raw token per data row with a value."""
    ind, val = letters[header.roles["indicator_name"]], letters[header.roles["value"]]
    data = data.filter(pl.col(val).is_not_null())
    if data.schema[ind] != pl.String:  # indicators named by typed numbers: read as their text
        data = data.with_columns(grid_text(data[ind]))
    lookup, problems = _indicators(file, data, ind, header.columns[header.roles["indicator_name"]].label)
    data = _with_indicators(data, lookup, ind)
    identity = {}
    for role, name in layouts._IDENTITY_COLUMNS.items():
        j = header.roles.get(role)
        identity[name] = pl.col(letters[j]) if j is not None else pl.lit(None, pl.String)
    if header.roles.get("district") is None:
        identity["district"] = pl.col("_district")
    out = data.select(
        pl.col("_row").cast(pl.Int64), pl.lit(header.columns[header.roles["value"]].label, pl.String).alias("_col"),
        *(expr.alias(name) for name, expr in identity.items()),
        pl.col("indicator_code"), pl.col(val).alias("raw"), pl.col("cumulative"), pl.col("not_loaded"),
        *([pl.col(letters[header.roles["year"]]).alias("_year")] if header.roles.get("year") is not None else []))
    if "_year" in out.columns:
        out = _with_years(out.with_columns(grid_text(out["period_raw"]), grid_text(out["_year"])))
    out = out.select(*layouts.VALUE_SCHEMA, "not_loaded")
    typed = [c for c in _TYPED_CELLS if _stays_typed(c, out.schema[c])]
    texts = [grid_text(out[c]) for c, dtype in layouts.VALUE_SCHEMA.items()
             if dtype == pl.String and c not in typed and out.schema[c] not in (pl.String, pl.Null)]
    return out.with_columns(texts).cast({c: t for c, t in layouts.VALUE_SCHEMA.items() if c not in typed}), problems


# Cells that may stay typed: etl.pipeline reads numbers, periods and commune codes from typed columns.
_TYPED_CELLS = ("raw", "period_raw", "commune_code_raw")


def _stays_typed(name: str, dtype: pl.DataType) -> bool:
    """A typed value, period or commune code column reaches etl.pipeline as it is; a float commune code
    or period becomes grid text (a join key must compare exactly, and NaN does not)."""
    if name == "raw":
        return dtype.is_numeric()
    return dtype.is_integer() or dtype == pl.Date or isinstance(dtype, pl.Datetime)


def _with_years(out: pl.DataFrame) -> pl.DataFrame:
    """A month column beside a year column, each distinct pair read once (etl.layouts._with_year)."""
    pairs = out.select("period_raw", "_year").unique()
    joined = [layouts._with_year(p, y) for p, y in pairs.iter_rows()]
    pairs = pairs.with_columns(pl.Series("_period", joined, dtype=pl.String))
    out = out.join(pairs, on=["period_raw", "_year"], how="left", nulls_equal=True, maintain_order="left")
    return out.with_columns(pl.col("_period").alias("period_raw")).drop("_year", "_period")
