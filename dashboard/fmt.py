"""Formatting of percentages, ranks and dates in the chosen language (numbers: core.fmt).

Vietnamese: decimal comma, dot thousands (67,83 %; 5.932 hồ sơ); English: the reverse.
Pure functions: no Streamlit.
"""
from __future__ import annotations

import datetime as dt

from core.fmt import is_missing, number
from dashboard.i18n import t
from dashboard.theme import percent_sign


def percent(value, decimals: int = 2, lang: str = "vi") -> str:
    """67.8347 → '67,83 %' (vi) / '67.83%' (en)."""
    if is_missing(value):
        return "–"
    return number(value, decimals, lang) + percent_sign(lang)


def value(value, unit: str, decimals: int, lang: str = "vi") -> str:
    """A catalog value with its unit: percentages get a % sign, points and counts none."""
    if unit == "%":
        return percent(value, decimals, lang)
    return number(value, decimals, lang)


def rank(rank, n_ranked, n_total=None, lang: str = "vi") -> str:
    """'17/166'; with unranked communes '17/160 · 6 chưa có số liệu'; unranked → 'chưa có số liệu'."""
    if is_missing(rank):
        return t("no_data", lang)
    text = f"{int(rank)}/{int(n_ranked)}"
    if n_total is not None and not is_missing(n_total) and n_total > n_ranked:
        text += f" · {int(n_total - n_ranked)} {t('no_data', lang)}"
    return text


def rank_change(change, ranked_now: bool = True, lang: str = "vi") -> str:
    """▲3 (improved), ▼2, =, or 'mới' for a commune unranked before."""
    if not ranked_now:
        return ""
    if is_missing(change):
        return t("new", lang)
    change = int(change)
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return "="


def month(period: dt.date, lang: str = "vi") -> str:
    """'Tháng 11/2025' / 'Nov 2025'."""
    if period is None:
        return "–"
    if lang == "vi":
        return f"Tháng {period.month}/{period.year}"
    return period.strftime("%b %Y")


def day(date: dt.date, lang: str = "vi") -> str:
    """'1/7/2025' / '1 Jul 2025'."""
    if lang == "vi":
        return f"{date.day}/{date.month}/{date.year}"
    return f"{date.day} {date:%b %Y}"


def short_month(period: dt.date, lang: str = "vi") -> str:
    """'11/2025' / 'Nov 2025' for axes."""
    if lang == "vi":
        return f"{period.month:02d}/{period.year}"
    return period.strftime("%b %Y")


def commune_code(code) -> str:
    """Official codes are shown zero-padded to five digits."""
    return f"{int(code):05d}"
