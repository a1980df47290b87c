"""Matching the communes a file names: new communes, and old ones through the old→new mapping.

By code, or by name within a province (a name alone is never enough: Xã Vĩnh Tường exists in
three provinces). Names are read as people write them ("UBND xã Bá Thước", "P. Hạc Thành",
"X.Hoằng Giang", "TT. Cành Nàng", capitals, no diacritics, NFD, double spaces; vocabulary.yaml
`commune_names`), then go through the two keys of core.names: the diacritic-preserving
`name_key` first, then `ascii_key` only when it is unique. The type written (xã, phường)
decides between communes whose names differ only by diacritics. Codes are integers: "014923"
and "14923" are the same code.

Old communes (before 1 July 2025; etl.old_communes). Each row is matched twice, against the
new communes and against the old ones, then decided by the file's era:

- a row of a month before the reform, and every row of a file that shows it lists old units
  (an old district's letterhead, a district column or district section rows, a town "TT.", a
  name or code that is only an old commune's), is read as an old commune first: "Xã Trung
  Thành" under Huyện Nông Cống is the old commune that went into Xã Thắng Lợi, not the new
  Xã Trung Thành of Quan Hóa;
- other rows are read as new communes first.

A row that names an old commune comes back with `old_code` (and no `commune_code`): its
figure belongs to a unit that no longer exists, and etl.pipeline refuses it with what it
became, or sums it into its new commune under `--aggregate-old`.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from core import catalog
from core.names import ascii_key, clean_spaces, commune_keys
from core.problems import Problem, clip
from etl import masterdata
from etl import old_communes as oc
from etl.read import grid_text
from etl.vocabulary import vocabulary

_GLUED = re.compile(r"(?<!\S)(p|x|tt|đk|dk)\.(?=\S)", re.IGNORECASE)  # "P.Hạc Thành" → "P. Hạc Thành"


def name_parts(text: str) -> tuple[str | None, str]:
    """(the division type written or None, the name alone): "UBND xã Bá Thước" → ("xã", "Bá Thước"),
    "TT. Cành Nàng" → ("thị trấn", "Cành Nàng"), "P.Hạc Thành" → ("phường", "Hạc Thành")."""
    words = vocabulary()
    tokens = clean_spaces(_GLUED.sub(r"\1. ", str(text))).split(" ")
    keys = [ascii_key(t) for t in tokens]
    for seq in words.commune_authority:
        if tuple(keys[:len(seq)]) == seq and len(tokens) > len(seq):
            tokens, keys = tokens[len(seq):], keys[len(seq):]
            break
    for seq, kind in words.commune_types:
        if tuple(keys[:len(seq)]) == seq and len(tokens) > len(seq):
            return kind, " ".join(tokens[len(seq):])
    return None, " ".join(tokens)


# ---- new communes ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _index():
    frame = masterdata.communes()
    by_code = {int(c): (int(p), n, t) for c, p, n, t in
               zip(frame["commune_code"], frame["province_code"], frame["name"], frame["division_type"])}
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
    return _index()[0][code][1]


def commune_type(code: int) -> str:
    return _index()[0][code][2]


def code_of(text: str) -> int | None:
    """A commune code as written: "14923", "014923", a typed 14923.0; None when it is not one."""
    from etl.numbers import NUM

    raw = str(text).removeprefix(NUM).strip()
    try:
        number = float(raw)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _listed(codes: list[int]) -> list[str]:
    return [f"{commune_name(c)} ({c:05d})" for c in codes]


def commune_by_name(name: str, province: int, kind: str | None = None) -> tuple[int | None, str, list[str]]:
    """(code, "", []) or (None, "unmatched"|"ambiguous", candidate names) within one province.

    The name is read without "UBND", "xã", "P." …; where several communes share its key, the
    type written (or `kind`) decides. A name that only matches once its first word is taken for
    a type ("xa luong" typed for "Xá Lượng") is tried whole too.
    """
    _, by_name, by_ascii, ascii_by_province = _index()
    written, bare = name_parts(name)
    kind = kind or written
    codes: list[int] = []
    for text in dict.fromkeys((bare, str(name))):
        key, akey = commune_keys(text)
        codes = by_name.get((province, key), []) or by_ascii.get((province, akey), [])
        if len(codes) > 1 and kind:
            codes = [c for c in codes if commune_type(c) == kind] or codes
        if codes:
            break
    if len(codes) == 1:
        return codes[0], "", []
    if len(codes) > 1:
        return None, "ambiguous", _listed(codes)
    pool = ascii_by_province.get(province, {})
    close = difflib.get_close_matches(commune_keys(bare)[1], list(pool), n=3, cutoff=0.6)
    return None, "unmatched", _listed([c for k in close for c in pool[k]])


# ---- rows -----------------------------------------------------------------------------------------

@dataclass
class _Found:
    """What one row's cells can mean, before the file's era decides."""
    new: int | None = None
    olds: list[oc.OldCommune] = field(default_factory=list)
    problem: Problem | None = None     # refused whatever the era (unknown province, no name, …)
    new_problem: Problem | None = None  # why no new commune fits (unmatched, ambiguous, wrong code)
    new_ambiguous: bool = False         # the name fits several new communes (a new name, not an old one)
    town: bool = False                  # "TT." / "Thị trấn": towns ended with the reform

    @property
    def old_only(self) -> bool:
        return self.new is None and not self.new_ambiguous and bool(self.olds) and self.problem is None


def match_communes(rows: pl.DataFrame, file: str, labels: dict[str, str], default_province: int | None,
                   letterhead_district: oc.OldDistrict | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """Add `commune_code` (a new commune) and `old_code` (an old commune) to rows with `_row` and any of
    commune / commune_code_raw / province / district, and `before_reform` (the row's month).

    Each distinct (commune, code, province, district, before the reform) is matched once — a
    national file's 5 million rows name a few thousand — and the codes joined back to its rows.
    Rows that cannot be matched get null codes and a problem each (every row, at once).
    """
    idents = ["commune", "commune_code_raw", "province", "district"]
    keyed = rows.select("_row", *(pl.col(c) if c in rows.columns else pl.lit(None, pl.String).alias(c)
                                  for c in idents),
                        (pl.col("before_reform").fill_null(False) if "before_reform" in rows.columns
                         else pl.lit(False)).cast(pl.Boolean).alias("before_reform"))
    keys = [*idents, "before_reform"]
    # Identity columns the file does not have (all empty) cannot tell rows apart: not grouped on; nor the
    # side of the reform when every row is on the same side (a file of months since July 2025).
    constant = {k: None for k in keys if keyed[k].null_count() == keyed.height}
    era = keyed["before_reform"]
    if era.len() and (era.all() or not era.any()):
        constant["before_reform"] = era[0]
    used = [k for k in keys if k not in constant] or keys
    distinct = (keyed.unique(used, keep="first", maintain_order=True).select(*used, pl.col("_row").alias("_first"))
                .with_columns(pl.lit(v, keyed.schema[k]).alias(k) for k, v in constant.items() if k not in used)
                .select(*keys, "_first"))
    matcher = _RowMatcher(file, labels, default_province, letterhead_district)
    # A typed code column (a Parquet file's integers) is matched on each distinct code's grid text.
    code_texts = grid_text(distinct["commune_code_raw"]).to_list()
    found = [matcher.find(row, name, code_text, prov_text, district)
             for (name, _code, prov_text, district, _b, row), code_text in zip(distinct.iter_rows(), code_texts)]
    before = distinct["before_reform"].to_list()
    old_file = (letterhead_district is not None or "district" in labels
                or any(f.town or (f.old_only and not b) for f, b in zip(found, before))
                or distinct["district"].is_not_null().any())
    codes, olds, why = [], [], []
    for (name, *_rest, b, row), f in zip(distinct.iter_rows(), found):
        # A name in a month before the reform is an old unit's; a bare code valid today is read as
        # today's unless the file shows old codes (systems export history by new commune codes).
        code, old, problem = matcher.decide(row, name, f, old_era=old_file or (b and name is not None))
        codes.append(code)
        olds.append(old.code if old is not None else None)
        why.append(problem)
    decided = distinct.select(keys).with_columns(pl.Series("commune_code", codes, dtype=pl.Int32),
                                                 pl.Series("old_code", olds, dtype=pl.Int32),
                                                 pl.Series("_problem", range(len(why)), dtype=pl.Int64))
    joined = keyed.select("_row", *used).join(decided.select(*used, "commune_code", "old_code", "_problem"),
                                              on=used, how="left", nulls_equal=True, maintain_order="left")
    failing = [k for k, p in enumerate(why) if p is not None]
    problems = _row_problems(joined.filter(pl.col("_problem").is_in(failing)), why) if failing else []
    return rows.with_columns(joined["commune_code"], joined["old_code"]), problems


def _row_problems(bad: pl.DataFrame, why: list[Problem | None]) -> list[Problem]:
    """Each failing row's problem (its key's, at its row): per rule the first rows in full and one
    entry counting the rest, as validate.summarise would make of them — a national file naming a
    wrong code on 700,000 rows is refused in seconds, not after building 700,000 problems."""
    from etl.validate import PROBLEM_LIMIT, more_of_kind

    kinds = {k: (why[k].rule, why[k].severity) for k in set(bad["_problem"].to_list())}
    bad = bad.select("_row", "_problem").sort("_row", maintain_order=True).with_columns(
        pl.col("_problem").replace_strict({k: f"{r}\t{s}" for k, (r, s) in kinds.items()},
                                          return_dtype=pl.String).alias("_kind"))
    problems: list[Problem] = []
    for (kind,), part in bad.partition_by("_kind", as_dict=True, maintain_order=True).items():
        shown = [dataclasses.replace(why[k], row=row) for row, k in part.head(PROBLEM_LIMIT).select(
            "_row", "_problem").iter_rows()]
        problems += shown
        rest = part.slice(PROBLEM_LIMIT)
        if rest.height:
            rule, severity = kind.split("\t")
            columns = {why[k].column for k in rest["_problem"].unique().to_list()}
            problems.append(more_of_kind(why[rest["_problem"][0]].file, rule, severity,
                                         rest["_row"].drop_nulls().to_list(), columns, rest.height,
                                         after=shown[-1].row))
    return problems


class _RowMatcher:
    """One file's rows to commune codes, lookups cached."""

    def __init__(self, file: str, labels: dict[str, str], default_province: int | None,
                 letterhead_district: oc.OldDistrict | None):
        self.file, self.default_province, self.letterhead_district = file, default_province, letterhead_district
        self.col_name, self.col_code = labels.get("commune"), labels.get("commune_code")
        self.col_prov = labels.get("province")
        self.by_code = _index()[0]
        self.provinces: dict[str, tuple[int | None, list[str]]] = {}
        self.names: dict[tuple, tuple[int | None, str, list[str]]] = {}

    # -- what the cells can mean --

    def find(self, row: int, name: str | None, code_text: str | None, prov_text: str | None,
             district_text: str | None) -> _Found:
        province, problem = self._province(row, prov_text)
        if problem is not None:
            return _Found(problem=problem)
        district = self.letterhead_district
        if district_text is not None:
            district = oc.district(district_text, province) or district
        if code_text is not None:
            return self._by_code(row, name, code_text, province)
        if name is None:
            return _Found(problem=Problem(self.file, row, self.col_name or self.col_code, "commune_missing",
                                          "Dòng có số liệu nhưng không có tên hoặc mã xã: thêm tên xã hoặc xóa dòng",
                                          "The row has figures but no commune name or code: add the commune's "
                                          "name or delete the row"))
        if province is None:
            return _Found(problem=Problem(
                self.file, row, self.col_name, "province_missing",
                f"Không biết '{clip(name)}' thuộc tỉnh nào: thêm cột Tỉnh, mã xã hoặc --province",
                f"No province for '{clip(name)}': add a province column, commune codes or --province"))
        return self._by_name(row, name, province, district)

    def _province(self, row: int, prov_text: str | None) -> tuple[int | None, Problem | None]:
        if prov_text is None:
            return self.default_province, None
        if prov_text not in self.provinces:
            from etl.match import province_code

            code, close = province_code(prov_text)
            if code is None:  # an old province's name ("Hà Giang"): the new province it went into
                old = oc.province_in_text(f"tỉnh {prov_text}") or oc.province_in_text(f"thành phố {prov_text}")
                if old is not None and len(old[1]) == 1:
                    code, close = next(iter(old[1])), []
            self.provinces[prov_text] = (code, close)
        province, close = self.provinces[prov_text]
        if province is None:
            return None, Problem(
                self.file, row, self.col_prov, "province_unmatched",
                f"Không nhận ra tỉnh '{clip(prov_text)}'" + (f"; gần nhất: {', '.join(close)}" if close else ""),
                f"Unknown province '{clip(prov_text)}'" + (f"; closest: {', '.join(close)}" if close else ""))
        return province, None

    def _by_code(self, row: int, name: str | None, code_text: str, province: int | None) -> _Found:
        """A code names a new commune, an old one, or both (new codes reuse old ones): the name decides."""
        code = code_of(code_text)
        new = code if code is not None and code in self.by_code else None
        old = oc.by_code(code) if code is not None else None
        if old is not None and province is not None and province not in old.new_provinces:
            old = None
        if new is None and old is None:
            return _Found(problem=Problem(
                self.file, row, self.col_code, "commune_code_unknown",
                f"Không có xã nào mang mã '{clip(code_text)}' (cả mã mới lẫn mã cũ trước 1/7/2025): kiểm tra mã",
                f"No commune has the code '{clip(code_text)}' (neither a new code nor an old one from before "
                f"1 July 2025): check the code"))
        found = _Found()
        if new is not None:
            home, official, _ = self.by_code[new]
            if province is not None and home != province:
                from etl.match import province_name
                found.new_problem = Problem(
                    self.file, row, self.col_code, "commune_code_province",
                    f"Mã {new:05d} là {official}, thuộc {province_name(home)}, không thuộc {province_name(province)}",
                    f"Code {new:05d} is {official} in {province_name(home)}, not in {province_name(province)}")
            elif name is None or commune_by_name(name, home)[0] == new:
                found.new = new
            else:
                found.new_problem = Problem(
                    self.file, row, self.col_name, "commune_code_name",
                    f"Tên '{clip(name)}' không khớp mã {new:05d} ({official})",
                    f"The name '{clip(name)}' does not match the code {new:05d} ({official})")
        if old is not None and (name is None or oc.named(old, name_parts(name)[1])):
            found.olds = [old]
        if found.new is None and not found.olds and found.new_problem is None:
            found.new_problem = self._old_code_mismatch(row, name, old)
        return found

    def _old_code_mismatch(self, row: int, name: str | None, old: oc.OldCommune) -> Problem:
        label_vi, label_en = old.label()
        return Problem(self.file, row, self.col_name, "commune_code_name",
                       f"Tên '{clip(name)}' không khớp mã cũ {old.code:05d} ({label_vi})",
                       f"The name '{clip(name)}' does not match the old code {old.code:05d} ({label_en})")

    def _by_name(self, row: int, name: str, province: int, district: oc.OldDistrict | None) -> _Found:
        kind, bare = name_parts(name)
        key = (name, province)
        if key not in self.names:
            self.names[key] = commune_by_name(name, province)
        code, why, close = self.names[key]
        olds = oc.by_name(bare, province, district, kind) if kind != "đặc khu" else []
        found = _Found(olds=olds, town=kind == "thị trấn")
        if code is not None and kind is not None and commune_type(code) != kind and any(o.kind == kind for o in olds):
            code = None  # "Phường Ba Đình" is the old ward, not the new Xã Ba Đình
        if found.town:
            code = None
        if code is not None:
            found.new = code
            return found
        found.new_problem = self._name_problem(row, name, province, why, close)
        found.new_ambiguous = why == "ambiguous"
        return found

    def _name_problem(self, row: int, name: str, province: int, why: str, close: list[str]) -> Problem:
        from etl.match import province_name

        listed = ", ".join(close) if close else "—"
        where = province_name(province)
        if why == "ambiguous":
            return Problem(self.file, row, self.col_name, "commune_ambiguous",
                           f"'{clip(name)}' khớp nhiều xã ở {where}: {listed}; ghi đủ tên có dấu và loại (xã, "
                           f"phường) hoặc thêm cột Mã xã",
                           f"'{clip(name)}' matches several communes in {where}: {listed}; write the full name with "
                           f"its diacritics and type (xã, phường) or add a commune code column")
        return Problem(self.file, row, self.col_name, "commune_unmatched",
                       f"Không tìm thấy xã '{clip(name)}' ở {where}; gần nhất: {listed}",
                       f"No commune '{clip(name)}' in {where}; closest: {listed}")

    # -- the file's era decides --

    def decide(self, row: int, name: str | None, found: _Found, old_era: bool
               ) -> tuple[int | None, oc.OldCommune | None, Problem | None]:
        if found.problem is not None:
            return None, None, found.problem
        if found.town or (old_era and found.olds) or (found.new is None and not found.new_ambiguous and found.olds):
            if len(found.olds) == 1:
                return None, found.olds[0], None
            if found.olds:
                return None, None, self._old_ambiguous(row, name, found.olds)
        if found.new is not None:
            return found.new, None, None
        if found.town:
            return None, None, Problem(
                self.file, row, self.col_name, "commune_unmatched",
                f"'{clip(name)}' là thị trấn (đơn vị trước 1/7/2025) nhưng không có trong danh sách đơn vị cũ của "
                f"tỉnh: kiểm tra tên", f"'{clip(name)}' is a town (a unit from before 1 July 2025) but no old unit "
                f"of the province has that name: check the name")
        return None, None, found.new_problem

    def _old_ambiguous(self, row: int, name: str | None, olds: list[oc.OldCommune]) -> Problem:
        vi = "; ".join(f"{o.label()[0]} {o.became()[0]}" for o in olds[:4])
        en = "; ".join(f"{o.label()[1]} {o.became()[1]}" for o in olds[:4])
        return Problem(
            self.file, row, self.col_name, "old_commune_ambiguous",
            f"'{clip(name)}' là tên của nhiều đơn vị cũ (trước 1/7/2025): {vi}. Thêm cột Huyện, dòng tên huyện "
            f"phía trên các xã, hoặc cột mã xã cũ",
            f"'{clip(name)}' names several old units (before 1 July 2025): {en}. Add a district column, a district "
            f"row above its communes, or a column of old commune codes")


