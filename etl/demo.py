"""Deterministic demo data for all 3,321 communes, monthly from 2025-07.

No official files ship with the product, so a fresh install runs on this. It is labelled
as demo in the `loads` table and every page says so. The same DEMO_VERSION and end month
give the same figures: each month draws from its own generator seeded by (version, month),
so extending the end month never changes earlier months.

Realism, not uniform noise: volumes scale with population; mountain communes (low density)
file fewer dossiers online than wards, but a minority of them, whose staff file for
residents, are near 100 %; rates improve month by month; Tết (Jan–Feb) is quiet and
December busy; ~4 % of communes miss a month now and then; the Resolution 57 status is
mostly green with a yellow and red minority that changes over months. The figures of
data/catalog/public_figures.yaml are reproduced exactly (counts) or within 0.05 points
(rates).
"""
from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import polars as pl

from core import catalog, periods
from core.config import CATALOG_DIR
from core.periods import months_between
from etl import masterdata
from etl.load import Batch

DEMO_VERSION = "demo-2025.1"
FIRST_MONTH = catalog.reform_month()  # the demo starts with two-level local government
PUBLIC_FIGURES_PATH = CATALOG_DIR / "public_figures.yaml"

# Monthly dossier volume relative to an average month (Tết in Jan/Feb, year-end rush in Dec).
SEASON = {1: 0.78, 2: 0.62, 3: 1.05, 4: 1.0, 5: 1.02, 6: 0.98, 7: 1.0, 8: 0.97, 9: 1.0,
          10: 1.04, 11: 1.06, 12: 1.18}
R57_LABELS = {"green": "Xanh", "yellow": "Vàng", "red": "Đỏ"}
SI_GROUPS = {code: catalog.indicator(code).scale_max for code in catalog.components("service_index")}


def _month(text: str) -> dt.date:
    """A month of data/catalog/public_figures.yaml ("2025-07"); a typo there is a bug, not a file problem."""
    month = periods.parse_month(str(text))
    if month is None:
        raise ValueError(f"not a month: {text!r}")
    return month


def _seed(*parts: object) -> int:
    digest = hashlib.sha256("|".join(map(str, (DEMO_VERSION, *parts))).encode()).digest()
    return int.from_bytes(digest[:8], "little")


