"""Why the rank moved (dashboard.movers): hand-worked cases, each figure computed by hand below."""
from __future__ import annotations

import polars as pl

from dashboard import movers

GROUPS = ("si_transparency", "si_progress", "si_digitisation", "si_online", "si_satisfaction")


def _index(total, transparency, progress, digitisation, online, satisfaction) -> dict:
    return dict(zip(("service_index", *GROUPS), (total, transparency, progress, digitisation, online, satisfaction)))


def test_service_index_names_the_group_whose_points_fell_most():
    # 83 → 80 (−3): transparency −0,5, digitisation −0,5, online −2 (17 → 15 of 22): online drove it
    before = _index(83.0, 15.5, 18.0, 20.5, 17.0, 12.0)
    now = _index(80.0, 15.0, 18.0, 20.0, 15.0, 12.0)
    move = movers.explain("service_index", now, before, rank_change=-5)
    assert (move.kind, move.driver, move.driver_before, move.driver_now) == ("component", "si_online", 17.0, 15.0)
    assert not move.against
    assert movers.sentence(move, "vi") == (
        "Bộ chỉ số phục vụ người dân, doanh nghiệp giảm từ 83,00 xuống 80,00, chủ yếu do nhóm "
        "“Cung cấp dịch vụ trực tuyến” giảm 2,00 điểm (17,00 → 15,00/22 điểm).")
    assert movers.sentence(move, "en").endswith(
        "mostly because the group “Online services” lost 2.00 points (17.00 → 15.00/22 points).")


def test_service_index_ignores_a_group_that_moved_against_the_total():
    # 70 → 72 (+2): transparency −3 (the largest change, but downwards), progress +4, satisfaction +1
    before = _index(70.0, 15.0, 10.0, 20.0, 15.0, 10.0)
    now = _index(72.0, 12.0, 14.0, 20.0, 15.0, 11.0)
    move = movers.explain("service_index", now, before, rank_change=3)
    assert (move.driver, move.driver_now - move.driver_before) == ("si_progress", 4.0)


def test_rate_rose_because_the_numerator_grew_faster():
    # online 100 → 112 (+12 %), received 200 → 204 (+2 %): 50,00 % → 54,90 %
    before = {"online_rate": 50.0, "dossiers_online": 100.0, "dossiers_received": 200.0}
    now = {"online_rate": 100 * 112 / 204, "dossiers_online": 112.0, "dossiers_received": 204.0}
    move = movers.explain("online_rate", now, before, rank_change=7)
    assert (move.kind, move.driver) == ("rate", "numerator")
    assert round(move.numerator_pct, 6) == 12.0 and round(move.denominator_pct, 6) == 2.0
    assert movers.sentence(move, "vi") == (
        "Tỷ lệ hồ sơ trực tuyến tăng từ 50,00 % lên 54,90 % vì hồ sơ tiếp nhận trực tuyến tăng 12,0 % "
        "trong khi hồ sơ tiếp nhận tăng 2,0 %.")


def test_rate_rose_because_the_denominator_shrank():
    # online 100 → 99 (−1 %), received 200 → 160 (−20 %): 50,00 % → 61,88 %; the fall of the whole drove it
    before = {"online_rate": 50.0, "dossiers_online": 100.0, "dossiers_received": 200.0}
    now = {"online_rate": 100 * 99 / 160, "dossiers_online": 99.0, "dossiers_received": 160.0}
    move = movers.explain("online_rate", now, before, rank_change=4)
    assert move.driver == "denominator"
    assert movers.sentence(move, "vi").endswith(
        "vì hồ sơ tiếp nhận giảm 20,0 % trong khi hồ sơ tiếp nhận trực tuyến giảm 1,0 %.")
    assert "because dossiers received fell 20.0% while dossiers received online fell 1.0%" in movers.sentence(move, "en")


def test_on_time_rate_sums_its_two_part_denominator():
    # on time 90 → 95, late 10 → 5: the denominator (on time + late) stays 100; the numerator drove it
    before = {"on_time_rate": 90.0, "dossiers_on_time": 90.0, "dossiers_late": 10.0}
    now = {"on_time_rate": 95.0, "dossiers_on_time": 95.0, "dossiers_late": 5.0}
    move = movers.explain("on_time_rate", now, before, rank_change=2)
    assert move.driver == "numerator" and round(move.denominator_pct, 9) == 0.0
    assert "trong khi hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ giải quyết quá hạn không đổi" in movers.sentence(move)


def test_unchanged_value_means_the_others_moved():
    now = before = {"online_rate": 70.0}
    move = movers.explain("online_rate", now, before, rank_change=-3)
    assert move.kind == "others"
    assert movers.sentence(move) == ("Tỷ lệ hồ sơ trực tuyến không đổi (70,00 %): thứ hạng thay đổi chỉ vì "
                                     "các xã khác thay đổi.")
    # the same figure at the decimals shown (70,004 and 70,001 both read 70,00 %) is unchanged too
    assert movers.explain("online_rate", {"online_rate": 70.004}, {"online_rate": 70.001}, -1).kind == "others"


