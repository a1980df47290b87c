"""data/catalog/vocabulary.yaml, as etl.vocabulary keys it: the words the readers match cells with."""
from __future__ import annotations

import pytest

from etl import vocabulary as vocab
from etl.layouts import role_of


def test_every_group_loads_as_non_empty_keys():
    words = vocab.vocabulary()
    for name in ("roles", "rate_group_labels", "rate_group_starts", "total_labels", "total_starts", "footer_starts",
                 "section_starts", "cumulative_heading_words", "cumulative_title_words", "cumulative_from_january",
                 "r57_statuses", "r57_not_reported", "title_province_prefixes"):
        keys = getattr(words, name)
        assert keys and all(isinstance(k, str) and k.strip() for k in keys), name
    assert set(words.roles.values()) == {"stt", "commune", "commune_code", "province", "district", "period",
                                         "year", "indicator_name", "value", "status", "note", "ignore",
                                         "not_loaded"}
    assert set(words.r57_statuses.values()) == {"green", "yellow", "red"}


@pytest.mark.parametrize(("heading", "role"), [
    ("No", "stt"), ("#", "stt"), ("Số TT", "stt"), ("Tên xã, phường, đặc khu", "commune"), ("Mã ĐVHC", "commune_code"),
    ("TỈNH / THÀNH PHỐ", "province"), ("Tháng/năm", "period"), ("Trạng thái NQ 57", "status"), ("ĐVT", "ignore")])
def test_headings_are_keyed_as_cells_are(heading, role):
    assert role_of(heading) == role


def test_keys_keep_what_the_matchers_rely_on():
    words = vocab.vocabulary()
    assert {"kt. ", "tm "} <= set(words.footer_starts)  # a trailing space: a whole word only
    assert "khoi " in words.section_starts and "total " in words.total_starts
    assert words.r57_statuses["xanh la"] == "green" and words.r57_statuses["do"] == "red"
    assert "chua co bao cao" in words.r57_not_reported
    assert {"", "x", "X", "N/A", "None", "…"} <= words.empty_cells  # not reported: no row
    assert "-" not in words.empty_cells and words.zero("-")  # DESIGN: "-" in a count or stock is 0
    cumulative = words.cumulative_heading_words
    for i, earlier in enumerate(cumulative):  # the first that fits wins: longer phrases first
        assert not any(later.startswith(earlier) for later in cumulative[i + 1:]), earlier


def test_an_entry_that_is_not_text_is_refused():
    with pytest.raises(TypeError, match="quote it"):
        vocab._texts(["Xã", False], "headings.commune")


def test_a_word_in_two_groups_is_refused():
    with pytest.raises(ValueError, match="is in green and red"):
        vocab._by_value({"green": ["Xanh"], "red": ["XANH"]}, "r57_status", vocab.ascii_key)
