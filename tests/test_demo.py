"""The demo database: deterministic, contract-conforming, reproducing the published figures."""
import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from core import queries
from etl import demo

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_CHECK = ROOT.parent / "shared" / "contract_check.py"


def test_two_builds_give_identical_observations():
    first = demo.build(dt.date(2025, 12, 1))
    second = demo.build(dt.date(2025, 12, 1))
    assert first.observations.equals(second.observations)
    assert first.r57.equals(second.r57)
    assert first.sha256 == second.sha256


def test_a_later_end_month_keeps_earlier_months():
    short = demo.build(dt.date(2025, 9, 1)).observations
    longer = demo.build(dt.date(2025, 10, 1)).observations.filter(pl.col("period") <= dt.date(2025, 9, 1))
    keys = ["commune_code", "indicator_code", "period"]
    # the public figures of later periods are absent from the short build; compare the rest
    assert short.sort(keys).equals(longer.join(short.select(keys), on=keys, how="semi").sort(keys))


@pytest.mark.skipif(not CONTRACT_CHECK.exists(), reason="shared/contract_check.py not beside the project")
def test_shared_contract_check_passes(demo_db):
    result = subprocess.run([sys.executable, str(CONTRACT_CHECK), str(demo_db)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hold" in result.stdout


def test_every_published_figure_is_reproduced(reader):
    figures = queries.public_figures(reader)
    assert figures.height >= 30
    for f in figures.iter_rows(named=True):
        where = f"{f['commune_code']} {f['indicator_code']} {f['period_from']}..{f['period_to']}"
        if f["relation"] == "status":
            status = queries.r57_window(reader, window=(f["period_to"], f["period_to"]), province=None)
            row = status.filter(pl.col("commune_code") == f["commune_code"])
            assert row["status"][0] == "green", where
            continue
        if f["relation"] == "rank":
            ranked = queries.ranking(reader, code=f["indicator_code"], window=(f["period_from"], f["period_to"]),
                                     previous=(f["period_from"], f["period_to"]), province=None, national=False)
            row = ranked.filter(pl.col("commune_code") == f["commune_code"])
            assert (row["rank"][0], row["n_ranked"][0]) == (int(f["value"]), 166), where
            continue
        values = queries.window_values(reader, codes=[f["indicator_code"]], window=(f["period_from"], f["period_to"]),
                                       province=None)
        got = values.filter(pl.col("commune_code") == f["commune_code"])["value"][0]
        if f["relation"] == ">":
            assert got > f["value"], where
        else:
            assert abs(got - f["value"]) <= f["tolerance"], f"{where}: {got} vs {f['value']}"


def test_demo_is_labelled_and_realistic(reader):
    status = queries.data_status(reader)
    assert status["has_demo"]
    loads = queries.loads(reader)
    assert loads["is_demo"].to_list() == [True] and loads["source"][0].startswith("demo:")
    nov = dt.date(2025, 11, 1)
    r57 = queries.r57_window(reader, window=(nov, nov), province=None)
    shares = r57["status"].value_counts(normalize=True)
    share = dict(zip(shares["status"].to_list(), shares["proportion"].to_list()))
    assert share["green"] > 0.5 and share["red"] > 0.02 and share["yellow"] > 0.05
    assert share.get(None, 0) > 0  # some communes did not report: shown grey, never counted
    online = queries.window_values(reader, codes=["online_rate"], window=(nov, nov), province=None).drop_nulls("value")
    by_type = dict(online.group_by("division_type").agg(pl.col("value").median()).iter_rows())
    assert by_type["phường"] > by_type["xã"]  # wards file more online, on the whole...
    wards = online.filter(pl.col("division_type") == "phường")
    assert wards["value"].min() < by_type["xã"]  # ...but not every ward is ahead
    months = queries.monthly_values(reader, codes=["online_rate"], start=dt.date(2025, 7, 1), end=dt.date(2026, 10, 1),
                                    province=38)
    medians = months.group_by("period").agg(pl.col("value").median()).sort("period")["value"].to_list()
    assert medians[-1] > medians[0] + 3  # improvement over time


def test_service_index_groups_sum_to_the_total(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    worst = con.execute("""
        SELECT max(abs(total - groups)) FROM (
          SELECT commune_code, period,
                 sum(value) FILTER (WHERE indicator_code = 'service_index') AS total,
                 sum(value) FILTER (WHERE indicator_code LIKE 'si\\_%' ESCAPE '\\') AS groups
          FROM observations WHERE indicator_code = 'service_index' OR indicator_code LIKE 'si\\_%' ESCAPE '\\'
          GROUP BY ALL)""").fetchall()[0][0]
    over = con.execute("""
        SELECT count(*) FROM observations o JOIN indicators i USING (indicator_code)
        WHERE i.scale_max IS NOT NULL AND o.value > i.scale_max""").fetchall()[0][0]
    con.close()
    assert worst <= 0.05 and over == 0


def test_an_uninhabited_special_zone_has_no_demo_figures(reader):
    hoang_sa = 20333  # Đặc khu Hoàng Sa: population 0
    nov = dt.date(2025, 11, 1)
    values = queries.window_values(reader, codes=["dossiers_received", "service_index", "population"], window=(nov, nov),
                                   province=48)
    row = dict(zip(*values.filter(pl.col("commune_code") == hoang_sa).select("indicator_code", "value")))
    assert row["population"] == 0 and row["dossiers_received"] is None and row["service_index"] is None
    assert queries.r57_history(reader, commune=hoang_sa).is_empty()
