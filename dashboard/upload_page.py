"""The widgets of the "Nạp dữ liệu" (load data) page: sign-in, upload, report, preview, confirm.

The work itself is in dashboard.loading (the ETL in its own process) and dashboard.auth
(who is an editor); tables are built by pure functions below so tests can check them.
"""
from __future__ import annotations

import polars as pl
import streamlit as st

from core import catalog, config
from core.fmt import exact
from dashboard import auth, cache, fmt, loading
from dashboard.export import tables
from dashboard.i18n import t

EDITOR_KEY = "up_editor"
_UPLOAD_KEYS = ("up_folder", "up_staged", "up_answer", "up_options", "up_loaded")
_ROLLBACK_KEY = "up_rollback"  # (load id, the preview's Answer) while an editor decides


# ---- pure tables -------------------------------------------------------------------------------

def problems_frame(answer: dict, lang: str) -> pl.DataFrame:
    """Every problem of the answer as a table: file, row, column, severity, reason (in `lang`)."""
    rows = answer.get("problems") or []
    reason = "reason_vi" if lang == "vi" else "reason_en"
    return pl.DataFrame({
        t("up_col_file", lang): [p["file"] for p in rows],
        t("up_col_row", lang): [p["row"] for p in rows],
        t("up_col_column", lang): [p["column"] or "" for p in rows],
        t("up_col_severity", lang): [t("up_error" if p["severity"] == "error" else "up_warning", lang) for p in rows],
        t("up_col_reason", lang): [p[reason] for p in rows],
    }, schema={t("up_col_file", lang): pl.String, t("up_col_row", lang): pl.Int64,
               t("up_col_column", lang): pl.String, t("up_col_severity", lang): pl.String,
               t("up_col_reason", lang): pl.String})


def files_frame(answer: dict, lang: str) -> pl.DataFrame:
    """One row per file: its state, layout, communes, rows, replaced and changed values."""
    out = []
    for f in answer.get("files") or []:
        preview = f.get("preview") or {}
        state = t(f"up_state_{f['state']}", lang)
        if f["state"] == "already_loaded" and f.get("already_loaded"):
            state += f" (#{f['already_loaded']['load_id']})"
        out.append({
            t("up_col_file", lang): f["display"], t("up_col_state", lang): state,
            t("up_col_sheet", lang): f.get("sheet") or "", t("up_col_communes", lang): f.get("communes") or 0,
            t("up_col_rows", lang): preview.get("rows", 0), t("up_col_replaced", lang): preview.get("replaced", 0),
            t("up_col_changed", lang): preview.get("changed", 0),
            t("up_col_new_communes", lang): len(preview.get("new_communes") or []),
            t("up_col_errors", lang): f["errors"], t("up_col_warnings", lang): f["warnings"],
        })
    return pl.DataFrame(out) if out else pl.DataFrame()


def _values_table(rows: list[dict], names: dict[int, str], lang: str, values: dict[str, str],
                  file: bool = False) -> pl.DataFrame:
    """Rows of (commune_code, indicator_code, period, value columns…) as the page shows them:
    commune and indicator by name, then each value column under its heading (`values`: field →
    i18n key), then the file when asked."""
    indicators = catalog.indicators()
    columns = {
        t("up_col_commune", lang): pl.Series([names.get(r["commune_code"], str(r["commune_code"])) for r in rows],
                                             dtype=pl.String),
        t("up_col_indicator", lang): pl.Series([indicators[r["indicator_code"]].name(lang)
                                                if r["indicator_code"] in indicators else r["indicator_code"]
                                                for r in rows], dtype=pl.String),
        t("up_col_period", lang): pl.Series([r["period"] for r in rows], dtype=pl.String),
    }
    for field, key in values.items():
        columns[t(key, lang)] = pl.Series([r[field] for r in rows], dtype=pl.Float64)
    if file:
        columns[t("up_col_file", lang)] = pl.Series([r["file"] for r in rows], dtype=pl.String)
    return pl.DataFrame(columns)