class _Communes:
    """Per-commune latent traits, drawn once from the version's seed."""

    def __init__(self, communes: pl.DataFrame):
        rng = np.random.default_rng(_seed("traits"))
        n = communes.height
        self.codes = communes["commune_code"].to_numpy()
        self.province = communes["province_code"].to_numpy()
        self.population = communes["population"].fill_null(15000).to_numpy().astype(float)
        # Đặc khu Hoàng Sa has no resident population: no centre, no figures, no status.
        self.inhabited = self.population > 0
        area = communes["area_km2"].fill_null(50).to_numpy().astype(float)
        division = communes["division_type"].to_numpy()
        density = self.population / np.maximum(area, 0.5)
        self.urban = division == "phường"
        self.island = division == "đặc khu"
        self.mountain = (~self.urban) & (~self.island) & (density < 180)
        lowland = ~(self.urban | self.island | self.mountain)

        self.volume_per_capita = np.exp(rng.normal(np.log(0.028), 0.45, n))
        online = np.where(self.urban, rng.normal(0.84, 0.08, n),
                 np.where(lowland, rng.normal(0.77, 0.09, n),
                 np.where(self.mountain, rng.normal(0.68, 0.12, n), rng.normal(0.74, 0.1, n))))
        assisted = self.mountain & (rng.random(n) < 0.10)  # staff file online for residents
        online = np.where(assisted, rng.uniform(0.965, 0.995, n), online)
        laggard_ward = self.urban & (rng.random(n) < 0.12)  # urban wards are not always ahead
        online = np.where(laggard_ward, rng.normal(0.62, 0.06, n), online)
        self.online = np.clip(online, 0.30, 0.995)
        self.online_trend = rng.uniform(0.002, 0.011, n)
        self.late = np.clip(rng.gamma(1.2, 0.009, n), 0.0, 0.12)
        self.open_share = rng.uniform(0.03, 0.11, n)
        self.fee_share = rng.uniform(0.22, 0.5, n)
        self.pay = np.clip(rng.normal(0.72, 0.12, n), 0.25, 0.99)
        self.digitise = np.clip(rng.normal(0.93, 0.05, n), 0.6, 1.0)
        self.e_result = np.clip(rng.normal(0.88, 0.08, n), 0.5, 1.0)
        self.transparency = np.clip(rng.normal(0.9, 0.06, n), 0.55, 1.0)
        self.satisfaction = np.clip(rng.normal(86, 5.5, n), 60, 99)
        self.villages = np.maximum(3, np.round(self.population / rng.uniform(700, 1600, n))).astype(int)
        self.team_start = rng.uniform(0.5, 0.9, n)
        self.members_per_team = rng.uniform(4.5, 9.0, n)
        self.vneid = np.clip(rng.normal(78, 7, n), 50, 97)
        self.literacy = np.clip(rng.normal(38, 12, n), 8, 80)
        self.trained_per_capita = rng.uniform(0.004, 0.02, n)
        self.smartphone = np.clip(np.where(self.urban, rng.normal(86, 5, n), rng.normal(74, 8, n)), 40, 97)
        self.coverage_5g = np.clip(np.where(self.urban, rng.normal(45, 20, n), rng.normal(8, 8, n)), 0, 100)
        self.e_document = np.clip(rng.normal(94, 3, n), 75, 100)
        self.signature = np.clip(rng.normal(91, 4.5, n), 70, 100)
        self.r57_risk = np.clip(rng.beta(1.4, 6.0, n) + np.where(self.online < 0.65, 0.12, 0.0), 0, 0.9)
        self.irregular = rng.random(n) < 0.04  # communes that miss some months
        # How well the centre is run: spreads the service index beyond what the rates explain.
        self.management = rng.normal(0.0, 0.075, n) - 0.03


class _Columns:
    """The observations and statuses drawn so far, as numpy columns appended month by month."""

    def __init__(self, traits: _Communes):
        self.codes = traits.codes
        self.obs: dict[str, list] = {"commune_code": [], "indicator_code": [], "period": [], "value": []}
        self.r57: dict[str, list] = {"commune_code": [], "period": [], "status": []}

    def emit(self, code: str, values: np.ndarray, mask: np.ndarray, period: dt.date) -> None:
        self.obs["commune_code"].append(self.codes[mask])
        self.obs["indicator_code"].append(np.full(mask.sum(), code, dtype=object))
        self.obs["period"].append(np.full(mask.sum(), np.datetime64(period, "D")))
        self.obs["value"].append(np.asarray(values, dtype=float)[mask])

    def emit_all(self, values: dict[str, np.ndarray], mask: np.ndarray, period: dt.date) -> None:
        for code, column in values.items():
            self.emit(code, column, mask, period)

    def emit_status(self, status: np.ndarray, mask: np.ndarray, period: dt.date) -> None:
        self.r57["commune_code"].append(self.codes[mask])
        self.r57["period"].append(np.full(mask.sum(), np.datetime64(period, "D")))
        self.r57["status"].append(status[mask])

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        observations = pl.DataFrame({
            "commune_code": np.concatenate(self.obs["commune_code"]),
            "indicator_code": np.concatenate(self.obs["indicator_code"]).astype(str),
            "period": np.concatenate(self.obs["period"]),
            "value": np.concatenate(self.obs["value"]),
        }, schema_overrides={"commune_code": pl.Int32, "period": pl.Date})
        r57 = pl.DataFrame({
            "commune_code": np.concatenate(self.r57["commune_code"]),
            "period": np.concatenate(self.r57["period"]),
            "status": np.concatenate(self.r57["status"]).astype(str),
        }, schema_overrides={"commune_code": pl.Int32, "period": pl.Date})
        return observations, r57


