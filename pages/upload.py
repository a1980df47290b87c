"""Load data (editors only): upload files, see the same report as the command line, preview,
confirm; list the loads and roll one back."""
import streamlit as st

from dashboard import upload_page as up
from dashboard.setup import setup

context = setup()
lang, t = context.lang, context.t

st.title(t("page_upload"))
st.caption(t("up_caption"))

editors = up.editor_config()
if not editors.enabled:
    up.setup_help(lang)
    st.stop()
editor = up.signed_in_editor(editors, lang)
if editor is None:
    st.stop()

who, out = st.columns([4, 1])
who.success(t("up_signed_in_as", name=editor), icon=":material/verified_user:")
with out:
    up.sign_out(lang)

upload_tab, history_tab = st.tabs([t("up_tab_upload"), t("up_tab_history")])
with upload_tab:
    loaded = st.session_state.pop("up_loaded", None)
    if loaded is not None:
        st.success(t("up_done", ids=", ".join(f"#{i}" for i in loaded) or "–"), icon=":material/task_alt:")
    request = up.upload_form(context.state.province, context.provinces, lang, has_demo=context.has_demo)
    if request is not None:
        up.check(*request, lang)
    answer = st.session_state.get("up_answer")
    if answer is not None:
        up.show_answer(answer, up.commune_names(), lang)
        up.confirm(editor, lang)
with history_tab:
    up.history(editor, lang)