def _old(old: oc.OldCommune | int) -> oc.OldCommune:
    return old if isinstance(old, oc.OldCommune) else oc.by_code(int(old))


def old_commune_problem(file: str, row: int, column: str | None, name: str | None, old: oc.OldCommune | int
                        ) -> Problem:
    """A figure of an old commune, refused by default: what it was, what it became, what to do.
    --aggregate-old is advised only for an old unit merged whole: a split one cannot be summed."""
    old = _old(old)
    label_vi, label_en = old.label()
    became_vi, became_en = old.became()
    if old.whole:
        todo_vi = ("lập báo cáo theo xã mới, hoặc nạp với --aggregate-old để cộng số đếm của các đơn vị cũ sáp nhập "
                   "toàn bộ vào một xã mới")
        todo_en = ("report by new commune, or load with --aggregate-old to sum the counts of old units merged whole "
                   "into one new commune")
    else:
        todo_vi = "đơn vị này bị chia cho nhiều xã mới nên không cộng được: lập báo cáo theo xã mới"
        todo_en = "this unit was split between new communes, so it cannot be summed: report by new commune"
    return Problem(
        file, row, column, "old_commune",
        f"'{clip(name or old.name)}' là {label_vi}, đơn vị trước ngày 1/7/2025, {became_vi}. Số liệu theo đơn vị "
        f"cũ không nạp thẳng vào xã mới: {todo_vi}",
        f"'{clip(name or old.name)}' is {label_en}, a unit from before 1 July 2025, {became_en}. Figures of old "
        f"units do not load straight into a new commune: {todo_en}")


