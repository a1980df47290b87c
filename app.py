"""Entry point: page config, the shared setup and navigation. Pages live in pages/."""
# pandas is imported here, before any page draws a chart: plotly looks pandas up in sys.modules
# without importing it, and on a fresh server another thread may be half-way through importing
# it, which showed a visitor "partially initialized module 'pandas' has no attribute 'Series'"
# on the first page view. An import statement waits for the other thread's import to finish.
import pandas  # noqa: F401
import streamlit as st

from dashboard.i18n import t
from dashboard.setup import app_run, setup

# Presentation mode (a link's present=1, or the sidebar's switch) opens with the sidebar folded.
_present = st.query_params.get("present") == "1" or st.session_state.get("s_present", False)
st.set_page_config(page_title="Bảng so sánh xã, phường", page_icon=":material/map:", layout="wide",
                   initial_sidebar_state="collapsed" if _present else "auto")

PAGES = [
    ("pages/overview.py", "page_overview", ":material/dashboard:", True),
    ("pages/rankings.py", "page_rankings", ":material/leaderboard:", False),
    ("pages/map.py", "page_map", ":material/map:", False),
    ("pages/trends.py", "page_trends", ":material/show_chart:", False),
    ("pages/profile.py", "page_profile", ":material/badge:", False),
    ("pages/compare.py", "page_compare", ":material/compare_arrows:", False),
    ("pages/methodology.py", "page_methodology", ":material/menu_book:", False),
    ("pages/upload.py", "page_upload", ":material/upload_file:", False),
]

context = setup()
navigation = st.navigation([st.Page(path, title=t(key, context.lang), icon=icon, default=default)
                            for path, key, icon, default in PAGES])
with app_run(context, navigation.url_path):
    navigation.run()
