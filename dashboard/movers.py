"""Why a commune's rank moved between the previous window and this one. Pure: no Streamlit, no SQL.

For a commune ranked in both windows:
- the graded indicator (the service index): the component group whose points changed most in
  the direction the index moved, with its points ("nhóm Tiến độ giải quyết giảm 2,50 điểm");
- a derived rate (catalog formula): whether the numerator or the denominator moved it, with
  both changes ("tăng vì hồ sơ trực tuyến tăng 12,0 % trong khi hồ sơ tiếp nhận tăng 2,0 %");
- any other indicator: the value's change;
- a value that did not change: the rank moved only because other communes moved; a value
  that improved while the rank fell (or the reverse): the others moved further.

Inputs are plain dicts indicator_code → the commune's value in each window (from
queries.profile_ranks or queries.window_values, which give a window's sums of the counts).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from core import catalog
from dashboard import fmt
from dashboard.i18n import t


@dataclass(frozen=True)
class Move:
    """The explanation of one indicator's rank change for one commune."""
    code: str
    kind: str  # "component" | "rate" | "value" | "others" | "new" | "unchanged" | "no_data"
    rank_change: int | None
    now: float | None
    before: float | None
    against: bool = False  # the value improved but the rank fell, or the reverse: the others moved more
    driver: str | None = None  # the component's code, or "numerator" / "denominator"
    driver_now: float | None = None
    driver_before: float | None = None
    numerator_pct: float | None = None  # % change of the numerator's sum (rates)
    denominator_pct: float | None = None


def needed_codes(code: str) -> list[str]:
    """The indicators whose values in both windows explain `code`: itself, its components
    (the graded indicator) or its formula's counts (a derived rate)."""
    ind = catalog.indicator(code)
    parts = catalog.components(code) if code == catalog.graded_indicator() else list(ind.numerator + ind.denominator)
    return list(dict.fromkeys([code, *parts]))


def _sum(values: dict, codes: tuple[str, ...]) -> float | None:
    parts = [values.get(c) for c in codes]
    if not parts or any(fmt.is_missing(p) for p in parts):
        return None
    return float(sum(parts))


def _better(delta: float, ind: catalog.Indicator) -> bool:
    return delta < 0 if ind.direction == "lower" else delta > 0


def explain(code: str, now: dict, before: dict, rank_change: int | None) -> Move:
    """Why the rank of `code` changed by `rank_change` (positive = moved up; None = not ranked
    before), from the commune's values now and before (see the module docstring)."""
    ind = catalog.indicator(code)
    value_now, value_before = now.get(code), before.get(code)
    if fmt.is_missing(value_now):
        return Move(code, "no_data", rank_change, None, value_before)
    if rank_change is None or fmt.is_missing(value_before):
        return Move(code, "new", None, value_now, None)
    if rank_change == 0:
        return Move(code, "unchanged", 0, value_now, value_before)
    delta = value_now - value_before
    # unchanged as the reader sees it: the same figure at the decimals shown
    if round(value_now, ind.decimals) == round(value_before, ind.decimals):
        return Move(code, "others", rank_change, value_now, value_before)
    against = _better(delta, ind) != (rank_change > 0)
    base = {"code": code, "rank_change": rank_change, "now": value_now, "before": value_before, "against": against}
    if code == catalog.graded_indicator():
        component = _component_driver(code, now, before, delta)
        if component is not None:
            part, part_now, part_before = component
            return Move(kind="component", driver=part, driver_now=part_now, driver_before=part_before, **base)
    if ind.is_derived:
        rate = _rate_driver(ind, now, before, delta)
        if rate is not None:
            driver, numerator_pct, denominator_pct = rate
            return Move(kind="rate", driver=driver, numerator_pct=numerator_pct, denominator_pct=denominator_pct,
                        **base)
    return Move(kind="value", **base)


