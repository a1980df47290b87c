"""URL state parsing (including hostile values) and Vietnamese / English formatting."""
import datetime as dt

from dashboard import fmt
from dashboard.state import Valid, parse, to_params

VALID = Valid(provinces=frozenset({1, 38}), indicators=frozenset({"service_index", "online_rate"}),
              periods=(dt.date(2025, 10, 1), dt.date(2025, 11, 1)), communes=frozenset({14923, 14869}),
              default_province=38)


def test_a_full_link_reproduces_the_view():
    params = {"province": "38", "indicator": "online_rate", "period": "2025-10", "window": "quarter",
              "commune": ["14923", "14869"], "lang": "en", "scope": "national", "type": "xa",
              "layer": "indicator", "view": "rank"}
    state, invalid = parse(params, VALID)
    assert invalid == []
    assert (state.province, state.indicator, state.period, state.window) == (38, "online_rate",
                                                                            dt.date(2025, 10, 1), "quarter")
    assert state.communes == (14923, 14869) and state.lang == "en" and state.division == "xa"
    again, _ = parse(to_params(state), VALID)
    assert again == state


def test_comma_separated_communes():
    state, invalid = parse({"commune": "14923,14869"}, VALID)
    assert state.communes == (14923, 14869) and not invalid


def test_hostile_values_fall_back_to_defaults_and_are_named():
    params = {"province": "38' OR 1=1", "indicator": "x" * 10_000, "period": "2099-13",
              "window": "<script>", "commune": "14923,abc", "lang": "fr"}
    state, invalid = parse(params, VALID)
    assert state.province == 38 and state.indicator == "service_index"
    assert state.period == dt.date(2025, 11, 1) and state.window == "month" and state.lang == "vi"
    assert state.communes == (14923,)
    assert set(invalid) == {"province", "indicator", "period", "window", "commune", "lang"}


def test_unknown_codes_are_invalid():
    state, invalid = parse({"province": "99", "commune": "1"}, VALID)
    assert state.province == 38 and state.communes == () and set(invalid) == {"province", "commune"}


def test_vietnamese_and_english_numbers():
    assert fmt.number(5932, 0, "vi") == "5.932" and fmt.number(5932, 0, "en") == "5,932"
    assert fmt.percent(67.8347, 2, "vi") == "67,83 %" and fmt.percent(67.8347, 2, "en") == "67.83%"
    assert fmt.number(1234567.891, 2, "vi") == "1.234.567,89"
    assert fmt.number(None) == "–"


def test_rank_texts():
    assert fmt.rank(17, 166, 166) == "17/166"
    assert fmt.rank(17, 160, 166) == "17/160 · 6 chưa có số liệu"
    assert fmt.rank(17, 160, 166, "en") == "17/160 · 6 no data"
    assert fmt.rank(None, 160, 166) == "chưa có số liệu"
    assert [fmt.rank_change(c) for c in (3, -2, 0, None)] == ["▲3", "▼2", "=", "mới"]
    assert fmt.month(dt.date(2025, 11, 1)) == "Tháng 11/2025"
    assert fmt.commune_code(4) == "00004"


def test_communes_of_another_province_and_a_sixth_commune_are_named():
    valid = Valid(provinces=VALID.provinces, indicators=VALID.indicators, periods=VALID.periods,
                  communes=frozenset({14923, 14869, 4, 1, 2, 3, 5}), default_province=38,
                  commune_province={14923: 38, 14869: 38, 4: 1, 1: 38, 2: 38, 3: 38, 5: 38})
    state, invalid = parse({"province": "38", "commune": "14923,4"}, valid)
    assert state.communes == (14923,) and invalid == ["commune"]
    state, invalid = parse({"province": "38", "commune": "14923,14869,1,2,3,5"}, valid)
    assert len(state.communes) == 5 and invalid == ["commune"]


def test_non_ascii_digits_in_a_link_are_invalid_not_a_crash():
    # '²' passes str.isdigit() but int() raises; '３８' (full width) and '٣٨' (Arabic-Indic) pass
    # both and would read as 38: a link's numbers are ASCII digits or nothing.
    for text in ("²", "３８", "٣٨", "38²", "¹⁴⁹²³"):
        state, invalid = parse({"province": text, "commune": text, "n": text}, VALID)
        assert state.province == 38 and state.communes == () and state.top_n == 10
        assert set(invalid) == {"province", "commune", "n"}, text


def test_page_controls_round_trip_through_the_link():
    params = {"province": "38", "q": "ba thuoc", "n": "15", "below": "1", "cp": "online_rate,service_index",
              "tm": "online_rate", "present": "1", "sort": "value_desc", "mz": "1", "zoom": "2",
              "mv": "105.61235,19.87654,9.88"}
    state, invalid = parse(params, VALID)
    assert invalid == []
    assert (state.search, state.top_n, state.below, state.present) == ("ba thuoc", 15, True, True)
    assert (state.sort, state.map_zoom, state.map_magnify) == ("value_desc", True, 2)
    assert state.map_view == (105.61235, 19.87654, 9.88)
    assert state.compare_codes == ("online_rate", "service_index") and state.trend_codes == ("online_rate",)
    again, _ = parse(to_params(state), VALID)
    assert again == state
    # defaults stay out of the link; an emptied indicator list is kept as empty, not as the default
    plain = to_params(parse({"province": "38"}, VALID)[0])
    assert not {"q", "n", "below", "cp", "tm", "present", "sort", "mz", "zoom", "mv"} & set(plain)
    assert parse({"cp": ""}, VALID)[0].compare_codes == ()


def test_bad_page_control_values_are_named():
    state, invalid = parse({"n": "2", "below": "yes", "cp": "online_rate,drop table", "tm": "x" * 5000,
                            "q": "a\u0000b", "sort": "value; drop table"}, VALID)
    assert state.top_n == 10 and not state.below and state.compare_codes == ("online_rate",)
    assert state.search == "" and state.sort == "rank_asc"
    assert set(invalid) == {"n", "below", "cp", "tm", "q", "sort"}
    # a column the whitelist does not hold, a direction alone, another case: all refused
    for text in ("province_asc", "desc", "VALUE_DESC", "value", "value_desc,name_asc"):
        assert parse({"sort": text}, VALID) == (parse({}, VALID)[0], ["sort"]), text


def test_a_map_view_in_a_link_is_rounded_and_kept_inside_vietnam():
    state, invalid = parse({"mv": "105.123456789,-0.5,20"}, VALID)
    assert state.map_view == (105.12346, 6.0, 14.0) and invalid == ["mv:clamped"]
    assert to_params(state)["mv"] == "105.12346,6,14"
    for bad in ("", "abc", "105,20", "105,20,9,9", "inf,20,9", "105,20,nan", "105,20,1e1", "١٠٥,20,9", "105 20 9",
                "105.2.1,20,9", "105,,9", "-,20,9", "1" * 30 + ",20,9"):
        state, invalid = parse({"mv": bad}, VALID)
        assert state.map_view is None and invalid == ["mv"], bad
