"""Month arithmetic shared by the ETL and the dashboard. A period is the first day of a month."""
from __future__ import annotations

import datetime as dt


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
