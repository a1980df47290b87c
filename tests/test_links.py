"""Shareable links: the same link shows the same view; a changed control changes the link."""
import pytest
from page_runner import map_elements, map_spec_json, page_path, run_page

LINK = {"province": "38", "indicator": "online_rate", "period": "2025-11", "window": "quarter",
        "commune": "14923,14869", "lang": "vi", "scope": "province"}
PAGES = ["overview", "rankings", "map", "trends", "profile", "compare", "methodology"]


def _view(at) -> dict:
    """What a reader sees: texts, tables, chart and map specs, and the link itself."""
    return {
        "texts": [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)],
        "metrics": [(m.label, m.value) for m in at.metric],
        "tables": [d.value.to_csv() for d in at.dataframe],
        "charts": [c.proto.spec for c in at.get("plotly_chart")],
        "maps": [map_spec_json(d) for d in map_elements(at)],
        "link": {k: at.query_params.get(k) for k in at.query_params},
    }


@pytest.mark.parametrize("page", PAGES)
def test_the_same_link_opened_twice_shows_the_same_view(demo_env, page):
    first, second = run_page(page_path(page), LINK), run_page(page_path(page), LINK)
    assert not first.exception and not second.exception
    view = _view(first)
    assert view["texts"] and (view["tables"] or view["charts"] or view["maps"])
    assert view == _view(second)
    assert first.query_params["indicator"] in ("online_rate", ["online_rate"])
    assert first.query_params["window"] in ("quarter", ["quarter"])


def test_changing_controls_updates_the_link(demo_env):
    at = run_page(page_path("rankings"), {"province": "38", "period": "2025-11"})
    at.selectbox(key="w_indicator").set_value("on_time_rate").run()
    at.radio(key="w_window").set_value("ytd").run()
    at.selectbox(key="w_province").set_value(1).run()
    assert not at.exception
    link = {k: at.query_params.get(k) for k in at.query_params}
    flat = {k: v[-1] if isinstance(v, list) else v for k, v in link.items()}
    assert (flat["indicator"], flat["window"], flat["province"]) == ("on_time_rate", "ytd", "1")
    reopened = run_page(page_path("rankings"), flat)
    assert reopened.dataframe[0].value.to_csv() == at.dataframe[0].value.to_csv()


def test_changing_province_drops_the_old_provinces_communes_from_the_link(demo_env):
    at = run_page(page_path("profile"), {"province": "38", "period": "2025-11", "commune": "14923"})
    at.selectbox(key="w_province").set_value(46).run()
    assert not at.exception
    assert at.query_params.get("province") in ("46", ["46"])
    assert "commune" not in at.query_params


def test_a_link_with_a_commune_of_another_province_says_so(demo_env):
    at = run_page(page_path("compare"), {"province": "38", "commune": "14923,4"})
    assert any("commune" in w.value for w in at.warning)
    assert at.query_params.get("commune") in ("14923", ["14923"])
