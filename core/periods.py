"""Periods: the one parser and the one month arithmetic, for files, options and links.

A period is the first day of a month. `parse_period` reads every way a period is written:
in a file's period column or title ("Tháng 11/2025", "Quý IV/2025", "2025"), in `--period`
and `--until`, and in a link's `period=2025-11`.

Windows (DESIGN.md, "Periods and windows") end at the chosen month: month; quarter = the
calendar quarter containing it, up to it; ytd = January up to it; 12m = the twelve months
ending with it. The previous window is the same window ending one month earlier.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.names import fold

WINDOWS = ("month", "quarter", "ytd", "12m")
_FIRST_YEAR, _LAST_YEAR = 1900, 2200


# ---- month arithmetic ----------------------------------------------------------------------------

def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + (month.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months from start to end, both included (empty when end < start)."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def last_full_month(today: dt.date | None = None) -> dt.date:
    """The month before the current one."""
    return add_months(month_start(today or dt.date.today()), -1)


def window_bounds(end: dt.date, window: str) -> tuple[dt.date, dt.date]:
    """First and last month (inclusive) of the window ending at `end`."""
    end = month_start(end)
    if window == "month":
        return end, end
    if window == "quarter":
        return dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end
    if window == "ytd":
        return dt.date(end.year, 1, 1), end
    if window == "12m":
        return add_months(end, -11), end
    raise ValueError(f"unknown window {window!r}")


def previous_bounds(end: dt.date, window: str) -> tuple[dt.date, dt.date]:
    """The same window ending one month earlier."""
    return window_bounds(add_months(month_start(end), -1), window)


# ---- periods as written ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A reported span of whole months: `start` and `end` are first days of months."""
    start: dt.date
    end: dt.date
    grain: str  # month | quarter | year | span

    @property
    def label(self) -> str:
        if self.grain == "month":
            return f"{self.end:%Y-%m}"
        if self.grain == "quarter":
            return f"Q{(self.end.month - 1) // 3 + 1}/{self.end.year}"
        if self.grain == "year":
            return str(self.end.year)
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"


def first_of_month(year: int, month_: int) -> dt.date | None:
    """The first day of a month, or None for a month or year no report can mean."""
    if 1 <= month_ <= 12 and _FIRST_YEAR <= year <= _LAST_YEAR:
        return dt.date(year, month_, 1)
    return None


def month(year: int, month_: int) -> Period | None:
    first = first_of_month(year, month_)
    return Period(first, first, "month") if first else None


def quarter(year: int, q: int) -> Period | None:
    if not 1 <= q <= 4 or not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    return Period(dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, 1), "quarter")


def year(year_: int) -> Period | None:
    if not _FIRST_YEAR <= year_ <= _LAST_YEAR:
        return None
    return Period(dt.date(year_, 1, 1), dt.date(year_, 12, 1), "year")


ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# How Vietnamese writes a month or a quarter with its year (folded text: no diacritics), shared by
# the parser of a cell or an option below and the finder of periods in a title's sentences
# (etl/titles.py), so that both read the same shapes: "11/2025", "11-2025", "11 năm 2025", "IV/2025".
MONTH_YEAR = r"(\d{1,2})\s*(?:/|-|\.|nam)\s*(\d{4})"
QUARTER_NUMBER = r"(iv|iii|ii|i|[1-4])"

# Shapes of a period written alone in a cell or an option (text already folded: no diacritics).
_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ t].*)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), "dmy"),
    (re.compile(rf"^(?:thang|t|th)?\s*{MONTH_YEAR}$"), "my"),
    (re.compile(rf"^(?:quy|q)\s*{QUARTER_NUMBER}\s*(?:/|-|nam|\s)\s*(\d{{4}})$"), "qy"),
    (re.compile(r"^(\d{4})\s*[-/ ]\s*q\s*([1-4])$"), "yq"),
    (re.compile(r"^(?:nam\s*)?(\d{4})$"), "y"),
]
_ASCII_DIGITS = re.compile(r"[0-9]+")


def _ascii_int(text: str) -> int:
    """An integer from ASCII digits only (str.isdigit() also accepts '²' and other scripts)."""
    if not _ASCII_DIGITS.fullmatch(text):
        raise ValueError(text)
    return int(text)


def ascii_int(text: str | None) -> int | None:
    """A whole number written in ASCII digits 0-9 (a link's `province=38`, a typed code), else None.

    `str.isdigit()` also accepts '²', '３８' and other scripts' digits, on which `int()` either
    raises or reads a number nobody typed: every number from a URL or a form goes through here.
    """
    text = (text or "").strip()
    return int(text) if _ASCII_DIGITS.fullmatch(text) else None


def _from_match(shape: str, m: re.Match) -> Period | None:
    groups = list(m.groups())
    if shape == "ymd":
        return month(_ascii_int(groups[0]), _ascii_int(groups[1]))
    if shape == "dmy":
        if not 1 <= _ascii_int(groups[0]) <= 31:
            return None
        return month(_ascii_int(groups[2]), _ascii_int(groups[1]))
    if shape == "my":
        return month(_ascii_int(groups[1]), _ascii_int(groups[0]))
    if shape == "qy":
        q = groups[0]
        return quarter(_ascii_int(groups[1]), ROMAN_QUARTERS.get(q) or _ascii_int(q))
    if shape == "yq":
        return quarter(_ascii_int(groups[0]), _ascii_int(groups[1]))
    return year(_ascii_int(groups[0]))


def parse_period(value: str | None, *, typed_number: bool = False) -> Period | None:
    """A period as written: 2025-11, 11/2025, Tháng 11/2025, 30/11/2025, Quý IV/2025, 2025.

    `typed_number`: the spreadsheet typed the cell as a number (202511 or 2025).
    Returns None for anything that is not a period.
    """
    if value is None:
        return None
    text = str(value).strip()
    if typed_number:
        if re.fullmatch(r"[0-9]{6}", text):
            return month(int(text[:4]), int(text[4:]))
        if re.fullmatch(r"[0-9]{4}", text):
            return year(int(text))
        return None
    text = fold(text)
    if not text.isascii():
        return None
    for pattern, shape in _PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return _from_match(shape, m)
            except ValueError:
                return None
    return None


def parse_month(text: str | None) -> dt.date | None:
    """A single month (for `--until`, `--period` of a monthly file, a link's `period`), else None."""
    period = parse_period(text)
    return period.end if period is not None and period.grain == "month" else None
