"""Page layout for the rooms the dashboard is used in: a meeting-room projector (1280×720,
presentation mode), a phone (390 px wide), and the copy-link button.

Streamlit styles its own elements; what it offers no option for is set here, in one <style>
block per run (st.html sends a style-only block to the event container: it takes no space).
"""
from __future__ import annotations

import html
import json
from urllib.parse import urlencode

import streamlit as st

from dashboard import state as state_mod
from dashboard.i18n import t

# Always: a compact top, and on narrow screens no plotly toolbar over the charts (a tap is a
# hover on a phone, and the toolbar would cover the chart's title and bars).
_BASE_CSS = """
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
@media (max-width: 640px) {
  .js-plotly-plot .modebar-container { display: none !important; }
  /* a tapped commune's tooltip sits in the map's top corner, whole, instead of running off the screen */
  .deck-tooltip { left: 4px !important; top: 4px !important; transform: none !important; max-width: calc(100% - 8px); }
  [data-testid="stMainBlockContainer"] { padding-left: .6rem; padding-right: .6rem; }
}
/* Projector (1280×720): metric labels and values wrap instead of ending in "…". */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.3vw, 2.25rem); }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
/* Map tooltips stay inside a phone's screen and wrap their lines. */
.deck-tooltip { max-width: min(22rem, 80vw); white-space: normal !important; overflow-wrap: anywhere; }
.copy-link-button { width: 100%; padding: .45rem .75rem; border-radius: .5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, .25); background: white; font: inherit; color: inherit; }
.copy-link-button:hover { border-color: #0072B2; color: #0072B2; }
"""

# Presentation mode: no sidebar, no header bar, larger type, the page's full width.
_PRESENT_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 1.5rem 1rem 1.5rem; max-width: 100%; }
[data-testid="stMain"] { font-size: 1.12rem; }
[data-testid="stMain"] h1 { font-size: 1.9rem; padding-top: 0; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1rem; }
"""


def inject_css(present: bool = False) -> None:
    st.html(f"<style>{_BASE_CSS}{_PRESENT_CSS if present else ''}</style>")


def share_query(view_state: state_mod.ViewState) -> str:
    """The query string of a link that reproduces the view (state.to_params)."""
    return urlencode(state_mod.to_params(view_state), doseq=True)


def copy_link_button(view_state: state_mod.ViewState, lang: str) -> None:
    """A "Sao chép liên kết" button that copies this page's link with the whole view state.

    The link is this page's address (the browser knows it, and its host, behind any proxy)
    with the state's query; the clipboard API needs a secure context, so on plain http (an
    intranet address) the button falls back to the older copy command.
    """
    query = share_query(view_state)
    label, done = t("copy_link", lang), t("copy_link_done", lang)
    st.html(
        f'<button class="copy-link-button" type="button" data-query="{html.escape(query, quote=True)}" '
        f'title="{html.escape(t("copy_link_help", lang), quote=True)}">&#128279; {html.escape(label)}</button>'
        "<script>(function(){"
        "document.querySelectorAll('.copy-link-button').forEach(function(b){"
        "if(b.dataset.bound)return;b.dataset.bound='1';"
        "b.addEventListener('click',function(){"
        "const link=new URL(window.location.pathname+'?'+b.dataset.query,window.location.origin).href;"
        "b.dataset.link=link;"
        "const shown=function(){b.textContent="
        f"{json.dumps(chr(10003) + ' ' + done)};"
        f"setTimeout(function(){{b.textContent={json.dumps(chr(128279) + ' ' + label)};}},2500);}};"
        "const fallback=function(){const a=document.createElement('textarea');a.value=link;"
        "document.body.appendChild(a);a.select();try{document.execCommand('copy');}finally{a.remove();}shown();};"
        "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(link).then(shown,fallback);}"
        "else{fallback();}"
        "});});})();</script>",
        unsafe_allow_javascript=True)


def is_phone() -> bool:
    """Whether the page is read on a phone (the browser says 'Mobile' in its user agent).

    Maps fit their initial view on the server, before the browser says how wide it is: on a
    phone they are fitted to a 360 px wide, shorter frame so the whole province shows.
    """
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser behind the run (AppTest)
        return False
    return "Mobi" in agent


def map_frame(height: int, width: int) -> tuple[int, int]:
    """(height, width) to fit a map into: the page's own frame, or a phone's."""
    return (min(height, 420), 360) if is_phone() else (height, width)
