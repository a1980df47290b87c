"""Column headings: which row block is the header, and what each column means.

The header is the row (with its neighbours) whose cells name the most known columns: structural
ones (commune, period, …; vocabulary.yaml `headings`) and catalog indicators (by code, name or
alias; etl.match). Report headers run over two or three rows under merged group headings; a
column is read from its lowest heading together with the groups above it:

- "Tỷ lệ (%)" over "Đúng hạn" is on_time_rate, "Hồ sơ" over "Trực tuyến" dossiers_online;
- words that say "of which" are dropped ("Trong đó: trực tuyến" under "Số hồ sơ nhận giải
  quyết" is the online count), and a sub-heading that means the group itself ("Tổng số",
  "Số lượng") is the group ("Số hồ sơ nhận giải quyết → Tổng số" is dossiers_received);
- under a group that is a count, a sub-heading is also read with the count's name in front
  ("Hồ sơ tiếp nhận" + "Trực tuyến" → "Hồ sơ tiếp nhận trực tuyến");
- a recognised group heading over an unknown sub-heading stands for the column only when the
  group covers that one column: over several columns it would give them all the same meaning.

Columns the vocabulary lists as figures the catalog does not hold ("Trực tiếp", "Qua bưu
chính") are not loaded and are named in the summary; other unknown headings over figures are
refused (etl.layouts `unknown_columns`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core import catalog
from core.names import clean_spaces, heading_key
from core.problems import clip
from etl import match
from etl.numbers import NUM
from etl.vocabulary import structural_key, vocabulary


def role_of(text: str | None) -> str | None:
    """The structural role a heading names (commune, period, …; vocabulary.yaml `headings`), or None;
    words a system joined are read apart ("MaXa" is "Ma Xa", "TenXa" "Ten Xa")."""
    if text is None:
        return None
    roles = vocabulary().roles
    return roles.get(structural_key(text)) or roles.get(structural_key(_split_joined(text)))


def _split_joined(text: str) -> str:
    """"MaXa" → "Ma Xa": a space where a lower-case letter meets an upper-case one."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper() and text[i - 1].islower():
            out.append(" ")
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=8192)
def recognise(text: str | None) -> tuple[str | None, str | None, bool]:
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


def without_fillers(text: str) -> str:
    """A heading without the words that say "of which": "Trong đó: trực tuyến" → "trực tuyến"."""
    key = structural_key(text)
    for filler in vocabulary().heading_fillers:
        if key == filler:
            return ""
        if key.startswith(filler + " "):
            words = len(filler.split())
            rest = re.split(r"[\s:,;.\-–]+", clean_spaces(text), maxsplit=words)
            return clean_spaces(rest[-1].lstrip(":,;.-– ")) if len(rest) > words else ""
    return text


def _is_group_total(text: str) -> bool:
    return structural_key(text) in vocabulary().heading_group_total


def _is_rate_group(text: str) -> bool:
    """A group heading that makes every column under it a percentage ("Tỷ lệ (%)")."""
    key = heading_key(text)
    words = vocabulary()
    return "%" in text or key in words.rate_group_labels or key.startswith(words.rate_group_starts)


