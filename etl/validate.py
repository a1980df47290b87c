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

File-level rules (problems built here, found by the readers and etl.cli_load):

- file_empty, no_data_rows: nothing to read, or a header and no figures under it.
- formula_without_value: a formula cell the spreadsheet never calculated (no saved value).
- period_option_conflict: --period says one month, the title or a period column another.
- number_invalid: not a number; NaN and infinity included.

Texts from cells are echoed in messages clipped to 80 characters (`clip`).
"""
from __future__ import annotations

import datetime as dt

import polars as pl

from core import catalog
from core.fmt import exact
from core.names import ascii_key
from core.periods import add_months, months_between
from core.problems import Problem, clip
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
    return pl.DataFrame(rows, schema={"indicator_code": pl.String, "kind": pl.String, "is_pct": pl.Boolean,
                                      "scale_max": pl.Float64, "derived": pl.Boolean, "integer": pl.Boolean})


def _problems(frame: pl.DataFrame, file: str, rule: str, vi, en, severity: str = "error") -> list[Problem]:
    return [Problem(file, r["_row"], r["_col"], rule, vi(r), en(r), severity)
            for r in frame.iter_rows(named=True)]


def period_grain(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    bad = obs.filter((pl.col("kind") == "count") & (pl.col("grain") != "month"))
    words_vi = {"quarter": "quý", "year": "năm", "span": "nhiều tháng"}
    words_en = {"quarter": "quarterly", "year": "yearly", "span": "multi-month"}
    problems = _problems(
        bad, file, "period_grain",
        lambda r: (f"Số đếm là số liệu theo tháng; không nạp được số theo {words_vi[r['grain']]} "
                   f"({r['period_label']}) cho chỉ tiêu {r['indicator_code']}"),
        lambda r: (f"Counts are monthly; a {words_en[r['grain']]} figure ({r['period_label']}) cannot be "
                   f"loaded for {r['indicator_code']}"))
    return obs.filter(~((pl.col("kind") == "count") & (pl.col("grain") != "month"))), problems


def future_period(obs: pl.DataFrame, file: str, today: dt.date) -> tuple[pl.DataFrame, list[Problem]]:
    this_month = today.replace(day=1)
    bad = obs.filter(pl.col("period") > this_month)
    problems = _problems(bad, file, "future_period",
                         lambda r: f"Kỳ {r['period']:%Y-%m} ở tương lai",
                         lambda r: f"The period {r['period']:%Y-%m} is in the future")
    return obs.filter(pl.col("period") <= this_month), problems


def duplicate_rows(obs: pl.DataFrame, file: str, keys: tuple[str, ...] = ("commune_code", "indicator_code", "period")
                   ) -> tuple[pl.DataFrame, list[Problem]]:
    keys = list(keys)
    ranked = obs.with_columns(
        pl.col("_row").first().over(keys).alias("_first_row"),
        pl.col("_col").first().over(keys).alias("_first_col"),
        pl.int_range(pl.len()).over(keys).alias("_nth"))
    bad = ranked.filter(pl.col("_nth") > 0)
    what_vi = "xã, chỉ tiêu và kỳ" if "indicator_code" in keys else "xã và kỳ"
    what_en = "commune, indicator and period" if "indicator_code" in keys else "commune and period"
    problems = _problems(bad, file, "duplicate_rows",
                         lambda r: f"Trùng với dòng {r['_first_row']}, cột {r['_first_col']} (cùng {what_vi})",
                         lambda r: f"Duplicates row {r['_first_row']}, column {r['_first_col']} (same {what_en})")
    return ranked.filter(pl.col("_nth") == 0).drop("_first_row", "_first_col", "_nth"), problems


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
        lambda r: f"Số đếm phải là số nguyên không âm, không phải {fmt_vi(r['value'])}",
        lambda r: f"A count must be a non-negative integer, not {fmt_en(r['value'])}")
    problems += _problems(
        obs.filter(bad_pct), file, "rate_within_0_100",
        lambda r: f"Tỷ lệ phải nằm trong khoảng 0–100, không phải {fmt_vi(r['value'])}",
        lambda r: f"A rate must lie within 0–100, not {fmt_en(r['value'])}")
    problems += _problems(
        obs.filter(bad_score & ~bad_pct), file, "score_within_scale",
        lambda r: f"Điểm phải nằm trong khoảng 0–{fmt_vi(r['scale_max'])}, không phải {fmt_vi(r['value'])}",
        lambda r: f"A score must lie within 0–{fmt_en(r['scale_max'])}, not {fmt_en(r['value'])}")
    problems += _problems(
        obs.filter(negative & ~bad_pct & ~bad_score), file, "non_negative",
        lambda r: f"Giá trị không được âm: {fmt_vi(r['value'])}",
        lambda r: f"The value cannot be negative: {fmt_en(r['value'])}")
    return obs.filter(~(not_int | negative | bad_pct | bad_score)), problems


def count_plausible(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Counts and stocks above MAX_PLAUSIBLE_COUNT for one commune in one month are refused."""
    bad = pl.col("integer") & (pl.col("value") > MAX_PLAUSIBLE_COUNT)
    problems = _problems(
        obs.filter(bad), file, "count_plausible",
        lambda r: (f"{fmt_vi(r['value'])} quá lớn cho một xã trong một tháng (tối đa "
                   f"{fmt_vi(MAX_PLAUSIBLE_COUNT)}); hãy kiểm tra lại ô này"),
        lambda r: (f"{fmt_en(r['value'])} is implausibly large for one commune in one month (at most "
                   f"{fmt_en(MAX_PLAUSIBLE_COUNT)}); check this cell"))
    return obs.filter(~bad), problems


