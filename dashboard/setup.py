"""The shared setup every page calls first: state from the URL, sidebar, banner, connection.

Idempotent within one run: app.py calls `setup()` and then runs the page inside
`app_run(context)`, so the page's own `setup()` returns the same context instead of drawing
the sidebar twice. A page run alone (AppTest) does the whole setup itself.

Canonical values live in session-state keys `s_<name>`; widgets use `w_<name>` keys and copy
their value to the canonical key in a callback, so a value survives pages that do not show
its widget. After the controls are drawn, the state is mirrored to the URL.
"""
from __future__ import annotations

import functools
import logging
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from core import catalog, config, periods
from dashboard import cache, deck_map, fmt, layout, search, timing
from dashboard import state as state_mod
from dashboard.i18n import division_label, t, window_label

_local = threading.local()
_log = logging.getLogger("dashboard.pages")
_FIELDS = ("province", "indicator", "period", "window", "communes", "lang", "scope", "division", "layer", "view",
           "search", "top_n", "below", "sort", "compare_codes", "trend_codes", "present", "map_zoom",
           "map_magnify", "map_view")
# What a free map view (`mv`) belongs to: another province, scope or chosen commune, or a named
# view (zoomed to the commune, zoom steps), and the map is fitted anew, as a user expects.
_MAP_VIEW_ANCHOR = "_map_view_anchor"


@dataclass
class PageContext:
    state: state_mod.ViewState
    valid: state_mod.Valid
    provinces: dict[int, str]
    has_demo: bool
    latest_period: object

    @property
    def lang(self) -> str:
        return self.state.lang

    def t(self, key: str, **values) -> str:
        return t(key, self.state.lang, **values)

    @property
    def window(self) -> tuple:
        """First and last month of the chosen window."""
        return periods.window_bounds(self.state.period, self.state.window)

    @property
    def previous(self) -> tuple:
        """The same window ending one month earlier (for rank changes)."""
        return periods.previous_bounds(self.state.period, self.state.window)

    @property
    def province_name(self) -> str:
        return self.provinces.get(self.state.province, str(self.state.province))

    @property
    def indicator(self) -> catalog.Indicator:
        return catalog.indicator(self.state.indicator)

    def map_labels(self) -> dict[str, str]:
        """The texts of a map's own buttons (dashboard/deck_map.py), in the reader's language."""
        return {name: self.t(f"map_{name}") for name in ("zoom_in", "zoom_out", "fullscreen", "fullscreen_exit")}


@contextmanager
def app_run(context: PageContext, page: str = ""):
    """Run the navigation's page (`page`: its URL path) with this run's context already set up.

    A page that fails shows a short message in the user's language with a reference, never a
    traceback or a server path; the details go to the server's log under that reference.
    (.streamlit/config.toml's `showErrorDetails = "none"` covers what happens outside pages.)
    Streamlit's own control flow (st.stop, st.rerun, st.switch_page) passes through: it is
    not an Exception.
    """
    _local.context = context
    outcome = "done"
    try:
        yield
    except Exception:
        outcome = "failed"
        reference = uuid.uuid4().hex[:8]
        _log.exception("page failed (reference %s, query %s)", reference, dict(st.query_params))
        st.error(t("page_error", context.lang, ref=reference), icon=":material/error:")
    except BaseException as control:  # st.rerun, st.stop, st.switch_page: logged, passed on
        outcome = type(control).__name__
        raise
    finally:
        _local.context = None
        timing.finished(page or "overview", outcome)


def _valid() -> state_mod.Valid:
    provinces = cache.provinces()
    communes = cache.communes(province=None)
    return state_mod.Valid(
        provinces=frozenset(provinces["province_code"].to_list()),
        indicators=frozenset(catalog.indicators()),
        periods=tuple(cache.periods()),
        communes=frozenset(communes["commune_code"].to_list()),
        commune_province=dict(zip(communes["commune_code"].to_list(), communes["province_code"].to_list())),
        default_province=catalog.default_province(),
        default_indicator=catalog.default_indicator(),
    )


def current_state() -> state_mod.ViewState:
    return state_mod.ViewState(**{f: st.session_state[f"s_{f}"] for f in _FIELDS})