def old_status_not_loaded(file: str, row: int, column: str | None, name: str | None, old: oc.OldCommune | int
                          ) -> Problem:
    old = _old(old)
    became_vi, became_en = old.became()
    return Problem(file, row, column, "old_commune_not_aggregated",
                   f"Trạng thái NQ57 của đơn vị cũ '{clip(name or old.name)}' ({became_vi}) không cộng được vào xã "
                   f"mới: không nạp", f"The Resolution 57 status of the old unit '{clip(name or old.name)}' "
                   f"({became_en}) cannot be added into a new commune: not loaded", "warning")


def aggregate_old(values: pl.DataFrame, file: str, column: str | None
                  ) -> tuple[pl.DataFrame, list[Problem], list[tuple[str, str]]]:
    """Rows of old communes (`old_code`) summed into their new commune, where that is right.

    A new commune's count for a month is the sum of its old communes' only when every old commune
    that went into it went wholly (no split) and every one of them is in the file for that
    indicator and month; stocks, rates and scores do not add up. What cannot be summed is not
    loaded and is listed as a warning saying why. Returns (rows, problems, notes).
    """
    old = values.filter(pl.col("old_code").is_not_null())
    rest = values.filter(pl.col("old_code").is_null())
    if old.height == 0:
        return values, [], []
    problems = _old_duplicates(old, file)
    if problems:
        return rest, problems, []
    counts = old.filter(pl.col("indicator_code").map_elements(is_count, return_dtype=pl.Boolean))
    problems += [_not_aggregated(file, r, r["_col"], *_not_a_count(r["indicator_code"]))
                 for r in old.join(counts.select("_row", "_col"), on=["_row", "_col"], how="anti")
                 .unique(["old_code", "indicator_code"], maintain_order=True).iter_rows(named=True)]
    target = {code: _old(code).targets[0][0] for code in counts["old_code"].unique().to_list() if _old(code).whole}
    split = counts.filter(~pl.col("old_code").is_in(list(target)))
    problems += [_not_aggregated(file, r, column, *_split(_old(r["old_code"])))
                 for r in split.unique("old_code", maintain_order=True).iter_rows(named=True)]
    whole = counts.filter(pl.col("old_code").is_in(list(target))).with_columns(
        pl.col("old_code").replace_strict(target, return_dtype=pl.Int32).alias("_new"))
    summed, found, notes = _sum_groups(whole, file, column)
    return pl.concat([rest, summed.select(rest.columns)]) if summed.height else rest, problems + found, notes


