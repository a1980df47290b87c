"""Communes, districts and provinces as they were before 1 July 2025, and what they became.

The two-level reform merged about 10,000 old communes into 3,321 new ones and abolished the
districts. Files still arrive in the old shape: an old district's letterhead ("UBND HUYỆN BÁ
THƯỚC"), towns ("TT. Cành Nàng"), old codes, old names. Many old names live on in a new
commune of the same name somewhere else (Xã Trung Thành of Nông Cống went into Xã Thắng Lợi,
while Xã Trung Thành of Quan Hóa is a new commune), so an old name is matched through the
old→new mapping (data/geo/vn_old_to_new_communes_2025.csv, `etl.masterdata.old_to_new()`),
never by name to whichever new commune happens to share it.

An old commune went wholly into one new commune (`full`) or was split between several
(`partial`). Only whole merges can be summed into a new commune, and only when every old
commune of that new commune is present.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from core.names import ascii_key, name_key
from etl import masterdata

# Prefixes of old units' names, dropped from the keys (the type is kept apart).
_COMMUNE_TYPES = ("xã ", "phường ", "thị trấn ")
_DISTRICT_TYPES = ("huyện ", "quận ", "thị xã ", "thành phố ")
_PROVINCE_TYPES = ("tỉnh ", "thành phố ")


@dataclass(frozen=True)
class OldCommune:
    """A commune before 1 July 2025 and the new commune(s) it went into."""
    code: int
    name: str                       # "Thị trấn Cành Nàng"
    kind: str                       # xã | phường | thị trấn | huyện (island districts)
    district_code: int | None
    district: str                   # "Huyện Bá Thước"
    province_code: int | None       # the old province
    province: str                   # "Tỉnh Thanh Hóa"
    targets: tuple[tuple[int, str, str], ...]  # (new code, new name, full | partial)
    new_provinces: frozenset[int]

    @property
    def whole(self) -> bool:
        """Went wholly into one new commune."""
        return len(self.targets) == 1 and self.targets[0][2] == "full"

    def became(self) -> tuple[str, str]:
        """What it became, in words (vi, en): "nay thuộc Xã Bá Thước (14923), sáp nhập toàn bộ"."""
        if self.whole:
            code, name, _ = self.targets[0]
            return (f"nay thuộc {name} ({code:05d}), sáp nhập toàn bộ",
                    f"now part of {name} ({code:05d}), merged whole")
        parts = ", ".join(f"{name} ({code:05d})" for code, name, _ in self.targets)
        if len(self.targets) == 1:
            return (f"một phần nay thuộc {parts} (phần còn lại sang đơn vị khác)",
                    f"partly now in {parts} (the rest went elsewhere)")
        return f"được chia vào {parts}", f"split between {parts}"

    def label(self) -> tuple[str, str]:
        """"Thị trấn Cành Nàng (huyện Bá Thước, mã cũ 14923)" in both languages."""
        where = self.district.lower().split(" ")[0] + " " + " ".join(self.district.split(" ")[1:]) \
            if self.district else ""
        return (f"{self.name} ({where + ', ' if where else ''}mã cũ {self.code:05d})",
                f"{self.name} ({self.district + ', ' if self.district else ''}old code {self.code:05d})")


@dataclass(frozen=True)
class OldDistrict:
    code: int
    name: str                       # "Huyện Bá Thước"
    province_code: int
    new_provinces: frozenset[int]


@lru_cache(maxsize=65536)
def _bare(text: str, prefixes: tuple[str, ...]) -> str:
    """The ascii key without a type prefix: "Huyện Bá Thước" → "ba thuoc"."""
    key = ascii_key(text)
    for prefix in prefixes:
        p = ascii_key(prefix) + " "
        if key.startswith(p) and len(key) > len(p):
            return key[len(p):]
    return key


@lru_cache(maxsize=65536)
def _name_bare(text: str, prefixes: tuple[str, ...]) -> str:
    """The diacritic-keeping key without a type prefix."""
    key = name_key(text)
    for prefix in prefixes:
        p = name_key(prefix) + " "
        if key.startswith(p) and len(key) > len(p):
            return key[len(p):]
    return key


@dataclass(frozen=True)
class _Index:
    by_code: dict[int, OldCommune]
    by_ascii: dict[str, list[OldCommune]]       # bare ascii key → old communes (nationwide)
    districts: dict[str, list[OldDistrict]]     # bare ascii key → districts
    provinces: dict[str, tuple[int, frozenset[int]]]  # bare ascii key → (old code, new province codes)
    cities: frozenset[str]                      # bare keys of provinces that are cities ("Thành phố Hà Nội")
    members: dict[int, list[OldCommune]]        # new code → every old commune that went (partly) into it


@lru_cache(maxsize=1)
def _by_code() -> dict[int, OldCommune]:
    """Every old commune by its code: all a file of codes needs (the name keys of _index are not built)."""
    columns = ["old_code", "old_name", "old_type", "old_district_code", "old_district_name", "old_province_code",
               "old_province_name", "new_code", "new_name", "merge_type", "new_province_code"]
    parts: dict[int, list[tuple]] = {}  # the rows of each old code, in order (one pass, not a group per code)
    for row in masterdata.old_to_new().sort("old_code", "new_code").select(columns).iter_rows():
        parts.setdefault(int(row[0]), []).append(row)
    by_code: dict[int, OldCommune] = {}
    for code, part in parts.items():
        _, name, kind, district_code, district, province_code, province, *_ = part[0]
        targets = tuple((int(new_code), new_name, merge_type) for *_, new_code, new_name, merge_type, _ in part)
        new_provinces = frozenset(int(new_province) for *_, new_province in part)
        by_code[code] = OldCommune(code, name, kind, district_code, district or "", province_code, province or "",
                                   targets, new_provinces)
    return by_code


@lru_cache(maxsize=1)
def _index() -> _Index:
    frame = masterdata.old_to_new()
    by_code = _by_code()
    by_ascii: dict[str, list[OldCommune]] = {}
    members: dict[int, list[OldCommune]] = {}
    for old in by_code.values():
        by_ascii.setdefault(_bare(old.name, _COMMUNE_TYPES), []).append(old)
        for new_code, _, _ in old.targets:
            members.setdefault(new_code, []).append(old)
    districts: dict[str, list[OldDistrict]] = {}
    rows = frame.filter(pl.col("old_district_code").is_not_null()).group_by(
        "old_district_code", "old_district_name", "old_province_code").agg(pl.col("new_province_code").unique())
    for code, name, province, news in rows.iter_rows():
        districts.setdefault(_bare(name, _DISTRICT_TYPES), []).append(
            OldDistrict(int(code), name, int(province), frozenset(int(p) for p in news)))
    provinces: dict[str, tuple[int, frozenset[int]]] = {}
    cities = set()
    for code, name, news in frame.group_by("old_province_code", "old_province_name").agg(
            pl.col("new_province_code").unique()).drop_nulls("old_province_name").iter_rows():
        provinces[_bare(name, _PROVINCE_TYPES)] = (int(code), frozenset(int(p) for p in news))
        if ascii_key(name).startswith("thanh pho "):
            cities.add(_bare(name, _PROVINCE_TYPES))
    for name in masterdata.provinces()["name"]:
        if ascii_key(name).startswith("thanh pho "):
            cities.add(_bare(name, _PROVINCE_TYPES))
    return _Index(by_code, by_ascii, districts, provinces, frozenset(cities), members)


def by_code(code: int) -> OldCommune | None:
    return _by_code().get(code)


def members(new_code: int) -> list[OldCommune]:
    """Every old commune that went wholly or partly into a new commune."""
    return _index().members.get(new_code, [])


def by_name(name: str, province: int | None, district: OldDistrict | None = None,
            kind: str | None = None) -> list[OldCommune]:
    """Old communes of that name that went into `province` (a new province code), within the old
    district when one is known, of the type when it is written (xã, phường, thị trấn)."""
    found = _index().by_ascii.get(_bare(name, _COMMUNE_TYPES), [])
    if province is not None:
        found = [o for o in found if province in o.new_provinces]
    if district is not None:
        found = [o for o in found if o.district_code == district.code]
    if kind is not None and len(found) > 1:
        typed = [o for o in found if o.kind == kind]
        found = typed or found
    exact = [o for o in found if _name_bare(o.name, _COMMUNE_TYPES) == _name_bare(name, _COMMUNE_TYPES)]
    return exact or found  # diacritics decide where they can ("Hạ Trung" is not "Hà Trung")


def named(old: OldCommune, name: str) -> bool:
    """Whether a name (without its type) is this old commune's: diacritics decide where written."""
    if _bare(old.name, _COMMUNE_TYPES) != _bare(name, _COMMUNE_TYPES):
        return False
    typed = _name_bare(name, _COMMUNE_TYPES)
    return typed == _bare(name, _COMMUNE_TYPES) or typed == _name_bare(old.name, _COMMUNE_TYPES)


