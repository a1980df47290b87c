"""Periods and windows (DESIGN.md, "Periods and windows").

A period is the first day of a month. A window ends at the chosen month:
month; quarter = the calendar quarter containing it, up to it; ytd = January up to it;
12m = the twelve months ending with it. The previous window is the same window ending one
month earlier (used for rank changes).
"""
from __future__ import annotations

import datetime as dt
import re

from etl.months import add_months, month_start, months_between  # noqa: F401  (the read side's API too)

WINDOWS = ("month", "quarter", "ytd", "12m")


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


_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str) -> dt.date | None:
    """'2025-11' → date(2025, 11, 1); anything else → None."""
    match = _PERIOD.match(str(text).strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)
