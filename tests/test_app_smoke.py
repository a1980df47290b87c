"""app.py with navigation renders the default page on the demo database."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_app_renders_with_demo_banner_and_sidebar(demo_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("Dữ liệu minh họa" in info.value for info in at.info)
    assert at.selectbox(key="w_province").value == 38
    assert dict(at.query_params)["province"] in ("38", ["38"])