def _store(view_state: state_mod.ViewState) -> None:
    for f in _FIELDS:
        st.session_state[f"s_{f}"] = getattr(view_state, f)


def update(**changes) -> None:
    """Change canonical state (used by page controls' callbacks)."""
    for key, value in changes.items():
        st.session_state[f"s_{key}"] = value


def _copy_widget(field: str, transform=lambda v: v) -> None:
    st.session_state[f"s_{field}"] = transform(st.session_state[f"w_{field}"])
    if field == "province":  # chosen communes belong to the old province: a link must not keep them
        st.session_state["s_communes"] = ()


def _bind(field: str, transform=lambda v: v) -> dict:
    """Keyword arguments that bind a widget to the canonical key `s_<field>`."""
    return {"key": f"w_{field}", "on_change": _copy_widget, "args": (field, transform)}


def _seed_widget(field: str, value) -> None:
    st.session_state[f"w_{field}"] = value


def _leave_pages_directory_mode() -> None:
    """Make a deep link on a fresh server go through app.py's navigation.

    Streamlit runs the first script of a process in its old "pages/ directory" mode (we must
    keep the folder named pages/), which runs pages/x.py alone for a link to /x: no Vietnamese
    page titles, no wide layout. Leaving that mode and rerunning sends the same URL through
    app.py's st.navigation. The flag is process-wide and st.navigation clears it anyway.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup() -> PageContext:
    """State from the URL (first run), sidebar, demo banner; returns the page's context."""
    existing = getattr(_local, "context", None)
    if existing is not None:
        return existing
    timing.started()
    _leave_pages_directory_mode()
    if not cache.database_exists():
        lang = st.query_params.get("lang", "vi")
        # the path is for the administrator's log, never for a visitor's screen
        _log.error("no database at %s (COMMUNE_DB)", config.database_path())
        st.error(t("no_database", "en" if lang == "en" else "vi"))
        st.stop()

    cache.begin_view()  # every query of this run reads the same version of the file
    valid = _valid()
    if "s_province" not in st.session_state:
        parsed, invalid = state_mod.parse(st.query_params, valid)
        _store(parsed)
        st.session_state[_MAP_VIEW_ANCHOR] = _map_view_anchor(parsed)
        st.session_state["_invalid_params"] = invalid
    open_page_if_asked()
    _forget_map_view_if_moved_on()
    view_state = current_state()
    lang = view_state.lang

    provinces_frame = cache.provinces()
    provinces = dict(zip(provinces_frame["province_code"].to_list(), provinces_frame["name"].to_list()))
    status = cache.data_status()

    with st.sidebar:
        _seed_widget("lang", lang)
        st.segmented_control(t("language", lang), options=list(state_mod.LANGS), format_func=lambda v:
                             {"vi": "Tiếng Việt", "en": "English"}[v], **_bind("lang", lambda v: v or "vi"))
        _search_box("sidebar", lang, provinces, _all_communes(), _jump)
        codes = sorted(provinces)
        _seed_widget("province", view_state.province)
        st.selectbox(t("province", lang), options=codes, format_func=lambda c: provinces[c],
                     **_bind("province"))
        periods = list(valid.periods)[::-1]
        _seed_widget("period", view_state.period)
        st.selectbox(t("period", lang), options=periods, format_func=lambda p: fmt.month(p, lang),
                     **_bind("period"))
        _seed_widget("window", view_state.window)
        st.radio(t("window", lang), options=list(state_mod.WINDOWS), format_func=lambda w: window_label(w, lang),
                 **_bind("window"))
        st.caption(t("data_as_of", lang, period=fmt.month(status["latest_period"], lang)))
        _seed_widget("present", view_state.present)
        st.toggle(t("present_mode", lang), help=t("present_mode_help", lang), **_bind("present"))
        layout.copy_link_button(current_state(), lang)

    view_state = current_state()
    context = PageContext(state=view_state, valid=valid, provinces=provinces, has_demo=status["has_demo"],
                          latest_period=status["latest_period"])
    if view_state.present:
        st.button(t("present_exit", lang), key="present_exit", icon=":material/close_fullscreen:",
                  type="tertiary", on_click=update, kwargs={"present": False})
    if status["has_demo"]:
        st.info(t("demo_banner", lang), icon=":material/science:")
    for name in st.session_state.get("_invalid_params", []):
        if name.endswith(state_mod.CLAMPED):
            st.warning(t("invalid_param_clamped", lang, name=name.removesuffix(state_mod.CLAMPED)),
                       icon=":material/link_off:")
        else:
            st.warning(t("invalid_param", lang, name=name), icon=":material/link_off:")
    st.session_state["_invalid_params"] = []
    layout.inject_css(present=view_state.present)
    sync_url(view_state)
    return context


