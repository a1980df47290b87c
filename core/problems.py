"""What is wrong with a file, said the same way by the command line and the upload page.

A `Problem` names the file, the row (as the spreadsheet numbers it), the column and the
reason in Vietnamese and English. Errors refuse a file; warnings load and are listed.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

CELL_TEXT_MAX = 80


def clip(text, limit: int = CELL_TEXT_MAX) -> str:
    """A cell's text as echoed in a message: at most `limit` characters, "…" when cut. A leading
    unit separator (\x1f, the ETL's mark of a cell the spreadsheet typed as a number) is not text
    the user wrote: a typed code 99999 is echoed as '99999', as the same code written in a CSV."""
    text = "" if text is None else str(text).removeprefix("\x1f")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or a whole column or file), in both languages."""
    file: str
    row: int | None
    column: str | None
    rule: str
    reason_vi: str
    reason_en: str
    severity: str = "error"  # error | warning

    def line(self) -> str:
        """`file:row:column: reason_vi / reason_en`, row as the spreadsheet numbers it."""
        tag = "" if self.severity == "error" else "[cảnh báo / warning] "
        return (f"{self.file}:{self.row if self.row is not None else '-'}:{self.column or '-'}: "
                f"{tag}{self.reason_vi} / {self.reason_en}")


def row_ranges(rows: list[int]) -> str:
    """[12, 13, 14, 20] → "12-14,20"."""
    rows = sorted(set(rows))
    if not rows:
        return ""
    parts, start, prev = [], rows[0], rows[0]
    for row in rows[1:] + [None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if row is not None:
            start = prev = row
    return ",".join(parts)


def format_problems(problems: list[Problem], spread: int = 3) -> list[str]:
    """One line per problem; the same reason in the same column on more than `spread` rows
    becomes one line naming every row as ranges (a national file with one wrong title would
    otherwise print a line per cell)."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        key = (problem.file, problem.column, problem.rule, problem.reason_vi, problem.reason_en, problem.severity)
        groups.setdefault(key, []).append(problem)
    lines = []
    for members in sorted(groups.values(), key=lambda m: (m[0].row or 0, m[0].column or "")):
        if len(members) <= spread or any(p.row is None for p in members):
            lines.extend((p.row or 0, p.line()) for p in members)
        else:
            first = members[0]
            merged = dataclasses.replace(first, row=None)
            text = merged.line().replace(f"{first.file}:-:", f"{first.file}:{row_ranges([p.row for p in members])}:", 1)
            lines.append((first.row, text + f" ({len(members)} dòng / rows)"))
    return [text for _, text in sorted(lines, key=lambda item: item[0])]
