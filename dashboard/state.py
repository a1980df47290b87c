"""The view state: declared once, parsed from and mirrored to the URL.

?province=38&indicator=online_rate&period=2025-11&window=month&commune=14923&lang=vi
 &scope=province|national&type=xa|phuong|dac_khu&layer=r57|indicator&view=value|rank
 &q=ba+thuoc&n=10&below=1&sort=value_desc&cp=online_rate,service_index&tm=online_rate&present=1&mz=1&zoom=2
 &mv=105.2,20.31,9.4

The last ten shape single pages (the rankings' search text, top-N, below-target filter and
order, the indicators of compare and of the trends' small charts, presentation mode, the map
zoomed to the chosen commune, its extra zoom steps, and the map's own view after a pan or zoom
with the mouse: longitude, latitude, zoom) and appear in a link only when they differ from the
default, so that ordinary links stay short.

`parse` is pure: it takes the query parameters and what is valid, and returns the state
and the names of parameters that were invalid (shown as a notice, then replaced by the
default). Nothing from the URL reaches SQL without passing through here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from core import catalog
from core.periods import WINDOWS, ascii_int, parse_month

SCOPES = ("province", "national")
DIVISIONS = ("xa", "phuong", "dac_khu")
LAYERS = ("r57", "indicator")
VIEWS = ("value", "rank")
LANGS = ("vi", "en")
MAX_COMMUNES = 5
TOP_N = (3, 20, 10)  # the rankings chart's communes at each end: least, most, default
MAX_SEARCH = 100  # characters of a search text
MAX_INDICATORS = {"cp": 12, "tm": 4}  # indicators of compare and of the trends' small charts
# The rankings table's orders: a column and a direction ("value_desc"); the first is the default.
SORT_COLUMNS = ("rank", "value", "change", "name")
SORTS = ("rank_asc", "rank_desc", "value_desc", "value_asc", "change_desc", "change_asc", "name_asc", "name_desc")
MAP_MAGNIFY = 3  # the map's extra zoom steps (each doubles the scale) beyond its fitted frame
# A map view from a link (`mv=lon,lat,zoom`) is kept inside these: Vietnam with its far islands
# (Hoàng Sa, Trường Sa) and a margin, and the zooms the map allows (maps.view_for).
MAP_LON = (100.0, 119.0)
MAP_LAT = (6.0, 24.0)
MAP_ZOOM = (3.0, 14.0)
MAP_VIEW_DECIMALS = (5, 5, 2)  # about a metre on the ground; a hundredth of a zoom step
CLAMPED = ":clamped"  # suffix of an invalid parameter's name that was brought inside its bounds
_MAX_PARAM_LENGTH = 200
_FLAGS = {"1": True, "0": False}


@dataclass(frozen=True)
class ViewState:
    province: int
    indicator: str
    period: dt.date
    window: str = "month"
    communes: tuple[int, ...] = ()
    lang: str = "vi"
    scope: str = "province"
    division: str | None = None  # None = all types
    layer: str = "r57"
    view: str = "value"
    search: str = ""  # the rankings' name search
    top_n: int = TOP_N[2]
    below: bool = False  # rankings: only the communes below the target
    sort: str = SORTS[0]  # rankings: the table's order (one of SORTS)
    compare_codes: tuple[str, ...] | None = None  # None = the catalog's defaults
    trend_codes: tuple[str, ...] | None = None
    present: bool = False  # presentation mode: sidebar folded, larger type
    map_zoom: bool = False  # map: the view fitted to the chosen commune and its neighbours
    map_magnify: int = 0  # map: zoom steps beyond the fitted frame, around the chosen commune
    map_view: tuple[float, float, float] | None = None  # map: (longitude, latitude, zoom) after a free pan/zoom

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


@dataclass(frozen=True)
class Valid:
    """What the database and catalog allow."""
    provinces: frozenset[int]
    indicators: frozenset[str]
    periods: tuple[dt.date, ...]
    communes: frozenset[int]
    default_province: int
    default_indicator: str = field(default_factory=catalog.default_indicator)
    commune_province: dict = field(default_factory=dict)  # commune code → province code
    extra: dict = field(default_factory=dict)


def with_first(communes: tuple[int, ...], first: int, limit: int = MAX_COMMUNES) -> tuple[int, ...]:
    """The shared commune list with `first` moved to the front (others kept, at most `limit`)."""
    return ((first,) + tuple(c for c in communes if c != first))[:limit]


def defaults(valid: Valid) -> ViewState:
    # With no figures yet, the first month there can be any (the reform month) stands in.
    return ViewState(province=valid.default_province, indicator=valid.default_indicator,
                     period=valid.periods[-1] if valid.periods else catalog.reform_month())


def _values(params, key: str) -> list[str]:
    if hasattr(params, "get_all"):
        raw = params.get_all(key)
    else:
        raw = params.get(key, [])
        raw = [raw] if isinstance(raw, str) else list(raw)
    return [str(v) for v in raw]


def parse(params, valid: Valid) -> tuple[ViewState, list[str]]:
    """State from query parameters; invalid ones fall back to defaults and are named."""
    state = defaults(valid)
    invalid: list[str] = []

    def one(key: str) -> str | None:
        values = _values(params, key)
        if not values:
            return None
        text = values[-1].strip()
        if len(text) > _MAX_PARAM_LENGTH:
            invalid.append(key)
            return None
        return text

    if (text := one("province")) is not None:
        code = ascii_int(text)
        if code is not None and code in valid.provinces:
            state = state.with_(province=code)
        else:
            invalid.append("province")
    if (text := one("indicator")) is not None:
        if text in valid.indicators:
            state = state.with_(indicator=text)
        else:
            invalid.append("indicator")
    if (text := one("period")) is not None:
        period = parse_month(text)
        if period is not None and period in valid.periods:
            state = state.with_(period=period)
        else:
            invalid.append("period")
    for key, allowed, attr in (("window", WINDOWS, "window"), ("lang", LANGS, "lang"),
                               ("scope", SCOPES, "scope"), ("layer", LAYERS, "layer"),
                               ("view", VIEWS, "view"), ("type", DIVISIONS, "division")):
        if (text := one(key)) is not None:
            if text in allowed:
                state = state.with_(**{attr: text})
            else:
                invalid.append(key)
    raw_communes = _values(params, "commune")
    if raw_communes:
        codes, bad = [], False
        for chunk in raw_communes:
            if len(chunk) > _MAX_PARAM_LENGTH:
                bad = True
                continue
            for piece in chunk.split(","):
                code = ascii_int(piece)
                if code is not None and code in valid.communes:
                    if code not in codes:
                        codes.append(code)
                elif piece.strip():
                    bad = True
        if valid.commune_province:  # a commune of another province cannot be shown in this one
            inside = [c for c in codes if valid.commune_province.get(c) == state.province]
            bad = bad or len(inside) < len(codes)
            codes = inside
        if bad or len(codes) > MAX_COMMUNES:
            invalid.append("commune")
        state = state.with_(communes=tuple(codes[:MAX_COMMUNES]))
    state = _parse_page_controls(one, _values, params, valid, state, invalid)
    return state, invalid


def _parse_page_controls(one, values_of, params, valid: Valid, state: ViewState, invalid: list[str]) -> ViewState:
    """The controls of single pages: search text, order, top-N, below-target, indicator sets, presentation."""
    if (text := one("q")) is not None:
        if len(text) <= MAX_SEARCH and text.isprintable():
            state = state.with_(search=text)
        else:
            invalid.append("q")
    if (text := one("sort")) is not None:
        if text in SORTS:
            state = state.with_(sort=text)
        else:
            invalid.append("sort")
    if (text := one("n")) is not None:
        n = ascii_int(text)
        if n is not None and TOP_N[0] <= n <= TOP_N[1]:
            state = state.with_(top_n=n)
        else:
            invalid.append("n")
    if (text := one("zoom")) is not None:
        steps = ascii_int(text)
        if steps is not None and 0 <= steps <= MAP_MAGNIFY:
            state = state.with_(map_magnify=steps)
        else:
            invalid.append("zoom")
    if (text := one("mv")) is not None:
        view, exact = map_view_from_text(text)
        if view is not None:
            state = state.with_(map_view=view)
        if not exact:  # CLAMPED: the notice says the nearest view inside the bounds is shown
            invalid.append("mv" if view is None else "mv" + CLAMPED)
    for key, attr in (("below", "below"), ("present", "present"), ("mz", "map_zoom")):
        if (text := one(key)) is not None:
            if text in _FLAGS:
                state = state.with_(**{attr: _FLAGS[text]})
            else:
                invalid.append(key)
    for key, attr in (("cp", "compare_codes"), ("tm", "trend_codes")):
        raw = values_of(params, key)
        if not raw:
            continue
        text = raw[-1]
        pieces = [p.strip() for p in text.split(",") if p.strip()] if len(text) <= _MAX_PARAM_LENGTH * 4 else None
        if pieces is None or any(p not in valid.indicators for p in pieces):
            invalid.append(key)
            pieces = [p for p in pieces or [] if p in valid.indicators]
        codes = tuple(dict.fromkeys(pieces))
        if len(codes) > MAX_INDICATORS[key]:
            invalid.append(key)
        state = state.with_(**{attr: codes[:MAX_INDICATORS[key]]})
    return state


def clamp_map_view(longitude: float, latitude: float, zoom: float) -> tuple[tuple[float, float, float], bool]:
    """The view rounded (MAP_VIEW_DECIMALS) and kept inside Vietnam's bounds and the map's zooms;
    and whether it was inside already."""
    kept = []
    inside = True
    for value, (low, high), decimals in zip((longitude, latitude, zoom), (MAP_LON, MAP_LAT, MAP_ZOOM),
                                            MAP_VIEW_DECIMALS):
        inside = inside and low <= value <= high
        kept.append(round(min(max(value, low), high), decimals))
    return (kept[0], kept[1], kept[2]), inside


def map_view_from_text(text: str) -> tuple[tuple[float, float, float] | None, bool]:
    """`mv=lon,lat,zoom` read: (the view clamped, whether it was valid as written). Three plain
    decimal numbers (ASCII digits, a dot, an optional minus) or nothing; outside the bounds they are
    clamped, and said to be invalid so that the notice names them."""
    pieces = text.split(",")
    numbers = []
    for piece in pieces:
        piece = piece.strip()
        body = piece[1:] if piece.startswith("-") else piece
        whole, _, fraction = body.partition(".")
        if not body or not (whole or fraction) or not (whole + fraction).isascii() \
                or not (whole + fraction).isdigit() or len(body) > 20:
            return None, False
        numbers.append(float(piece))
    if len(numbers) != 3:
        return None, False
    view, inside = clamp_map_view(*numbers)
    return view, inside


def map_view_text(view: tuple[float, float, float]) -> str:
    """`mv`'s value: '105.2,20.31,9.4' (rounded, no trailing zeros)."""
    return ",".join(f"{value:.{decimals}f}".rstrip("0").rstrip(".")
                    for value, decimals in zip(view, MAP_VIEW_DECIMALS))


def to_params(state: ViewState) -> dict[str, str | list[str]]:
    """The URL form of a state (every key, so a link reproduces the view exactly)."""
    params: dict[str, str | list[str]] = {
        "province": str(state.province), "indicator": state.indicator,
        "period": f"{state.period:%Y-%m}", "window": state.window, "lang": state.lang,
        "scope": state.scope, "layer": state.layer, "view": state.view,
    }
    if state.communes:
        params["commune"] = ",".join(str(c) for c in state.communes)
    if state.division:
        params["type"] = state.division
    if state.search:
        params["q"] = state.search
    if state.top_n != TOP_N[2]:
        params["n"] = str(state.top_n)
    if state.below:
        params["below"] = "1"
    if state.sort != SORTS[0]:
        params["sort"] = state.sort
    if state.compare_codes is not None:
        params["cp"] = ",".join(state.compare_codes)
    if state.trend_codes is not None:
        params["tm"] = ",".join(state.trend_codes)
    if state.present:
        params["present"] = "1"
    if state.map_zoom:
        params["mz"] = "1"
    if state.map_magnify:
        params["zoom"] = str(state.map_magnify)
    if state.map_view is not None:
        params["mv"] = map_view_text(state.map_view)
    return params