def _map_view_anchor(view_state: state_mod.ViewState) -> tuple:
    return (view_state.province, view_state.scope, view_state.communes[:1], view_state.map_zoom,
            view_state.map_magnify)


def _forget_map_view_if_moved_on() -> None:
    """Drop the map's free view once what it was a view of has changed (see _MAP_VIEW_ANCHOR)."""
    if st.session_state.get(_MAP_VIEW_ANCHOR) != _map_view_anchor(current_state()):
        st.session_state["s_map_view"] = None
        _anchor_map_view()


def _anchor_map_view() -> None:
    """The map's free view (none, or the one just reported) belongs to the state as it is now."""
    st.session_state[_MAP_VIEW_ANCHOR] = _map_view_anchor(current_state())


def _all_communes() -> dict[int, tuple[str, int]]:
    frame = cache.communes(province=None)
    return {code: (name, province) for code, name, province in
            frame.select("commune_code", "name", "province_code").iter_rows()}


# ---- search: typed without diacritics, matched on the server ------------------------------------

def _search_box(key: str, lang: str, provinces: dict[int, str], communes: dict[int, tuple[str, int]], pick,
                label_key: str = "search_all", placeholder_key: str = "search_all_placeholder") -> None:
    """A search box and, under it, buttons for what it finds (at most search.DEFAULT_LIMIT).

    Typing commits after a short pause (`live`), and only this fragment reruns meanwhile;
    a button calls `pick(hit)` in its callback (before the next run), and the fragment's next
    run then reruns the whole app (or switches page, see `_after_pick`).
    """
    _search_fragment(key, lang, provinces, communes, pick, label_key, placeholder_key)


@st.fragment
def _search_fragment(key, lang, provinces, communes, pick, label_key, placeholder_key) -> None:
    # a result was clicked: its callback changed the state and emptied the box; show the change
    picked = st.session_state.pop(f"_picked_{key}", None)
    if picked is not None:
        _after_pick(picked if key == "sidebar" else None)
    query = st.text_input(t(label_key, lang), key=f"search_{key}", type="search", live="300ms",
                          max_chars=state_mod.MAX_SEARCH, placeholder=t(placeholder_key, lang))
    if not query or not query.strip():
        return
    names = provinces if key == "sidebar" else None
    hits, total = search.find(query, provinces, communes, names)
    if not hits:
        st.caption(t("search_none", lang, query=query))
        return
    for hit in hits:
        # a province switches, a commune opens (sidebar) or joins the picker (page)
        icon = (":material/location_city:" if hit.kind == "province" else
                ":material/arrow_forward:" if key == "sidebar" else ":material/add:")
        st.button(hit.label, key=f"hit_{key}_{hit.kind}_{hit.code}", icon=icon, type="tertiary",
                  on_click=_picked, args=(key, pick, hit))
    if total > len(hits):
        st.caption(t("search_more", lang, n=fmt.number(total - len(hits), 0, lang)))


def _picked(key: str, pick, hit: search.Hit) -> None:
    st.session_state[f"search_{key}"] = ""
    st.session_state[f"_picked_{key}"] = hit
    pick(hit)


def _after_pick(hit: search.Hit | None) -> None:
    """After a pick: a commune found in the sidebar opens its profile; anything else reruns the app."""
    if hit is not None and hit.kind == "commune":
        switch_to("pages/profile.py")
    st.rerun(scope="app")


def _jump(hit: search.Hit) -> None:
    """The sidebar search: a province switches the province, a commune becomes the chosen one
    (in its own province: names repeat across provinces)."""
    if hit.kind == "province":
        if hit.code != st.session_state["s_province"]:
            update(province=hit.code, communes=())
        return
    if hit.province != st.session_state["s_province"]:
        update(province=hit.province, communes=(hit.code,))
    else:
        update(communes=state_mod.with_first(st.session_state["s_communes"], hit.code))