# Each month draws from its own generator, in a fixed order: the helpers below take their
# draws in the order the month calls them, so that the same version gives the same figures.

def _generate(until: dt.date, first: dt.date = FIRST_MONTH) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Observations and statuses, month by month from `first` (the benchmark's national data set
    starts years earlier; the demo itself always starts at FIRST_MONTH)."""
    communes = masterdata.communes()
    traits = _Communes(communes)
    n = len(traits.codes)
    out = _Columns(traits)
    open_stock = np.zeros(n)
    teams = np.round(traits.villages * traits.team_start)
    status = np.full(n, "green", dtype=object)
    growth = 1.0
    for t, period in enumerate(months_between(first, until)):
        rng = np.random.default_rng(_seed("month", period.isoformat()))
        growth *= 1.006
        reported = _reported(rng, traits, period)
        flows, resolved = _dossiers(rng, traits, t, period, growth, open_stock)
        open_stock = flows["dossiers_in_progress"]
        out.emit_all(flows, reported, period)
        out.emit_all(_scores(rng, traits, t, flows, resolved), reported, period)
        # Digital society: teams are founded over the first months; shares creep up.
        teams = np.minimum(traits.villages, teams + (rng.random(n) < 0.35))
        out.emit_all(_digital_society(rng, traits, t, teams), reported, period)
        if t == 0:  # context is stored once, as known when the new communes began
            everyone = np.ones(n, dtype=bool)
            out.emit("population", traits.population, everyone, period)
            out.emit("area_km2", communes["area_km2"].fill_null(0).to_numpy(),
                     communes["area_km2"].is_not_null().to_numpy(), period)
            out.emit("villages", traits.villages, everyone, period)
        status = _r57_status(rng, traits, t, status)
        out.emit_status(status, (rng.random(n) > 0.025) & traits.inhabited, period)
    return out.frames()


def _reported(rng: np.random.Generator, traits: _Communes, period: dt.date) -> np.ndarray:
    """Which communes report the month: irregular ones miss some, the uninhabited one never reports."""
    reported = ~(traits.irregular & (rng.random(len(traits.codes)) < 0.3))
    # Every Thanh Hóa commune reports 2025-11: the public service-index rank is 17/166.
    if period == dt.date(2025, 11, 1):
        reported |= traits.province == 38
    return reported & traits.inhabited


def _dossiers(rng: np.random.Generator, traits: _Communes, t: int, period: dt.date, growth: float,
              open_stock: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The month's dossier counts by indicator code, and the dossiers resolved."""
    n = len(traits.codes)
    expected = traits.population * traits.volume_per_capita * SEASON[period.month] * growth
    received = rng.poisson(np.maximum(expected, 1.0)).astype(float)
    online_p = np.clip(traits.online + traits.online_trend * t + rng.normal(0, 0.012, n), 0.2, 0.999)
    online = rng.binomial(received.astype(int), online_p).astype(float)
    workload = open_stock + received
    resolved = rng.binomial(workload.astype(int), 1 - traits.open_share).astype(float)
    late = rng.binomial(resolved.astype(int), np.clip(traits.late * (0.97 ** t), 0, 1)).astype(float)
    # A commune that does not report still works: its stock moves, we just do not see it.
    open_stock = workload - resolved
    with_fee = rng.binomial(received.astype(int), traits.fee_share).astype(float)
    paid = rng.binomial(with_fee.astype(int), np.clip(traits.pay + 0.006 * t, 0, 1)).astype(float)
    digitised = rng.binomial(received.astype(int), np.clip(traits.digitise + 0.003 * t, 0, 1)).astype(float)
    e_result = rng.binomial(resolved.astype(int), np.clip(traits.e_result + 0.004 * t, 0, 1)).astype(float)
    return {"dossiers_received": received, "dossiers_online": online, "dossiers_on_time": resolved - late,
            "dossiers_late": late, "dossiers_in_progress": open_stock, "dossiers_with_fee": with_fee,
            "dossiers_paid_online": paid, "dossiers_digitised": digitised, "dossiers_e_result": e_result}, resolved


