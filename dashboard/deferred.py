"""Heavy parts of a page after its first chart, on a browser session's first view.

A fresh session's browser has not yet loaded the JavaScript of Streamlit's maps (deck.gl,
about 3 MB) and grids (about 0.5 MB). Sent in the same run as the first chart, they are fetched
and evaluated together with plotly's, and the first chart appears about twice as late as on a
bare page with one chart (bench/NOTES.md). So, on the first view only, a page draws a reserved
frame of the same size in their place and, at its end, a small component that waits until the
first chart is painted (or for nothing when the page has no chart) and then asks for a rerun,
in which the heavy parts are drawn into their frames. Later views draw everything at once.

AppTest runs have no browser to draw a chart (no request headers): nothing is deferred there.
"""
from __future__ import annotations

import streamlit as st

from dashboard.i18n import t

_DRAWN = "_first_view_drawn"
FIRST_CHART = ".js-plotly-plot .main-svg"
# Waiting longer than this for the first chart (a very busy machine or browser) draws the rest anyway.
TIMEOUT_MS = 8000

_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const started = performance.now();
  const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => setTriggerValue("drawn", true)));
  const wait = () => {
    if (!data.selector || document.querySelector(data.selector) || performance.now() - started > data.timeout_ms) {
      painted();
    } else {
      setTimeout(wait, 50);
    }
  };
  wait();
}
"""
_after_first_chart = st.components.v2.component("commune_dashboard.after_first_chart", js=_JS)


def pending() -> bool:
    """Whether this run draws a browser session's first view: the heavy parts wait."""
    if st.session_state.get(_DRAWN):
        return False
    try:
        return bool(st.context.headers.get("User-Agent"))
    except Exception:  # no browser behind the run
        return False


def frame(key: str, height: int, what: str, lang: str) -> None:
    """The reserved frame of a deferred element: its height, saying what is coming. Its key (a CSS
    class `st-key-deferred_<key>` in the page) lets a browser test or benchmark wait for it to go."""
    with st.container(height=height, border=False, key=f"deferred_{key}"):
        st.caption(t("deferred_loading", lang, what=what))


def grid_height(rows: int) -> int:
    """The height Streamlit gives a grid of a few rows (35 px a row, the header and its border)."""
    return (rows + 1) * 35 + 3


def after_first_chart(has_chart: bool) -> None:
    """At the end of a first view: rerun once the first chart is painted (at once without a chart)."""
    _after_first_chart(key="after_first_chart", data={"selector": FIRST_CHART if has_chart else "",
                                                      "timeout_ms": TIMEOUT_MS},
                       on_drawn_change=_drawn)


def _drawn() -> None:
    st.session_state[_DRAWN] = True
