"""Running a page under Streamlit's AppTest with URL parameters, as a shared link would."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


def page_path(name: str) -> str:
    """Absolute path (AppTest resolves relative ones against the test file's folder)."""
    return str(PAGES_DIR / f"{name}.py")


def run_page(path: str, params: dict | None = None, timeout: int = 90) -> AppTest:
    at = AppTest.from_file(path, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def displayed(element):
    """The texts a grid shows (pandas), for a table sent as a pandas Styler: the numbers stay
    numeric in `element.value` (that is what the grid sorts), the Styler's texts are here."""
    import pyarrow as pa

    raw = element.proto.arrow_data.styler.display_values
    if not raw:
        return element.value
    texts = pa.ipc.open_stream(raw).read_all().to_pandas()
    # the grid shows its placeholder for a null cell, whatever the Styler says (checked in chromium)
    numbers = element.value
    for column in texts.columns:
        if column in numbers.columns and numbers[column].dtype != object:
            texts.loc[numbers[column].isna().to_numpy(), column] = element.proto.placeholder or "None"
    return texts


MAP_COMPONENT = "commune_dashboard.deck_map"


def map_elements(at: AppTest) -> list:
    """The page's maps: the deck_map components (dashboard/deck_map.py) and any st.pydeck_chart."""
    maps = [e for e in at.get("bidi_component") if e.proto.component_name == MAP_COMPONENT]
    return maps + list(at.get("deck_gl_json_chart"))


def map_spec_json(element) -> str:
    """A map's deck spec as sent to the browser: pydeck's to_json(), for either kind of map."""
    import json

    if hasattr(element.proto, "component_name"):
        return json.loads(element.proto.json)["spec"]
    return element.proto.json


class bare_session:
    """Run a callback against an AppTest's session state, as Streamlit does before a rerun."""

    def __init__(self, at):
        self.state = at.session_state

    def __enter__(self):
        import streamlit as st

        self.original = st.session_state
        values = {k: self.state[k] for k in self.state}
        self.proxy = _DictState(values)
        st.session_state = self.proxy  # type: ignore[misc]
        return self

    def __exit__(self, *exc):
        import streamlit as st

        st.session_state = self.original  # type: ignore[misc]
        for key, value in self.proxy.items():
            self.state[key] = value


class _DictState(dict):
    def get(self, key, default=None):
        return super().get(key, default)
