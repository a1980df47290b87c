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
