"""Matching what files say to the master data and the catalog.

Communes: by code, or by name within a province (a name alone is never enough: Xã Vĩnh Tường
exists in three provinces). Names go through the two keys of core.names: the diacritic-
preserving `name_key` first, then `ascii_key` only when it is unique. A name that matches
nothing, or more than one commune, is an error listing the closest candidates.

Indicators: by code, Vietnamese or English name, or a catalog alias. A heading's full key
(its unit in brackets included) is tried first, so "Thanh toán trực tuyến (%)" (the rate) and
"Thanh toán trực tuyến" (the count) stay apart; then the key without the unit, and when that
is shared by several indicators the unit decides ("%" → the percentage one).
"""
from __future__ import annotations

import difflib
from functools import lru_cache

import polars as pl

from core import catalog
from core.names import ascii_key, clean_spaces, commune_keys, heading_key, province_keys
from core.problems import Problem, clip
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


# ---- communes -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _commune_index():
    frame = masterdata.communes()
    by_code = {int(c): (int(p), n) for c, p, n in
               zip(frame["commune_code"], frame["province_code"], frame["name"])}
    by_name: dict[tuple[int, str], list[int]] = {}
    by_ascii: dict[tuple[int, str], list[int]] = {}
    ascii_by_province: dict[int, dict[str, list[int]]] = {}
    for code, prov, key, akey in zip(frame["commune_code"], frame["province_code"], frame["name_key"],
                                     frame["ascii_key"]):
        by_name.setdefault((int(prov), key), []).append(int(code))
        by_ascii.setdefault((int(prov), akey), []).append(int(code))
        ascii_by_province.setdefault(int(prov), {}).setdefault(akey, []).append(int(code))
    return by_code, by_name, by_ascii, ascii_by_province


def commune_name(code: int) -> str:
    return _commune_index()[0][code][1]


def _code_of(text: str) -> int | None:
    from etl.numbers import NUM

    raw = str(text).removeprefix(NUM).strip()
    try:
        number = float(raw)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def commune_by_name(name: str, province: int) -> tuple[int | None, str, list[str]]:
    """(code, "", []) or (None, "unmatched"|"ambiguous", candidate names) within one province."""
    _, by_name, by_ascii, ascii_by_province = _commune_index()
    key, akey = commune_keys(name)
    codes = by_name.get((province, key), [])
    if len(codes) == 1:
        return codes[0], "", []
    if not codes:
        codes = by_ascii.get((province, akey), [])
        if len(codes) == 1:
            return codes[0], "", []
    if len(codes) > 1:
        return None, "ambiguous", [f"{commune_name(c)} ({c:05d})" for c in codes]
    pool = ascii_by_province.get(province, {})
    close = difflib.get_close_matches(akey, list(pool), n=3, cutoff=0.6)
    return None, "unmatched", [f"{commune_name(c)} ({c:05d})" for k in close for c in pool[k]]


def match_communes(rows: pl.DataFrame, file: str, labels: dict[str, str],
                   default_province: int | None) -> tuple[pl.DataFrame, list[Problem]]:
    """Add `commune_code` to rows with `_row` and any of commune / commune_code / province.

    Rows that cannot be matched get a null code and a problem each (every row, at once).
    """
    def column(name: str) -> list:
        return rows[name].to_list() if name in rows.columns else [None] * rows.height

    matcher = _RowMatcher(file, labels, default_province)
    out: list[int | None] = []
    problems: list[Problem] = []
    for row, name, code_text, prov_text in zip(rows["_row"].to_list(), column("commune"),
                                               column("commune_code_raw"), column("province")):
        code, problem = matcher.match(row, name, code_text, prov_text)
        out.append(code)
        if problem is not None:
            problems.append(problem)
    return rows.with_columns(pl.Series("commune_code", out, dtype=pl.Int32)), problems


