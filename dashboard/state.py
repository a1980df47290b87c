"""The view state: declared once, parsed from and mirrored to the URL.

?province=38&indicator=online_rate&period=2025-11&window=month&commune=14923&lang=vi
 &scope=province|national&type=xa|phuong|dac_khu&layer=r57|indicator&view=value|rank

`parse` is pure: it takes the query parameters and what is valid, and returns the state
and the names of parameters that were invalid (shown as a notice, then replaced by the
default). Nothing from the URL reaches SQL without passing through here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from core import catalog
from core.periods import WINDOWS, parse_month

SCOPES = ("province", "national")
DIVISIONS = ("xa", "phuong", "dac_khu")
LAYERS = ("r57", "indicator")
VIEWS = ("value", "rank")
LANGS = ("vi", "en")
MAX_COMMUNES = 5
_MAX_PARAM_LENGTH = 200


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
        if text.isdigit() and int(text) in valid.provinces:
            state = state.with_(province=int(text))
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
                piece = piece.strip()
                if piece.isdigit() and int(piece) in valid.communes:
                    if int(piece) not in codes:
                        codes.append(int(piece))
                elif piece:
                    bad = True
        if valid.commune_province:  # a commune of another province cannot be shown in this one
            inside = [c for c in codes if valid.commune_province.get(c) == state.province]
            bad = bad or len(inside) < len(codes)
            codes = inside
        if bad or len(codes) > MAX_COMMUNES:
            invalid.append("commune")
        state = state.with_(communes=tuple(codes[:MAX_COMMUNES]))
    return state, invalid


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
    return params
