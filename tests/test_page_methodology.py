"""Methodology page (pages/methodology.py) under AppTest on the demo database."""
from pathlib import Path

import pytest
from page_runner import run_page
from streamlit.testing.v1 import AppTest

from core import catalog

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "methodology.py")


def run(params: dict) -> AppTest:
    return run_page(PAGE, params)


def test_every_indicator_with_definition_formula_and_target(demo_env):
    at = run({"province": "38", "period": "2026-10"})
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    for ind in catalog.indicators().values():
        assert f"**{ind.name_vi}** (`{ind.code}`) — " in text
        assert ind.definition_vi in text
    assert "100 × tổng(Hồ sơ tiếp nhận trực tuyến) / tổng(Hồ sơ tiếp nhận)" in text
    assert "Thanh Hóa 70 %; toàn quốc 80 %" in text
    assert "cùng hạng cao nhất" in text and "100 × (n − hạng) / (n − 1)" in text


def test_data_as_of_loads_coverage_and_missing(demo_env):
    at = run({"province": "38", "period": "2026-10"})
    text = "\n".join(m.value for m in at.markdown)
    assert "Số liệu mới nhất: Tháng 10/2026" in text
    loads = at.dataframe[0].value
    assert loads["Minh họa"].tolist() == ["Có"] and loads["Tệp / nguồn"][0].startswith("demo:")
    coverage = at.dataframe[1].value
    assert coverage["with_data"].str.endswith("/166").all()
    missing = at.dataframe[2].value  # in the expander: communes that did not report in 10/2026
    assert len(missing) >= 1 and set(missing.columns) == {"Mã", "Tên đơn vị", "Thiếu"}
    assert missing["Mã"].str.len().eq(5).all()


def test_english(demo_env):
    at = run({"province": "38", "period": "2025-11", "lang": "en"})
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**Online dossier rate**" in text or "(`online_rate`)" in text
    assert "Ties share the best rank" in text
    assert at.dataframe[0].value.columns[0] == "File / source"


@pytest.mark.parametrize("params", [{"province": "38' OR 1=1"}, {"period": "x" * 10_000}, {"lang": "fr"}])
def test_bad_links_fall_back_with_a_warning(demo_env, params):
    at = run(params)
    assert not at.exception
    assert at.warning
