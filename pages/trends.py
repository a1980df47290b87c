"""Placeholder: trends page (being built)."""
import streamlit as st

from dashboard.setup import setup

context = setup()
st.title(context.t("page_trends"))
