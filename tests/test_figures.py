"""Figures against hand-worked examples: ratio-of-sums rates, windows, ranking rules.

A tiny database is loaded through the real load path (etl.load.commit) with five Thanh Hóa
communes and one Hà Nội ward; every expected number below was worked out by hand.
"""
import datetime as dt

import polars as pl
import pytest

from core import db, queries
from core.periods import previous_bounds, window_bounds
from etl.load import Batch, commit

A, B, C, D, E = 14758, 14797, 14812, 14818, 14845  # Thanh Hóa (38)
F = 4  # Phường Ba Đình, Hà Nội (1)
OCT, NOV = dt.date(2025, 10, 1), dt.date(2025, 11, 1)

ROWS = [
    # service_index, higher is better. Nov: A 90, B 85, C 85 (a tie), D 70, E none; F 95 (Hà Nội)
    (A, "service_index", NOV, 90), (B, "service_index", NOV, 85), (C, "service_index", NOV, 85),
    (D, "service_index", NOV, 70), (F, "service_index", NOV, 95),
    # Oct: B 88, A 80, C none (so C is "new" in Nov)
    (A, "service_index", OCT, 80), (B, "service_index", OCT, 88),
    # dossiers_late, lower is better
    (A, "dossiers_late", NOV, 5), (B, "dossiers_late", NOV, 1), (C, "dossiers_late", NOV, 3),
    # A: online 90/100 in Oct, 150/300 in Nov → quarter 240/400 = 60 %, not (90 % + 50 %) / 2
    (A, "dossiers_received", OCT, 100), (A, "dossiers_online", OCT, 90),
    (A, "dossiers_received", NOV, 300), (A, "dossiers_online", NOV, 150),
    # B: only a reported rate, no counts → the reported rate is used
    (B, "online_rate", NOV, 75),
    # stocks take the latest value in the window; context the latest known at its end
    (A, "dossiers_in_progress", OCT, 10), (A, "dossiers_in_progress", NOV, 7),
    (A, "population", dt.date(2025, 7, 1), 12000),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "tiny.duckdb"
    frame = pl.DataFrame(ROWS, schema={"commune_code": pl.Int32, "indicator_code": pl.String,
                                       "period": pl.Date, "value": pl.Float64}, orient="row")
    commit([Batch(source="hand-worked", sha256="x" * 64, kind="file", observations=frame)], path, fresh=True)
    connection = db.open_reader(path)
    yield db.cursor(connection)
    connection.close()


def _by_code(frame: pl.DataFrame) -> dict[int, dict]:
    return {row["commune_code"]: row for row in frame.iter_rows(named=True)}


def test_windows_end_at_the_chosen_month():
    assert window_bounds(NOV, "month") == (NOV, NOV)
    assert window_bounds(NOV, "quarter") == (OCT, NOV)
    assert window_bounds(NOV, "ytd") == (dt.date(2025, 1, 1), NOV)
    assert window_bounds(NOV, "12m") == (dt.date(2024, 12, 1), NOV)
    assert previous_bounds(NOV, "quarter") == (OCT, OCT)  # the quarter ending one month earlier
    assert previous_bounds(dt.date(2026, 1, 1), "month") == (dt.date(2025, 12, 1), dt.date(2025, 12, 1))
    assert previous_bounds(dt.date(2026, 1, 1), "ytd") == (dt.date(2025, 1, 1), dt.date(2025, 12, 1))


def test_quarter_rate_is_a_ratio_of_sums(con):
    values = queries.window_values(con, codes=["online_rate", "dossiers_received"], window=(OCT, NOV), province=38)
    a = values.filter(pl.col("commune_code") == A)
    rows = dict(zip(a["indicator_code"], a["value"]))
    assert rows["dossiers_received"] == 400
    assert rows["online_rate"] == pytest.approx(60.0)  # 240 / 400, not 70


def test_reported_rate_is_used_where_counts_are_absent(con):
    values = queries.window_values(con, codes=["online_rate"], window=(OCT, NOV), province=38)
    assert _by_code(values)[B]["value"] == 75
    assert _by_code(values)[C]["value"] is None


def test_stock_takes_latest_in_window_and_context_latest_known(con):
    values = queries.window_values(con, codes=["dossiers_in_progress", "population"], window=(OCT, NOV), province=38)
    a = dict(zip(*values.filter(pl.col("commune_code") == A).select("indicator_code", "value")))
    assert a["dossiers_in_progress"] == 7
    assert a["population"] == 12000  # stored for 2025-07, still describes the commune in Nov


def test_ties_share_the_best_rank_and_missing_values_are_unranked(con):
    ranked = _by_code(queries.ranking(con, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=38,
                                              national=False))
    assert [ranked[c]["rank"] for c in (A, B, C, D)] == [1, 2, 2, 4]
    assert ranked[E]["rank"] is None  # no value: unranked, not last
    assert ranked[A]["n_ranked"] == 4 and ranked[A]["n_total"] == 166
    assert ranked[A]["percentile"] == pytest.approx(100.0)
    assert ranked[B]["percentile"] == pytest.approx(100 * (4 - 2) / 3)
    assert ranked[D]["percentile"] == pytest.approx(0.0)
    assert F not in ranked  # another province's commune is outside the province view


def test_rank_change_against_the_previous_window(con):
    ranked = _by_code(queries.ranking(con, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=38,
                                              national=False))
    assert ranked[A]["prev_rank"] == 2 and ranked[A]["rank_change"] == 1  # ▲1
    assert ranked[B]["prev_rank"] == 1 and ranked[B]["rank_change"] == -1  # ▼1
    assert ranked[C]["prev_rank"] is None  # "mới": unranked the month before


def test_lower_is_better_direction(con):
    ranked = _by_code(queries.ranking(con, code="dossiers_late", window=(NOV, NOV), previous=(OCT, OCT), province=38,
                                              national=False))
    assert [ranked[c]["rank"] for c in (B, C, A)] == [1, 2, 3]


def test_national_ranking_spans_provinces(con):
    ranked = _by_code(queries.ranking(con, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=None,
                                              national=True))
    assert [ranked[c]["rank"] for c in (F, A, B, C, D)] == [1, 2, 3, 3, 5]
    assert ranked[F]["n_total"] == 3321 and ranked[F]["n_ranked"] == 5


def test_percentile_is_100_for_a_single_ranked_commune(con):
    ranked = _by_code(queries.ranking(con, code="service_index", window=(NOV, NOV), previous=(OCT, OCT), province=1,
                                              national=False))
    assert ranked[F]["rank"] == 1 and ranked[F]["percentile"] == 100.0


def test_monthly_values_derive_each_months_rate(con):
    series = queries.monthly_values(con, codes=["online_rate"], start=OCT, end=NOV, province=38, communes=[A])
    assert series["value"].to_list() == pytest.approx([90.0, 50.0])
