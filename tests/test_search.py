"""Finding communes and provinces by typing, without diacritics (dashboard.search), and the
search boxes of every picker under AppTest."""
import pytest
from page_runner import page_path, run_page

from dashboard import search

PROVINCES = {38: "Thanh Hóa", 46: "Thành phố Huế", 1: "Thành phố Hà Nội"}
COMMUNES = {14923: ("Xã Bá Thước", 38), 14869: ("Xã Hồi Xuân", 38), 1: ("Phường Hoàn Kiếm", 1),
            19999: ("Phường Thanh Hòa", 82), 20000: ("Xã Phú Vinh", 46), 20001: ("Phường Thuận Hóa", 46)}


def test_names_typed_without_diacritics_or_prefix_are_found():
    hits, total = search.find("ba thuoc", PROVINCES, COMMUNES)
    assert [(h.kind, h.code) for h in hits] == [("commune", 14923)] and total == 1
    assert search.find("XÃ BÁ THƯỚC", PROVINCES, COMMUNES)[0][0].code == 14923
    assert search.find("  xa   ba thuoc ", PROVINCES, COMMUNES)[0][0].code == 14923


def test_provinces_come_first_and_whole_names_before_parts():
    hits, _ = search.find("thanh hoa", PROVINCES, COMMUNES)
    assert (hits[0].kind, hits[0].code) == ("province", 38)
    assert [h.code for h in hits[1:]] == [19999]
    hits, _ = search.find("hue", PROVINCES, COMMUNES)
    assert (hits[0].kind, hits[0].code, hits[0].label) == ("province", 46, "Thành phố Huế")


def test_commune_labels_name_their_province_and_codes_are_found():
    hits, _ = search.find("14923", PROVINCES, COMMUNES, province_names=PROVINCES)
    assert hits[0].label == "Xã Bá Thước · Thanh Hóa" and hits[0].province == 38


def test_the_limit_and_the_total():
    many = {code: (f"Xã An {code}", 38) for code in range(30)}
    hits, total = search.find("an", {}, many, limit=6)
    assert len(hits) == 6 and total == 30


def test_nothing_for_an_empty_or_unmatched_query():
    assert search.find("", PROVINCES, COMMUNES) == ([], 0)
    assert search.find("   ", PROVINCES, COMMUNES) == ([], 0)
    assert search.find("khong co", PROVINCES, COMMUNES) == ([], 0)
    assert search.find("²", PROVINCES, COMMUNES) == ([], 0)


# ---- every picker, under AppTest ------------------------------------------------------------------

PICKERS = {"overview": "communes", "map": "communes", "trends": "communes", "compare": "communes",
           "profile": "commune"}


@pytest.mark.parametrize("page", list(PICKERS))
def test_typing_ba_thuoc_in_every_commune_picker_finds_it(demo_env, page):
    at = run_page(page_path(page), {"province": "38", "period": "2025-11", "commune": "15421,14869"})
    key = PICKERS[page]
    at.text_input(key=f"search_{key}").input("ba thuoc").run()
    assert not at.exception
    hits = [b for b in at.button if b.key.startswith(f"hit_{key}_")]
    assert [b.label for b in hits] == ["Xã Bá Thước"]
    hits[0].click().run()
    assert not at.exception
    assert 14923 in at.session_state["s_communes"]
    assert at.text_input(key=f"search_{key}").value == ""  # the box empties once a commune is picked
    if page == "profile":
        assert at.session_state["s_communes"][0] == 14923 and at.header[0].value == "Xã Bá Thước"
    else:
        assert 14923 in at.multiselect(key="w_communes").value


def test_the_sidebar_finds_provinces_without_diacritics_and_switches(demo_env):
    at = run_page(page_path("rankings"), {"province": "1", "period": "2025-11"})
    at.text_input(key="search_sidebar").input("thanh hoa").run()
    labels = [b.label for b in at.button if b.key.startswith("hit_sidebar_")]
    assert labels[0] == "Thanh Hóa"
    at.text_input(key="search_sidebar").input("hue").run()
    first = next(b for b in at.button if b.key.startswith("hit_sidebar_"))
    assert first.label == "Thành phố Huế"
    first.click().run()
    assert not at.exception
    assert at.session_state["s_province"] == 46 and at.selectbox(key="w_province").value == 46
    at.text_input(key="search_sidebar").input("khong co xa nao nhu the").run()
    assert any("Không tìm thấy" in c.value for c in at.caption)


def test_names_sort_as_a_vietnamese_dictionary_does():
    from core.names import COMMUNE_PREFIXES, sort_key

    names = ["Xã Đa Lộc", "Xã Bá Thước", "Phường Ân Nhơn", "Xã An Bình", "Xã Ba", "Xã Bạ", "Xã Bà", "Xã Dương",
             "Xã Ơn", "Xã Ôn", "Xã On", "Xã Yên", "Xã Ăn"]
    ordered = sorted(names, key=lambda n: sort_key(n, COMMUNE_PREFIXES))
    # letters first (a < ă < â … d < đ … o < ô < ơ), tones second (ngang, huyền, …, nặng), prefix ignored
    assert ordered == ["Xã An Bình", "Xã Ăn", "Phường Ân Nhơn", "Xã Ba", "Xã Bà", "Xã Bạ", "Xã Bá Thước",
                       "Xã Dương", "Xã Đa Lộc", "Xã On", "Xã Ôn", "Xã Ơn", "Xã Yên"]
    assert sort_key("XÃ  BÁ THƯỚC", COMMUNE_PREFIXES) == sort_key("xã bá thước", COMMUNE_PREFIXES)
