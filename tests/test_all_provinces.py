"""Every page renders for every one of the 34 provinces without an exception."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import masterdata

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "rankings", "map", "trends", "profile", "compare", "methodology"]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_every_province(demo_env, page):
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90)
    at.run()
    assert not at.exception
    failures = []
    for code in masterdata.provinces()["province_code"].to_list():
        at.session_state["s_province"] = code
        at.session_state["s_communes"] = ()
        at.run()
        if at.exception:
            failures.append((code, at.exception[0].message))
        elif at.query_params.get("province") not in (str(code), [str(code)]):
            failures.append((code, "URL does not follow the province"))
    assert not failures