def sync_url(view_state: state_mod.ViewState) -> None:
    wanted = state_mod.to_params(view_state)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if {k: [v] if isinstance(v, str) else v for k, v in wanted.items()} != current:
        st.query_params.from_dict(wanted)


# ---- page-level controls bound to the shared state ------------------------------------------

def indicator_select(context: PageContext, codes: list[str] | None = None, label_key: str = "indicator") -> str:
    """Indicator chooser (catalog names in the chosen language); returns the chosen code."""
    options = codes or list(catalog.indicators())
    current = context.state.indicator if context.state.indicator in options else options[0]
    _seed_widget("indicator", current)
    st.selectbox(t(label_key, context.lang), options=options,
                 format_func=lambda c: catalog.indicator(c).name(context.lang), **_bind("indicator"))
    return _refresh(context, "indicator")


def communes_select(context: PageContext, options: dict[int, str], max_selections: int = 5,
                    label_key: str = "communes") -> list[int]:
    """Multi-select of communes of the province; returns the chosen codes."""
    current = [c for c in context.state.communes if c in options]
    _seed_widget("communes", current)
    st.multiselect(t(label_key, context.lang), options=list(options), format_func=lambda c: options[c],
                   max_selections=max_selections, placeholder=t("choose_communes", context.lang),
                   select_all=False, **_bind("communes", lambda v: tuple(v)))
    province = context.state.province
    _search_box("communes", context.lang, {}, {c: (n, province) for c, n in options.items()},
                lambda hit: _add_commune(hit, max_selections), "search_picker", "search_picker_placeholder")
    return list(_refresh(context, "communes"))


def _add_commune(hit: search.Hit, limit: int) -> None:
    """A commune found by the picker's search joins the chosen ones (at the limit it takes the last place)."""
    chosen = tuple(c for c in st.session_state["s_communes"] if c != hit.code)
    st.session_state["s_communes"] = chosen[:limit - 1] + (hit.code,)


def commune_select(context: PageContext, options: dict[int, str], default: int | None,
                   label_key: str = "commune") -> int | None:
    """Single commune chooser bound to the shared `communes` state: the chosen commune becomes
    the first of state.communes (the others are kept). `default` is shown while none of the
    province is chosen, without writing it to the state."""
    if not options:
        return None
    chosen = [c for c in context.state.communes if c in options]
    current = chosen[0] if chosen else (default if default in options else next(iter(options)))
    st.session_state["w_commune_one"] = current
    st.selectbox(t(label_key, context.lang), options=list(options), format_func=lambda c: options[c],
                 key="w_commune_one", on_change=_first_commune)
    province = context.state.province
    _search_box("commune", context.lang, {}, {c: (n, province) for c, n in options.items()}, _first_found,
                "search_picker", "search_picker_placeholder")
    _refresh(context, "communes")
    return st.session_state["w_commune_one"]


def _first_found(hit: search.Hit) -> None:
    st.session_state["s_communes"] = state_mod.with_first(st.session_state["s_communes"], hit.code)


def _first_commune() -> None:
    st.session_state["s_communes"] = state_mod.with_first(st.session_state["s_communes"],
                                                          st.session_state["w_commune_one"])


def scope_select(context: PageContext) -> str:
    _seed_widget("scope", context.state.scope)
    st.segmented_control(t("scope", context.lang), options=list(state_mod.SCOPES),
                         format_func=lambda s: t(f"scope_{s}", context.lang),
                         **_bind("scope", lambda v: v or "province"))
    return _refresh(context, "scope")


def division_select(context: PageContext) -> str | None:
    _seed_widget("division", context.state.division or "all")
    st.segmented_control(t("division_type", context.lang), options=["all", *state_mod.DIVISIONS],
                         format_func=lambda d: division_label(d, context.lang),
                         **_bind("division", lambda v: None if v in (None, "all") else v))
    return _refresh(context, "division")


def layer_select(context: PageContext) -> str:
    _seed_widget("layer", context.state.layer)
    st.segmented_control(t("map_layer", context.lang), options=list(state_mod.LAYERS),
                         format_func=lambda v: t(f"layer_{v}", context.lang), **_bind("layer", lambda v: v or "r57"))
    return _refresh(context, "layer")


