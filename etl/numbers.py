"""Numbers as people type them: the Vietnamese form and the plain form.

Vietnamese: decimal comma, dot thousands, a % sign ("67,83%", "5.932", "1.234,5").
Plain: decimal dot, optional comma thousands ("67.83", "5932", "1,234.5").

Some tokens are decided by themselves ("67,83" can only be a decimal comma, "1.234.567" only
dot thousands); others are not ("1.939" is 1939 in Vietnamese and 1.939 in plain form, "5,932"
the other way round). A column's form comes from its decided tokens; where it has none, from
the rest of the file when every decided token there agrees; otherwise it is refused and the
user is told to state it with `--decimal comma|dot`. Guessing would silently turn 1.939
dossiers into 1,939. In a column of whole numbers (counts, stocks) "1.939" is decided: 1.939
dossiers cannot be, so it is 1939.

Cells typed as numbers in a spreadsheet reach us as `NUM + plain text` (see etl.read): they
are never ambiguous.
"""
from __future__ import annotations

import math
import re

import polars as pl

from etl.vocabulary import vocabulary

NUM = "\x1f"  # marks a cell the spreadsheet itself typed as a number (plain text follows)

COMMA, DOT = "comma", "dot"
_SPACE_CHARS = re.compile(r"[\s\u00a0\u202f]")
_DIGITS = re.compile(r"^[+-]?[\d.,]+$")


def _clean(token: str) -> tuple[str, bool]:
    text = _SPACE_CHARS.sub("", token)
    pct = text.endswith("%")
    if pct:
        text = text[:-1]
    return text, pct


def classify(token: str | None, whole_numbers: bool = False) -> str | None:
    """The decimal mark a single token proves: "comma", "dot", "ambiguous", or None (neutral).

    `whole_numbers`: the column holds whole numbers (dossiers, people): "1.050" read as a decimal would be
    1.05 dossiers, so it proves dot thousands; "1.000" (1 or 1000) proves nothing."""
    if token is None or token.startswith(NUM):
        return None
    text, _ = _clean(token)
    text = text.lstrip("+-")
    if not text or not _DIGITS.match(text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        return COMMA if text.rfind(",") > text.rfind(".") else DOT
    if not dots and not commas:
        return None
    mark, count = (".", dots) if dots else (",", commas)
    if count > 1:  # repeated marks can only be thousands separators
        return COMMA if mark == "." else DOT
    whole, frac = text.split(mark)
    thousands_possible = len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if thousands_possible:
        if whole_numbers and frac != "000":
            return COMMA if mark == "." else DOT
        return "ambiguous"
    return DOT if mark == "." else COMMA


def column_form(tokens: list[str | None], whole_numbers: bool = False) -> str | None:
    """The form the tokens prove: comma, dot, "conflict", "ambiguous", or None (no marks at all)."""
    found = {classify(t, whole_numbers) for t in tokens} - {None}
    decided = found - {"ambiguous"}
    if len(decided) > 1:
        return "conflict"
    if decided:
        return decided.pop()
    return "ambiguous" if found else None


def parse(token: str | None, decimal: str | None) -> float | None:
    """One token as a float (None when the cell holds no number: empty, not reported, or the
    zero sign "-" whose meaning depends on the column's kind); ValueError when it is not a number."""
    if token is None:
        return None
    if token.startswith(NUM):
        value = float(token[1:].removesuffix("%"))  # "%": a percentage-formatted cell (etl.read)
        if not math.isfinite(value):  # NaN or infinity from a Parquet or spreadsheet cell
            raise ValueError(token)
        return value
    words = vocabulary()
    if words.not_reported(token) or words.zero(token):  # "-" is zero in counts: etl.pipeline decides by kind
        return None
    text, _pct = _clean(token)
    if not text or words.not_reported(text) or words.zero(text):  # "- %", "… %"
        return None
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    if not body or not _DIGITS.match(body):
        raise ValueError(token)
    dec, thou = (",", ".") if decimal == COMMA else (".", ",")
    if thou in body:
        whole = body.split(dec)[0]
        groups = whole.split(thou)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError(token)
        body = body.replace(thou, "")
    if body.count(dec) > 1:
        raise ValueError(token)
    value = sign * float(body.replace(dec, "."))
    if not math.isfinite(value):
        raise ValueError(token)
    return value


def decide_forms(columns: dict[str, list[str | None]], decimal: str | None,
                 whole: frozenset[str] = frozenset()) -> dict[str, str | None]:
    """The decimal mark to read each column with; "ambiguous"/"conflict" where it cannot be read.

    `decimal` (the --decimal option) wins everywhere. Otherwise a column's own decided tokens
    settle it; a column with only ambiguous tokens borrows the form of the rest of the file
    when the whole file agrees on one. `whole`: the columns of whole numbers (counts and stocks).
    """
    if decimal:
        return dict.fromkeys(columns, decimal)
    forms = {name: column_form(tokens, name in whole) for name, tokens in columns.items()}
    decided = {f for f in forms.values() if f in (COMMA, DOT)}
    file_form = decided.pop() if len(decided) == 1 and "conflict" not in forms.values() else None
    out = {}
    for name, form in forms.items():
        if form == "ambiguous" and file_form:
            form = file_form
        out[name] = form if form is not None else DOT
    return out


def parse_values(raw: pl.Series, form: str) -> tuple[pl.Series, list[tuple[int, str]]]:
    """Parse a column of raw tokens with one decimal mark; returns values and (index, token) failures.

    Each distinct token is parsed once and mapped back (a national column of 5 million cells
    holds a few thousand distinct tokens)."""
    distinct = raw.drop_nulls().unique()
    values: list[float | None] = []
    bad_tokens: list[str] = []
    for token in distinct.to_list():
        try:
            values.append(parse(token, form))
        except ValueError:
            values.append(None)
            bad_tokens.append(token)
    parsed = raw.replace_strict(distinct, pl.Series(values, dtype=pl.Float64), default=None,
                                return_dtype=pl.Float64).alias(raw.name)
    if not bad_tokens:
        return parsed, []
    where = raw.is_in(bad_tokens).fill_null(False)
    return parsed, list(zip(where.arg_true().to_list(), raw.filter(where).to_list()))


def shown(token: str) -> str:
    """A token as the user typed it (without the typed-number marker), clipped to 80 characters."""
    from core.problems import clip

    return clip(token[1:] if token.startswith(NUM) else token)