def _old_duplicates(old: pl.DataFrame, file: str) -> list[Problem]:
    from etl.validate import duplicate_rows

    return duplicate_rows(old, file, ("old_code", "indicator_code", "period"))[1]


def _sum_groups(whole: pl.DataFrame, file: str, column: str | None
                ) -> tuple[pl.DataFrame, list[Problem], list[tuple[str, str]]]:
    """One row per (new commune, indicator, month) whose old communes are all there and all whole."""
    rows, problems, made = [], [], {}
    for (new, _code, _period), part in whole.sort("_row").group_by(["_new", "indicator_code", "period"],
                                                                  maintain_order=True):
        present = set(part["old_code"].to_list())
        members = oc.members(new)
        missing = [m for m in members if m.code not in present]
        split = [m for m in members if not m.whole]
        first = part.row(0, named=True)
        if split or missing:
            why = _partly(new, split) if split else _missing(new, missing)
            problems.append(_not_aggregated(file, first, column, *why))
            continue
        rows.append({**first, "commune_code": new, "old_code": None, "value": float(part["value"].sum())})
        made.setdefault(new, sorted(present))
    notes = [(f"cộng đơn vị cũ vào xã mới: {_made(made, 'vi')}", f"old units summed into new communes: "
              f"{_made(made, 'en')}")] if made else []
    frame = pl.DataFrame(rows, schema=whole.schema) if rows else whole.head(0)
    return frame.drop("_new"), problems, notes