def map_zoom_toggle(context: PageContext, enabled: bool) -> bool:
    """The map's view: the province (or country) whole, or zoomed to the chosen commune and its
    neighbours; kept in the link (`mz=1`), so a colleague opening it sees the same view."""
    _seed_widget("map_zoom", context.state.map_zoom)
    st.toggle(t("map_zoom", context.lang), help=t("map_zoom_help", context.lang), disabled=not enabled,
              **_bind("map_zoom", bool))
    return _refresh(context, "map_zoom") and enabled


def map_magnify_select(context: PageContext) -> int:
    """Zoom steps beyond the map's fitted frame, around the chosen commune (or the frame's centre);
    kept in the link (`zoom=`). A pan or zoom with the mouse is kept too (`mv`, deck_map_events);
    choosing steps here replaces it."""
    _seed_widget("map_magnify", context.state.map_magnify)
    st.select_slider(t("map_magnify", context.lang), options=list(range(state_mod.MAP_MAGNIFY + 1)),
                     format_func=lambda k: t("map_magnify_fit", context.lang) if k == 0 else f"×{2 ** k}",
                     help=t("map_magnify_help", context.lang), **_bind("map_magnify", int))
    return _refresh(context, "map_magnify")


def map_fit_button(context: PageContext, active: bool | None = None) -> None:
    """After a pan or zoom with the mouse: a button back to the named view (fitted frame and steps).
    Always drawn (disabled until then), so that the map does not move down under a finger on a phone.
    `active`: whether the page's map shows the free view (default: whether there is one)."""
    shown = context.state.map_view is not None if active is None else active
    st.button(t("map_view_reset", context.lang), key="map_view_reset", icon=":material/fit_screen:",
              type="tertiary", help=t("map_view_reset_help", context.lang), on_click=update,
              kwargs={"map_view": None}, disabled=not shown)


def view_select(context: PageContext) -> str:
    _seed_widget("view", context.state.view)
    st.segmented_control(t("trend_view", context.lang), options=list(state_mod.VIEWS),
                         format_func=lambda v: t(f"view_{v}", context.lang), **_bind("view", lambda v: v or "value"))
    return _refresh(context, "view")


def _refresh(context: PageContext, field: str):
    """After a page control, the canonical value (callbacks ran before this run)."""
    value = st.session_state[f"s_{field}"]
    context.state = context.state.with_(**{field: value})
    sync_url(context.state)
    return value


def search_input(context: PageContext) -> str:
    """The rankings' name search (diacritics optional), kept in the link as `q`."""
    _seed_widget("search", context.state.search)
    st.text_input(t("rk_search", context.lang), placeholder=t("rk_search_placeholder", context.lang),
                  max_chars=state_mod.MAX_SEARCH, type="search", **_bind("search", lambda v: (v or "").strip()))
    return _refresh(context, "search")


def below_target_toggle(context: PageContext, target: float) -> bool:
    """Only the communes below the target ("chưa đạt chỉ tiêu"), kept in the link as `below=1`."""
    indicator = context.indicator
    _seed_widget("below", context.state.below)
    st.toggle(t("rk_below", context.lang, target=fmt.value(target, indicator.unit, 0, context.lang)),
              help=t("rk_below_help", context.lang), **_bind("below"))
    return _refresh(context, "below")


def sort_select(context: PageContext) -> str:
    """The rankings table's order ("Sắp xếp theo"), kept in the link as `sort`."""
    _seed_widget("sort", context.state.sort)
    st.selectbox(t("rk_sort", context.lang), options=list(state_mod.SORTS),
                 format_func=lambda s: t(f"rk_sort_{s}", context.lang), help=t("rk_sort_help", context.lang),
                 **_bind("sort"))
    return _refresh(context, "sort")


def top_n_slider(context: PageContext) -> int:
    low, high, _ = state_mod.TOP_N
    _seed_widget("top_n", context.state.top_n)
    st.slider(t("rk_top_n", context.lang), min_value=low, max_value=high, **_bind("top_n"))
    return _refresh(context, "top_n")