def _group_combinations(group: str, sub: str) -> list[str]:
    """"Tỷ lệ (%)" + "Đúng hạn" → "Tỷ lệ (%) Đúng hạn", "Tỷ lệ Đúng hạn (%)"; under a count
    group, the count's name first: "Số hồ sơ nhận giải quyết" + "Trực tuyến" → "Hồ sơ tiếp nhận Trực tuyến"."""
    units = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", group)
    bare = clean_spaces(re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*", " ", group))
    out = [f"{group} {sub}"]
    if units:
        out.append(f"{bare} {sub} ({units[-1]})")
    role, code, _ = recognise(group)
    if role == "indicator" and catalog.indicator(code).kind == "count":
        name = catalog.indicator(code).name_vi  # "Hồ sơ tiếp nhận": "… trực tuyến", "Hồ sơ trực tuyến"
        out += [f"{name} {sub}", f"{' '.join(name.split()[:2])} {sub}"]
    return out


@dataclass
class Column:
    letter: str
    heading: str | None
    role: str | None = None          # a structural role, "indicator", or None (unknown)
    indicator: str | None = None
    cumulative: bool = False
    group: str | None = None         # the merged group heading above the sub-heading, if any
    check_percent: bool = False      # a rate named only through an alias with "%": the cells must agree
    count_by_cells: bool = False     # such a heading read as its count because its cells exceed 100

    @property
    def label(self) -> str:
        return f"{self.letter} ({clip(self.heading)})" if self.heading else self.letter


def heading_texts(cells: list[str | None]) -> list[str]:
    """A column's header cells top to bottom, each once, without "of which" words; a last
    sub-heading that means its group ("Tổng số") gives way to the group."""
    texts = [t for t in dict.fromkeys(without_fillers(c.removeprefix(NUM)) for c in cells if c is not None) if t]
    while len(texts) > 1 and _is_group_total(texts[-1]):
        texts.pop()
    return texts


def column(letter: str, cells: list[str | None], group_span: int = 1) -> tuple[Column, tuple[str, str] | None]:
    """What one column means, from its header cells top to bottom (merged group headings first).

    The sub-heading (lowest cell) decides, read together with its group headings, nearest first.
    A sub-heading alone that means another kind than its group ("Quá hạn", a count, under "Tỷ lệ
    (%)") is not guessed: the column is unknown, with the reason as (vi, en). `group_span`: how
    many columns the nearest group heading covers.
    """
    texts = heading_texts(cells)
    if not texts:
        return Column(letter, None), None
    sub, groups = texts[-1], texts[:-1]
    heading = " / ".join(texts)
    role, code, cumulative = recognise(sub)
    if role and role != "indicator":
        return Column(letter, sub, role), None
    for group in [*reversed(groups), " ".join(groups)] if len(groups) > 1 else groups:
        for text in _group_combinations(group, sub):
            r, c, cu = recognise(text)
            if r == "indicator":
                return Column(letter, heading, r, c, cu or cumulative, group), None
    group = " ".join(groups) or None
    if role == "indicator":
        ind = catalog.indicator(code)
        if group and _is_rate_group(group) and not ind.is_percent:
            return Column(letter, heading, group=group), (
                f"'{clip(sub)}' nằm dưới nhóm tỷ lệ '{clip(group)}' nhưng một mình lại là số đếm "
                f"{ind.name_vi} ({code}); danh mục không có tỷ lệ nào tên như vậy (đổi tiêu đề cho khớp "
                f"danh mục hoặc xóa cột)",
                f"'{clip(sub)}' sits under the rate group '{clip(group)}' but alone it is the count "
                f"{ind.name_en} ({code}); the catalog has no rate of that name (rename the heading to a "
                f"catalog indicator or delete the column)")
        col = Column(letter, sub, role, code, cumulative, group)
        col.check_percent = match.only_by_percent_alias(sub, code)
        if col.check_percent and (count := match.count_by_unit(sub)):
            col.indicator, col.check_percent = count, False  # "Trực tuyến (hồ sơ)": a count of dossiers
        return col, None
    if groups and group_span == 1:  # a recognised heading over one column and a note under it
        for cell in reversed(groups):
            r, c, cu = recognise(cell)
            if r:
                return Column(letter, cell, r, c, cu), None
    return Column(letter, heading), None


def header_block(grid: list[list[str | None]], scan: int) -> tuple[int, list[int]]:
    """The header row's index and the indices of the rows forming the header block."""
    scores = []
    for i in range(min(scan, len(grid))):
        scores.append(sum(1 for cell in grid[i] if cell is not None and not cell.startswith(NUM)
                          and recognise(without_fillers(cell) or cell)[0] is not None))
    if not scores or max(scores) < 2:
        return -1, []
    best = scores.index(max(scores))
    block = [best]
    known = {j for j, cell in enumerate(grid[best]) if recognise(cell)[0]}
    for step in (-1, 1):
        i = best + step
        while 0 <= i < len(grid) and abs(i - best) <= 2:
            extra = {j for j, cell in enumerate(grid[i])
                     if j not in known and cell is not None and not cell.startswith(NUM) and recognise(cell)[0]}
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
