"""What the rows above a table say: the period, cumulative figures, the letterhead.

Periods. Every period written in a title cell is a candidate; the most specific wins:

    a month ("Tháng 11/2025", "tháng 11 năm 2025", "T11/2025", a reporting window of dates)
    > several months ("6 tháng đầu năm 2025", a window longer than a month)
    > a quarter ("Quý IV/2025")
    > a year on its own ("NĂM 2025").

A year inside a document's name ("Thực hiện Nghị quyết 57-NQ/TW năm 2024", "Kế hoạch số
12/KH-UBND năm 2025") names that document, not the report: it is never the period (it is kept
in `year_in_name` so that a message can say why it was not taken). Two different periods of
the same rank are a conflict for the user to settle with --period. The signing date ("…, ngày
05 tháng 12 năm 2025") is not a period.

A reporting window written as dates ("từ ngày 15/10/2025 đến ngày 14/11/2025") is the month it
ends in, and monthly: offices close their month on the 14th or 15th. A window longer than a
month is several months. Figures are cumulative only where the file says so ("lũy kế", "từ
đầu năm", "từ … đến nay"); a window alone never makes them cumulative.

Letterhead. The province ("UBND TỈNH THANH HÓA"), an old district ("UBND HUYỆN BÁ THƯỚC":
districts ended in July 2025, so the file lists old communes), and a commune ("UBND XÃ BÁ
THƯỚC", "ỦY BAN NHÂN DÂN PHƯỜNG …": one commune's own report).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from core.names import ascii_key, clean_spaces, fold
from core.periods import MONTH_YEAR, QUARTER_NUMBER, ROMAN_QUARTERS, Period, first_of_month, month, quarter, year
from core.problems import clip
from etl import communes, match
from etl import old_communes as oc
from etl.vocabulary import vocabulary

_SIGNED_DATE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})"
_RANGE = re.compile(rf"tu\s*(?:ngay\s*)?{_DATE}(?:\s*[/.-]\s*(\d{{4}}))?\s*(?:den|-|–|toi)\s*(?:ngay\s*)?"
                    rf"{_DATE}\s*[/.-]\s*(\d{{4}})")
_SINCE = re.compile(r"tu\s*(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*"
                    r"(?:den nay|den hien nay|den thoi diem)")
_MONTHS = [re.compile(rf"thang\s*{MONTH_YEAR}"),
           re.compile(r"\bt\s*(\d{1,2})\s*/\s*(\d{4})\b"),
           re.compile(r"\bky(?:\s*bao\s*cao)?\s*:?\s*(\d{1,2})\s*/\s*(\d{4})\b")]
_PART_YEAR = re.compile(r"\b(\d{1,2})\s*thang\s*(dau|cuoi)\s*nam\s*(\d{4})")
_QUARTER = re.compile(rf"quy\s*{QUARTER_NUMBER}\b\s*(?:/|-|nam)?\s*(\d{{4}})")
_YEAR = re.compile(r"\bnam\s*(\d{4})\b")
# A document's name before a year: its year is the document's ("Nghị quyết 57-NQ/TW năm 2024").
_DOCUMENT = re.compile(r"nghi quyet|quyet dinh|ke hoach|cong van|thong tu|nghi dinh|chi thi|chuong trinh|de an|"
                       r"ket luan|thong bao|\d+\s*[-/]\s*(?:nq|qd|kh|cv|tt|nd|ct|tb|ubnd)\b")
_WINDOW_DAYS = 35  # a reporting month closed on the 14th or 15th spans 30 or 31 days
_RANK = {"month": 4, "span": 3, "quarter": 2, "year": 1}
_LETTERHEAD_COMMUNE = re.compile(r"^(?:ubnd|uy ban nhan dan|ub nhan dan)\s+(?:xa|phuong|dac khu|thi tran)\s+\S")


@dataclass(frozen=True)
class Candidate:
    period: Period
    row: int
    text: str


@dataclass
class TitleInfo:
    """What the rows above the header say: a period, whether figures are cumulative, the letterhead."""
    period: Period | None = None
    period_row: int | None = None
    period_text: str = ""
    conflict: list[Candidate] = field(default_factory=list)  # other periods of the winner's rank
    year_in_name: Candidate | None = None  # a year inside a document's name (never the period)
    window: tuple[dt.date, dt.date] | None = None  # a reporting window written as dates
    cumulative: bool = False
    cumulative_why: str = ""
    cumulative_from: tuple[int, int | None] | None = None  # (month, year or None) the figures run from
    cumulative_row: int | None = None
    bad_date: tuple[int, str] | None = None  # (row, text) of a "từ dd/mm" that is no date (a month 13)
    province: int | None = None
    old_district: oc.OldDistrict | None = None
    commune: str | None = None     # "Xã Bá Thước" from "UBND XÃ BÁ THƯỚC"
    commune_row: int | None = None


def read_title(cells: list[tuple[int, str]]) -> TitleInfo:
    """The title cells (row, text), top to bottom."""
    info = TitleInfo()
    candidates: list[Candidate] = []
    for row, text in cells:
        folded = _SIGNED_DATE.sub(" ", fold(text))
        _letterhead(info, row, text)
        _cumulative_words(info, row, text, folded)
        candidates += _periods(info, row, text, folded)
    _choose(info, candidates)
    if info.province is None and info.old_district is not None and len(info.old_district.new_provinces) == 1:
        info.province = next(iter(info.old_district.new_provinces))  # "UBND HUYỆN BÁ THƯỚC": Thanh Hóa
    if info.cumulative and info.window is not None and info.period is not None and info.period.grain == "span":
        # "Lũy kế từ 01/7 đến 30/11/2025": running totals to the month the window ends in
        start, end = info.window
        info.period = month(end.year, end.month)
        if info.cumulative_from is None:
            info.cumulative_from = (start.month, start.year)
    return info


def _letterhead(info: TitleInfo, row: int, text: str) -> None:
    if info.province is None:
        info.province = match.province_in_text(text)
        if info.province is None:
            old = oc.province_in_text(text)
            if old is not None and len(old[1]) == 1:
                info.province = next(iter(old[1]))
    key = ascii_key(text)
    if info.commune is None and (_LETTERHEAD_COMMUNE.match(key) or _bare_commune_line(text)):
        kind, name = communes.name_parts(text)
        info.commune, info.commune_row = clean_spaces(f"{kind} {name}".title()), row
    if info.old_district is None and not key.startswith(("cong hoa", "doc lap")):
        info.old_district = oc.district_in_text(text, info.province)


def _bare_commune_line(text: str) -> bool:
    """A cell that is only a commune's name with its type ("XÃ BÁ THƯỚC"), as under a letterhead."""
    kind, name = communes.name_parts(text)
    return kind is not None and 1 <= len(name.split()) <= 4 and not re.search(r"\d", name)


