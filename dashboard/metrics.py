"""Business rules on computed figures: grades, targets, summaries. Pure functions on polars.

The figures themselves (window values, ranks, percentiles, rank changes) come from
core.queries; this module only classifies and summarises them.
"""
from __future__ import annotations

import polars as pl

from core import catalog


def grade(score: float | None, lang: str = "vi") -> str | None:
    """Service-index grade band (configuration: Xuất sắc ≥ 90, Tốt ≥ 80, …)."""
    if score is None:
        return None
    for band in catalog.grade_bands():
        if score >= band["min"]:
            return band[lang if lang in ("vi", "en") else "vi"]
    return None


def grade_names(lang: str = "vi") -> list[str]:
    return [band[lang] for band in catalog.grade_bands()]


def target(code: str, province: int | None) -> float | None:
    """The indicator's target for a province view: the province's own, else the national one."""
    return catalog.indicator(code).target_for(province)


def meets_target(value: float | None, code: str, province: int | None) -> bool | None:
    goal = target(code, province)
    if goal is None or value is None:
        return None
    if catalog.indicator(code).direction == "lower":
        return value <= goal
    return value >= goal


def with_grades_and_targets(ranked: pl.DataFrame, code: str, province: int | None, lang: str) -> pl.DataFrame:
    """Add `grade` (the graded indicator only: the service index) and `target_met` columns to a
    ranking frame."""
    out = ranked
    if code == catalog.graded_indicator():
        out = out.with_columns(pl.col("value").map_elements(lambda v: grade(v, lang), return_dtype=pl.String)
                               .alias("grade"))
    goal = target(code, province)
    if goal is not None:
        ind = catalog.indicator(code)
        met = pl.col("value") <= goal if ind.direction == "lower" else pl.col("value") >= goal
        out = out.with_columns(pl.when(pl.col("value").is_null()).then(None).otherwise(met).alias("target_met"))
    return out


def movers(ranked: pl.DataFrame, n: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Biggest rank gains and losses against the previous window (ranked both times)."""
    moved = ranked.filter(pl.col("rank_change").is_not_null() & (pl.col("rank_change") != 0))
    up = moved.filter(pl.col("rank_change") > 0).sort(["rank_change", "rank"], descending=[True, False]).head(n)
    down = moved.filter(pl.col("rank_change") < 0).sort(["rank_change", "rank"]).head(n)
    return up, down


def has_previous(ranked: pl.DataFrame) -> bool:
    """Whether any commune of a ranking frame was ranked in the previous window (rank changes exist)."""
    return not ranked["prev_rank"].is_null().all()


def unranked_count(ranked: pl.DataFrame) -> tuple[int, int]:
    """(communes without a figure, communes ranked) in the whole scope of a ranking frame."""
    missing = ranked.filter(pl.col("rank").is_null()).height
    return missing, ranked.height - missing


def commune_values(values: pl.DataFrame, commune: int) -> dict[str, float | None]:
    """indicator_code → one commune's value, from a window_values frame."""
    mine = values.filter(pl.col("commune_code") == commune)
    return dict(zip(mine["indicator_code"].to_list(), mine["value"].to_list()))


def status_counts(r57: pl.DataFrame) -> dict[str | None, int]:
    """Communes per Resolution 57 status; None = not reported (never counted as a colour)."""
    counts = {"green": 0, "yellow": 0, "red": 0, None: 0}
    for status, count in r57.group_by("status").len().iter_rows():
        counts[status] = count
    return counts


def reported_count(counts: dict[str | None, int]) -> int:
    """Communes with a Resolution 57 status (green, yellow or red) among status_counts."""
    return sum(count for status, count in counts.items() if status is not None)


def names_with_status(r57: pl.DataFrame, status: str | None) -> list[str]:
    """Names of the communes of a r57_window frame with `status` (None = not reported), sorted."""
    rows = r57.filter(pl.col("status").is_null() if status is None else pl.col("status") == status)
    return sorted(rows["name"].to_list())
