"""The theme (colours, separators, units) and the small rules that pages call instead of
filtering frames themselves."""
from __future__ import annotations

import datetime as dt
import re

import polars as pl

from core import catalog
from core.fmt import SEPARATORS
from dashboard import fmt, maps, metrics, summary, theme
from dashboard import ranking_table as table

HEX = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")


def test_status_colours_are_the_map_colours_in_hex_and_every_status_has_one():
    assert theme.STATUS_COLOURS == {"green": "#1a9850", "yellow": "#fecc3e", "red": "#d73027", None: "#bdbdbd"}
    for table_ in (theme.STATUS_RGB, theme.STATUS_COLOURS, theme.STATUS_TEXT_COLOURS, theme.STATUS_BADGES):
        assert set(table_) == set(theme.STATUSES)


def test_colours_are_well_formed():
    singles = [theme.TOP_COLOUR, theme.BOTTOM_COLOUR, theme.SELECTED_COLOUR, theme.BAR_TARGET_COLOUR,
               theme.TREND_TARGET_COLOUR, theme.COMPARE_MEDIAN_COLOUR, theme.TREND_MEDIAN_COLOUR,
               theme.GRID_COLOUR, theme.PANEL_GRID_COLOUR, theme.ZERO_LINE_COLOUR, theme.XLSX_HEADER_FILL]
    assert all(HEX.match(c) for c in singles + theme.COMMUNE_PALETTE + theme.TREND_PALETTE)
    ramps = theme.CLASS_RGB + theme.NEUTRAL_RGB + [theme.NO_DATA_RGB, theme.SELECTED_RGB]
    assert all(len(c) == 3 and all(0 <= v <= 255 for v in c) for c in ramps)
    assert len(set(map(tuple, theme.CLASS_RGB))) == len(theme.NEUTRAL_RGB) == maps.N_CLASSES == 5


def test_separators_come_from_core_fmt():
    assert theme.SEPARATORS is SEPARATORS
    assert theme.plotly_separators("vi") == ",." and theme.plotly_separators("en") == ".,"
    assert (theme.percent_sign("vi"), theme.percent_sign("en")) == (" %", "%")
    assert (theme.percent_printf(0, "vi"), theme.percent_printf(1, "en")) == ("%.0f %%", "%.1f%%")


def test_unit_labels():
    assert theme.unit_label(catalog.indicator("online_rate"), "vi") == "%"
    assert theme.unit_label(catalog.indicator("service_index"), "vi") == "điểm"
    assert theme.unit_label(catalog.indicator("service_index"), "en") == "points"
    assert theme.unit_label(catalog.indicator("dossiers_received"), "vi") == ""
    assert theme.unit_name(catalog.indicator("dossiers_received"), "vi") == "hồ sơ"


def test_reform_day_in_both_languages():
    reform = catalog.reform_month()
    assert (fmt.day(reform, "vi"), fmt.day(reform, "en")) == ("1/7/2025", "1 Jul 2025")


STATUS = pl.DataFrame({"commune_code": [1, 2, 3, 4], "name": ["Xã D", "Xã B", "Xã C", "Xã A"],
                       "status": ["red", None, "red", "green"]})


def test_status_rules():
    counts = metrics.status_counts(STATUS)
    assert metrics.reported_count(counts) == 3
    assert metrics.names_with_status(STATUS, "red") == ["Xã C", "Xã D"]
    assert metrics.names_with_status(STATUS, None) == ["Xã B"]
    assert summary.status_words(counts, "vi") == "**Xanh**: 1 · **Vàng**: 0 · **Đỏ**: 2 · **Chưa báo cáo**: 1"


RANKED = pl.DataFrame({"commune_code": [1, 2, 3, 4], "province_code": [38] * 4, "name": ["A", "B", "C", "D"],
                       "rank": [2, 1, None, 3], "prev_rank": [None, None, None, None]},
                      schema_overrides={"prev_rank": pl.Int32})


def test_groups_subject_is_the_chosen_commune_else_the_best_shown():
    assert table.groups_subject(RANKED, RANKED, (4, 1))["name"] == "D"
    assert table.groups_subject(RANKED, RANKED, (9,))["name"] == "B"
    shown = RANKED.filter(pl.col("commune_code").is_in([1, 3]))
    assert table.groups_subject(shown, RANKED, ())["name"] == "A"
    assert table.groups_subject(RANKED.filter(pl.col("rank").is_null()), RANKED, ()) is None


def test_counts_and_values():
    assert metrics.unranked_count(RANKED) == (1, 3)
    assert not metrics.has_previous(RANKED)
    values = pl.DataFrame({"commune_code": [1, 1, 2], "indicator_code": ["a", "b", "a"], "value": [1.0, None, 3.0]})
    assert metrics.commune_values(values, 1) == {"a": 1.0, "b": None}


def test_graded_indicator_steers_grades():
    frame = pl.DataFrame({"value": [95.0, 40.0]})
    graded = catalog.graded_indicator()
    assert "grade" in metrics.with_grades_and_targets(frame, graded, 38, "vi").columns
    assert catalog.components(graded) and all(catalog.indicator(c).component_of == graded
                                              for c in catalog.components(graded))


def test_featured_communes_open_the_views():
    from dashboard import profile, trend_charts

    featured = catalog.featured_communes(38)
    assert featured[:2] == (14923, 14869)
    latest = pl.DataFrame({"commune_code": [7], "name": ["x"], "rank": [1]})
    assert trend_charts.default_communes(latest, set(featured) | {7}, 38) == [featured[0]]
    assert profile.default_commune((), {c: str(c) for c in featured}, 38) == featured[0]
    assert trend_charts.default_communes(latest, {7}, 1) == [7]


def test_state_defaults_come_from_the_settings():
    from dashboard.state import Valid, defaults

    valid = Valid(provinces=frozenset({38}), indicators=frozenset({"service_index"}), periods=(),
                  communes=frozenset(), default_province=catalog.default_province())
    state = defaults(valid)
    assert state.indicator == catalog.default_indicator()
    assert state.period == catalog.reform_month() == dt.date(2025, 7, 1)