def _cumulative_words(info: TitleInfo, row: int, text: str, folded: str) -> None:
    words = vocabulary()
    if any(w in folded for w in words.cumulative_title_words):
        info.cumulative, info.cumulative_row, info.cumulative_why = True, row, clean_spaces(text)[:80]
        if any(w in folded for w in words.cumulative_from_january):
            info.cumulative_from = (1, None)
    m = _SINCE.search(folded)
    if m:  # "từ 01/7/2025 đến nay": cumulative; the period comes from elsewhere (--period, a column)
        info.cumulative, info.cumulative_row, info.cumulative_why = True, row, clean_spaces(text)[:80]
        day, month_, year = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
        try:
            dt.date(year or 2000, month_, day)  # 2000: a leap year, so 29/02 without a year passes
        except ValueError:
            info.bad_date = (row, clean_spaces(text)[:80])
            return
        info.cumulative_from = (month_, year)


def _window(info: TitleInfo, row: int, text: str, m: re.Match) -> Candidate | None:
    """"từ ngày 15/10/2025 đến ngày 14/11/2025": the month it ends in, or several months."""
    end_year = int(m.group(6))
    try:
        end = dt.date(end_year, int(m.group(5)), int(m.group(4)))
        start_year = int(m.group(3)) if m.group(3) else (end_year if int(m.group(2)) <= end.month else end_year - 1)
        start = dt.date(start_year, int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    if start > end:
        return None
    info.window = (start, end)
    first, last = first_of_month(start.year, start.month), first_of_month(end.year, end.month)
    if first is None or last is None:
        return None
    if (end - start).days <= _WINDOW_DAYS:
        return Candidate(Period(last, last, "month"), row, clip(clean_spaces(text)))
    return Candidate(Period(first, last, "span"), row, clip(clean_spaces(text)))


def _periods(info: TitleInfo, row: int, text: str, folded: str) -> list[Candidate]:
    """Every period one title cell states."""
    found: list[Candidate] = []
    shown = clip(clean_spaces(text))
    for m in _RANGE.finditer(folded):
        candidate = _window(info, row, text, m)
        if candidate:
            found.append(candidate)
    plain = _RANGE.sub(" ", folded)
    for pattern in _MONTHS:
        for m in pattern.finditer(plain):
            period = month(int(m.group(2)), int(m.group(1)))
            if period:
                found.append(Candidate(period, row, shown))
    for m in _PART_YEAR.finditer(plain):
        n, y = int(m.group(1)), int(m.group(3))
        if 1 <= n <= 12 and (first := first_of_month(y, 1 if m.group(2) == "dau" else 13 - n)):
            last = first_of_month(y, n if m.group(2) == "dau" else 12)
            found.append(Candidate(Period(first, last, "span"), row, shown))
    for m in _QUARTER.finditer(plain):
        period = quarter(int(m.group(2)), ROMAN_QUARTERS.get(m.group(1)) or int(m.group(1)))
        if period:
            found.append(Candidate(period, row, shown))
    taken = " ".join(pattern.sub(" ", plain) for pattern in (_MONTHS[0], _PART_YEAR))
    for m in _YEAR.finditer(taken):
        period = year(int(m.group(1)))
        if period is None:
            continue
        if _DOCUMENT.search(taken[: m.start()]):
            info.year_in_name = info.year_in_name or Candidate(period, row, shown)
        else:
            found.append(Candidate(period, row, shown))
    return found


def _choose(info: TitleInfo, candidates: list[Candidate]) -> None:
    """The most specific period; the others of its rank, when different, are a conflict."""
    if not candidates:
        return
    best_rank = max(_RANK[c.period.grain] for c in candidates)
    best = [c for c in candidates if _RANK[c.period.grain] == best_rank]
    winner = best[0]
    info.period, info.period_row, info.period_text = winner.period, winner.row, winner.text
    seen = {winner.period}
    for other in best[1:]:
        if other.period not in seen:
            seen.add(other.period)
            info.conflict.append(other)