def test_value_improved_but_rank_fell_says_others_improved_more():
    move = movers.explain("satisfaction_score", {"satisfaction_score": 86.0}, {"satisfaction_score": 85.0}, -2)
    assert move.kind == "value" and move.against
    assert movers.sentence(move) == ("Điểm mức độ hài lòng tăng từ 85,0 lên 86,0; thứ hạng vẫn giảm vì các xã "
                                     "khác cải thiện nhiều hơn.")


def test_lower_is_better_rank_rises_as_the_value_falls():
    move = movers.explain("dossiers_late", {"dossiers_late": 4.0}, {"dossiers_late": 10.0}, rank_change=3)
    assert move.kind == "value" and not move.against
    assert movers.sentence(move) == "Hồ sơ giải quyết quá hạn giảm từ 10 xuống 4."


def test_reported_rate_without_counts_explains_the_value_only():
    move = movers.explain("online_rate", {"online_rate": 80.0}, {"online_rate": 75.0}, rank_change=5)
    assert move.kind == "value"
    assert movers.sentence(move) == "Tỷ lệ hồ sơ trực tuyến tăng từ 75,00 % lên 80,00 %."


def test_new_and_no_data():
    assert movers.explain("online_rate", {"online_rate": 80.0}, {}, rank_change=None).kind == "new"
    assert movers.explain("online_rate", {}, {"online_rate": 80.0}, rank_change=None).kind == "no_data"


def _ranks(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"commune_code": pl.Int64, "indicator_code": pl.String, "value": pl.Float64,
                                      "rank": pl.Int32, "n_ranked": pl.Int32}, orient="row")


def test_commune_moves_orders_by_size_and_skips_undirected_and_component_indicators():
    now = _ranks([(1, "satisfaction_score", 86.0, 3, 10), (1, "dossiers_late", 4.0, 2, 10),
                  (1, "dossiers_received", 500.0, 1, 10), (1, "si_online", 15.0, 1, 10),
                  (1, "online_rate", 70.0, 5, 10)])
    before = _ranks([(1, "satisfaction_score", 85.0, 1, 10), (1, "dossiers_late", 10.0, 8, 10),
                     (1, "dossiers_received", 400.0, 6, 10), (1, "si_online", 17.0, 9, 10),
                     (1, "online_rate", 70.0, 5, 10)])
    moves = movers.commune_moves(now, before, 1, "vi")
    # dossiers_received has no better direction, si_online is a group of the index, online_rate kept its rank
    assert [(m["code"], m["rank"], m["change"]) for m in moves] == [("dossiers_late", "2/10", "▲6"),
                                                                    ("satisfaction_score", "3/10", "▼2")]
    assert moves[1]["reason"].endswith("thứ hạng vẫn giảm vì các xã khác cải thiện nhiều hơn.")


def test_province_moves_explain_each_mover():
    ranked = pl.DataFrame({"commune_code": [1, 2, 3], "name": ["Xã A", "Xã B", "Xã C"], "rank": [1, 2, 3],
                           "n_ranked": [3, 3, 3], "rank_change": [2, None, -2]})
    now = pl.DataFrame({"commune_code": [1, 3], "indicator_code": ["online_rate"] * 2, "value": [90.0, 60.0]})
    before = pl.DataFrame({"commune_code": [1, 3], "indicator_code": ["online_rate"] * 2, "value": [80.0, 60.0]})
    up, down = movers.province_moves(ranked, now, before, "online_rate", "vi")
    assert [(m["name"], m["change"]) for m in up] == [("Xã A", "▲2")]
    assert up[0]["reason"] == "Tỷ lệ hồ sơ trực tuyến tăng từ 80,00 % lên 90,00 %."
    assert down[0]["reason"].startswith("Tỷ lệ hồ sơ trực tuyến không đổi (60,00 %)")


def test_a_rate_that_fell_although_both_counts_rose_is_put_on_its_denominator():
    # Hand-worked on the demo's Xã Ngọc Lặc (Thanh Hóa), October → November 2025: online 541 → 576
    # (+6,5 %), received 624 → 717 (+14,9 %); the rate 86,70 % → 80,33 %, rank 36 → 74 (▼38).
    # log(576/541) = +0,063 pushes it up, −log(717/624) = −0,139 pulls it down: the denominator did it.
    before = {"online_rate": 100 * 541 / 624, "dossiers_online": 541.0, "dossiers_received": 624.0}
    now = {"online_rate": 100 * 576 / 717, "dossiers_online": 576.0, "dossiers_received": 717.0}
    move = movers.explain("online_rate", now, before, rank_change=-38)
    assert (move.kind, move.driver, move.against) == ("rate", "denominator", False)
    assert movers.sentence(move, "vi") == (
        "Tỷ lệ hồ sơ trực tuyến giảm từ 86,70 % xuống 80,33 % vì hồ sơ tiếp nhận tăng 14,9 % trong khi "
        "hồ sơ tiếp nhận trực tuyến tăng 6,5 %.")