class _RowMatcher:
    """One file's rows to commune codes: (code, None) or (None, the problem), lookups cached."""

    def __init__(self, file: str, labels: dict[str, str], default_province: int | None):
        self.file, self.default_province = file, default_province
        self.col_name, self.col_code = labels.get("commune"), labels.get("commune_code")
        self.col_prov = labels.get("province")
        self.by_code = _commune_index()[0]
        self.provinces: dict[str, tuple[int | None, list[str]]] = {}
        self.names: dict[tuple[str, int], tuple[int | None, str, list[str]]] = {}

    def match(self, row: int, name: str | None, code_text: str | None, prov_text: str | None
              ) -> tuple[int | None, Problem | None]:
        province = self.default_province
        if prov_text is not None:
            if prov_text not in self.provinces:
                self.provinces[prov_text] = province_code(prov_text)
            province, close = self.provinces[prov_text]
            if province is None:
                return None, Problem(
                    self.file, row, self.col_prov, "province_unmatched",
                    f"Không nhận ra tỉnh '{clip(prov_text)}'" + (f"; gần nhất: {', '.join(close)}" if close else ""),
                    f"Unknown province '{clip(prov_text)}'" + (f"; closest: {', '.join(close)}" if close else ""))
        if code_text is not None:
            return self._by_code(row, name, code_text, province)
        if name is None:
            return None, Problem(self.file, row, self.col_name or self.col_code, "commune_missing",
                                 "Dòng có số liệu nhưng không có tên hoặc mã xã",
                                 "The row has figures but no commune name or code")
        if province is None:
            return None, Problem(
                self.file, row, self.col_name, "province_missing",
                f"Không biết '{clip(name)}' thuộc tỉnh nào: thêm cột Tỉnh, mã xã hoặc --province",
                f"No province for '{clip(name)}': add a province column, commune codes or --province")
        return self._by_name(row, name, province)

    def _by_code(self, row: int, name: str | None, code_text: str, province: int | None
                 ) -> tuple[int | None, Problem | None]:
        """A code must exist, lie in the row's province and agree with the row's name."""
        code = _code_of(code_text)
        if code is None or code not in self.by_code:
            return None, Problem(self.file, row, self.col_code, "commune_code_unknown",
                                 f"Không có xã nào mang mã '{clip(code_text)}'",
                                 f"No commune has the code '{clip(code_text)}'")
        home, official = self.by_code[code]
        if province is not None and home != province:
            return None, Problem(
                self.file, row, self.col_code, "commune_code_province",
                f"Mã {code:05d} là {official}, thuộc {province_name(home)}, không thuộc {province_name(province)}",
                f"Code {code:05d} is {official} in {province_name(home)}, not in {province_name(province)}")
        if name is not None and commune_by_name(name, home)[0] != code:
            return None, Problem(
                self.file, row, self.col_name, "commune_code_name",
                f"Tên '{clip(name)}' không khớp mã {code:05d} ({official})",
                f"The name '{clip(name)}' does not match the code {code:05d} ({official})")
        return code, None

    def _by_name(self, row: int, name: str, province: int) -> tuple[int | None, Problem | None]:
        if (name, province) not in self.names:
            self.names[(name, province)] = commune_by_name(name, province)
        code, why, close = self.names[(name, province)]
        if code is not None:
            return code, None
        listed = ", ".join(close) if close else "—"
        where = province_name(province)
        if why == "ambiguous":
            return None, Problem(self.file, row, self.col_name, "commune_ambiguous",
                                 f"'{clip(name)}' khớp nhiều xã ở {where}: {listed}",
                                 f"'{clip(name)}' matches several communes in {where}: {listed}")
        return None, Problem(self.file, row, self.col_name, "commune_unmatched",
                             f"Không tìm thấy xã '{clip(name)}' ở {where}; gần nhất: {listed}",
                             f"No commune '{clip(name)}' in {where}; closest: {listed}")


def clean(text: str) -> str:
    return clean_spaces(text)
