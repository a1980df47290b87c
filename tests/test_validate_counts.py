"""The rules comparing counts of one commune and month (parts within their whole, dossiers resolved
within received plus the backlog) give, on random files, what a plain reading of each rule gives:
the same cells named (the first cell of a sum: its smallest row, on a tie the first in the file's
order), the same figures in the messages, the same rows kept.

etl.validate computes them from one table of counts per commune-month; the reading below goes
cell by cell in Python, as a person checking the file would.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import polars as pl
import pytest

from core.fmt import exact
from core.periods import add_months
from etl import validate

COMMUNES = [14923, 14926, 14929, 16309, 26734, 30280]
MONTHS = [add_months(dt.date(2025, 7, 1), i) for i in range(6)]
PAIR_CODES = sorted({c for parts, whole in validate.part_whole_pairs() for c in (*parts, *whole)})
CODES = sorted({*PAIR_CODES, *validate.RESOLVED, validate.RECEIVED, validate.BACKLOG})


def random_file(seed: int, wide: bool) -> pl.DataFrame:
    """Counts of a few communes over six months, some missing, some breaking the rules; rows in a
    shuffled order. `wide`: one row per commune-month (its figures in several columns of that row);
    otherwise one row per figure."""
    rng = random.Random(seed)
    cells = []
    for commune in COMMUNES:
        for month in MONTHS:
            received = rng.randint(0, 60)
            row = rng.randint(2, 500)
            for code in CODES:
                if rng.random() < 0.15:
                    continue  # not given
                top = {validate.BACKLOG: 6, **dict.fromkeys(validate.RESOLVED, received * 6 // 10 + 5)}.get(
                    code, received // 2 + 8)
                value = received if code == validate.RECEIVED else rng.randint(0, top)
                cells.append({"commune_code": commune, "period": month, "indicator_code": code,
                              "value": float(value), "_row": row if wide else rng.randint(2, 5000),
                              "_col": f"{chr(67 + CODES.index(code))} ({code})"})
    rng.shuffle(cells)
    frame = pl.DataFrame(cells, schema={"commune_code": pl.Int32, "period": pl.Date, "indicator_code": pl.String,
                                        "value": pl.Float64, "_row": pl.Int64, "_col": pl.String})
    # a figure given twice is duplicate_rows' to refuse: these rules see one cell per code
    return frame.unique(["commune_code", "period", "indicator_code"], keep="first", maintain_order=True)


def by_month(frame: pl.DataFrame) -> dict[tuple, dict[str, tuple[int, int, str, float]]]:
    """(commune, month) → code → (place in the file, row, column, value)."""
    out: dict[tuple, dict] = {}
    for place, r in enumerate(frame.iter_rows(named=True)):
        out.setdefault((r["commune_code"], r["period"]), {})[r["indicator_code"]] = (
            place, r["_row"], r["_col"], r["value"])
    return out


def total_and_first(cells: dict, codes) -> tuple[float, int, str] | None:
    """The sum of `codes` where every one is given, with its first cell (smallest row, then file order)."""
    if not all(c in cells for c in codes):
        return None
    first = min((cells[c] for c in codes), key=lambda cell: (cell[1], cell[0]))
    return sum(cells[c][3] for c in codes), first[1], first[2]


def expected_parts(frame: pl.DataFrame) -> tuple[list[tuple], set[tuple]]:
    """(row, column, what the English message must say) per part above its whole; the months refused."""
    found, refused = [], set()
    for month, cells in by_month(frame).items():
        for parts, whole in validate.part_whole_pairs():
            part, whole_sum = total_and_first(cells, parts), total_and_first(cells, whole)
            if part is None or whole_sum is None or part[0] <= whole_sum[0]:
                continue
            found.append((part[1], part[2], f"{validate._names(parts, 'en').capitalize()} ({exact(part[0], 'en')}) exceeds",
                          f"({exact(whole_sum[0], 'en')}, row {whole_sum[1]}, column {whole_sum[2]})"))
            refused.add(month)
    return found, refused


def expected_backlog(frame: pl.DataFrame) -> tuple[list[tuple], list[tuple], set[tuple]]:
    """Errors (beyond received + the previous month's backlog), warnings (no backlog in the file),
    as (row, column, what the English message must say); the months refused."""
    months = by_month(frame)
    errors, warnings, refused = [], [], set()
    for (commune, month), cells in months.items():
        resolved = total_and_first(cells, validate.RESOLVED)
        received = total_and_first(cells, (validate.RECEIVED,))
        if resolved is None or received is None or resolved[0] <= received[0]:
            continue
        backlog = months.get((commune, add_months(month, -1)), {}).get(validate.BACKLOG)
        if backlog is None:
            warnings.append((resolved[1], resolved[2], f"({exact(resolved[0], 'en')} = ",
                             f"({exact(received[0], 'en')}, row {received[1]})"))
        elif resolved[0] > received[0] + backlog[3]:
            errors.append((resolved[1], resolved[2], f"({exact(resolved[0], 'en')} = ",
                           f"({exact(received[0], 'en')}) plus the previous month's backlog "
                           f"({exact(backlog[3], 'en')})"))
            refused.add((commune, month))
    return errors, warnings, refused


def said(problems, rule: str, severity: str = "error") -> list[tuple]:
    return sorted((p.row, p.column, p.reason_en) for p in problems if p.rule == rule and p.severity == severity)


def assert_same(problems, rule: str, wanted: list[tuple], severity: str = "error") -> None:
    got = said(problems, rule, severity)
    assert [(row, col) for row, col, _ in got] == sorted((row, col) for row, col, *_ in wanted)
    for (_, _, text), (_, _, *phrases) in zip(got, sorted(wanted, key=lambda w: (w[0], w[1]))):
        assert all(phrase in text for phrase in phrases), (text, phrases)


def refused_frame(months: set[tuple]) -> pl.DataFrame:
    return pl.DataFrame(sorted(months), schema={"commune_code": pl.Int32, "period": pl.Date}, orient="row")


def months_of(frame: pl.DataFrame) -> set[tuple]:
    return set(frame.select("commune_code", "period").unique().iter_rows())


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("wide", [True, False], ids=["one row per commune-month", "one row per figure"])
def test_parts_within_whole_names_the_cells_a_plain_reading_names(seed, wide):
    frame = random_file(seed, wide)
    wanted, refused = expected_parts(frame)
    per_pair = Counter(phrase.split(" exceeds")[0] for _, _, phrase, _ in wanted)  # the part, named
    assert wanted and max(per_pair.values()) <= validate.PROBLEM_LIMIT  # breaches, each listed in full
    kept, problems = validate.parts_within_whole(frame, "f.csv")
    assert_same(problems, "parts_within_whole", wanted)
    assert months_of(kept) == months_of(frame) - refused
    assert kept.height == frame.join(refused_frame(refused), on=["commune_code", "period"], how="anti").height


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("wide", [True, False], ids=["one row per commune-month", "one row per figure"])
def test_resolved_within_backlog_names_the_cells_a_plain_reading_names(seed, wide):
    frame = random_file(seed, wide)
    errors, warnings, refused = expected_backlog(frame)
    assert errors or warnings  # the random file breaks the rule (most seeds both ways)
    kept, problems = validate.resolved_within_backlog(frame, "f.csv")
    assert_same(problems, "parts_within_whole", errors)
    assert_same(problems, "resolved_beyond_received", warnings, severity="warning")
    assert months_of(kept) == months_of(frame) - refused
    assert kept.height == frame.join(refused_frame(refused), on=["commune_code", "period"], how="anti").height


def test_resolved_beyond_received_gives_the_database_step_every_month_without_a_backlog():
    """etl.pipeline checks these against the backlog already loaded: every one, with its cells."""
    frame = random_file(7, wide=True)
    _, warnings, _ = expected_backlog(frame)
    found = validate.resolved_beyond_received(frame, keep=pl.col("backlog").is_null())
    assert sorted(found.select("_row", "_col").iter_rows()) == sorted((row, col) for row, col, *_ in warnings)


def test_many_breaches_are_counted_beyond_the_first_rows():
    """A national file's thousands of breaches: the first rows in full, the rest counted, none lost."""
    frame = pl.concat([random_file(seed, wide=False).with_columns(pl.col("commune_code") + 100_000 * seed)
                       for seed in range(8)])
    wanted, _ = expected_parts(frame)
    assert len(wanted) > validate.PROBLEM_LIMIT
    _, problems = validate.parts_within_whole(frame, "f.csv")
    assert sum(validate.problem_count(p) for p in problems) == len(wanted)