def _component_driver(code: str, now: dict, before: dict, delta: float) -> tuple[str, float, float] | None:
    """The component whose points changed most in the direction of the total (else most at all)."""
    changes = []
    for part in catalog.components(code):
        a, b = now.get(part), before.get(part)
        if not fmt.is_missing(a) and not fmt.is_missing(b):
            changes.append((part, a - b, a, b))
    if not changes:
        return None
    same_way = [c for c in changes if c[1] * delta > 0]
    part, _, a, b = max(same_way or changes, key=lambda c: (abs(c[1]), c[0]))
    return part, a, b


def _rate_driver(ind: catalog.Indicator, now: dict, before: dict, delta: float) -> tuple[str, float, float] | None:
    """'numerator' or 'denominator', whichever moved the ratio most in its direction, with the
    % change of each sum; None where a sum is missing or zero (a reported rate, no counts)."""
    n1, n0 = _sum(now, ind.numerator), _sum(before, ind.numerator)
    d1, d0 = _sum(now, ind.denominator), _sum(before, ind.denominator)
    if None in (n1, n0, d1, d0) or 0 in (n0, d0, n1, d1):
        return None
    # log(rate1/rate0) = log(n1/n0) − log(d1/d0): each term is that part's share of the move
    from_numerator, from_denominator = math.log(n1 / n0), -math.log(d1 / d0)
    candidates = [(abs(v), name) for v, name in ((from_numerator, "numerator"), (from_denominator, "denominator"))
                  if v * delta > 0]
    driver = max(candidates)[1] if candidates else (
        "numerator" if abs(from_numerator) >= abs(from_denominator) else "denominator")
    return driver, 100 * (n1 / n0 - 1), 100 * (d1 / d0 - 1)


# ---- sentences -----------------------------------------------------------------------------------

def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _names(codes: tuple[str, ...], lang: str) -> str:
    return " + ".join(lower_first(catalog.indicator(c).name(lang)) for c in codes)


def _pct_change(pct: float, lang: str) -> str:
    """'tăng 12,0 %' / 'giảm 3,5 %' / 'không đổi'."""
    if abs(pct) < 0.05:
        return t("mv_flat", lang)
    return t("mv_up_pct" if pct > 0 else "mv_down_pct", lang, pct=fmt.percent(abs(pct), 1, lang))


def _points(value: float, lang: str) -> str:
    return fmt.number(value, 2, lang)


def sentence(move: Move, lang: str = "vi") -> str:
    """The explanation in words, one sentence ending with a full stop."""
    return _words(move, lang) + "."


def _words(move: Move, lang: str) -> str:
    ind = catalog.indicator(move.code)
    name = ind.name(lang)
    if move.kind == "no_data":
        return t("mv_no_data", lang, indicator=name)
    if move.kind == "new":
        return t("mv_new", lang, indicator=name)
    show = lambda v: fmt.value(v, ind.unit, ind.decimals, lang)  # noqa: E731
    if move.kind == "unchanged":
        return t("mv_same_rank", lang, indicator=name, before=show(move.before), now=show(move.now))
    if move.kind == "others":
        return t("mv_others", lang, indicator=name, value=show(move.now))
    way = "mv_rose" if move.now > move.before else "mv_fell"
    text = t(way, lang, indicator=name, before=show(move.before), now=show(move.now))
    if move.kind == "component":
        part = catalog.indicator(move.driver)
        change = move.driver_now - move.driver_before
        text += t("mv_component", lang, group=part.name(lang),
                  change=t("mv_up_points" if change > 0 else "mv_down_points", lang, points=_points(abs(change), lang)),
                  before=_points(move.driver_before, lang), now=_points(move.driver_now, lang),
                  max=fmt.number(part.scale_max or 0, 0, lang))
    elif move.kind == "rate":
        numerator = (_names(ind.numerator, lang), _pct_change(move.numerator_pct, lang))
        denominator = (_names(ind.denominator, lang), _pct_change(move.denominator_pct, lang))
        first, second = (numerator, denominator) if move.driver == "numerator" else (denominator, numerator)
        if first[1] == second[1]:  # the same change at the decimal shown: they moved together
            text += t("mv_rate_together", lang, first=first[0], second=second[0], change=first[1])
        else:
            text += t("mv_rate", lang, first=first[0], first_change=first[1], second=second[0],
                      second_change=second[1])
    if move.against:
        text += t("mv_against_down" if move.rank_change < 0 else "mv_against_up", lang)
    return text