def district(text: str, province: int | None = None) -> OldDistrict | None:
    """An old district named in a cell ("Nông Cống", "Huyện Bá Thước"), when exactly one fits:
    within the province, of the type written (huyện, quận, thị xã, thành phố), diacritics deciding."""
    found = _index().districts.get(_bare(text, _DISTRICT_TYPES), [])
    if province is not None:
        found = [d for d in found if province in d.new_provinces]
    key = ascii_key(text)
    typed = [d for d in found if key.startswith(ascii_key(d.name.split(" ")[0]))
             and (not key.startswith("thi xa") or d.name.lower().startswith("thị xã"))
             and (not key.startswith("thanh pho") or d.name.lower().startswith("thành phố"))]
    found = typed or found
    if len(found) > 1:
        bare = _name_bare(text, _DISTRICT_TYPES)
        found = [d for d in found if _name_bare(d.name, _DISTRICT_TYPES) == bare] or found
    return found[0] if len(found) == 1 else None


_DISTRICT_IN_TEXT = re.compile(r"\b(huyen|quan|thi xa|thanh pho|tp\.?)\s+([a-z][a-z ]*[a-z])")


def district_in_text(text: str, province: int | None = None) -> OldDistrict | None:
    """An old district in a letterhead line ("UBND HUYỆN BÁ THƯỚC", "UBND THỊ XÃ BỈM SƠN").

    "Thành phố Hà Nội" names a province, "Thành phố Thanh Hóa" the old district-level city of
    Tỉnh Thanh Hóa: a "thành phố" is a district unless a province is a city of that name.
    """
    folded = ascii_key(text)
    for m in _DISTRICT_IN_TEXT.finditer(folded):
        kind, words = m.group(1), m.group(2).split(" ")
        for n in range(len(words), 0, -1):  # the longest name that is a district
            name = " ".join(words[:n])
            if kind.startswith(("thanh pho", "tp")) and name in _index().cities:
                continue
            found = district(f"{kind} {name}" if not kind.startswith("tp") else name, province)
            if found is not None:
                return found
    return None


def province_in_text(text: str) -> tuple[int, frozenset[int]] | None:
    """An old province in a letterhead ("UBND TỈNH HÀ GIANG"): (old code, the new provinces it went into)."""
    folded = f" {ascii_key(text)} "
    found = {value for key, value in _index().provinces.items()
             if f" tinh {key} " in folded or f" thanh pho {key} " in folded}
    return found.pop() if len(found) == 1 else None
