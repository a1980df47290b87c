"""Hardening: visitors never see a traceback or a server path, and hostile links never crash."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from page_runner import page_path, run_page
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_production_configuration_hides_error_details():
    import tomllib

    assert tomllib.loads(CONFIG.read_text(encoding="utf-8"))["client"]["showErrorDetails"] == "none"


def test_a_failing_page_shows_a_message_and_logs_the_details(demo_env, monkeypatch, caplog):
    from dashboard import summary

    def broken(*args, **kwargs):
        raise RuntimeError("cannot open /srv/secret/communes.duckdb")

    monkeypatch.setattr(summary, "overview_sentence", broken)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "vi"
    with caplog.at_level(logging.ERROR, logger="dashboard.pages"):
        at.run()
    assert not at.exception  # no traceback box
    shown = " ".join(str(e.value) for e in (*at.error, *at.markdown, *at.caption, *at.info))
    assert "Trang gặp lỗi" in shown and "/srv/secret" not in shown and "RuntimeError" not in shown
    reference = shown.split("mã ")[1][:8]
    assert any(reference in r.getMessage() and r.exc_info and "/srv/secret" in str(r.exc_info[1])
               for r in caplog.records)


@pytest.mark.parametrize("page", ["rankings", "compare"])
def test_links_with_non_ascii_digits_do_not_crash(demo_env, page):
    at = run_page(page_path(page), {"province": "²", "commune": "¹⁴⁹²³", "n": "1²", "q": "²"})
    assert not at.exception
    assert {w.value for w in at.warning}  # named, then the defaults
    assert at.query_params.get("province") in ("38", ["38"])


def test_a_missing_database_names_no_server_path(tmp_path, monkeypatch, caplog):
    missing = tmp_path / "secret-folder" / "communes.duckdb"
    monkeypatch.setenv("COMMUNE_DB", str(missing))
    with caplog.at_level(logging.ERROR, logger="dashboard.pages"):
        at = run_page(page_path("overview"), {"lang": "en"})
    shown = " ".join(e.value for e in at.error)
    assert "No database yet" in shown and "secret-folder" not in shown
    assert any("secret-folder" in r.getMessage() for r in caplog.records)
