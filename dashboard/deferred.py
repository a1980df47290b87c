"""Heavy parts of a page after its first chart, on a browser session's first view.

A fresh session's browser has not yet loaded the JavaScript of the maps (deck.gl: Streamlit's
chunk, about 3 MB, when this was measured; now our vendored copy, 2 MB, dashboard/deck_map.py)
and grids (about 0.5 MB). Sent in the same run as the first chart, they are fetched
and evaluated together with plotly's, and the first chart appears about twice as late as on a
bare page with one chart (bench/NOTES.md). So, on the first view only, each heavy part of a
page (`part`) is a fragment that draws reserved frames of the same size and a small component
that waits until the first chart is painted (or for nothing when the page has no chart); the
component then reruns that fragment alone, which draws the part into its place. The rest of the
page is neither run nor sent again (an earlier version reran the whole page: about 0.35 s of
the server's CPU and 0.5 s of the browser's a first view). Later views draw everything at once.

AppTest runs have no browser to draw a chart (no request headers): nothing is deferred there.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import timing
from dashboard.i18n import t

_DRAWN = "_first_view_drawn"
_PART = "deferred_part_"  # the key (CSS class st-key-…) of a part's frames while they wait
FIRST_CHART = ".js-plotly-plot .main-svg"
# Waiting longer than this for the first chart (a very busy machine or browser) draws the rest anyway.
TIMEOUT_MS = 8000
# A part whose frames are still there this long after it asked to be drawn asks again.
RETRY_MS = 6000

# Waits for the first chart (`selector`), then asks for the part's fragment to run. A request can
# be lost (two fragments asking at the same moment lost one run when we tried; the load test saw
# an overview whose frames stayed 90 s), so while the part's own frames (`own`) are on the page
# the request is repeated every `retry_ms`. Parts do not wait for each other: on a saturated
# machine each browser round trip took up to a minute, and a chain of them doubled the wait.
_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const started = performance.now();
  const ask = () => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTriggerValue("drawn", true)));
    setTimeout(() => { if (document.querySelector(data.own)) ask(); }, data.retry_ms);
  };
  const wait = () => {
    const waited = performance.now() - started;
    const chart = !data.selector || document.querySelector(data.selector) || waited > data.timeout_ms;
    if (chart) {
      ask();
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


def part(key: str, draw: Callable[[bool], None], has_chart: bool) -> None:
    """A heavy part of a page: `draw(False)` draws it; on a browser session's first view a fragment
    draws `draw(True)` (its reserved frames, see `frame`) and fills them with `draw(False)` once the
    page's first chart is painted (`has_chart`; at once without one)."""
    if pending():
        st.session_state[_STATE_AT_RUN] = _page_state()
        _deferred(key, draw, has_chart)
    else:
        draw(False)


_STATE_AT_RUN = "_deferred_page_state"


def _page_state() -> dict:
    """The page's canonical state (dashboard.setup keeps it in `s_*` keys)."""
    return {k: v for k, v in st.session_state.items() if k.startswith("s_")}


def _fragment_rerun() -> bool:
    """Whether this run is a fragment's own rerun (not the whole page's run)."""
    run = get_script_run_ctx()
    return bool(run and run.fragment_ids_this_run)


@st.fragment
def _deferred(key: str, draw: Callable[[bool], None], has_chart: bool) -> None:
    rerun = _fragment_rerun()
    if rerun:
        timing.started()
        asked = st.session_state.pop(f"_deferred_now_{key}", False)
        if not asked or _page_state() != st.session_state.get(_STATE_AT_RUN):
            # A widget inside the part (a click on the map) changed the page's state: the whole page
            # follows. Checked on the state itself too: on a busy browser a repeated request to draw
            # can arrive in the same run as the click, and the click must not be taken for it.
            st.rerun(scope="app")
    if st.session_state.get(f"_deferred_drawn_{key}"):
        draw(False)
    else:
        with st.container(key=f"{_PART}{key}"):
            draw(True)
        _after_first_chart(key=f"after_first_chart_{key}",
                           data={"selector": FIRST_CHART if has_chart else "",
                                 "own": f".st-key-{_PART}{key}", "timeout_ms": TIMEOUT_MS, "retry_ms": RETRY_MS},
                           on_drawn_change=functools.partial(_drawn, key))
    if rerun:
        timing.finished(key, "done", part="fragment")


def _drawn(key: str) -> None:
    st.session_state[_DRAWN] = True  # later runs of the whole page draw every part at once
    st.session_state[f"_deferred_drawn_{key}"] = True
    st.session_state[f"_deferred_now_{key}"] = True