def changes_frame(answer: dict, names: dict[int, str], lang: str) -> pl.DataFrame:
    """The values the load replaces, old → new, by commune and indicator (names, not codes)."""
    rows = (answer.get("changes") or {}).get("rows") or []
    return _values_table(rows, names, lang, {"old_value": "up_col_old", "new_value": "up_col_new"}, file=True)


def totals(answer: dict) -> dict[str, int]:
    """New values, replaced values (and how many change), communes newly covered."""
    previews = [f["preview"] for f in answer.get("files") or [] if f.get("preview")]
    new_communes = {c for p in previews for c in p.get("new_communes") or []}
    rows = sum(p["rows"] for p in previews)
    replaced = sum(p["replaced"] for p in previews)
    return {"new": rows - replaced, "replaced": replaced, "changed": sum(p["changed"] for p in previews),
            "new_communes": len(new_communes)}


def loads_frame(loads: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Every load, newest first: number, when, who, file, values, replaced, and whether it is in
    force, was rolled back (by which load) or is itself a rollback."""
    rows = []
    for r in loads.iter_rows(named=True):
        if _in_force(r):
            state = t("up_load_in_force", lang)
        elif r.get("kind") == "rollback":
            state = t("up_load_rollback_of", lang, n=r.get("rollback_of"))
        else:
            state = t("up_load_rolled_back", lang, n=r["rolled_back_by"])
        if r.get("is_demo"):
            state += " · " + t("up_load_demo", lang)
        rows.append({"load_id": r["load_id"], "when": f"{r['loaded_at']:%Y-%m-%d %H:%M}",
                     "who": r.get("loaded_by") or "–", "file": r["source"], "rows": r["rows"],
                     "replaced": r.get("replaced_rows") or 0, "state": state})
    names = {"load_id": t("up_col_load", lang), "when": t("up_col_when", lang), "who": t("up_col_who", lang),
             "file": t("up_col_file", lang), "rows": t("up_col_rows", lang), "replaced": t("up_col_replaced", lang),
             "state": t("up_col_state", lang)}
    schema = {"load_id": pl.Int64, "when": pl.String, "who": pl.String, "file": pl.String, "rows": pl.Int64,
              "replaced": pl.Int64, "state": pl.String}
    return pl.DataFrame(rows, schema=schema).rename(names)


def can_roll_back(loads: pl.DataFrame) -> list[int]:
    """Loads an editor may undo: in force and not themselves rollbacks, newest first (the ETL
    still refuses one whose values a later load changed, naming that load)."""
    return [r["load_id"] for r in loads.iter_rows(named=True) if _in_force(r)]


def _in_force(load: dict) -> bool:
    """A load whose figures stand: not a rollback and not rolled back (etl.load.ACTIVE_LOADS; a
    database written before rollback existed has neither column, and every load in force)."""
    return load.get("kind") != "rollback" and load.get("rolled_back_by") is None


def rollback_frame(answer: dict, names: dict[int, str], lang: str) -> pl.DataFrame:
    """The figures undoing a load changes: the value now → the value restored (empty where the
    load added a value that had none before, so it simply goes). Values the load replaced by
    the same number are restored too, but change nothing a reader sees, so they are not listed."""
    rows = [r for r in (answer.get("figures") or {}).get("rows") or [] if r["current"] != r["restored"]]
    return _values_table(rows, names, lang, {"current": "up_col_now", "restored": "up_col_restored"})


def numbers_shown(frame: pl.DataFrame, lang: str):
    """A pandas Styler of a table of values: numbers stay numbers (sorting sorts numbers) and read
    the language's way ("5.933", "67,83"); an empty cell stays empty."""
    columns = [name for name, dtype in frame.schema.items() if dtype.is_numeric()]
    return frame.to_pandas().style.format({c: lambda v: "" if v != v else exact(v, lang) for c in columns})


# ---- widgets -----------------------------------------------------------------------------------

def editor_config() -> auth.EditorConfig:
    try:
        return auth.editor_config(st.secrets)
    except Exception:
        return auth.EditorConfig()


def setup_help(lang: str) -> None:
    """Without configured editors: how to enable uploads. The page accepts nothing."""
    st.info(t("up_disabled", lang), icon=":material/lock:")
    st.markdown(t("up_how_passwords", lang))
    st.code("python -m dashboard.auth hash nguyen_van_a\n"
            "# → .streamlit/secrets.toml\n[editors]\nnguyen_van_a = \"$argon2id$v=19$m=65536,t=3,p=4$…\"",
            language="toml")
    st.markdown(t("up_how_oidc", lang))
    st.code('[auth]\nredirect_uri = "https://bangso.example.gov.vn/oauth2callback"\ncookie_secret = "…"\n'
            'client_id = "…"\nclient_secret = "…"\n'
            'server_metadata_url = "https://idp.example.gov.vn/.well-known/openid-configuration"\n\n'
            '[editors_oidc]\nemails = ["chuyenvien@example.gov.vn"]', language="toml")


def _oidc_user(config: auth.EditorConfig) -> str | None:
    if not config.oidc_configured:
        return None
    try:
        if st.user.is_logged_in and auth.oidc_editor(config, st.user.get("email")):
            return str(st.user.get("email"))
    except Exception:
        return None
    return None


def signed_in_editor(config: auth.EditorConfig, lang: str) -> str | None:
    """The signed-in editor's name, or None after drawing the sign-in form."""
    oidc = _oidc_user(config)
    if oidc:
        return oidc
    if st.session_state.get(EDITOR_KEY) in config.passwords:
        return st.session_state[EDITOR_KEY]
    st.info(t("up_sign_in_needed", lang), icon=":material/lock:")
    if config.passwords:
        with st.form("up_sign_in", clear_on_submit=False):
            name = st.text_input(t("up_user", lang), max_chars=100, key="up_user_name")
            password = st.text_input(t("up_password", lang), type="password", max_chars=200, key="up_password")
            if st.form_submit_button(t("up_sign_in", lang), icon=":material/login:"):
                result = auth.check_password(config, name, password)
                if result.ok:
                    st.session_state[EDITOR_KEY] = name.strip()
                    st.rerun()
                elif result.wait_seconds > 0:
                    st.error(t("up_wait", lang, seconds=fmt.number(result.wait_seconds, 0, lang)))
                else:
                    st.error(t("up_wrong_password", lang))
    if config.oidc_configured and config.oidc_emails:
        if st.button(t("up_sign_in_oidc", lang), icon=":material/badge:"):
            st.login()
        try:
            if st.user.is_logged_in:
                st.warning(t("up_not_editor", lang, email=str(st.user.get("email") or "")))
        except Exception:
            pass
    return None


def sign_out(lang: str) -> None:
    if st.button(t("up_sign_out", lang), icon=":material/logout:", key="up_sign_out"):
        st.session_state.pop(EDITOR_KEY, None)
        reset()
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass
        st.rerun()


def reset() -> None:
    """Forget the staged files and their report (the staged copies are removed)."""
    loading.discard(st.session_state.get("up_folder"))
    for key in _UPLOAD_KEYS:
        st.session_state.pop(key, None)


def upload_form(province: int, provinces: dict[int, str], lang: str, *, has_demo: bool = False
                ) -> tuple[list[tuple[str, bytes]], loading.UploadOptions] | None:
    """The files and the options; None until the editor asks for a check."""
    # a new key after each load empties the uploader (the files loaded are not offered again)
    uploads = st.file_uploader(t("up_files", lang), accept_multiple_files=True,
                               key=f"up_files_{st.session_state.get('up_uploads_done', 0)}",
                               type=[s.lstrip(".") for s in loading.ACCEPTED_SUFFIXES], help=t("up_files_help", lang))
    with st.expander(t("up_options", lang)):
        left, right = st.columns(2)
        chosen = left.selectbox(t("up_province", lang), options=[None, *sorted(provinces)], key="up_province",
                                index=[None, *sorted(provinces)].index(province),
                                format_func=lambda c: t("up_province_from_file", lang) if c is None else provinces[c])
        period = right.text_input(t("up_period", lang), max_chars=7, key="up_period", placeholder="2025-11")
        sheet = left.text_input(t("up_sheet", lang), max_chars=100, key="up_sheet")
        decimal = right.selectbox(t("up_decimal", lang), options=[None, "comma", "dot"], key="up_decimal",
                                  format_func=lambda d: t(f"up_decimal_{d or 'auto'}", lang))
        cumulative = left.checkbox(t("up_cumulative", lang), key="up_cumulative")
        strict = right.checkbox(t("up_strict", lang), key="up_strict")
    replace_demo = False
    if has_demo:  # demo and real never mix: the first real load must say it replaces the demo
        st.warning(t("up_demo_database", lang), icon=":material/science:")
        replace_demo = st.checkbox(t("up_replace_demo", lang), key="up_replace_demo")
    if not st.button(t("up_check", lang), type="primary", icon=":material/fact_check:", disabled=not uploads):
        return None
    options = loading.UploadOptions(province=chosen, period=period.strip() or None, sheet=sheet.strip() or None,
                                    decimal=decimal, cumulative=cumulative, strict=strict,
                                    replace_demo=replace_demo)
    return [(u.name, u.getvalue()) for u in uploads], options


def check(files: list[tuple[str, bytes]], options: loading.UploadOptions, lang: str) -> None:
    """Stage the files and run the ETL's check and preview; the answer waits in the session."""
    reset()
    limit = int(catalog.settings().get("upload_max_mb", 50))
    too_big = [loading.display_name(n) for n, data in files if len(data) > limit * 1024 * 1024]
    if too_big:
        st.error(t("up_too_big", lang, names=", ".join(too_big), limit=limit))
        return
    db_path = config.database_path()
    folder, staged = loading.stage(files, db_path)
    with st.status(t("up_checking", lang), expanded=False) as status:
        answer = loading.prepare(staged, options, db_path)
        status.update(label=t("up_checked", lang), state="complete" if answer.failure is None else "error")
    st.session_state.update(up_folder=folder, up_staged=staged, up_answer=answer, up_options=options)


def show_answer(answer: loading.Answer, names: dict[int, str], lang: str) -> None:
    """The validation report and the preview of what would change."""
    if answer.failure is not None:
        st.error(t("up_failed", lang), icon=":material/error:")
        return
    if answer.data.get("busy"):
        st.warning(t("up_busy", lang))
        return
    data = answer.data
    st.dataframe(files_frame(data, lang), hide_index=True, width="stretch")
    problems = problems_frame(data, lang)
    if problems.height:
        total = data.get("problem_total", problems.height)
        st.subheader(t("up_problems", lang, n=fmt.number(total, 0, lang)))
        if total > problems.height:
            st.caption(t("up_problems_first", lang, n=fmt.number(problems.height, 0, lang)))
        st.dataframe(problems, hide_index=True, width="stretch")
        st.download_button(t("up_problems_download", lang), data=tables.table_csv(problems),
                           file_name="kiem-tra-tep.csv", mime="text/csv", on_click="ignore", icon=":material/download:")
    if data.get("refused"):
        st.error(t("up_refused", lang), icon=":material/block:")
        return
    figures = totals(data)
    cols = st.columns(4)
    cols[0].metric(t("up_new_values", lang), fmt.number(figures["new"], 0, lang))
    cols[1].metric(t("up_replaced_values", lang), fmt.number(figures["replaced"], 0, lang))
    cols[2].metric(t("up_changed_values", lang), fmt.number(figures["changed"], 0, lang))
    cols[3].metric(t("up_new_communes", lang), fmt.number(figures["new_communes"], 0, lang))
    changes = changes_frame(data, names, lang)
    if changes.height:
        st.subheader(t("up_changes", lang))
        st.dataframe(numbers_shown(changes, lang), hide_index=True, width="stretch")


def confirm(editor: str, lang: str) -> None:
    """After a clean preview: the editor confirms and the load runs."""
    answer: loading.Answer | None = st.session_state.get("up_answer")
    if answer is None or not answer.accepted:
        return
    if not any(f["state"] == "accepted" for f in answer.data.get("files") or []):
        st.info(t("up_nothing_new", lang))
        return
    agreed = st.checkbox(t("up_confirm_check", lang), key="up_confirm_check")
    if st.button(t("up_confirm", lang), type="primary", icon=":material/upload:", disabled=not agreed):
        with st.status(t("up_loading", lang), expanded=False) as status:
            done = loading.commit(st.session_state["up_staged"], st.session_state["up_options"],
                                  config.database_path(), loaded_by=editor)
            status.update(label=t("up_loaded", lang) if done.accepted else t("up_refused", lang),
                          state="complete" if done.accepted else "error")
        if done.accepted:
            ids = [r["load_id"] for r in done.data.get("results") or [] if not r["skipped"]]
            reset()
            st.session_state["up_loaded"] = ids
            st.session_state["up_uploads_done"] = st.session_state.get("up_uploads_done", 0) + 1
            st.rerun()
        else:
            st.session_state["up_answer"] = done


def history(editor: str, lang: str) -> None:
    """The loads (who, when, file, values) and, after a preview and a confirmation, undoing one."""
    done = st.session_state.pop("up_rolled_back", None)
    if done is not None:
        st.success(t("up_rollback_done", lang, n=done[0], id=done[1]), icon=":material/undo:")
    loads = cache.loads()
    st.dataframe(loads_frame(loads, lang), hide_index=True, width="stretch")
    candidates = can_roll_back(loads)
    if not candidates:
        st.caption(t("up_rollback_none", lang))
        return
    sources = dict(zip(loads["load_id"].to_list(), loads["source"].to_list()))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("up_rollback_pick", lang), options=candidates, key="up_rollback_pick",
                            format_func=lambda i: f"#{i} · {sources.get(i, '')}")
    if right.button(t("up_rollback_preview", lang), icon=":material/preview:", key="up_rollback_preview"):
        st.session_state[_ROLLBACK_KEY] = (chosen, loading.rollback(chosen, config.database_path(), editor,
                                                                    dry_run=True))
    pending = st.session_state.get(_ROLLBACK_KEY)
    if pending is None or pending[0] != chosen:
        return
    _rollback_preview(chosen, pending[1], editor, lang)