# ---- frames of moves -------------------------------------------------------------------------------

def values_by_commune(frame: pl.DataFrame) -> dict[int, dict[str, float | None]]:
    """commune_code → indicator_code → value, from a window_values or profile_ranks frame."""
    out: dict[int, dict[str, float | None]] = {}
    for commune, code, value in frame.select("commune_code", "indicator_code", "value").iter_rows():
        out.setdefault(commune, {})[code] = value
    return out


def commune_moves(ranks_now: pl.DataFrame, ranks_before: pl.DataFrame, commune: int, lang: str,
                  n: int = 5) -> list[dict]:
    """A commune's largest rank changes across the catalog (indicators with a better direction,
    ranked in both windows), each with its reason: dicts of code, indicator, rank, change, reason.

    `ranks_now` and `ranks_before` are queries.profile_ranks frames for the window and the
    previous window (they hold every indicator's value, counts included)."""
    now_rows = {r["indicator_code"]: r for r in ranks_now.filter(pl.col("commune_code") == commune).to_dicts()}
    before_rows = {r["indicator_code"]: r for r in ranks_before.filter(pl.col("commune_code") == commune).to_dicts()}
    now_values = {c: r["value"] for c, r in now_rows.items()}
    before_values = {c: r["value"] for c, r in before_rows.items()}
    found = []
    for code, ind in catalog.indicators().items():
        if ind.direction == "none" or ind.component_of:
            continue
        rank_now = now_rows.get(code, {}).get("rank")
        rank_before = before_rows.get(code, {}).get("rank")
        if rank_now is None or rank_before is None or rank_now == rank_before:
            continue
        move = explain(code, now_values, before_values, rank_before - rank_now)
        found.append({"code": code, "indicator": ind.name(lang),
                      "rank": fmt.rank(rank_now, now_rows[code]["n_ranked"], lang=lang),
                      "change": fmt.rank_change(move.rank_change, True, lang), "reason": sentence(move, lang),
                      "size": abs(rank_before - rank_now)})
    found.sort(key=lambda m: (-m["size"], m["code"]))
    return found[:n]


def province_moves(ranked: pl.DataFrame, values_now: pl.DataFrame, values_before: pl.DataFrame, code: str,
                   lang: str, n: int = 5) -> tuple[list[dict], list[dict]]:
    """The n communes that rose most and the n that fell most on `code`, each with its reason.

    `ranked` is a queries.ranking frame; `values_now`/`values_before` are queries.window_values
    frames of needed_codes(code) for the window and the previous window."""
    now_by, before_by = values_by_commune(values_now), values_by_commune(values_before)
    moved = ranked.filter(pl.col("rank_change").is_not_null() & (pl.col("rank_change") != 0))
    sides = (moved.filter(pl.col("rank_change") > 0).sort(["rank_change", "rank"], descending=[True, False]),
             moved.filter(pl.col("rank_change") < 0).sort(["rank_change", "rank"]))
    out = []
    for side in sides:
        rows = []
        for r in side.head(n).iter_rows(named=True):
            move = explain(code, now_by.get(r["commune_code"], {}), before_by.get(r["commune_code"], {}),
                           r["rank_change"])
            rows.append({"commune_code": r["commune_code"], "name": r["name"],
                         "rank": fmt.rank(r["rank"], r["n_ranked"], lang=lang),
                         "change": fmt.rank_change(r["rank_change"], True, lang), "reason": sentence(move, lang)})
        out.append(rows)
    return out[0], out[1]


def moves_markdown(moves: list[dict]) -> str:
    """commune_moves as a Markdown list: '- **▲93 Số tổ công nghệ số cộng đồng** (11/166): reason'."""
    return "\n".join(f"- **{m['change']} {m['indicator']}** ({m['rank']}): {m['reason']}" for m in moves)