def _made(made: dict[int, list[int]], lang: str) -> str:
    shown = [f"{commune_name(new)} = {' + '.join(_old(c).name for c in olds)}" for new, olds in list(made.items())[:5]]
    more = len(made) - len(shown)
    return "; ".join(shown) + (f" (và {more} xã khác)" if lang == "vi" else f" (and {more} more)") * (more > 0)


def _not_a_count(code: str) -> tuple[str, str]:
    kind = catalog.indicator(code).kind
    return (f"{code} là chỉ tiêu loại {kind}, không phải số đếm: không cộng được giữa các đơn vị",
            f"{code} is a {kind}, not a count: it does not add up across units")


def _split(old: oc.OldCommune) -> tuple[str, str]:
    became_vi, became_en = old.became()
    return (f"{old.name} {became_vi}: không biết phần nào thuộc xã mới nào",
            f"{old.name} was {became_en}: which part went where is not known")


def _partly(new: int, split: list[oc.OldCommune]) -> tuple[str, str]:
    names = ", ".join(o.name for o in split)
    return (f"{commune_name(new)} nhận một phần của {names} (bị chia tách): không cộng được",
            f"{commune_name(new)} received part of {names} (split): it cannot be summed")


def _missing(new: int, missing: list[oc.OldCommune]) -> tuple[str, str]:
    names = ", ".join(f"{o.name} ({o.code:05d})" for o in missing)
    return (f"{commune_name(new)} gồm cả {names}, không có trong tệp: tổng sẽ thiếu",
            f"{commune_name(new)} also includes {names}, not in the file: the sum would be short")


def _not_aggregated(file: str, row: dict, column: str | None, vi: str, en: str) -> Problem:
    return Problem(file, row["_row"], column, "old_commune_not_aggregated",
                   f"Không nạp ({row['indicator_code']}, {row['period']:%Y-%m}): {vi}",
                   f"Not loaded ({row['indicator_code']}, {row['period']:%Y-%m}): {en}", "warning")


def is_count(code: str) -> bool:
    return catalog.indicator(code).kind == "count"
