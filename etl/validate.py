"""Validation: every rule a loaded figure must pass, named and in one place.

Input is the long frame of one file after numbers, periods and communes are read:
`_row`, `_col` (where the figure sits in the file), `commune_code`, `indicator_code`,
`period` (the month to store at), `period_start`, `grain` (month | quarter | year),
`value`, `cumulative`, `cumulative_start`. Each rule returns the rows it keeps and its
problems; errors refuse the file, warnings load and are listed (`--strict` refuses them).

Rules (name → what it checks):

- period_grain: counts are monthly flows, so a quarterly or yearly count is refused; other
  kinds (stock, score, reported rate, category, context) are stored at the last month.
- future_period: a month that has not begun yet.
- duplicate_rows: the same (commune, indicator, period) twice in one file.
- count_non_negative_integer: counts and stocks of things are whole numbers ≥ 0.
- non_negative: no figure in the catalog can be negative.
- rate_within_0_100: percentages lie within 0–100.
- score_within_scale: scores lie within 0 and their scale's maximum.
- service_index_groups: the five si_* groups, when all given, sum to service_index ±0.05.
- rate_matches_counts: a derived rate given beside its counts agrees with them within
  0.1 point (warning otherwise); the counts are stored and the rate is derived at query time.
- cumulative_figures: cumulative (lũy kế) figures are refused unless `--cumulative`; with it,
  counts become the month's by subtracting the earlier months already loaded, and are refused
  (naming the missing months) where those are absent.
- r57_status_value: a Resolution 57 status is green / yellow / red (xanh / vàng / đỏ).
- r57_not_reported: "Chưa báo cáo" / "not reported" is no status: the row is skipped and listed.
- count_plausible: a count or stock above 10,000,000 for one commune in one month is a typo.
- percent_on_non_rate: a "%" (typed or a percentage cell format) on a count, stock or score.
- rate_fractions: a rate written as a fraction (0,9745) beside percentages (96,8), or a column
  of fractions only, is refused naming the cells; "%" or a % format makes a percentage.
- parts_within_whole: parts never exceed their whole (every derived rate's numerator within its
  denominator: online, digitised ≤ received, paid online ≤ with fee, e-results ≤ resolved; and
  with fee ≤ received), nor resolved (on time + late) received + the previous month's backlog.
- resolved_beyond_received: resolved above received with no backlog to check against is
  possible (dossiers carried over): a warning. etl.pipeline checks the backlog already loaded.
- before_reform, old_commune (etl.communes): figures of months before July 2025 and of old
  communes are refused unless --aggregate-old.

At most PROBLEM_LIMIT problems of one rule are built; a MoreProblems entry counts the rest.

File-level rules (problems built here, found by the readers and etl.cli_load):

- file_empty, no_data_rows: nothing to read, or a header and no figures under it.
- formula_without_value: a formula cell the spreadsheet never calculated (no saved value).
- period_option_conflict: --period says one month, the title or a period column another.
- number_invalid: not a number; NaN and infinity included.

Texts from cells are echoed in messages clipped to 80 characters (`clip`).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import polars as pl

from core import catalog
from core.fmt import exact
from core.names import ascii_key
from core.periods import add_months, month_start, months_between
from core.problems import Problem, clip, row_ranges
from etl.numbers import NUM
from etl.read import grid_text
from etl.vocabulary import vocabulary

SI_TOLERANCE = 0.05
RATE_TOLERANCE = 0.1
MAX_PLAUSIBLE_COUNT = 10_000_000  # per commune and month


def fmt_vi(value: float) -> str:
    return exact(value, "vi")


def fmt_en(value: float) -> str:
    return exact(value, "en")


def _kinds() -> pl.DataFrame:
    rows = [{"indicator_code": i.code, "kind": i.kind, "is_pct": i.is_percent, "scale_max": i.scale_max,
             "derived": i.is_derived, "integer": i.kind in ("count", "stock") and not i.is_percent}
            for i in catalog.indicators().values()]
    # kind as a Categorical: 4 bytes on each of a national file's 5 million rows instead of a string's 16;
    # _ind, the indicator's place in the catalog, for duplicate_rows' packed key (at most 256 indicators).
    frame = pl.DataFrame(rows, schema={"indicator_code": pl.String, "kind": pl.Categorical, "is_pct": pl.Boolean,
                                       "scale_max": pl.Float64, "derived": pl.Boolean, "integer": pl.Boolean})
    return frame.with_row_index("_ind").with_columns(
        pl.when(pl.col("_ind") < 256).then(pl.col("_ind")).cast(pl.UInt8).alias("_ind"))


# ---- many problems: the first rows of a rule in full, the rest counted -----------------------------

PROBLEM_LIMIT = 20  # problems of one rule kept in full; a national file's 200,000 become these and a count


@dataclass(frozen=True)
class MoreProblems(Problem):
    """Stands for `count` further problems of one rule, beyond the first rows kept in full."""
    count: int = 0
    # Where it sorts among a file's problems (sort_key) when made before they are sorted: after the last
    # row it follows (etl.communes' count of failing rows), as summarise's own entry would stand.
    after: int | None = None


def sort_key(problem: Problem) -> tuple:
    """The order of a file's problems: by row, column and rule; a count made early sorts where it follows."""
    after = problem.after if isinstance(problem, MoreProblems) else None
    return (after if after is not None else problem.row or 0, problem.column or "", problem.rule)


def problem_count(problem: Problem) -> int:
    """How many problems one entry stands for (1, or a MoreProblems' count)."""
    return problem.count if isinstance(problem, MoreProblems) else 1


def more_of(rest: pl.DataFrame, file: str, rule: str, column: str | None, severity: str = "error"
            ) -> list[Problem]:
    """One entry standing for the rows of `rest` (a frame with `_row`), or nothing when it is empty."""
    if rest.height == 0:
        return []
    n = rest.height
    rows = clip(row_ranges(rest["_row"].drop_nulls().to_list()), 100)
    return [MoreProblems(file, None, column, rule,
                         f"… và {fmt_vi(n)} dòng khác cùng lỗi này (dòng {rows})",
                         f"… and {fmt_en(n)} more rows with the same problem (rows {rows})", severity, count=n)]