def percent_on_non_rate(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """A "%" on a figure whose indicator is not a percentage (a count, stock or score) is refused."""
    if "raw" not in obs.columns:
        return obs, []
    bad = (~pl.col("is_pct") & pl.col("raw").str.strip_chars().str.ends_with("%")).fill_null(False)
    problems = _problems(
        obs.filter(bad), file, "percent_on_non_rate",
        lambda r: (f"'{clip(r['raw'].lstrip(chr(31)))}' là tỷ lệ phần trăm nhưng {r['indicator_code']} không phải "
                   f"tỷ lệ (số đếm, số lượng hoặc điểm): ghi số, không có %"),
        lambda r: (f"'{clip(r['raw'].lstrip(chr(31)))}' is a percentage but {r['indicator_code']} is not a rate "
                   f"(a count, stock or score): write the number without %"))
    return obs.filter(~bad), problems


def service_index_groups(obs: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    groups = [i.code for i in catalog.indicators().values() if i.component_of == "service_index"]
    keys = ["commune_code", "period"]
    parts = (obs.filter(pl.col("indicator_code").is_in(groups))
             .group_by(keys).agg(pl.col("value").sum().alias("groups_sum"), pl.len().alias("n_groups")))
    total = obs.filter(pl.col("indicator_code") == "service_index").select(*keys, "_row", "_col", "value")
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
        return obs.filter(~pl.col("cumulative")), _problems(
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
    return obs.filter(~(pl.col("cumulative") & pl.col("derived"))), problems


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
                         lambda r: f"Trạng thái '{clip(r['status_raw'])}' không hợp lệ (xanh, vàng, đỏ)",
                         lambda r: f"The status '{clip(r['status_raw'])}' is not one of green, yellow, red")
    return mapped.filter(pl.col("status").is_not_null()), problems


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
                 lambda o: value_ranges(o, file),
                 lambda o: count_plausible(o, file),
                 lambda o: service_index_groups(o, file),
                 lambda o: rate_matches_counts(o, file),
                 lambda o: cumulative_figures(o, file, cumulative)):
        obs, found = rule(obs)
        problems += found
    return obs, problems


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
