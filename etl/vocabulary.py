"""The words of data/catalog/vocabulary.yaml, keyed for matching and read once.

Harmonising words is data, not code: the file lists headings, totals, notes, sections,
cumulative markers, Resolution 57 statuses and empty-cell marks as people write them. Each
group is keyed here by the function that keys the cells it meets (the file's header says
which), so the matching code compares keys with keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from core import catalog
from core.config import CATALOG_DIR
from core.names import ascii_key, clean_spaces, fold, heading_key

VOCABULARY_PATH = CATALOG_DIR / "vocabulary.yaml"


def structural_key(text: str) -> str:
    """A heading's key: core.names.heading_key with "/", "," and ":" as spaces."""
    return clean_spaces(heading_key(text).replace("/", " ").replace(",", " ").replace(":", " "))


@dataclass(frozen=True)
class Vocabulary:
    roles: dict[str, str]                  # heading key → structural role (commune, period, …)
    rate_group_labels: frozenset[str]      # core.names.heading_key keys
    rate_group_starts: tuple[str, ...]     # core.names.heading_key keys
    total_labels: frozenset[str]           # heading keys
    total_starts: tuple[str, ...]          # heading keys
    footer_starts: tuple[str, ...]         # folded
    section_starts: tuple[str, ...]        # folded
    cumulative_heading_words: tuple[str, ...]  # ascii keys, in the file's order
    cumulative_title_words: tuple[str, ...]    # folded
    cumulative_from_january: tuple[str, ...]   # folded
    r57_statuses: dict[str, str]           # ascii key → green | yellow | red
    r57_not_reported: frozenset[str]       # ascii keys
    empty_cells: frozenset[str]            # exact (stripped) or ascii keys: not reported
    zero_cells: frozenset[str]             # exact (stripped): zero in a count or stock
    title_province_prefixes: tuple[str, ...]   # ascii keys
    commune_authority: tuple[tuple[str, ...], ...]     # ascii words, longest first
    commune_types: tuple[tuple[tuple[str, ...], str], ...]  # (ascii words, xã | phường | …), longest first
    heading_fillers: tuple[str, ...]       # heading keys, longest first
    heading_group_total: frozenset[str]    # heading keys
    count_units: frozenset[str]            # ascii keys

    def not_reported(self, token: str) -> bool:
        """A number cell that says nothing was reported ("…", "x", "không có số liệu", blank)."""
        text = token.strip()
        return text in self.empty_cells or (ascii_key(text) in self.empty_cells and ascii_key(text) != "")

    def zero(self, token: str) -> bool:
        """A number cell that means zero in a count or stock ("-")."""
        return token.strip() in self.zero_cells


def _texts(entries: list, group: str) -> list[str]:
    """The entries of a group; anything but text (YAML's false for an unquoted No) is a mistake."""
    for entry in entries:
        if not isinstance(entry, str):
            raise TypeError(f"{VOCABULARY_PATH.name}: {group}: {entry!r} is not text (quote it)")
    return list(entries)


def _keyed(entries: list, group: str, key) -> list[str]:
    """Keys of the entries; a trailing space (a whole-word start) survives the keying."""
    return [key(text) + (" " if text.endswith(" ") else "") for text in _texts(entries, group)]


def _by_value(groups: dict[str, list], name: str, key) -> dict[str, str]:
    """{key of an entry: its group's name}; an entry in two groups is a mistake."""
    out: dict[str, str] = {}
    for value, entries in groups.items():
        for entry in _keyed(entries, f"{name}.{value}", key):
            if out.setdefault(entry, value) != value:
                raise ValueError(f"{VOCABULARY_PATH.name}: {name}: '{entry}' is in {out[entry]} and {value}")
    return out


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = catalog.read_yaml(VOCABULARY_PATH)
    cumulative = raw["cumulative"]
    return Vocabulary(
        roles=_by_value(raw["headings"], "headings", structural_key),
        rate_group_labels=frozenset(_keyed(raw["rate_group"]["labels"], "rate_group.labels", heading_key)),
        rate_group_starts=tuple(_keyed(raw["rate_group"]["starts"], "rate_group.starts", heading_key)),
        total_labels=frozenset(_keyed(raw["totals"]["labels"], "totals.labels", structural_key)),
        total_starts=tuple(_keyed(raw["totals"]["starts"], "totals.starts", structural_key)),
        footer_starts=tuple(_keyed(raw["footer"]["starts"], "footer.starts", fold)),
        section_starts=tuple(_keyed(raw["sections"]["starts"], "sections.starts", fold)),
        cumulative_heading_words=tuple(_keyed(cumulative["heading_words"], "cumulative.heading_words", ascii_key)),
        cumulative_title_words=tuple(_keyed(cumulative["title_words"], "cumulative.title_words", fold)),
        cumulative_from_january=tuple(_keyed(cumulative["from_january"], "cumulative.from_january", fold)),
        r57_statuses=_by_value(raw["r57_status"], "r57_status", ascii_key),
        r57_not_reported=frozenset(_keyed(raw["r57_not_reported"], "r57_not_reported", ascii_key)),
        empty_cells=frozenset(_texts(raw["empty_cells"], "empty_cells"))
        | frozenset(k for k in _keyed(raw["empty_cells"], "empty_cells", ascii_key) if k),
        zero_cells=frozenset(t.strip() for t in _texts(raw["zero_cells"], "zero_cells")),
        title_province_prefixes=tuple(_keyed(raw["title_province_prefixes"], "title_province_prefixes",
                                             ascii_key)),
        commune_authority=_word_lists(raw["commune_names"]["authority"], "commune_names.authority"),
        commune_types=tuple(sorted(((words, kind) for kind, entries in raw["commune_names"]["types"].items()
                                    for words in _word_lists(entries, f"commune_names.types.{kind}")),
                                   key=lambda item: -len(item[0]))),
        heading_fillers=tuple(sorted(_keyed(raw["heading_fillers"], "heading_fillers", structural_key),
                                     key=len, reverse=True)),
        heading_group_total=frozenset(_keyed(raw["heading_group_total"], "heading_group_total", structural_key)),
        count_units=frozenset(_keyed(raw["count_units"], "count_units", ascii_key)),
    )


def _word_lists(entries: list, group: str) -> tuple[tuple[str, ...], ...]:
    """Each entry as its ascii words ("Ủy ban nhân dân" → ("uy", "ban", "nhan", "dan")), longest first."""
    return tuple(sorted((tuple(ascii_key(text).split()) for text in _texts(entries, group)), key=len, reverse=True))
