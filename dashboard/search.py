"""Finding communes and provinces by typing: diacritics, case and the "Xã/Phường/Tỉnh" prefix
never matter ("ba thuoc" finds Xã Bá Thước, "hue" finds Huế, "thanh hoa" Thanh Hóa).

Pure: no Streamlit. Streamlit's own select boxes filter their labels in the browser, where
"ba thuoc" does not match "Bá Thước"; the pages therefore search on the server with the
same keys the ETL matches names with (core.names.ascii_key), and offer what is found.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.names import COMMUNE_PREFIXES, PROVINCE_PREFIXES, ascii_key
from core.periods import ascii_int

DEFAULT_LIMIT = 6


@dataclass(frozen=True)
class Hit:
    """One thing found: a province or a commune, with the label to show."""
    kind: str  # "province" | "commune"
    code: int
    label: str
    province: int | None = None  # the commune's province


def query_key(text: str) -> str:
    """What a typed query compares: no diacritics, no case, no prefix ('Xã', 'Tỉnh', …)."""
    return ascii_key(text or "", COMMUNE_PREFIXES + PROVINCE_PREFIXES)


def _score(key: str, wanted: str) -> int | None:
    """0 for the whole name, 1 for a name that starts with the query, 2 for a word that does,
    3 for the query anywhere inside; None when it is not there."""
    if key == wanted:
        return 0
    if key.startswith(wanted):
        return 1
    if f" {wanted}" in f" {key}":
        return 2
    return 3 if wanted in key else None


def rank_matches(query: str, names: dict[int, str], prefixes=COMMUNE_PREFIXES) -> list[int]:
    """Codes of `names` matching the query, best first (whole name, start, word, inside; then by name).

    A query of ASCII digits also finds the code itself (an official code typed as '14923').
    """
    wanted = query_key(query)
    if not wanted:
        return []
    scored = []
    by_code = ascii_int(query)
    for code, name in names.items():
        score = 0 if by_code is not None and by_code == code else _score(ascii_key(name, prefixes), wanted)
        if score is not None:
            scored.append((score, ascii_key(name, prefixes), name, code))
    return [code for *_, code in sorted(scored)]


def find(query: str, provinces: dict[int, str], communes: dict[int, tuple[str, int]],
         province_names: dict[int, str] | None = None, limit: int = DEFAULT_LIMIT) -> tuple[list[Hit], int]:
    """Provinces, then communes, matching the query; and how many matched in all.

    `communes` maps a code to (name, province code); a commune's label names its province when
    `province_names` is given (names repeat across provinces: Xã Vĩnh Tường is in three).
    """
    province_hits = [Hit("province", code, provinces[code])
                     for code in rank_matches(query, provinces, PROVINCE_PREFIXES)]
    names = {code: name for code, (name, _) in communes.items()}
    commune_hits = []
    for code in rank_matches(query, names):
        name, province = communes[code]
        label = f"{name} · {province_names[province]}" if province_names and province in province_names else name
        commune_hits.append(Hit("commune", code, label, province))
    hits = province_hits + commune_hits
    return hits[:limit], len(hits)
