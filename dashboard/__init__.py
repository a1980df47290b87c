"""The read side: queries, cache, state, charts, maps, exports, formatting, translations.

Nothing here writes the database. Builders of figures, decks and files never call `st.*`;
only `dashboard.cache`, `dashboard.state` and `dashboard.setup`/`dashboard.ui` touch Streamlit.
"""
