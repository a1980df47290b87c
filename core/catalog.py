"""The indicator catalog (data/catalog/indicators.yaml) and settings, read once.

Both the ETL and the dashboard read these; nothing else hard-codes indicator names, the
reform month, the default view or which indicator is graded.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl
import yaml

from core import periods
from core.config import CATALOG_DIR

CATALOG_PATH = CATALOG_DIR / "indicators.yaml"
SETTINGS_PATH = CATALOG_DIR / "settings.yaml"

KINDS = ("count", "stock", "rate", "score", "category", "context")
DIRECTIONS = ("higher", "lower", "none")


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit: str
    kind: str
    direction: str
    group: str
    decimals: int
    source: str
    definition_vi: str
    definition_en: str
    aliases: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    scale_max: float | None = None
    component_of: str | None = None
    target_national: float | None = None
    target_provinces: dict = field(default_factory=dict)
    target_source_vi: str | None = None
    target_source_en: str | None = None
    # where each target comes from: None = the national one, else a province code → (vi, en)
    target_sources: dict = field(default_factory=dict)

    @property
    def is_derived(self) -> bool:
        return bool(self.numerator)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def definition(self, lang: str) -> str:
        return self.definition_vi if lang == "vi" else self.definition_en

    def target_for(self, province_code: int | None) -> float | None:
        """The province's target where configured, else the national one."""
        if province_code is not None and province_code in self.target_provinces:
            return self.target_provinces[province_code]
        return self.target_national

    def target_source(self, province_code: int | None, lang: str) -> str | None:
        """Who set the target that applies (the province's where it has one, else the national one)."""
        key = province_code if province_code is not None and province_code in self.target_provinces else None
        pair = self.target_sources.get(key)
        return None if pair is None else pair[0 if lang == "vi" else 1]

    def upper_bound(self) -> float | None:
        """The largest valid value: 100 for a percentage, the scale's maximum for a score."""
        if self.is_percent:
            return 100.0
        return self.scale_max


def _parse(entry: dict) -> Indicator:
    formula = entry.get("formula") or {}
    target = entry.get("target") or {}
    return Indicator(
        code=entry["code"], name_vi=entry["name_vi"], name_en=entry["name_en"], unit=entry["unit"],
        kind=entry["kind"], direction=entry["direction"], group=entry["group"],
        decimals=int(entry.get("decimals", 2)), source=entry.get("source", ""),
        definition_vi=entry.get("definition_vi", ""), definition_en=entry.get("definition_en", ""),
        aliases=tuple(entry.get("aliases") or ()),
        numerator=tuple(formula.get("numerator") or ()), denominator=tuple(formula.get("denominator") or ()),
        scale_max=entry.get("scale_max"), component_of=entry.get("component_of"),
        target_national=target.get("national"),
        target_provinces={int(k): float(v) for k, v in (target.get("provinces") or {}).items()},
        target_source_vi=target.get("source_vi"), target_source_en=target.get("source_en"),
        target_sources={None if key == "national" else int(key): (text["vi"], text["en"])
                        for key, text in (target.get("sources") or {}).items()},
    )


def read_yaml(path: Path) -> dict:
    """A YAML file of data/catalog, parsed safely by libyaml's C loader where PyYAML has it (a tenth of the
    pure-Python loader's time, paid by every command and every app start)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader, either way


@lru_cache(maxsize=1)
def _raw() -> dict:
    return read_yaml(CATALOG_PATH)


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """Every catalog entry by code, in catalog order."""
    return {entry["code"]: _parse(entry) for entry in _raw()["indicators"]}


def indicator(code: str) -> Indicator:
    return indicators()[code]


@lru_cache(maxsize=1)
def groups() -> dict[str, dict[str, str]]:
    return dict(_raw()["groups"])


@lru_cache(maxsize=1)
def settings() -> dict:
    return read_yaml(SETTINGS_PATH)


def grade_bands() -> list[dict]:
    """Grade bands of the graded indicator (the service index), best first."""
    return sorted(settings()["service_index_grades"], key=lambda band: -band["min"])


def graded_indicator() -> str:
    """The indicator that has grade bands and component groups (the service index)."""
    return str(settings()["graded_indicator"])


def target_indicator() -> Indicator:
    """The indicator the overview and the briefing measure against a target: the catalog's first
    with one (the online rate)."""
    return next(ind for ind in indicators().values() if ind.target_national is not None or ind.target_provinces)


def components(code: str) -> list[str]:
    """The catalog's component groups of a composite indicator, in catalog order."""
    return [ind.code for ind in indicators().values() if ind.component_of == code]


