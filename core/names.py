"""Normalised keys for matching Vietnamese names of communes, provinces and headings.

Files typed by many hands spell the same name in many ways: NFC or NFD, old or new tone
placement ("hoà" / "hòa"), upper case, double spaces, with or without the "Xã"/"Phường"
prefix, or with no diacritics at all. Two keys cover this:

- `name_key`: keeps every diacritic but puts each syllable's tone mark in one canonical
  place, so "Thanh Hoá" and "Thanh Hóa" agree while "Hà" and "Hạ" stay apart;
- `ascii_key`: drops every diacritic (and đ → d), for files typed without them.

Matching tries `name_key` first and falls back to `ascii_key` only when that is unique.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The five tone marks of Vietnamese as combining characters (NFD).
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\s*[\(\[].*?[\)\]]\s*")
_PUNCT = re.compile(r"[’'`´\-–—_.]+")

COMMUNE_PREFIXES = ("đặc khu ", "phường ", "xã ", "thị trấn ")
PROVINCE_PREFIXES = ("thành phố ", "tỉnh ", "tp. ", "tp ")


def _canonical_tones(text: str) -> str:
    """Move each word's tone mark to the end of the word, so tone placement never matters."""
    words = []
    for word in unicodedata.normalize("NFD", text).split(" "):
        tones = "".join(ch for ch in word if ch in _TONE_MARKS)
        base = "".join(ch for ch in word if ch not in _TONE_MARKS)
        words.append(base + tones)
    return " ".join(words)


def clean_spaces(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def _strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        folded = prefix
        if key.startswith(folded) and len(key) > len(folded):
            return key[len(folded):]
    return key


# Keys are asked for the same names again and again (every old commune, every heading, every
# distinct cell of a national file): each text is folded once per process.
@lru_cache(maxsize=1 << 16)
def name_key(text: str, prefixes: tuple[str, ...] = ()) -> str:
    """Diacritic-preserving key; tone placement, case, spaces and prefixes do not matter."""
    key = clean_spaces(text).lower()
    key = _PUNCT.sub(" ", key)
    key = clean_spaces(key)
    key = _strip_prefix(key, prefixes)
    return _canonical_tones(key)


@lru_cache(maxsize=1 << 16)
def ascii_key(text: str, prefixes: tuple[str, ...] = ()) -> str:
    """Key without any diacritic: "Xã Bá Thước" and "xa ba thuoc" agree."""
    key = clean_spaces(text).lower().replace("đ", "d")
    key = "".join(ch for ch in unicodedata.normalize("NFD", key) if not unicodedata.combining(ch))
    key = clean_spaces(_PUNCT.sub(" ", key))
    ascii_prefixes = tuple(ascii_key(p) + " " for p in prefixes)
    return _strip_prefix(key, ascii_prefixes)


def commune_keys(name: str) -> tuple[str, str]:
    return name_key(name, COMMUNE_PREFIXES), ascii_key(name, COMMUNE_PREFIXES)


def province_keys(name: str) -> tuple[str, str]:
    return name_key(name, PROVINCE_PREFIXES), ascii_key(name, PROVINCE_PREFIXES)


def heading_key(text: str) -> str:
    """Key for a column heading or indicator alias: a unit in brackets is ignored."""
    return ascii_key(_BRACKETED.sub(" ", str(text)).replace("%", " "))


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), spaces collapsed; punctuation kept (for patterns)."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()


# The Vietnamese alphabet: a ă â b c d đ e ê g … o ô ơ … u ư …; the letters with a breve, a circumflex
# or a horn (and đ) are letters of their own, sorted after their base letter. Tones come second:
# a word differs first by its letters, then by its tones in the dictionary order
# ngang, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str, prefixes: tuple[str, ...] = ()) -> tuple:
    """A key that orders names as a Vietnamese dictionary does ("An" < "Ân" < "Bá" < "Đa"),
    ignoring case, spaces and any of `prefixes` (so communes sort by "Bá Thước", not by "Xã")."""
    key = _strip_prefix(clean_spaces(text).lower(), prefixes)
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", key.replace("đ", "d\u0111")):
        if ch == "\u0111":  # đ: d, then a fourth mark that sorts it after every d
            letters[-1] = (letters[-1][0], 4)
        elif ch in _LETTER_MARKS and letters:
            letters[-1] = (letters[-1][0], _LETTER_MARKS[ch])
        elif ch in _TONE_ORDER:
            tones.append(_TONE_ORDER[ch])
        elif not unicodedata.combining(ch):
            letters.append((ord(ch), 0))
            tones.append(0)
    return tuple(letters), tuple(tones), key


def slug(text: str) -> str:
    """A safe ASCII piece of a file name: 'Thanh Hóa' → 'thanh-hoa'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_key(str(text))).strip("-")
