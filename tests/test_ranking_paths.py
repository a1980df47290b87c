"""The specialised ranking statement equals the generic window logic, row for row, on random data.

`queries.ranking` builds its SQL for one indicator (codes bound, one scan for both windows);
the reference below is the generic statement it replaced, built from the same window-values
fragment that `window_values` and `profile_ranks` still use. Random figures over two
provinces with gaps, ties, reported rates without counts, stocks, context and lower-is-better
indicators, compared for every window, national and provincial scope and several months.
"""
import datetime as dt

import numpy as np
import polars as pl
import pytest

from core import db, queries
from core.periods import add_months, previous_bounds, window_bounds
from etl import masterdata
from etl.load import Batch, commit

REFERENCE_RANKING_SQL = queries._with(queries._SCOPE, queries._WINDOW_VALUES.format(p="cur"),
                                      queries._WINDOW_VALUES.format(p="prev")) + """,
ranked AS (
    SELECT s.commune_code, s.province_code, s.name, s.division_type, v.value,
           CASE WHEN v.value IS NOT NULL THEN rank() OVER (
               PARTITION BY CASE WHEN $national THEN 0 ELSE s.province_code END, v.value IS NULL
               ORDER BY round(v.value, 9) * $sign) END AS rank,
           count(v.value) OVER (PARTITION BY CASE WHEN $national THEN 0 ELSE s.province_code END) AS n_ranked,
           count(*) OVER (PARTITION BY CASE WHEN $national THEN 0 ELSE s.province_code END) AS n_total
    FROM scope_communes s LEFT JOIN cur_values v USING (commune_code)
),
prev_ranked AS (
    SELECT s.commune_code, p.value AS prev_value,
           CASE WHEN p.value IS NOT NULL THEN rank() OVER (
               PARTITION BY CASE WHEN $national THEN 0 ELSE s.province_code END, p.value IS NULL
               ORDER BY round(p.value, 9) * $sign) END AS prev_rank
    FROM scope_communes s LEFT JOIN prev_values p USING (commune_code)
)
SELECT r.commune_code, r.province_code, r.name, r.division_type, r.value, r.rank::INTEGER AS rank,
       r.n_ranked::INTEGER AS n_ranked, r.n_total::INTEGER AS n_total,
       CASE WHEN r.rank IS NULL THEN NULL WHEN r.n_ranked = 1 THEN 100.0
            ELSE 100.0 * (r.n_ranked - r.rank) / (r.n_ranked - 1) END AS percentile,
       p.prev_value, p.prev_rank::INTEGER AS prev_rank,
       (p.prev_rank - r.rank)::INTEGER AS rank_change
FROM ranked r JOIN prev_ranked p USING (commune_code)
ORDER BY r.province_code, r.rank NULLS LAST, r.name"""

# One code of every way a figure combines over a window.
CODES = ["dossiers_received", "dossiers_late", "online_rate", "on_time_rate", "service_index",
         "dossiers_in_progress", "population", "vneid_activated_pct"]
STORED = ["dossiers_received", "dossiers_online", "dossiers_on_time", "dossiers_late", "online_rate",
          "service_index", "dossiers_in_progress", "population", "vneid_activated_pct"]
FIRST = dt.date(2024, 11, 1)


def _random_observations(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    communes = masterdata.communes().filter(pl.col("province_code").is_in([38, 1]))["commune_code"].to_list()
    communes = list(rng.choice(communes, 45, replace=False))
    rows = []
    for commune in communes:
        counts_only_as_rate = rng.random() < 0.2  # reports a rate, no counts
        for m in range(17):
            month = add_months(FIRST, m)
            if rng.random() < 0.15:
                continue  # the commune skips the month
            received = int(rng.integers(0, 40))  # small counts: ties and zero denominators happen
            values = {"dossiers_received": received, "dossiers_online": int(rng.integers(0, received + 1)),
                      "dossiers_on_time": int(rng.integers(0, received + 1)), "dossiers_late": int(rng.integers(0, 4)),
                      "service_index": float(rng.integers(60, 66)), "dossiers_in_progress": int(rng.integers(0, 9)),
                      "vneid_activated_pct": round(float(rng.uniform(80, 82)), 1)}
            if counts_only_as_rate:
                values = {"online_rate": round(float(rng.uniform(50, 100)), 2), "service_index": values["service_index"]}
            elif rng.random() < 0.1:
                values["online_rate"] = 77.0  # a reported rate beside counts: the counts win
            if m == 0 or (m == 9 and rng.random() < 0.5):
                values["population"] = float(rng.integers(5000, 5003))
            rows += [(int(commune), code, month, float(v)) for code, v in values.items() if rng.random() > 0.05]
    return pl.DataFrame(rows, schema={"commune_code": pl.Int32, "indicator_code": pl.String, "period": pl.Date,
                                      "value": pl.Float64}, orient="row")


@pytest.fixture(scope="module", params=[1])
def random_db(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("ranking") / "random.duckdb"
    obs = _random_observations(request.param)
    assert set(obs["indicator_code"]) == set(STORED)
    commit([Batch(source="random", sha256=f"{request.param:064d}", kind="file", observations=obs)], path, fresh=True)
    connection = db.open_reader(path)
    yield db.cursor(connection)
    connection.close()


def _reference(con, code, window, previous, province, national) -> pl.DataFrame:
    return con.sql(REFERENCE_RANKING_SQL, params={
        "codes": [code], "cur_start": window[0], "cur_end": window[1], "prev_start": previous[0],
        "prev_end": previous[1], "province": province, "national": national,
        "sign": queries._sign(code)}).pl()


@pytest.mark.parametrize("window", ["month", "quarter", "ytd", "12m"])
def test_ranking_equals_the_generic_window_logic(random_db, window):
    compared = 0
    # January: the previous ytd is last year's; July: the first month of a quarter.
    for end, scopes in ((dt.date(2026, 1, 1), ((None, True), (38, False))), (dt.date(2025, 7, 1), ((None, False),))):
        cur, prev = window_bounds(end, window), previous_bounds(end, window)
        for code in CODES:
            for province, national in scopes:
                fast = queries.ranking(random_db, code=code, window=cur, previous=prev, province=province,
                                       national=national)
                slow = _reference(random_db, code, cur, prev, province, national)
                assert fast.equals(slow), (code, window, end, province, national)
                compared += fast["rank"].is_not_null().sum()
    assert compared > 500  # the data ranks many communes, not only NULLs


def test_the_random_data_has_what_the_rules_are_about(random_db):
    """Ties, unranked communes and reported-rate fallbacks occur, so equality above means something."""
    cur, prev = window_bounds(dt.date(2026, 1, 1), "quarter"), previous_bounds(dt.date(2026, 1, 1), "quarter")
    si = queries.ranking(random_db, code="service_index", window=cur, previous=prev, province=None, national=True)
    assert si["rank"].drop_nulls().is_duplicated().any()  # ties share a rank
    online = queries.ranking(random_db, code="online_rate", window=cur, previous=prev, province=None, national=True)
    assert online["rank"].null_count() > 0 and online["rank_change"].drop_nulls().len() > 0