def reform_month() -> dt.date:
    """The first month of two-level local government (1 July 2025)."""
    month = periods.parse_month(str(settings()["reform_month"]))
    if month is None:
        raise ValueError(f"settings.yaml: reform_month {settings()['reform_month']!r} is not a month")
    return month


@dataclass(frozen=True)
class Basemap:
    """Base-map tiles under the communes (settings.yaml `basemap_tiles`, `basemap_attribution`)."""
    tiles: tuple[str, ...]  # raster XYZ URL templates with {z}, {x} and {y}; several spread the load
    attribution: str


def basemap() -> Basemap | None:
    """The configured base map, or None (the default: the app works offline). Templates that are not
    http(s) URLs with {z}, {x} and {y} are left out; a Mapbox GL style (`basemap_style`, which an
    earlier version read) cannot be drawn without a GL map library and is not used."""
    configured = settings().get("basemap_tiles")
    if not configured and settings().get("basemap_style"):
        logging.getLogger(__name__).warning("settings.yaml: basemap_style is no longer read; set basemap_tiles")
    templates = [configured] if isinstance(configured, str) else list(configured or [])
    usable = tuple(str(t) for t in templates if str(t).startswith(("https://", "http://"))
                   and all(slot in str(t) for slot in ("{z}", "{x}", "{y}")))
    if not usable:
        return None
    return Basemap(tiles=usable, attribution=str(settings().get("basemap_attribution") or ""))


def default_province() -> int:
    return int(settings()["default_province"])


def default_indicator() -> str:
    return str(settings()["default_indicator"])


def featured_communes(province: int) -> tuple[int, ...]:
    """Communes a province's views open on (Thanh Hóa: Xã Bá Thước, Xã Hồi Xuân)."""
    return tuple(int(c) for c in (settings().get("featured_communes") or {}).get(province, ()))


def view_defaults(name: str) -> tuple[str, ...]:
    """Indicators a page shows before the user picks (settings.yaml `view_defaults`)."""
    return tuple(settings()["view_defaults"][name])


def division_slugs() -> dict[str, str]:
    """URL-safe slugs of the master list's division types: xã → xa, phường → phuong, đặc khu → dac_khu."""
    return dict(settings()["division_slugs"])


def indicators_frame() -> pl.DataFrame:
    """The catalog as the `indicators` table: one row per catalog entry."""
    rows = []
    for ind in indicators().values():
        rows.append({
            "indicator_code": ind.code, "name_vi": ind.name_vi, "name_en": ind.name_en,
            "unit": ind.unit, "kind": ind.kind, "direction": ind.direction, "group_code": ind.group,
            "decimals": ind.decimals, "numerator_codes": list(ind.numerator),
            "denominator_codes": list(ind.denominator), "scale_max": ind.scale_max,
            "component_of": ind.component_of, "target_national": ind.target_national,
            "aliases": list(ind.aliases), "source": ind.source,
            "definition_vi": ind.definition_vi, "definition_en": ind.definition_en,
        })
    return pl.DataFrame(rows, schema={
        "indicator_code": pl.String, "name_vi": pl.String, "name_en": pl.String, "unit": pl.String,
        "kind": pl.String, "direction": pl.String, "group_code": pl.String, "decimals": pl.Int32,
        "numerator_codes": pl.List(pl.String), "denominator_codes": pl.List(pl.String),
        "scale_max": pl.Float64, "component_of": pl.String, "target_national": pl.Float64,
        "aliases": pl.List(pl.String), "source": pl.String,
        "definition_vi": pl.String, "definition_en": pl.String,
    })
