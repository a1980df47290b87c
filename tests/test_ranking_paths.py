"""The specialised statements equal the generic window logic, row for row, on random data.

`queries.ranking`, `window_values` and `profile_ranks` build their SQL for the indicators asked
(codes bound, one scan for every window) and rank in polars; the references below are the
generic statements they replaced. Random figures over two provinces with gaps, ties, reported
rates without counts, stocks, context and lower-is-better indicators, compared for every
window, national and provincial scope and several months.
"""
import datetime as dt

import numpy as np
import polars as pl
import pytest

from core import db, queries
from core.periods import add_months, previous_bounds, window_bounds
from etl import masterdata
from etl.load import Batch, commit

# The generic statement the product used before (window values for any list of codes, joined
# with the catalog in SQL), kept here as the reference.
_WINDOW_VALUES = """
{p}_wanted AS (
    SELECT indicator_code, kind, numerator_codes, denominator_codes
    FROM indicators WHERE list_contains($codes, indicator_code)
),
{p}_needed AS (
    SELECT DISTINCT unnest(list_concat([indicator_code], numerator_codes, denominator_codes)) AS code
    FROM {p}_wanted
),
{p}_obs AS (
    SELECT o.commune_code, o.indicator_code, o.period, o.value, i.kind
    FROM observations o
    JOIN indicators i USING (indicator_code)
    JOIN scope_communes s USING (commune_code)
    WHERE o.indicator_code IN (SELECT code FROM {p}_needed)
      AND o.period <= ${p}_end
      AND (o.period >= ${p}_start OR i.kind = 'context')
),
{p}_sums AS (
    SELECT commune_code, indicator_code, sum(value) AS total
    FROM {p}_obs WHERE period >= ${p}_start GROUP BY ALL
),
{p}_latest AS (
    SELECT commune_code, indicator_code, arg_max(value, period) AS value
    FROM {p}_obs GROUP BY ALL
),
{p}_ratio AS (
    SELECT s.commune_code, w.indicator_code,
           100 * sum(s.total) FILTER (WHERE list_contains(w.numerator_codes, s.indicator_code))
               / nullif(sum(s.total) FILTER (WHERE list_contains(w.denominator_codes, s.indicator_code)), 0)
               AS value
    FROM {p}_wanted w
    JOIN {p}_sums s ON list_contains(list_concat(w.numerator_codes, w.denominator_codes), s.indicator_code)
    WHERE len(w.numerator_codes) > 0
    GROUP BY ALL
),
{p}_values AS (
    SELECT c.commune_code, w.indicator_code,
           CASE WHEN w.kind = 'count' THEN s.total
                WHEN len(w.numerator_codes) > 0 THEN coalesce(r.value, l.value)
                ELSE l.value END AS value
    FROM scope_communes c CROSS JOIN {p}_wanted w
    LEFT JOIN {p}_sums s ON s.commune_code = c.commune_code AND s.indicator_code = w.indicator_code
    LEFT JOIN {p}_latest l ON l.commune_code = c.commune_code AND l.indicator_code = w.indicator_code
    LEFT JOIN {p}_ratio r ON r.commune_code = c.commune_code AND r.indicator_code = w.indicator_code
)"""
_HEAD = "WITH " + queries._SCOPE + "," + _WINDOW_VALUES.format(p="cur")

REFERENCE_WINDOW_VALUES_SQL = _HEAD + """
SELECT v.commune_code, s.province_code, s.name, s.division_type, v.indicator_code, v.value
FROM cur_values v JOIN scope_communes s USING (commune_code)
ORDER BY v.indicator_code, v.commune_code"""

REFERENCE_PROFILE_RANKS_SQL = _HEAD + """,
keyed AS (
    SELECT v.commune_code, v.indicator_code, v.value,
           CASE i.direction WHEN 'lower' THEN round(v.value, 9) ELSE -round(v.value, 9) END AS sort_key
    FROM cur_values v JOIN indicators i USING (indicator_code)
),
ranked AS (
    SELECT commune_code, indicator_code, value,
           CASE WHEN value IS NOT NULL THEN rank() OVER (
               PARTITION BY indicator_code, value IS NULL ORDER BY sort_key) END AS rank,
           count(value) OVER (PARTITION BY indicator_code) AS n_ranked,
           count(*) OVER (PARTITION BY indicator_code) AS n_total
    FROM keyed
)
SELECT r.commune_code, s.name, r.indicator_code, r.value, r.rank::INTEGER AS rank,
       r.n_ranked::INTEGER AS n_ranked, r.n_total::INTEGER AS n_total,
       CASE WHEN r.rank IS NULL THEN NULL WHEN r.n_ranked = 1 THEN 100.0
            ELSE 100.0 * (r.n_ranked - r.rank) / (r.n_ranked - 1) END AS percentile
FROM ranked r JOIN scope_communes s USING (commune_code)
ORDER BY r.indicator_code, r.rank NULLS LAST, s.name"""

REFERENCE_RANKING_SQL = "WITH " + queries._SCOPE + "," + _WINDOW_VALUES.format(p="cur") + "," + \
    _WINDOW_VALUES.format(p="prev") + """,
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
                assert fast.schema == slow.schema and fast.equals(slow), (code, window, end, province, national)
                compared += fast["rank"].is_not_null().sum()
    assert compared > 500  # the data ranks many communes, not only NULLs


def test_the_random_data_has_what_the_rules_are_about(random_db):
    """Ties, unranked communes and reported-rate fallbacks occur, so equality above means something."""
    cur, prev = window_bounds(dt.date(2026, 1, 1), "quarter"), previous_bounds(dt.date(2026, 1, 1), "quarter")
    si = queries.ranking(random_db, code="service_index", window=cur, previous=prev, province=None, national=True)
    assert si["rank"].drop_nulls().is_duplicated().any()  # ties share a rank
    online = queries.ranking(random_db, code="online_rate", window=cur, previous=prev, province=None, national=True)
    assert online["rank"].null_count() > 0 and online["rank_change"].drop_nulls().len() > 0


@pytest.mark.parametrize("window", ["month", "12m"])
def test_window_values_and_profile_ranks_equal_the_generic_statements(random_db, window):
    for end in (dt.date(2026, 1, 1), dt.date(2025, 7, 1)):
        cur = window_bounds(end, window)
        codes = [*CODES, "not_in_the_catalog", "service_index"]  # unknown codes are left out, repeats once
        for alone in CODES:  # one indicator alone: one kind of aggregate
            params = {"codes": [alone], "cur_start": cur[0], "cur_end": cur[1], "province": 38}
            fast = queries.window_values(random_db, codes=[alone], window=cur, province=38)
            assert fast.equals(random_db.sql(REFERENCE_WINDOW_VALUES_SQL, params=params).pl()), alone
        for province in (None, 38):
            params = {"codes": codes, "cur_start": cur[0], "cur_end": cur[1], "province": province}
            fast = queries.window_values(random_db, codes=codes, window=cur, province=province)
            slow = random_db.sql(REFERENCE_WINDOW_VALUES_SQL, params=params).pl()
            assert fast.schema == slow.schema and fast.equals(slow), (window, end, province)
        fast = queries.profile_ranks(random_db, codes=codes, window=cur, province=38)
        slow = random_db.sql(REFERENCE_PROFILE_RANKS_SQL, params={**params, "province": 38}).pl()
        assert fast.schema == slow.schema and fast.equals(slow), (window, end)
    assert queries.window_values(random_db, codes=["nothing"], window=cur, province=38).height == 0
