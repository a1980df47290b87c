"""What every exported chart, table, slide and PDF carries (DESIGN, "Exports decided"):
its title, the scope and window, the unit, "Nguồn: … · Số liệu đến <tháng>" and, on demo
figures, "Dữ liệu minh họa".

Pure: no Streamlit, no SQL. The caller passes what the database says (queries.data_status and
queries.figure_sources, or their cache functions).

Decisions:
- "Số liệu đến" is the last month of the exported figures, i.e. the chosen period (the end of
  the window), not the database's latest month: a November briefing made in March still says
  November.
- The source names the catalog's source of each indicator (a derived rate: the sources of its
  counts) and where the figures came from: the files loaded for that scope and window (the
  loads table), or "dữ liệu minh họa" for the demo. File names are text from outside: the file
  builders make them inert (never a formula or a link).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from core import catalog, periods
from dashboard import fmt
from dashboard.i18n import t, window_label
from dashboard.theme import unit_name

MAX_FILES_NAMED = 3


@dataclass(frozen=True)
class Labels:
    """The labels of one export, already in the reader's language."""
    title: str
    scope: str  # "Thanh Hóa · Tháng 11/2025", "Thanh Hóa · Từ đầu năm: 01/2025 – 11/2025"
    unit: str  # "Đơn vị: %" (empty when the figures have no single unit)
    source: str  # "Nguồn: Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; dữ liệu minh họa"
    as_of: str  # "Số liệu đến Tháng 11/2025"
    demo: str | None  # "Dữ liệu minh họa — không phải số liệu chính thức", None on real figures
    lang: str = "vi"

    @property
    def subtitle(self) -> str:
        """Scope, window and unit on one line."""
        return " · ".join(part for part in (self.scope, self.unit) if part)

    @property
    def footer(self) -> str:
        """'Nguồn: … · Số liệu đến Tháng 11/2025'."""
        return f"{self.source} · {self.as_of}"

    def lines(self) -> list[str]:
        """Every label as its own line, title first, the demo label last when there is one."""
        return [self.title, self.subtitle, self.footer] + ([self.demo] if self.demo else [])

    def with_title(self, title: str) -> Labels:
        return Labels(title, self.scope, self.unit, self.source, self.as_of, self.demo, self.lang)


def catalog_sources(indicators: list[catalog.Indicator]) -> list[str]:
    """The catalog's sources of the indicators, each once: a derived rate's are its counts'."""
    known = catalog.indicators()
    found: dict[str, str] = {}  # the source without a trailing gloss → its shortest spelling
    for ind in indicators:
        parts = [known[c] for c in ind.numerator + ind.denominator if c in known] if ind.is_derived else [ind]
        for part in parts:
            text = (part.source or "").strip()
            # "… của tỉnh (one-stop system)" and "… của tỉnh" are one source
            key = re.sub(r"\s*\([^)]*\)$", "", text)
            if text and (key not in found or len(text) < len(found[key])):
                found[key] = text
    return list(found.values())


def provenance(sources: pl.DataFrame | None, has_demo: bool, lang: str) -> str:
    """Where the figures came from: 'dữ liệu minh họa', or the files loaded ('tệp a.xlsx, b.csv
    và 4 tệp khác'), newest first. `sources` has the columns source and is_demo
    (queries.figure_sources)."""
    if has_demo:
        return t("export_demo_source", lang)
    if sources is None or sources.is_empty():
        return ""
    files = [s for s, demo in zip(sources["source"].to_list(), sources["is_demo"].to_list()) if not demo]
    if not files:
        return ""
    named = ", ".join(files[:MAX_FILES_NAMED])
    more = len(files) - MAX_FILES_NAMED
    if more > 0:
        named += " " + t("export_more_files", lang, n=fmt.number(more, 0, lang))
    return t("export_files", lang, files=named)


def unit_text(indicators: list[catalog.Indicator], lang: str, unit: str | None = None) -> str:
    """'Đơn vị: %' when the figures share one unit (or `unit` is given), else ''."""
    if unit is None:
        units = {unit_name(ind, lang) for ind in indicators}
        unit = units.pop() if len(units) == 1 else ""
    return t("export_unit", lang, unit=unit) if unit else ""


def window_text(window: str | None, period: dt.date, lang: str, start: dt.date | None = None) -> str:
    """The months the figures cover, as a reader says them: 'Tháng 11/2025' for one month,
    'Từ đầu năm: 01/2025 – 11/2025' for a window, '07/2025 – 11/2025' for a month-by-month
    chart (`window` None, `start` its first month)."""
    if window is None or window == "month":
        first = start if window is None else None
        if first is None or first >= period:
            return fmt.month(period, lang)
        return f"{fmt.short_month(first, lang)} – {fmt.short_month(period, lang)}"
    first = periods.window_bounds(period, window)[0]
    return f"{window_label(window, lang)}: {fmt.short_month(first, lang)} – {fmt.short_month(period, lang)}"


def scope_text(place: str, window: str | None, period: dt.date, lang: str, start: dt.date | None = None) -> str:
    """'Thanh Hóa · Tháng 11/2025', 'Thanh Hóa · Từ đầu năm: 01/2025 – 11/2025', or for a
    month-by-month chart from `start` 'Thanh Hóa · 07/2025 – 11/2025'."""
    return f"{place} · {window_text(window, period, lang, start)}"


def make(title: str, *, place: str, window: str | None, period: dt.date, indicators: list[catalog.Indicator],
         has_demo: bool, sources: pl.DataFrame | None = None, lang: str = "vi", unit: str | None = None,
         extra_sources: tuple[str, ...] = (), start: dt.date | None = None) -> Labels:
    """The labels of an export of `indicators` for a place (province or 'Toàn quốc') and window.

    `extra_sources` are sources beyond the catalog's (the Resolution 57 map's, for a status map);
    `start` is the first month of a month-by-month chart (`window` None).
    """
    origins = [*extra_sources, *catalog_sources(indicators)]
    where = provenance(sources, has_demo, lang)
    if where:
        origins.append(where)
    source = t("export_source", lang, source="; ".join(origins) if origins else "–")
    return Labels(title=title, scope=scope_text(place, window, period, lang, start),
                  unit=unit_text(indicators, lang, unit), source=source,
                  as_of=t("export_as_of", lang, period=fmt.month(period, lang)),
                  demo=t("export_demo", lang) if has_demo else None, lang=lang)