def _scores(rng: np.random.Generator, traits: _Communes, t: int, flows: dict[str, np.ndarray],
            resolved: np.ndarray) -> dict[str, np.ndarray]:
    """Service index: five groups driven by the month's own performance, total = their sum; satisfaction."""
    n = len(traits.codes)
    safe = np.maximum(flows["dossiers_received"], 1)
    shares = {
        "si_transparency": traits.transparency + rng.normal(0, 0.008, n),
        "si_progress": flows["dossiers_on_time"] / np.maximum(resolved, 1) * 0.97 + rng.normal(0, 0.006, n),
        "si_digitisation": flows["dossiers_digitised"] / safe * 0.96 + rng.normal(0, 0.008, n),
        "si_online": flows["dossiers_online"] / safe * 0.98 + rng.normal(0, 0.01, n),
        "si_satisfaction": (traits.satisfaction + rng.normal(0, 0.8, n)) / 100,
    }
    scores = {}
    total = np.zeros(n)
    maturity = 0.0025 * t  # portals and staff improve month by month
    for code, maximum in SI_GROUPS.items():
        share = shares[code] * 0.95 * (1 + traits.management) + maturity
        scores[code] = np.round(np.clip(share, 0.2, 0.995) * maximum, 2)
        total += scores[code]
    scores["service_index"] = np.round(total, 2)
    scores["satisfaction_score"] = np.round(np.clip(traits.satisfaction + rng.normal(0, 1.5, n), 0, 99.5), 1)
    return scores


def _digital_society(rng: np.random.Generator, traits: _Communes, t: int, teams: np.ndarray
                     ) -> dict[str, np.ndarray]:
    """Digital teams and their members, VNeID, digital literacy, people trained, infrastructure, e-government."""
    n = len(traits.codes)
    return {
        "digital_teams": teams,
        "digital_team_members": np.round(teams * traits.members_per_team),
        "vneid_activated_pct": np.round(np.clip(traits.vneid + 1.1 * t + rng.normal(0, 0.3, n), 0, 100), 1),
        "digital_literacy_pct": np.round(np.clip(traits.literacy + 2.6 * t + rng.normal(0, 0.5, n), 0, 98), 1),
        "people_trained": rng.poisson(traits.population * traits.trained_per_capita * max(0.4, 1 - 0.03 * t)),
        "smartphone_pct": np.round(np.clip(traits.smartphone + 0.4 * t, 0, 99), 1),
        "coverage_5g_pct": np.round(np.clip(traits.coverage_5g + 1.5 * t * (traits.coverage_5g > 0), 0, 100), 1),
        "e_document_pct": np.round(np.clip(traits.e_document + 0.2 * t + rng.normal(0, 0.4, n), 0, 100), 1),
        "digital_signature_pct": np.round(np.clip(traits.signature + 0.3 * t + rng.normal(0, 0.5, n), 0, 100), 1),
    }


def _r57_status(rng: np.random.Generator, traits: _Communes, t: int, status: np.ndarray) -> np.ndarray:
    """Resolution 57: a sticky status; risky communes drift to yellow or red."""
    n = len(traits.codes)
    change = rng.random(n) < 0.12
    draw = rng.random(n)
    new_status = np.where(draw < traits.r57_risk * 0.35, "red", np.where(draw < traits.r57_risk, "yellow", "green"))
    return np.where(change | (t == 0), new_status, status)


# ---- reproducing the published figures ----------------------------------------------------

