"""Matching what files say to the master data and the catalog.

Communes: etl.communes (new communes by code or by name within a province, old communes
through the old→new mapping); its functions stay importable from here.

Indicators: by code, Vietnamese or English name, or a catalog alias. A heading's full key
(its unit in brackets included) is tried first, so "Thanh toán trực tuyến (%)" (the rate) and
"Thanh toán trực tuyến" (the count) stay apart; then the key without the unit, and when that
is shared by several indicators the unit decides ("%" → the percentage one).
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from core import catalog
from core.names import ascii_key, clean_spaces, heading_key, province_keys
from etl import masterdata
from etl.vocabulary import vocabulary


def _full_key(text: str) -> str:
    return ascii_key(str(text).replace("%", " % "))


@lru_cache(maxsize=1)
def _indicator_index() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    full: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    for ind in catalog.indicators().values():
        for text in (ind.code, ind.name_vi, ind.name_en, *ind.aliases):
            full.setdefault(_full_key(text), set()).add(ind.code)
            loose.setdefault(heading_key(text), set()).add(ind.code)
    return full, loose


def strip_cumulative(heading: str) -> tuple[str, bool]:
    """("Lũy kế tiếp nhận", …) → ("tiếp nhận", True): the heading without its cumulative words."""
    key = ascii_key(heading)
    for words in vocabulary().cumulative_heading_words:
        if key.startswith(words + " ") or key.endswith(" " + words):
            folded = ascii_key(heading)
            rest = folded[len(words):] if folded.startswith(words + " ") else folded[: -len(words)]
            return rest.strip(), True
    return heading, False


def indicator_for_heading(text: str | None) -> str | None:
    """The catalog code a heading or an indicator cell names, or None."""
    if text is None:
        return None
    full, loose = _indicator_index()
    codes = full.get(_full_key(text))
    if codes and len(codes) == 1:
        return next(iter(codes))
    codes = loose.get(heading_key(text))
    if not codes:
        return None
    if len(codes) == 1:
        return next(iter(codes))
    wants_pct = "%" in str(text)
    fitting = [c for c in codes if catalog.indicator(c).is_percent == wants_pct]
    return fitting[0] if len(fitting) == 1 else None


def only_by_percent_alias(text: str, code: str) -> bool:
    """True when a heading without "%" names the percentage `code` only through a name or alias
    that carries "%" ("Trực tuyến" ← "Trực tuyến (%)"): the heading alone does not say it is a rate."""
    if "%" in str(text):
        return False
    ind = catalog.indicator(code)
    if not ind.is_percent:
        return False
    key = heading_key(text)
    plain = [t for t in (ind.code, ind.name_vi, ind.name_en, *ind.aliases) if "%" not in t]
    return key not in {heading_key(t) for t in plain}


def count_by_unit(text: str) -> str | None:
    """The one count a heading names when its unit in brackets says it counts things:
    "Trực tuyến (hồ sơ)" is dossiers_online, not the online rate."""
    units = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", str(text))
    if not units or ascii_key(units[-1]) not in vocabulary().count_units:
        return None
    code = indicator_for_heading(f"{units[-1]} {heading_key(text)}")  # "hồ sơ trực tuyến"
    if code is not None and catalog.indicator(code).kind == "count":
        return code
    return count_named(text)


def count_named(text: str) -> str | None:
    """The one count whose name or an alias contains every word of the heading ("Trực tuyến" is
    in "Hồ sơ tiếp nhận trực tuyến" only), or None when none or several do."""
    key = f" {heading_key(text)} "
    found = {ind.code for ind in catalog.indicators().values() if ind.kind == "count"
             for t in (ind.name_vi, *ind.aliases) if key in f" {heading_key(t)} "}
    return found.pop() if len(found) == 1 else None


def count_candidates(text: str, n: int = 2) -> list[str]:
    """Non-percentage indicators whose names contain the heading's words, shortest first, as "name (code)"."""
    key = f" {heading_key(text)} "
    found: dict[str, int] = {}
    for ind in catalog.indicators().values():
        if ind.is_percent:
            continue
        for t in (ind.name_vi, *ind.aliases):
            if key in f" {heading_key(t)} ":
                found[ind.code] = min(found.get(ind.code, 10**6), len(heading_key(t)))
    codes = sorted(found, key=lambda c: (found[c], c))[:n]
    return [f"{catalog.indicator(c).name_vi} ({c})" for c in codes]


def indicator_candidates(text: str, n: int = 3) -> list[str]:
    """The catalog names closest to an unknown heading, as "name (code)"."""
    _, loose = _indicator_index()
    keys = difflib.get_close_matches(heading_key(text), list(loose), n=n * 2, cutoff=0.5)
    out: list[str] = []
    for key in keys:
        for code in sorted(loose[key]):
            label = f"{catalog.indicator(code).name_vi} ({code})"
            if label not in out:
                out.append(label)
    return out[:n]


# ---- provinces ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _province_index() -> tuple[dict[str, list[int]], dict[str, list[int]], dict[int, str]]:
    by_name: dict[str, list[int]] = {}
    by_ascii: dict[str, list[int]] = {}
    names = {}
    for row in masterdata.provinces().iter_rows(named=True):
        code = int(row["province_code"])
        names[code] = row["name"]
        by_name.setdefault(row["name_key"], []).append(code)
        by_ascii.setdefault(row["ascii_key"], []).append(code)
    return by_name, by_ascii, names


def province_code(text: str | None) -> tuple[int | None, list[str]]:
    """(province code, []) or (None, closest province names) for a code or a name."""
    if text is None:
        return None, []
    from etl.numbers import NUM

    raw = str(text).removeprefix(NUM).strip()
    by_name, by_ascii, names = _province_index()
    try:
        number = float(raw)
        if number.is_integer() and int(number) in names:
            return int(number), []
        return None, []
    except ValueError:
        pass
    key, akey = province_keys(raw)
    if len(by_name.get(key, [])) == 1:
        return by_name[key][0], []
    if len(by_ascii.get(akey, [])) == 1:
        return by_ascii[akey][0], []
    close = difflib.get_close_matches(akey, list(by_ascii), n=3, cutoff=0.5)
    return None, [names[by_ascii[k][0]] for k in close]


def province_name(code: int) -> str:
    return _province_index()[2][code]


def province_in_text(text: str) -> int | None:
    """A province named in a report title ("UBND TỈNH THANH HÓA"), when exactly one is."""
    folded = f" {ascii_key(text)} "
    _, by_ascii, _ = _province_index()
    prefixes = vocabulary().title_province_prefixes
    found = {codes[0] for key, codes in by_ascii.items() if any(f" {p} {key} " in folded for p in prefixes)}
    return found.pop() if len(found) == 1 else None


# ---- communes: etl.communes (kept importable from here) -----------------------------------

from etl.communes import code_of as _code_of  # noqa: E402
from etl.communes import commune_by_name, commune_name, match_communes  # noqa: E402

__all__ = ["_code_of", "commune_by_name", "commune_name", "match_communes"]


def clean(text: str) -> str:
    return clean_spaces(text)