def _rollback_preview(load_id: int, answer: loading.Answer, editor: str, lang: str) -> None:
    if answer.failure is not None:
        st.error(t("up_failed", lang), icon=":material/error:")
        return
    data = answer.data
    if data.get("busy"):
        st.warning(t("up_busy", lang))
        return
    if data.get("refused"):
        st.error(data["reason_vi"] if lang == "vi" else data["reason_en"], icon=":material/block:")
        return
    st.info(t("up_rollback_what", lang, n=load_id, source=data["source"], removed=fmt.number(data["removed"], 0, lang),
              restored=fmt.number(data["restored"], 0, lang)), icon=":material/undo:")
    figures = rollback_frame(data, commune_names(), lang)
    if figures.height:
        st.dataframe(numbers_shown(figures, lang), hide_index=True, width="stretch")
    agreed = st.checkbox(t("up_rollback_check", lang, n=load_id), key="up_rollback_check")
    if not st.button(t("up_rollback_confirm", lang, n=load_id), type="primary", icon=":material/undo:",
                     disabled=not agreed, key="up_rollback_confirm"):
        return
    with st.status(t("up_rolling_back", lang), expanded=False) as status:
        result = loading.rollback(load_id, config.database_path(), editor, dry_run=False)
        status.update(label=t("up_rolled_back", lang) if result.accepted else t("up_rollback_failed", lang),
                      state="complete" if result.accepted else "error")
    if result.accepted:
        st.session_state.pop(_ROLLBACK_KEY, None)
        st.session_state.pop("up_rollback_check", None)
        st.session_state["up_rolled_back"] = (load_id, result.data.get("rollback_id"))
        st.rerun()
    st.session_state[_ROLLBACK_KEY] = (load_id, result)


def commune_names() -> dict[int, str]:
    frame = cache.communes(province=None)
    return dict(zip(frame["commune_code"].to_list(), frame["name"].to_list()))