def _spread(total: int, weights: list[float]) -> list[int]:
    """Split a whole number over months in proportion to weights (largest remainder)."""
    weights = [max(w, 0.0) for w in weights]
    if sum(weights) == 0:
        weights = [1.0] * len(weights)
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(np.floor(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _Series:
    """Editable view of one commune's monthly values during pinning."""

    def __init__(self, observations: pl.DataFrame, commune_code: int):
        rows = observations.filter(pl.col("commune_code") == commune_code)
        self.values: dict[tuple[str, dt.date], float] = {
            (r["indicator_code"], r["period"]): r["value"] for r in rows.iter_rows(named=True)}

    def get(self, code: str, months: list[dt.date]) -> list[float]:
        return [self.values.get((code, m), 0.0) for m in months]

    def set(self, code: str, months: list[dt.date], values: list[float]) -> None:
        for m, v in zip(months, values):
            self.values[(code, m)] = float(v)


def _window(figure: dict) -> list[dt.date]:
    return months_between(_month(figure["from"]), _month(figure["to"]))


def _target(figure: dict) -> float:
    """The value the demo reproduces: its `demo` value where one is given (a bound such as
    "> 47.000" needs a concrete figure), else the published value."""
    return float(figure.get("demo", figure.get("value")))


def _pin_commune(series: _Series, figures: list[dict]) -> None:
    by_code = {f["indicator"]: f for f in figures}
    if "dossiers_received" in by_code:
        _pin_dossier_flow(series, by_code)
    _pin_derived_rates(series, by_code)
    _pin_levels(series, by_code)


def _pin_dossier_flow(series: _Series, by_code: dict[str, dict]) -> None:
    """Received, resolved (on time + late) and the month-end stock agree with the published ones."""
    f = by_code["dossiers_received"]
    months = _window(f)
    generated_received = sum(series.get("dossiers_received", months)) or 1.0
    received = _spread(int(_target(f)), series.get("dossiers_received", months))
    series.set("dossiers_received", months, received)
    total = sum(received)
    if "dossiers_in_progress" in by_code:
        stock_end = int(_target(by_code["dossiers_in_progress"]))
    elif "dossiers_on_time" in by_code and "dossiers_late" in by_code:
        stock_end = total - int(_target(by_code["dossiers_on_time"])) - int(_target(by_code["dossiers_late"]))
    else:
        stock_end = int(min(series.get("dossiers_in_progress", months)[-1], total * 0.05))
    stock = [stock_end] * len(months)  # work in hand stays level across the period
    resolved = [(stock[i - 1] if i else 0) + received[i] - stock[i] for i in range(len(months))]
    resolved_total = sum(resolved)
    if "dossiers_late" in by_code:
        late_total = int(_target(by_code["dossiers_late"]))
    elif "on_time_rate" in by_code:
        late_total = resolved_total - round(_target(by_code["on_time_rate"]) / 100 * resolved_total)
    else:
        late_total = round(resolved_total * 0.01)
    late = _spread(late_total, resolved)
    series.set("dossiers_in_progress", months, stock)
    series.set("dossiers_late", months, late)
    series.set("dossiers_on_time", months, [r - lt for r, lt in zip(resolved, late)])
    for code in ("dossiers_online", "dossiers_digitised", "dossiers_with_fee"):
        share = min(1.0, sum(series.get(code, months)) / generated_received)
        series.set(code, months, _spread(round(share * total), received))
    series.set("dossiers_paid_online", months, [min(p, w) for p, w in zip(
        series.get("dossiers_paid_online", months), series.get("dossiers_with_fee", months))])
    series.set("dossiers_e_result", months, [min(e, r) for e, r in zip(
        series.get("dossiers_e_result", months), resolved)])


def _pin_derived_rates(series: _Series, by_code: dict[str, dict]) -> None:
    """The numerator is set so that sum(num) / sum(den) hits the published rate."""
    for code, f in by_code.items():
        ind = catalog.indicators().get(code)
        if ind is None or not ind.is_derived or code == "on_time_rate":
            continue
        months = _window(f)
        denominators = [sum(parts) for parts in zip(*(series.get(d, months) for d in ind.denominator))]
        numerator_total = round(_target(f) / 100 * sum(denominators))
        series.set(ind.numerator[0], months, _spread(numerator_total, denominators))


def _pin_levels(series: _Series, by_code: dict[str, dict]) -> None:
    """Stocks, scores, reported rates and context: the value of the period's last month; other
    counts (people trained) spread over the period."""
    for code, f in by_code.items():
        ind = catalog.indicators().get(code)
        if ind is None or ind.is_derived or ind.kind == "count" or code in ("dossiers_in_progress",):
            continue
        months = _window(f)
        series.set(code, months[-1:], [_target(f)])
        if code == "digital_teams":  # teams are founded, not dissolved: earlier months stay below
            earlier = [m for (c, m) in series.values if c == code and m < months[-1]]
            later = [m for (c, m) in series.values if c == code and m > months[-1]]
            series.set(code, earlier, [min(series.values[(code, m)], _target(f)) for m in earlier])
            series.set(code, later, [max(series.values[(code, m)], _target(f)) for m in later])
    for code, f in by_code.items():
        ind = catalog.indicators().get(code)
        if ind is not None and ind.kind == "count" and not code.startswith("dossiers_"):
            months = _window(f)
            series.set(code, months, _spread(int(_target(f)), series.get(code, months)))


def _pin_rank(observations: pl.DataFrame, figure: dict) -> pl.DataFrame:
    """Give the commune a service index that ranks exactly `value` in its province that month."""
    code, period, rank = figure["commune_code"], _month(figure["from"]), int(figure["value"])
    province = masterdata.communes().filter(pl.col("commune_code") == code)["province_code"][0]
    peers = set(masterdata.communes().filter(pl.col("province_code") == province)["commune_code"].to_list())
    month = observations.filter((pl.col("period") == period) & pl.col("indicator_code").is_in(
        ["service_index", *SI_GROUPS]))
    totals = month.filter((pl.col("indicator_code") == "service_index") & pl.col("commune_code").is_in(peers)
                          & (pl.col("commune_code") != code))
    others = sorted(totals["value"].to_list(), reverse=True)
    above, below = others[rank - 2], others[rank - 1]  # rank-1 communes must score strictly higher
    wanted = round((above + below) / 2, 2)
    if not below < wanted < above:
        wanted = round(below + 0.01, 2)
    groups = {r["indicator_code"]: r["value"] for r in month.filter(pl.col("commune_code") == code)
              .iter_rows(named=True) if r["indicator_code"] in SI_GROUPS}
    scale = wanted / sum(groups.values())
    scaled = {k: min(round(v * scale, 2), SI_GROUPS[k]) for k, v in groups.items()}
    slack = round(wanted - sum(scaled.values()), 2)
    for k in sorted(scaled, key=lambda k: SI_GROUPS[k] - scaled[k], reverse=True):
        step = round(min(max(slack, scaled[k] - SI_GROUPS[k]), SI_GROUPS[k] - scaled[k]), 2)
        scaled[k] = round(scaled[k] + step, 2)
        slack = round(slack - step, 2)
    scaled["service_index"] = round(sum(scaled[k] for k in SI_GROUPS), 2)
    replace = pl.DataFrame({"commune_code": [code] * len(scaled), "indicator_code": list(scaled),
                            "period": [period] * len(scaled), "value": list(scaled.values())},
                           schema_overrides={"commune_code": pl.Int32, "period": pl.Date})
    return _replace_rows(observations, replace)


def _replace_rows(observations: pl.DataFrame, replacement: pl.DataFrame) -> pl.DataFrame:
    keys = ["commune_code", "indicator_code", "period"]
    kept = observations.join(replacement.select(keys), on=keys, how="anti")
    return pl.concat([kept, replacement.select(observations.columns)])


def public_figures(until: dt.date) -> list[dict]:
    """The published figures whose period the demo covers."""
    spec = catalog.read_yaml(PUBLIC_FIGURES_PATH)
    figures = []
    for f in spec["figures"]:
        if _month(f["to"]) <= until:
            figures.append({**f, "source_text": spec["sources"][f["source"]]})
    return figures


def _apply_public_figures(observations: pl.DataFrame, r57: pl.DataFrame, figures: list[dict]):
    by_commune: dict[int, list[dict]] = {}
    for f in figures:
        if f["relation"] in ("=", ">"):
            by_commune.setdefault(f["commune_code"], []).append(f)
    for code, commune_figures in by_commune.items():
        series = _Series(observations, code)
        _pin_commune(series, commune_figures)
        replacement = pl.DataFrame(
            {"commune_code": [code] * len(series.values),
             "indicator_code": [k[0] for k in series.values], "period": [k[1] for k in series.values],
             "value": list(series.values.values())},
            schema_overrides={"commune_code": pl.Int32, "period": pl.Date, "value": pl.Float64})
        observations = _replace_rows(observations, replacement)
    for f in figures:
        if f["relation"] == "rank":
            observations = _pin_rank(observations, f)
        elif f["relation"] == "status":
            period = _month(f["from"])
            row = pl.DataFrame({"commune_code": [f["commune_code"]], "period": [period], "status": [f["status"]]},
                               schema_overrides={"commune_code": pl.Int32, "period": pl.Date})
            r57 = pl.concat([r57.join(row.select("commune_code", "period"), on=["commune_code", "period"],
                                      how="anti"), row])
    return observations, r57


def public_figures_frame(figures: list[dict]) -> pl.DataFrame:
    return pl.DataFrame({
        "commune_code": [f["commune_code"] for f in figures],
        "indicator_code": [f["indicator"] for f in figures],
        "period_from": [_month(f["from"]) for f in figures],
        "period_to": [_month(f["to"]) for f in figures],
        "published": [str(f["published"]) for f in figures],
        "relation": [f["relation"] for f in figures],
        "value": [float(f["value"]) if f.get("value") is not None else None for f in figures],
        "tolerance": [float(f.get("tolerance", 0.0)) for f in figures],
        "source": [f["source_text"] for f in figures],
    }, schema_overrides={"commune_code": pl.Int32, "period_from": pl.Date, "period_to": pl.Date,
                         "value": pl.Float64})


def generate(first: dt.date, until: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The demo's figures (without the published ones pinned) for any span of months, for
    benchmarks at national scale: observations and Resolution 57 statuses."""
    return _generate(until, first)


def build(until: dt.date | None = None) -> Batch:
    """The demo as one load batch: observations, Resolution 57 statuses and the public figures."""
    until = until or periods.last_full_month()
    if until < FIRST_MONTH:
        raise ValueError(f"--until must be {FIRST_MONTH:%Y-%m} or later")
    observations, r57 = _generate(until)
    figures = public_figures(until)
    observations, r57 = _apply_public_figures(observations, r57, figures)
    observations = observations.sort("indicator_code", "period", "commune_code")
    r57 = r57.sort("period", "commune_code").with_columns(
        pl.col("status").replace_strict(R57_LABELS).alias("label"),
        pl.lit(None, pl.String).alias("note"))
    return Batch(source=f"demo:{DEMO_VERSION}:until={until:%Y-%m}",
                 sha256=hashlib.sha256(f"{DEMO_VERSION}|{until:%Y-%m}".encode()).hexdigest(),
                 kind="demo", observations=observations, r57=r57,
                 public_figures=public_figures_frame(figures), is_demo=True,
                 options={"demo_version": DEMO_VERSION, "until": f"{until:%Y-%m}"},
                 summary=f"Dữ liệu minh họa / demo data {FIRST_MONTH:%Y-%m}..{until:%Y-%m}")