def summarise(problems: list[Problem]) -> list[Problem]:
    """Per rule and severity, the first PROBLEM_LIMIT problems in full and one entry counting the rest."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.rule, problem.severity), []).append(problem)
    out: list[Problem] = []
    for (rule, severity), members in groups.items():
        full = [p for p in members if not isinstance(p, MoreProblems)]
        extra = [p for p in members if isinstance(p, MoreProblems)]
        out += full[:PROBLEM_LIMIT]
        rest = full[PROBLEM_LIMIT:]
        if not rest and len(extra) <= 1:
            out += extra
            continue
        n = len(rest) + sum(p.count for p in extra)
        out.append(more_of_kind(members[0].file, rule, severity, [p.row for p in rest if p.row is not None],
                                {p.column for p in rest + extra}, n))
    return out


def more_of_kind(file: str, rule: str, severity: str, rows: list[int], columns: set[str | None], n: int,
                 after: int | None = None) -> MoreProblems:
    """The entry `summarise` writes for the `n` problems of one rule beyond its first PROBLEM_LIMIT:
    `rows` are theirs (row-less ones aside), `columns` the columns they name; `after`: see MoreProblems."""
    listed = clip(row_ranges(rows), 100)
    return MoreProblems(file, None, next(iter(columns)) if len(columns) == 1 else None, rule,
                        f"… và {fmt_vi(n)} lỗi khác cùng loại" + (f" (dòng {listed} …)" if listed else ""),
                        f"… and {fmt_en(n)} more of the same kind" + (f" (rows {listed} …)" if listed else ""),
                        severity, count=n, after=after)


def _problems(frame: pl.DataFrame, file: str, rule: str, vi, en, severity: str = "error") -> list[Problem]:
    """One problem per row of `frame` for its first PROBLEM_LIMIT rows, one entry counting the rest:
    a national file with 200,000 wrong cells is refused in seconds, not after 200,000 messages."""
    if frame.height > PROBLEM_LIMIT:
        frame = frame.sort("_row")
        rest = frame.slice(PROBLEM_LIMIT)
        columns = rest["_col"].unique().to_list()
        return (_problems(frame.head(PROBLEM_LIMIT), file, rule, vi, en, severity)
                + more_of(rest, file, rule, columns[0] if len(columns) == 1 else None, severity))
    return [Problem(file, r["_row"], r["_col"], rule, vi(r), en(r), severity)
            for r in frame.iter_rows(named=True)]


def _kept(obs: pl.DataFrame, keep: pl.Expr) -> pl.DataFrame:
    """obs.filter(keep), without copying five million rows when the rule found nothing to remove."""
    mask = obs.select(keep.alias("_keep")).to_series()
    return obs if mask.null_count() == 0 and mask.all() else obs.filter(mask)


def period_grain(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    bad = obs.filter((pl.col("kind") == "count") & (pl.col("grain") != "month"))
    words_vi = {"quarter": "quý", "year": "năm", "span": "nhiều tháng"}
    words_en = {"quarter": "quarterly", "year": "yearly", "span": "multi-month"}
    fix_vi = {"year": "nếu đây là số của một tháng, ghi tháng bằng --period YYYY-MM",
              "quarter": "hãy nạp số của từng tháng trong quý",
              "span": "nếu là số lũy kế, nạp với --cumulative; nếu không, nạp số của từng tháng"}
    fix_en = {"year": "if these are one month's figures, name the month with --period YYYY-MM",
              "quarter": "load each month of the quarter",
              "span": "if they are running totals, load with --cumulative; otherwise load each month"}
    problems = _problems(
        bad, file, "period_grain",
        lambda r: (f"Số đếm là số liệu theo tháng; không nạp được số theo {words_vi[r['grain']]} "
                   f"({r['period_label']}) cho chỉ tiêu {r['indicator_code']}: {fix_vi[r['grain']]}"),
        lambda r: (f"Counts are monthly; a {words_en[r['grain']]} figure ({r['period_label']}) cannot be "
                   f"loaded for {r['indicator_code']}: {fix_en[r['grain']]}"))
    return _kept(obs, ~((pl.col("kind") == "count") & (pl.col("grain") != "month"))), problems


def future_period(obs: pl.DataFrame, file: str, today: dt.date) -> tuple[pl.DataFrame, list[Problem]]:
    this_month = month_start(today)
    bad = obs.filter(pl.col("period") > this_month)
    problems = _problems(bad, file, "future_period",
                         lambda r: f"Kỳ {r['period']:%Y-%m} ở tương lai: kiểm tra kỳ báo cáo" + _grain_end(r, "vi"),
                         lambda r: f"The period {r['period']:%Y-%m} is in the future: check the period"
                         + _grain_end(r, "en"))
    return _kept(obs, pl.col("period") <= this_month), problems


def _grain_end(row: dict, lang: str) -> str:
    """Why a year or a quarter named in a file lands in a future month, and the option that names the
    month instead (a title "NĂM 2026" over this year's figures)."""
    words = {"year": ("năm", "year"), "quarter": ("quý", "quarter")}.get(row.get("grain"))
    if words is None:
        return ""
    if lang == "vi":
        return (f" (tệp chỉ ghi {words[0]}: số của cả {words[0]} được ghi vào tháng cuối, {row['period']:%Y-%m}); "
                f"nếu đây là số đến một tháng, ghi tháng đó bằng --period YYYY-MM")
    return (f" (the file names only a {words[1]}: its figures go to its last month, {row['period']:%Y-%m}); "
            f"if they are figures up to a month, name that month with --period YYYY-MM")


def duplicate_rows(obs: pl.DataFrame, file: str, keys: tuple[str, ...] = ("commune_code", "indicator_code", "period")
                   ) -> tuple[pl.DataFrame, list[Problem]]:
    keys = list(keys)
    # The usual case, no key twice, proven in one pass instead of three windows over every row.
    if obs.select(_key_of(obs, keys).n_unique()).item() == obs.height:  # n_unique: 4× is_duplicated's speed
        return obs, []
    ranked = obs.with_columns(
        pl.col("_row").first().over(keys).alias("_first_row"),
        pl.col("_col").first().over(keys).alias("_first_col"),
        pl.int_range(pl.len()).over(keys).alias("_nth"))
    bad = ranked.filter(pl.col("_nth") > 0)
    what_vi = "xã, chỉ tiêu và kỳ" if "indicator_code" in keys else "xã và kỳ"
    what_en = "commune, indicator and period" if "indicator_code" in keys else "commune and period"
    problems = _problems(bad, file, "duplicate_rows",
                         lambda r: (f"Trùng với dòng {r['_first_row']}, cột {r['_first_col']} (cùng {what_vi}): "
                                    f"giữ một dòng, xóa dòng kia"),
                         lambda r: (f"Duplicates row {r['_first_row']}, column {r['_first_col']} (same {what_en}): "
                                    f"keep one row, delete the other"))
    return ranked.filter(pl.col("_nth") == 0).drop("_first_row", "_first_col", "_nth"), problems


_FIGURE_KEY = ["commune_code", "indicator_code", "period"]


def _key_of(obs: pl.DataFrame, keys: list[str]) -> pl.Expr:
    """One value per row that is equal exactly where the keys are: a commune, the indicator's place in
    the catalog (`_ind`, from check's join) and the month packed into one integer (hashing a string
    column of five million rows costs seconds), else the keys as a struct."""
    if keys != _FIGURE_KEY or "_ind" not in obs.columns or obs.height == 0:
        return pl.struct(keys)
    day = pl.col("period").cast(pl.Int32)
    low, high, first, last = obs.select(pl.col("commune_code").min().alias("low"),
                                        pl.col("commune_code").max().alias("high"), day.min().alias("first"),
                                        day.max().alias("last")).row(0)
    if None in (low, first) or low < 0 or high >= 1 << 31 or first < -(1 << 23) or last >= 1 << 23 \
            or obs["_ind"].null_count():
        return pl.struct(keys)
    days = day.cast(pl.Int64) + (1 << 23)  # ±23,000 years around 1970 in 24 bits
    return (pl.col("commune_code").cast(pl.Int64) * (1 << 32)) + days * (1 << 8) + pl.col("_ind").cast(pl.Int64)


def value_ranges(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """count_non_negative_integer, non_negative, rate_within_0_100 and score_within_scale."""
    value = pl.col("value")
    not_int = pl.col("integer") & ((value < 0) | (value != value.round(0)))
    negative = ~pl.col("integer") & (value < 0)
    bad_pct = pl.col("is_pct") & ((value < 0) | (value > 100))
    bad_score = (pl.col("kind") == "score") & pl.col("scale_max").is_not_null() & (
        (value < 0) | (value > pl.col("scale_max")))
    problems = _problems(
        obs.filter(not_int), file, "count_non_negative_integer",
        lambda r: f"Số đếm phải là số nguyên không âm, không phải {fmt_vi(r['value'])}: kiểm tra ô này",
        lambda r: f"A count must be a non-negative integer, not {fmt_en(r['value'])}: check this cell")
    problems += _problems(
        obs.filter(bad_pct), file, "rate_within_0_100",
        lambda r: f"Tỷ lệ phải nằm trong khoảng 0–100, không phải {fmt_vi(r['value'])}: kiểm tra ô này",
        lambda r: f"A rate must lie within 0–100, not {fmt_en(r['value'])}: check this cell")
    problems += _problems(
        obs.filter(bad_score & ~bad_pct), file, "score_within_scale",
        lambda r: (f"Điểm phải nằm trong khoảng 0–{fmt_vi(r['scale_max'])}, không phải {fmt_vi(r['value'])}: "
                   f"kiểm tra ô này"),
        lambda r: f"A score must lie within 0–{fmt_en(r['scale_max'])}, not {fmt_en(r['value'])}: check this cell")
    problems += _problems(
        obs.filter(negative & ~bad_pct & ~bad_score), file, "non_negative",
        lambda r: f"Giá trị không được âm: {fmt_vi(r['value'])}: kiểm tra ô này",
        lambda r: f"The value cannot be negative: {fmt_en(r['value'])}: check this cell")
    return _kept(obs, ~(not_int | negative | bad_pct | bad_score)), problems


def count_plausible(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Counts and stocks above MAX_PLAUSIBLE_COUNT for one commune in one month are refused."""
    bad = pl.col("integer") & (pl.col("value") > MAX_PLAUSIBLE_COUNT)
    problems = _problems(
        obs.filter(bad), file, "count_plausible",
        lambda r: (f"{fmt_vi(r['value'])} quá lớn cho một xã trong một tháng (tối đa "
                   f"{fmt_vi(MAX_PLAUSIBLE_COUNT)}); hãy kiểm tra lại ô này"),
        lambda r: (f"{fmt_en(r['value'])} is implausibly large for one commune in one month (at most "
                   f"{fmt_en(MAX_PLAUSIBLE_COUNT)}); check this cell"))
    return _kept(obs, ~bad), problems


def percent_on_non_rate(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A "%" on a figure whose indicator is not a percentage (a count, stock or score) is refused."""
    if "raw" not in obs.columns or obs.schema["raw"] != pl.String:  # a typed number carries no "%"
        return obs, []
    bad = (~pl.col("is_pct") & pl.col("raw").str.strip_chars().str.ends_with("%")).fill_null(False)
    problems = _problems(
        obs.filter(bad), file, "percent_on_non_rate",
        lambda r: (f"'{clip(r['raw'].lstrip(chr(31)))}' là tỷ lệ phần trăm nhưng {r['indicator_code']} không phải "
                   f"tỷ lệ (số đếm, số lượng hoặc điểm): ghi số, không có %"),
        lambda r: (f"'{clip(r['raw'].lstrip(chr(31)))}' is a percentage but {r['indicator_code']} is not a rate "
                   f"(a count, stock or score): write the number without %"))
    return _kept(obs, ~bad), problems


def service_index_groups(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    graded = catalog.graded_indicator()  # the service index
    groups = catalog.components(graded)
    keys = ["commune_code", "period"]
    parts = (obs.filter(pl.col("indicator_code").is_in(groups))
             .group_by(keys).agg(pl.col("value").sum().alias("groups_sum"), pl.len().alias("n_groups")))
    total = obs.filter(pl.col("indicator_code") == graded).select(*keys, "_row", "_col", "value")
    joined = total.join(parts, on=keys, how="inner").filter(
        (pl.col("n_groups") == len(groups)) & ((pl.col("groups_sum") - pl.col("value")).abs() > SI_TOLERANCE + 1e-9))
    problems = _problems(
        joined, file, "service_index_groups",
        lambda r: (f"Tổng điểm các nhóm chỉ số ({fmt_vi(round(r['groups_sum'], 4))}) khác điểm Bộ chỉ số "
                   f"phục vụ ({fmt_vi(r['value'])}) quá 0,05"),
        lambda r: (f"The service-index groups sum to {fmt_en(round(r['groups_sum'], 4))}, not the total "
                   f"{fmt_en(r['value'])} (±0.05)"))
    bad = joined.select(keys).unique()
    kept = obs.join(bad, on=keys, how="anti") if bad.height else obs
    return kept, problems


def rate_matches_counts(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A derived rate beside all its counts: checked (warning beyond ±0.1), then dropped.

    Where the counts are absent the rate is kept: it is stored as the reported rate.
    """
    keys = ["commune_code", "period"]
    problems: list[Problem] = []
    drop = []
    for ind in catalog.indicators().values():
        if not ind.is_derived:
            continue
        rates = obs.filter(pl.col("indicator_code") == ind.code)
        if rates.height == 0:
            continue
        needed = set(ind.numerator) | set(ind.denominator)
        counts = (obs.filter(pl.col("indicator_code").is_in(list(needed)))
                  .group_by(keys).agg(
                      pl.col("value").filter(pl.col("indicator_code").is_in(list(ind.numerator))).sum().alias("num"),
                      pl.col("value").filter(pl.col("indicator_code").is_in(list(ind.denominator))).sum().alias("den"),
                      pl.col("indicator_code").n_unique().alias("n")))
        both = rates.join(counts.filter(pl.col("n") == len(needed)), on=keys, how="inner").with_columns(
            pl.when(pl.col("den") > 0).then(100 * pl.col("num") / pl.col("den")).alias("computed"))
        off = both.filter(pl.col("computed").is_not_null()
                          & ((pl.col("value") - pl.col("computed")).abs() > RATE_TOLERANCE + 1e-9))
        problems += _problems(
            off, file, "rate_matches_counts",
            lambda r: (f"Tỷ lệ {fmt_vi(r['value'])} % lệch khỏi tỷ lệ tính từ số đếm "
                       f"({fmt_vi(round(r['computed'], 2))} %) quá 0,1 điểm"),
            lambda r: (f"The rate {fmt_en(r['value'])} % differs from the rate computed from the counts "
                       f"({fmt_en(round(r['computed'], 2))} %) by more than 0.1 point"),
            severity="warning")
        drop.append(both.select("commune_code", "period", "indicator_code"))
    if drop:
        obs = obs.join(pl.concat(drop), on=["commune_code", "period", "indicator_code"], how="anti")
    return obs, problems


def cumulative_figures(obs: pl.DataFrame, file: str, allowed: bool) -> tuple[pl.DataFrame, list[Problem]]:
    """Without --cumulative, cumulative figures are refused (one problem per column)."""
    cum = obs.filter(pl.col("cumulative"))
    if cum.height == 0:
        return obs, []
    if not allowed:
        first = cum.group_by("_col").agg(pl.col("_row").min(), pl.col("period_label").first()).sort("_row")
        return _kept(obs, ~pl.col("cumulative")), _problems(
            first, file, "cumulative_figures",
            lambda r: (f"Số liệu lũy kế (đến {r['period_label']}), không phải số của tháng; nếu đúng vậy, "
                       f"nạp với --cumulative để trừ số các tháng trước đã nạp"),
            lambda r: (f"Cumulative figures (to {r['period_label']}), not the month's; if so, load with "
                       f"--cumulative to subtract the earlier months already loaded"))
    derived_alone = cum.filter(pl.col("derived"))
    problems = _problems(
        derived_alone, file, "cumulative_figures",
        lambda r: "Tỷ lệ lũy kế không đổi được thành tỷ lệ của tháng; hãy nạp các số đếm",
        lambda r: "A cumulative rate cannot become the month's rate; load the counts instead")
    return _kept(obs, ~(pl.col("cumulative") & pl.col("derived"))), problems


def cumulative_to_monthly(obs: pl.DataFrame, file: str, earlier: pl.DataFrame
                          ) -> tuple[pl.DataFrame, list[Problem]]:
    """Cumulative counts minus the earlier months already loaded (`earlier`: commune_code,
    indicator_code, period, value). Rows whose earlier months are not all loaded are refused."""
    target = obs.filter(pl.col("cumulative") & (pl.col("kind") == "count"))
    if target.height == 0:
        return obs, []
    keyed = target.with_columns(
        pl.struct("cumulative_start", "period").map_elements(
            lambda s: months_between(s["cumulative_start"], add_months(s["period"], -1)),
            return_dtype=pl.List(pl.Date)).alias("_months"))
    exploded = keyed.select("_row", "_col", "commune_code", "indicator_code", "_months").explode("_months").rename(
        {"_months": "month"}).filter(pl.col("month").is_not_null())
    found = exploded.join(earlier.rename({"period": "month", "value": "earlier"}),
                          on=["commune_code", "indicator_code", "month"], how="left")
    if "is_demo" not in found.columns:
        found = found.with_columns(pl.lit(False).alias("is_demo"))
    summary = found.group_by("_row", "_col").agg(
        pl.col("earlier").sum().alias("earlier_sum"),
        pl.col("month").filter(pl.col("earlier").is_null()).sort().alias("missing"),
        pl.col("month").filter(pl.col("earlier").is_not_null() & pl.col("is_demo").fill_null(False))
        .sort().alias("demo"))
    empty = pl.lit([], pl.List(pl.Date))
    merged = keyed.join(summary, on=["_row", "_col"], how="left").with_columns(
        pl.col("earlier_sum").fill_null(0.0), pl.col("missing").fill_null(empty), pl.col("demo").fill_null(empty))
    demo = merged.filter((pl.col("missing").list.len() == 0) & (pl.col("demo").list.len() > 0))
    merged = merged.filter(pl.col("demo").list.len() == 0)
    missing = merged.filter(pl.col("missing").list.len() > 0)
    problems = _problems(
        missing, file, "cumulative_figures",
        lambda r: (f"Thiếu số liệu đã nạp của {r['indicator_code']} các tháng "
                   f"{', '.join(f'{m:%Y-%m}' for m in r['missing'])} để tính số tháng {r['period']:%Y-%m} "
                   f"từ số lũy kế"),
        lambda r: (f"The months {', '.join(f'{m:%Y-%m}' for m in r['missing'])} of {r['indicator_code']} are not "
                   f"loaded, so the {r['period']:%Y-%m} value cannot be computed from the cumulative figure"))
    problems += _problems(
        demo, file, "cumulative_figures",
        lambda r: (f"Số đã nạp của {r['indicator_code']} các tháng {', '.join(f'{m:%Y-%m}' for m in r['demo'])} "
                   f"là số liệu minh họa (demo), không trừ khỏi số lũy kế được; hãy nạp số liệu thật của các "
                   f"tháng đó trước"),
        lambda r: (f"The loaded {r['indicator_code']} figures of {', '.join(f'{m:%Y-%m}' for m in r['demo'])} "
                   f"are demo figures and cannot be subtracted from the cumulative figure; load the real "
                   f"figures of those months first"))
    ok = merged.filter(pl.col("missing").list.len() == 0).with_columns(
        (pl.col("value") - pl.col("earlier_sum")).alias("monthly"))
    negative = ok.filter(pl.col("monthly") < 0)
    problems += _problems(
        negative, file, "cumulative_figures",
        lambda r: (f"Số lũy kế {fmt_vi(r['value'])} nhỏ hơn tổng các tháng trước đã nạp "
                   f"({fmt_vi(r['earlier_sum'])})"),
        lambda r: (f"The cumulative figure {fmt_en(r['value'])} is smaller than the earlier months already "
                   f"loaded ({fmt_en(r['earlier_sum'])})"))
    converted = ok.filter(pl.col("monthly") >= 0).select("_row", "_col", "monthly")
    rest = obs.join(target.select("_row", "_col"), on=["_row", "_col"], how="anti")
    done = target.join(converted, on=["_row", "_col"], how="inner").with_columns(
        pl.col("monthly").alias("value"), pl.lit(False).alias("cumulative")).drop("monthly")
    return pl.concat([rest, done.select(rest.columns)]), problems


def r57_not_reported(statuses: pl.DataFrame) -> tuple[pl.DataFrame, list[int]]:
    """Rows whose status says it was not reported carry no status: (rows kept, rows skipped)."""
    if not statuses.height:
        return statuses, []
    none = statuses["status_raw"].map_elements(lambda s: ascii_key(s) in vocabulary().r57_not_reported,
                                               return_dtype=pl.Boolean)
    return statuses.filter(~none), statuses.filter(none)["_row"].to_list()


def r57_status_value(statuses: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    mapped = statuses.with_columns(
        pl.col("status_raw").map_elements(lambda s: vocabulary().r57_statuses.get(ascii_key(s)), return_dtype=pl.String)
        .alias("status"),
        pl.col("status_raw").alias("label"))
    bad = mapped.filter(pl.col("status").is_null())
    problems = _problems(bad, file, "r57_status_value",
                         lambda r: (f"Trạng thái '{clip(r['status_raw'])}' không hợp lệ: ghi xanh, vàng, đỏ hoặc "
                                    f"để trống nếu chưa báo cáo"),
                         lambda r: (f"The status '{clip(r['status_raw'])}' is not one of green, yellow, red: write "
                                    f"one of them, or leave it blank when not reported"))
    return mapped.filter(pl.col("status").is_not_null()), problems


def _percent_marked(raw: pl.DataType) -> pl.Expr:
    """A cell that says it is a percentage: "85,2%" text, or a cell formatted as % (etl.read); a typed
    number (a Parquet file's) never does."""
    if raw != pl.String:
        return pl.lit(False)
    return pl.col("raw").str.strip_chars().str.ends_with("%").fill_null(False)


def _decimals(raw: str | None) -> int:
    """How many decimals a number was written with: "96,8" → 1, "0,9745" → 4, a typed 97 → 0."""
    text = str(raw or "").removeprefix(NUM).strip().rstrip("%").strip()
    if "e" in text.lower():  # a typed float in scientific notation
        text = repr(round(float(text), 10))
    digits = re.split(r"[.,]", text)
    return len(digits[-1].rstrip("0")) if len(digits) > 1 else 0


def _decimals_of(raw: pl.Expr) -> pl.Expr:
    """_decimals of every cell, computed once per distinct token (a national column holds few); a
    typed number as the grid writes it."""
    def per_distinct(tokens: pl.Series) -> pl.Series:
        distinct = tokens.drop_nulls().unique()
        counts = pl.Series([_decimals(t) for t in grid_text(distinct).to_list()], dtype=pl.Int64)
        return tokens.replace_strict(distinct, counts, default=0, return_dtype=pl.Int64)
    return raw.map_batches(per_distinct, return_dtype=pl.Int64)


def rate_fractions(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A rate written as a fraction (0,9745 for 97,45 %) is refused, naming the cell.

    Beside percentages in the same column, a value below 1 is a fraction when it carries two more
    decimals than the column's percentages usually do (0,9745 beside 96,8; 0,97 beside 97): a
    fraction is the percentage moved two places. 0,2 beside 69,4 is a rate of 0,2 % (5G coverage of
    a village or two). A column whose every value lies between 0 and 1 is a column of fractions. A
    cell with "%" or a % format is a percentage; a rate really below 1 % can be written with its
    sign ("0,5%").
    """
    if "raw" not in obs.columns:
        return obs, []
    rates = (obs.lazy().filter(pl.col("is_pct") & (pl.col("kind") != "score"))
             .select("_row", "_col", "indicator_code", "value", "raw",
                     _percent_marked(obs.schema["raw"]).alias("_marked")).collect())
    below_one = ~pl.col("_marked") & (pl.col("value") > 0) & (pl.col("value") < 1)
    if not rates.select(below_one.any()).item():  # no value that could be a fraction (most files)
        return obs, []
    rates = rates.with_columns(_decimals_of(pl.col("raw")).alias("_decimals"))
    percent = pl.col("_marked") | (pl.col("value") > 1)
    by = ["_col", "indicator_code"]
    first = pl.col("_row").arg_min()  # a column's cells lie on distinct rows: its first percentage
    example = (rates.filter(percent).group_by(by)
               .agg(pl.col("_row").min().alias("_pct_row"), pl.col("value").get(first).alias("_pct_value"),
                    pl.col("_decimals").mode().min().alias("_pct_decimals")))
    bad = rates.filter(below_one).join(example, on=by, how="left")
    mixed = bad.filter(pl.col("_pct_row").is_not_null() & (pl.col("_decimals") >= pl.col("_pct_decimals") + 2))
    alone = bad.filter(pl.col("_pct_row").is_null())
    bad = pl.concat([mixed, alone])
    mixed, alone = (frame.with_columns(grid_text(frame["raw"])) for frame in (mixed, alone))  # as the cell shows
    problems = _problems(
        mixed, file, "rate_fractions",
        lambda r: (f"'{clip(str(r['raw']).lstrip(chr(31)))}' là phân số ({fmt_vi(round(100 * r['value'], 4))} %) trong "
                   f"khi các ô khác của cột là phần trăm ({fmt_vi(r['_pct_value'])} ở dòng {r['_pct_row']}): ghi mọi "
                   f"tỷ lệ cùng một cách ({fmt_vi(round(100 * r['value'], 4))}) hoặc định dạng ô là %"),
        lambda r: (f"'{clip(str(r['raw']).lstrip(chr(31)))}' is a fraction ({fmt_en(round(100 * r['value'], 4))} %) "
                   f"while other cells of the column are percentages ({fmt_en(r['_pct_value'])} in row "
                   f"{r['_pct_row']}): write every rate the same way ({fmt_en(round(100 * r['value'], 4))}) or "
                   f"format the cells as %"))
    problems += _problems(
        alone, file, "rate_fractions",
        lambda r: (f"Tỷ lệ '{clip(str(r['raw']).lstrip(chr(31)))}' trông như phân số "
                   f"({fmt_vi(round(100 * r['value'], 4))} %): mọi giá trị của cột đều từ 0 đến 1. Ghi phần trăm "
                   f"({fmt_vi(round(100 * r['value'], 4))}) hoặc định dạng ô là %; tỷ lệ thật sự dưới 1 % thì ghi "
                   f"kèm dấu % ('{fmt_vi(r['value'])}%')"),
        lambda r: (f"The rate '{clip(str(r['raw']).lstrip(chr(31)))}' looks like a fraction "
                   f"({fmt_en(round(100 * r['value'], 4))} %): every value of the column lies between 0 and 1. Write "
                   f"percentages ({fmt_en(round(100 * r['value'], 4))}) or format the cells as %; a rate really "
                   f"below 1 % is written with its sign ('{fmt_en(r['value'])}%')"))
    keys = bad.select("_row", "_col")
    return (obs.join(keys, on=["_row", "_col"], how="anti") if keys.height else obs), problems


def part_whole_pairs() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(parts, whole) that can never exceed each other: every derived rate's numerator and
    denominator where they differ (online ≤ received, paid online ≤ with fee, digitised ≤
    received, e-results ≤ resolved), and those DESIGN names besides (with fee ≤ received)."""
    pairs = [(ind.numerator, ind.denominator) for ind in catalog.indicators().values()
             if ind.is_derived and not set(ind.numerator) <= set(ind.denominator)]
    return pairs + [pair for pair in EXTRA_PARTS if pair not in pairs]


# Parts of a whole that no rate's formula names (DESIGN.md, "Rules decided for real files").
EXTRA_PARTS = [(("dossiers_with_fee",), ("dossiers_received",))]
# Dossiers resolved in a month (on time + late) ≤ received + the previous month's backlog.
RESOLVED, RECEIVED, BACKLOG = ("dossiers_on_time", "dossiers_late"), "dossiers_received", "dossiers_in_progress"


_MONTH = ["commune_code", "period"]


class _Counts:
    """Counts of the same commune-month side by side, for the rules comparing them.

    `table`: one row per commune and month giving any of `codes`: commune_code, period and one column
    per code holding its value, null where the file does not give it (duplicate_rows has left one cell
    per code at most). One group-by for every comparison, where a group-by per sum took five passes
    over the same rows. `first_cells` names the cells of the few commune-months that break a rule.
    """

    def __init__(self, obs: pl.DataFrame, codes: list[str]):
        self._obs, self._codes = obs, codes
        place = pl.col("indicator_code").replace_strict(codes, list(range(len(codes))), default=None,
                                                        return_dtype=pl.UInt8)
        # The month's key packed into one integer: grouping by it is faster than by the two columns.
        month = pl.col("commune_code").cast(pl.Int64) * (1 << 32) + pl.col("period").cast(pl.Int32)
        narrow = (obs.lazy().filter(pl.col("indicator_code").is_in(codes))
                  .select(*_MONTH, month.alias("_month"), place.alias("_code"), "value")
                  .filter(pl.col("_month").is_not_null()).collect())
        self.table = narrow.group_by("_month").agg(
            pl.col("commune_code").first(), pl.col("period").first(),
            *(pl.col("value").filter(pl.col("_code") == i).first().alias(code) for i, code in enumerate(codes))
        ).drop("_month")

    @functools.cached_property
    def _cells(self) -> pl.DataFrame:
        """The codes' cells in the file's order (`_order`), read only when a rule names them."""
        return (self._obs.lazy().select(*_MONTH, "indicator_code", "_row", "_col")
                .filter(pl.col("indicator_code").is_in(self._codes)).with_row_index("_order").collect())

    def first_cells(self, found: pl.DataFrame, codes: tuple[str, ...], row: str, col: str) -> pl.DataFrame:
        """`found` (commune-months) with the first cell of `codes` in each, as `row` and `col`: the
        smallest row, on a tie the first in the file's order."""
        if found.height == 0:
            return found.with_columns(pl.lit(None, self._obs.schema["_row"]).alias(row),
                                      pl.lit(None, self._obs.schema["_col"]).alias(col))
        first = (self._cells.filter(pl.col("indicator_code").is_in(list(codes)))
                 .join(found.select(_MONTH), on=_MONTH, how="semi").sort("_row", "_order").group_by(_MONTH)
                 .agg(pl.col("_row").first().alias(row), pl.col("_col").first().alias(col)))
        return found.join(first, on=_MONTH, how="left")


def _total(codes: tuple[str, ...]) -> pl.Expr:
    """The sum of `codes`' columns of a count table, null unless every one of them is given."""
    return pl.sum_horizontal(codes, ignore_nulls=False)


def _names(codes: tuple[str, ...], lang: str) -> str:
    return " + ".join(catalog.indicator(c).name(lang).lower() for c in codes)


def parts_within_whole(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A part above its whole (online dossiers above those received) is refused, naming both cells."""
    problems: list[Problem] = []
    bad_keys = []
    pairs = part_whole_pairs()
    counts = _Counts(obs, sorted({code for parts, whole in pairs for code in (*parts, *whole)}))
    for parts, whole in pairs:
        found = (counts.table.select(*_MONTH, _total(parts).alias("part"), _total(whole).alias("whole"))
                 .filter(pl.col("part") > pl.col("whole") + 1e-9))
        if found.height == 0:
            continue
        bad = counts.first_cells(counts.first_cells(found, parts, "_row", "_col"), whole, "whole_row", "whole_col")
        problems += _problems(
            bad, file, "parts_within_whole",
            lambda r, p=parts, w=whole: (
                f"{_names(p, 'vi').capitalize()} ({fmt_vi(r['part'])}) lớn hơn {_names(w, 'vi')} "
                f"({fmt_vi(r['whole'])}, dòng {r['whole_row']}, cột {r['whole_col']}) của cùng xã, cùng tháng: phần "
                f"không thể lớn hơn tổng; kiểm tra hai ô này"),
            lambda r, p=parts, w=whole: (
                f"{_names(p, 'en').capitalize()} ({fmt_en(r['part'])}) exceeds {_names(w, 'en')} "
                f"({fmt_en(r['whole'])}, row {r['whole_row']}, column {r['whole_col']}) of the same commune and "
                f"month: a part cannot exceed its whole; check these two cells"))
        bad_keys.append(found.select(_MONTH))
    if not bad_keys:
        return obs, problems
    return obs.join(pl.concat(bad_keys).unique(), on=_MONTH, how="anti"), problems


def resolved_beyond_received(obs: pl.DataFrame, keep: pl.Expr | None = None) -> pl.DataFrame:
    """Communes and months whose dossiers resolved (on time + late) exceed those received, with the
    previous month's backlog where the same file gives it: commune_code, period, resolved,
    received, backlog (null when not in the file), _row, _col (the first resolved cell),
    received_row, received_col. `keep` (on resolved, received and backlog) narrows them before their
    cells are looked up: a national file has tens of thousands that its backlog explains."""
    counts = _Counts(obs, [*RESOLVED, RECEIVED, BACKLOG])
    table = counts.table
    backlog = (table.filter(pl.col(BACKLOG).is_not_null())
               .select("commune_code", pl.col("period").dt.offset_by("1mo"), pl.col(BACKLOG).alias("backlog")))
    found = (table.select(*_MONTH, _total(RESOLVED).alias("resolved"), pl.col(RECEIVED).alias("received"))
             .filter(pl.col("resolved") > pl.col("received") + 1e-9)
             .join(backlog, on=_MONTH, how="left"))
    if keep is not None:
        found = found.filter(keep)
    return counts.first_cells(counts.first_cells(found, RESOLVED, "_row", "_col"), (RECEIVED,), "received_row",
                              "received_col")


def resolved_within_backlog(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """On time + late above received is possible (dossiers carried over from the previous month):
    loaded with a warning; refused where it exceeds received + the previous month's backlog
    given in the same file (the database step checks the backlog already loaded)."""
    beyond_backlog = pl.col("resolved") > pl.col("received") + pl.col("backlog") + 1e-9
    found = resolved_beyond_received(obs, keep=pl.col("backlog").is_null() | beyond_backlog)
    over = found.filter(pl.col("backlog").is_not_null() & beyond_backlog)
    unknown = found.filter(pl.col("backlog").is_null())
    problems = backlog_exceeded(over, file)
    problems += _problems(
        unknown, file, "resolved_beyond_received",
        lambda r: (f"Số hồ sơ đã giải quyết ({fmt_vi(r['resolved'])} = {_names(RESOLVED, 'vi')}) lớn hơn số tiếp nhận "
                   f"({fmt_vi(r['received'])}, dòng {r['received_row']}): có thể do hồ sơ tồn từ tháng trước "
                   f"(chưa có số tháng trước để đối chiếu); kiểm tra nếu tháng trước không có hồ sơ tồn"),
        lambda r: (f"Dossiers resolved ({fmt_en(r['resolved'])} = {_names(RESOLVED, 'en')}) exceed those received "
                   f"({fmt_en(r['received'])}, row {r['received_row']}): possible with a backlog from the previous "
                   f"month (none loaded to check against); check it if there was none"),
        severity="warning")
    if over.height == 0:
        return obs, problems
    return obs.join(over.select("commune_code", "period"), on=["commune_code", "period"], how="anti"), problems


def backlog_explained(rows: pl.DataFrame, file: str) -> list[Problem]:
    """Resolved above received but within received + the backlog already loaded: a warning that
    says so (the file alone could not tell)."""
    return _problems(
        rows, file, "resolved_beyond_received",
        lambda r: (f"Số hồ sơ đã giải quyết ({fmt_vi(r['resolved'])} = {_names(RESOLVED, 'vi')}) lớn hơn số tiếp nhận "
                   f"({fmt_vi(r['received'])}, dòng {r['received_row']}) nhưng không quá số tiếp nhận cộng "
                   f"{fmt_vi(r['backlog'])} hồ sơ đang giải quyết cuối tháng {r['backlog_month']} đã nạp: hồ sơ tồn "
                   f"tháng trước đã được giải quyết"),
        lambda r: (f"Dossiers resolved ({fmt_en(r['resolved'])} = {_names(RESOLVED, 'en')}) exceed those received "
                   f"({fmt_en(r['received'])}, row {r['received_row']}) but not received plus the "
                   f"{fmt_en(r['backlog'])} dossiers in progress at the end of {r['backlog_month']}, already "
                   f"loaded: the previous month's backlog was resolved"),
        severity="warning")


def backlog_exceeded(over: pl.DataFrame, file: str) -> list[Problem]:
    """Resolved above received + the previous month's dossiers in progress: refused."""
    return _problems(
        over, file, "parts_within_whole",
        lambda r: (f"Số hồ sơ đã giải quyết ({fmt_vi(r['resolved'])} = {_names(RESOLVED, 'vi')}) lớn hơn số tiếp nhận "
                   f"({fmt_vi(r['received'])}) cộng số hồ sơ tồn tháng trước ({fmt_vi(r['backlog'])}): kiểm tra các "
                   f"ô này"),
        lambda r: (f"Dossiers resolved ({fmt_en(r['resolved'])} = {_names(RESOLVED, 'en')}) exceed those received "
                   f"({fmt_en(r['received'])}) plus the previous month's backlog ({fmt_en(r['backlog'])}): check "
                   f"these cells"))


def check(obs: pl.DataFrame, file: str, *, today: dt.date | None = None, cumulative: bool = False
          ) -> tuple[pl.DataFrame, list[Problem]]:
    """Every rule that needs only the file itself, in order; returns the rows to load."""
    today = today or dt.date.today()
    obs = obs.join(_kinds(), on="indicator_code", how="left")
    problems: list[Problem] = []
    for rule in (lambda o: period_grain(o, file),
                 lambda o: future_period(o, file, today),
                 lambda o: duplicate_rows(o, file),
                 lambda o: percent_on_non_rate(o, file),
                 lambda o: rate_fractions(o, file),
                 lambda o: value_ranges(o, file),
                 lambda o: count_plausible(o, file),
                 lambda o: parts_within_whole(o, file),
                 lambda o: resolved_within_backlog(o, file),
                 lambda o: service_index_groups(o, file),
                 lambda o: rate_matches_counts(o, file),
                 lambda o: cumulative_figures(o, file, cumulative)):
        obs, found = rule(obs)
        problems += found
    return obs.drop("_ind"), problems


def check_statuses(statuses: pl.DataFrame, file: str, *, today: dt.date | None = None
                   ) -> tuple[pl.DataFrame, list[Problem]]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    statuses, found = r57_status_value(statuses, file)
    problems += found
    statuses, found = future_period(statuses, file, today)
    problems += found
    statuses, found = duplicate_rows(statuses, file, ("commune_code", "period"))
    problems += found
    return statuses, problems


# ---- file-level rules: the problems, built here; found by the readers and etl.cli_load ----------

def file_empty(file: str) -> Problem:
    return Problem(file, None, None, "file_empty", "Tệp rỗng (không có ô nào có nội dung)",
                   "The file is empty (no cell has any content)")


def no_data_rows(file: str, header_row: int | None) -> Problem:
    return Problem(file, header_row, None, "no_data_rows",
                   "Tệp không có dòng số liệu nào dưới dòng tiêu đề; không có gì để nạp",
                   "The file has no data rows under its header; there is nothing to load")


def formula_without_value(file: str, row: int, column: str, cell: str, formula: str) -> Problem:
    return Problem(file, row, column, "formula_without_value",
                   f"Ô {cell} có công thức ({clip(formula)}) nhưng tệp không lưu giá trị đã tính; hãy mở tệp "
                   f"bằng Excel rồi lưu lại (Save) và nạp lại",
                   f"Cell {cell} holds a formula ({clip(formula)}) but the file has no saved value for it; open "
                   f"the file in Excel, save it and load it again")


def period_option_conflict(file: str, row: int | None, column: str | None, option: str, found: str,
                           where_vi: str, where_en: str) -> Problem:
    return Problem(file, row, column, "period_option_conflict",
                   f"--period {option} khác kỳ {found} ghi trong {where_vi}; bỏ --period hoặc sửa tệp",
                   f"--period {option} disagrees with the period {found} in {where_en}; drop --period or fix the file")


def title_bad_date(file: str, row: int, text: str) -> Problem:
    """A date in the title that no calendar has ("từ 01/13 đến nay"): the months it covers are unknown."""
    return Problem(file, row, None, "period_title_bad_date",
                   f"Tiêu đề ghi một ngày không có thật: '{text}'; sửa ngày (ngày/tháng/năm) trong tiêu đề",
                   f"The title has a date that does not exist: '{text}'; fix the date (day/month/year) in the title")


def title_period_conflict(file: str, title) -> Problem:
    """The title names two different periods of the same precision."""
    named = [f"'{title.period_text}' ({title.period.label}, dòng {title.period_row})"] + [
        f"'{c.text}' ({c.period.label}, dòng {c.row})" for c in title.conflict]
    named_en = [f"'{title.period_text}' ({title.period.label}, row {title.period_row})"] + [
        f"'{c.text}' ({c.period.label}, row {c.row})" for c in title.conflict]
    return Problem(file, title.period_row, None, "period_title_conflict",
                   f"Tiêu đề ghi nhiều kỳ khác nhau: {'; '.join(named)}; ghi rõ kỳ của số liệu bằng --period YYYY-MM",
                   f"The title names different periods: {'; '.join(named_en)}; state the figures' period with "
                   f"--period YYYY-MM")


def sheet_choice(file: str, tables: list[str], sheets: list[str]) -> Problem:
    """No visible sheet holds a commune table, or several do."""
    listed = ", ".join(f"'{n}'" for n in (tables or sheets))
    if len(tables) > 1:
        return Problem(file, None, None, "sheet_ambiguous",
                       f"Nhiều trang tính có bảng số liệu theo xã: {listed}; chọn một trang bằng --sheet TÊN",
                       f"Several sheets hold a table by commune: {listed}; choose one with --sheet NAME")
    return Problem(file, None, None, "sheet_not_found",
                   f"Không trang tính nào có bảng số liệu theo xã (các trang: {listed}); kiểm tra tệp hoặc chọn "
                   f"trang bằng --sheet TÊN",
                   f"No sheet holds a table by commune (sheets: {listed}); check the file or choose a sheet with "
                   f"--sheet NAME")


def before_reform(rows: pl.DataFrame, file: str, column: str | None, reform: dt.date) -> list[Problem]:
    """Figures of new communes for months before the two-level reform: refused unless --aggregate-old."""
    from etl.communes import commune_name

    return _problems(
        rows.with_columns(pl.lit(column).alias("_col")), file, "before_reform",
        lambda r: (f"{'Tháng' if r['grain'] == 'month' else 'Kỳ'} {r['period_label']} trước cải cách chính quyền "
                   f"hai cấp ({reform:%Y-%m}); số liệu trước cải cách không nạp mặc định. Nếu đây là số đã tính lại "
                   f"cho {commune_name(r['commune_code'])}, nạp với --aggregate-old"),
        lambda r: (f"{r['period_label']} is before the two-level reform ({reform:%Y-%m}); figures from before the "
                   f"reform do not load by default. If these were recomputed for "
                   f"{commune_name(r['commune_code'])}, load with --aggregate-old"))