def indicators_multiselect(context: PageContext, field: str, defaults: tuple[str, ...], label: str,
                           max_selections: int | None = None) -> list[str]:
    """A multi-select of catalog indicators kept in the link (`cp`, `tm`); None in the state = `defaults`."""
    all_codes = list(catalog.indicators())
    current = getattr(context.state, field)
    _seed_widget(field, [c for c in (defaults if current is None else current) if c in all_codes])
    st.multiselect(label, options=all_codes, format_func=lambda c: catalog.indicator(c).name(context.lang),
                   max_selections=max_selections, select_all=False, placeholder=t("choose_indicators", context.lang),
                   **_bind(field, lambda v: tuple(v)))
    chosen = _refresh(context, field)
    return list(defaults if chosen is None else chosen)


# ---- drill-through: a click on a table row or a map commune ----------------------------------------

def drill_table(key: str, codes: list[int], provinces: list[int]) -> dict:
    """Keyword arguments for st.dataframe: clicking a row opens that commune's profile.

    The widget key changes after each click, so that coming back to the page does not find
    the old selection and jump again.
    """
    generation = st.session_state.get(f"_{key}_generation", 0)
    widget_key = f"{key}_{generation}"
    return {"key": widget_key, "on_select": functools.partial(_row_clicked, key, widget_key, codes, provinces),
            "selection_mode": "single-row"}


def _row_clicked(key: str, widget_key: str, codes: list[int], provinces: list[int]) -> None:
    rows = st.session_state[widget_key]["selection"]["rows"]
    if not rows or rows[0] >= len(codes):
        return
    st.session_state[f"_{key}_generation"] = st.session_state.get(f"_{key}_generation", 0) + 1
    choose_commune(codes[rows[0]], provinces[rows[0]])
    st.session_state["_open_page"] = "pages/profile.py"


def choose_commune(code: int, province: int) -> None:
    """Make a commune the chosen one (first of the shared list), moving to its province if needed."""
    if province != st.session_state["s_province"]:
        update(province=province, communes=(code,))
    else:
        update(communes=state_mod.with_first(st.session_state["s_communes"], code))


def deck_map_events(key: str, page_codes) -> dict:
    """Keyword arguments for deck_map.deck_map: a click (or tap) on a commune chooses it; the end of
    a pan or zoom keeps the view in the state, so the link holds it (`mv`)."""
    return {"key": key, "on_click": functools.partial(_deck_clicked, key, page_codes),
            "on_view": functools.partial(_deck_view_reported, key)}


def _deck_clicked(key: str, page_codes) -> None:
    code = deck_map.clicked(key)
    if code is None or code not in page_codes:
        return
    choose_commune(int(code), int(page_codes[code]))
    # a click on the map keeps the map where the user put it (nationally too, where the click may
    # choose a commune of another province)
    _anchor_map_view()


def _deck_view_reported(key: str) -> None:
    reported = deck_map.reported_view(key)
    try:
        longitude, latitude, zoom = (float(v) for v in reported)
    except (TypeError, ValueError):
        return
    view, _ = state_mod.clamp_map_view(longitude, latitude, zoom)
    update(map_view=view)
    _anchor_map_view()


def open_page_if_asked() -> None:
    """After a click that opens another page (a table row: the profile; the overview's below-target
    figure: the rankings), switch to it with the state carried. Callbacks cannot switch pages."""
    page = st.session_state.pop("_open_page", None)
    if page:
        switch_to(page)


def switch_to(page: str) -> None:
    """st.switch_page with the state in the link. A page run alone (AppTest runs a page file
    without app.py's navigation) has no other page to go to: it stays where it is."""
    try:
        st.switch_page(page, query_params=state_mod.to_params(current_state()))
    except StreamlitPageNotFoundError:
        _log.info("no navigation to switch to %s (page run alone)", page)


def open_profile(code: int) -> None:
    """Callback: open a commune's profile (the commune becomes the first chosen)."""
    update(communes=state_mod.with_first(st.session_state["s_communes"], code))
    st.session_state["_open_page"] = "pages/profile.py"


def below_target_list(code: str) -> None:
    """Callback: open the rankings on `code`, in the province, listing the communes below the target."""
    update(indicator=code, scope="province", below=True, search="", division=None)
    st.session_state["_open_page"] = "pages/rankings.py"
