"""The briefing pack and the one-page commune profile as PDF: real, selectable text in an
embedded TrueType font with every Vietnamese letter; charts and the map as pictures (kaleido).

Pure: no Streamlit. fpdf2 draws the pages directly (no office suite to install): the pack's
pages carry the same content as its slides, one idea per 16:9 page, each with its title,
scope line, source line and, on demo figures, the demo label.
"""
from __future__ import annotations

import io
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard import charts, fmt, metrics, movers, theme
from dashboard.export import briefing as br
from dashboard.export import images
from dashboard.export.labels import Labels
from dashboard.i18n import status_label, t

PACK_W, PACK_H = 338.67, 190.5  # mm: 16:9, the slides' size
A4_W, A4_H = 210.0, 297.0
MARGIN = 12.0
FAMILY = "Body"
# Fonts with every Vietnamese letter, in order of preference: DejaVu Sans (Debian's
# fonts-dejavu-core, installed by `make chromium`), then Liberation Sans (fonts-liberation,
# installed with chromium) and Noto Sans.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
)


class FontMissing(RuntimeError):
    """No TrueType font with Vietnamese letters on this machine: no PDF can be made."""


def find_font() -> tuple[Path, Path]:
    """(regular, bold) paths of the first available font with Vietnamese letters."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists():
            return Path(regular), Path(bold) if Path(bold).exists() else Path(regular)
    raise FontMissing("no TrueType font with Vietnamese letters (install fonts-dejavu-core)")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return theme.rgb_of(hex_colour)


class Document(FPDF):
    """An FPDF with the Vietnamese font registered and the label block of each page."""

    def __init__(self, width: float, height: float, lang: str, title: str):
        super().__init__(unit="mm", format=(width, height))
        regular, bold = find_font()
        self.add_font(FAMILY, "", str(regular))
        self.add_font(FAMILY, "B", str(bold))
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator("commune-dashboard")
        self.content_bottom = height - MARGIN  # labelled_page moves it above the page's footer

    def write_text(self, text: str, x: float, y: float, w: float, size: float, bold: bool = False,
                   colour: str = theme.PACK_TEXT_COLOUR, line: float | None = None) -> float:
        """Wrapped text in a box of width `w` from (x, y); returns the y under it."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*_rgb(colour))
        self.set_xy(x, y)
        self.multi_cell(w, line or size * 0.45, text, align="L")
        return self.get_y()

    def labelled_page(self, labels: Labels, number: int | None = None) -> float:
        """A new page with its title, scope line, source line and demo label; returns where
        the content may start."""
        self.add_page()
        width = self.w - 2 * MARGIN
        title_w = width - (70 if labels.demo else 0)
        if labels.demo:
            self.set_draw_color(*_rgb(theme.DEMO_LABEL_COLOUR))
            self.rect(self.w - MARGIN - 66, MARGIN - 2, 66, 13)
            self.write_text(labels.demo, self.w - MARGIN - 65, MARGIN - 1, 64, 8.5, bold=True,
                            colour=theme.DEMO_LABEL_COLOUR)
        y = self.write_text(labels.title, MARGIN, MARGIN, title_w, 17, bold=True, colour=theme.PACK_HEADING_COLOUR)
        y = self.write_text(labels.subtitle, MARGIN, y + 1, width, 10.5, colour=theme.SUBTITLE_COLOUR)
        footer = labels.footer + (f"  ·  {number}" if number is not None else "")
        # the footer sits on the bottom margin, as many lines as its sources need
        self.set_font(FAMILY, "", 8)
        lines = len(self.multi_cell(width, 3.6, footer, dry_run=True, output="LINES"))
        self.content_bottom = self.h - MARGIN - 3.6 * lines - 2
        self.write_text(footer, MARGIN, self.content_bottom + 2, width, 8, colour=theme.FOOTER_COLOUR, line=3.6)
        return y + 4

    def table_rows(self, header: list[str], rows: list[list[str]], x: float, y: float, widths: list[float],
                   size: float = 10, stressed=(), padding: float = 1.2) -> float:
        """A table (header filled, `stressed` row indexes bold on a light fill); returns the y under it."""
        self.set_xy(x, y)
        self.set_font(FAMILY, "", size)
        self.set_text_color(34, 34, 34)
        self.set_draw_color(190, 190, 190)
        heading = FontFace(emphasis="BOLD", fill_color=_rgb(theme.XLSX_HEADER_FILL))
        stress = FontFace(emphasis="BOLD", fill_color=_rgb(theme.HIGHLIGHT_FILL))
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT",
                        headings_style=heading, line_height=size * 0.45, padding=padding) as table:
            table.row(header)
            for index, values in enumerate(rows):
                table.row(values, style=stress if index in stressed else None)
        return self.get_y()


def _picture(pdf: Document, png: bytes | None, x: float, y: float, w: float, h: float, lang: str) -> None:
    """A chart picture fitted into the box (kept in proportion), or a note without Chromium."""
    if png is None:
        pdf.write_text(t("chrome_missing", lang), x, y + 10, w, 11, colour=theme.DEMO_LABEL_COLOUR)
        return
    from PIL import Image

    width_px, height_px = Image.open(io.BytesIO(png)).size
    scale = min(w / width_px, h / height_px)
    pdf.image(io.BytesIO(png), x=x, y=y, w=width_px * scale, h=height_px * scale)


def _png(fig: go.Figure | None, width: int = 1200, height: int = 560) -> bytes | None:
    if fig is None:
        return None
    try:
        return images.figure_image(fig, "png", width=width, height=height, scale=2)
    except images.ChromeMissing:
        return None


# ---- the pack's charts as plotly figures (the slides draw the same data natively) ---------------

def groups_figure(b: br.Briefing) -> go.Figure | None:
    values = {row["code"]: row["value"] for row in b.groups}
    name = b.commune_name if b.commune is not None else t("province_median", b.lang)
    fig = charts.service_groups(values, b.lang, name)
    if fig is not None:
        fig.update_layout(title=None, margin={"t": 20})
    return fig


def bands_figure(b: br.Briefing) -> go.Figure:
    bands = br.target_bands(b)
    fig = go.Figure(go.Bar(x=[band["label"] for band in bands], y=[band["count"] for band in bands],
                           marker_color=[theme.BOTTOM_COLOUR if band["below"] else theme.TOP_COLOUR for band in bands],
                           text=[fmt.number(band["count"], 0, b.lang) for band in bands], textposition="outside",
                           cliponaxis=False))
    fig.update_layout(font=theme.font(), plot_bgcolor=theme.BACKGROUND, paper_bgcolor=theme.BACKGROUND,
                      margin={"l": 50, "r": 20, "t": 30, "b": 50}, separators=theme.plotly_separators(b.lang),
                      yaxis={"title": t("br_communes_series", b.lang), "gridcolor": theme.GRID_COLOUR})
    return fig


def trend_figure(b: br.Briefing) -> go.Figure | None:
    if not b.trend_months:
        return None
    fig = go.Figure()
    palette = [theme.TREND_PALETTE[0], theme.TREND_MEDIAN_COLOUR, theme.TREND_TARGET_COLOUR]
    dashes = ["solid", "dash", "longdash"]
    if b.commune is None:
        palette, dashes = palette[1:], dashes[1:]
    labels = [fmt.short_month(m, b.lang) for m in b.trend_months]
    for (name, values), colour, dash in zip(b.trend.items(), palette, dashes):
        fig.add_scatter(x=labels, y=values, name=name, mode="lines+markers", line={"color": colour, "dash": dash,
                                                                                     "width": 2.5})
    fig.update_layout(font=theme.font(), plot_bgcolor=theme.BACKGROUND, paper_bgcolor=theme.BACKGROUND,
                      margin={"l": 60, "r": 20, "t": 20, "b": 40}, separators=theme.plotly_separators(b.lang),
                      legend={"orientation": "h", "y": -0.15, "x": 0},
                      yaxis={"title": b.target_indicator.name(b.lang) + " (%)", "gridcolor": theme.GRID_COLOUR})
    return fig


# ---- the pack ------------------------------------------------------------------------------------

def _headline_page(pdf: Document, b: br.Briefing) -> None:
    y = pdf.labelled_page(b.labels.with_title(b.title()), 1)
    pdf.write_text(t("br_subtitle", b.lang), MARGIN, y + 2, 300, 14, bold=True, colour=theme.PACK_HEADING_COLOUR)
    card_w = (PACK_W - 2 * MARGIN - 16) / 3
    for index, (label, figure) in enumerate(br.headline(b)):
        row, col = divmod(index, 3)
        x, top = MARGIN + col * (card_w + 8), y + 16 + row * 48
        pdf.write_text(figure, x, top, card_w, 28, bold=True, colour=theme.TOP_COLOUR)
        pdf.write_text(label, x, top + 15, card_w, 11)
    pdf.write_text("\n".join(b.notes), MARGIN, pdf.content_bottom - 20, PACK_W - 2 * MARGIN, 10,
                   colour=theme.PACK_NOTES_COLOUR)


def _map_page(pdf: Document, b: br.Briefing, map_png: bytes | None) -> None:
    counts, total = b.status_counts, b.r57.height
    title = t("br_slide_map", b.lang, green=fmt.number(counts["green"], 0, b.lang), total=fmt.number(total, 0, b.lang))
    y = pdf.labelled_page(b.slide_labels(title, [], unit=t("export_unit_communes", b.lang),
                                         extra_sources=(t("export_r57_source", b.lang),)), 2)
    if map_png is None:
        pdf.write_text(t("br_no_map", b.lang), MARGIN, y + 10, 200, 12, colour=theme.DEMO_LABEL_COLOUR)
    else:
        _picture(pdf, map_png, MARGIN, y, 215, pdf.content_bottom - y - 2, b.lang)
    rows = [[status_label(s, b.lang), fmt.number(counts.get(s, 0), 0, b.lang),
             fmt.percent(100 * counts.get(s, 0) / total if total else None, 1, b.lang)] for s in theme.STATUSES]
    below = pdf.table_rows([t("br_status_table_status", b.lang), t("br_status_table_count", b.lang),
                            t("br_status_table_share", b.lang)], rows, 235, y + 8, [40, 30, 22], size=11)
    pdf.write_text(t("ov_r57_note", b.lang), 235, below + 4, 92, 9, colour=theme.SUBTITLE_COLOUR)


def _ranking_page(pdf: Document, b: br.Briefing) -> None:
    name = b.graded.name(b.lang)
    title = (t("br_slide_ranking_commune", b.lang, indicator=name, name=b.commune_name) if b.commune is not None
             else t("br_slide_ranking", b.lang, indicator=name))
    y = pdf.labelled_page(b.slide_labels(title, [b.graded]), 3)
    rows = br.ranking_rows(b)
    if not rows:
        pdf.write_text(t("br_no_data", b.lang), MARGIN, y + 10, 200, 12)
        return
    pdf.table_rows([t("rank", b.lang), t("name", b.lang), t("br_points_header", b.lang), t("change", b.lang),
                    t("grade", b.lang)], [[r["rank"], r["name"], r["value"], r["change"], r["grade"]] for r in rows],
                   MARGIN, y + 2, [40, 120, 40, 40, 60], size=11,
                   stressed=[i for i, r in enumerate(rows) if r["chosen"]])


def _chart_page(pdf: Document, labels: Labels, number: int, png: bytes | None, lang: str, note: str = "") -> None:
    y = pdf.labelled_page(labels, number)
    bottom = pdf.content_bottom - 2 - (8 if note else 0)
    _picture(pdf, png, MARGIN, y, PACK_W - 2 * MARGIN, bottom - y, lang)
    if note:
        pdf.write_text(note, MARGIN, bottom + 1, PACK_W - 2 * MARGIN, 11, bold=True)


def _movers_page(pdf: Document, b: br.Briefing) -> None:
    shown = [b.graded, b.target_indicator] if len(b.commune_moves) > 1 else [b.graded]
    y = pdf.labelled_page(b.slide_labels(t("br_slide_movers", b.lang, indicator=b.graded.name(b.lang)), shown,
                                         unit=t("unit_points", b.lang)), 6)
    if not metrics.has_previous(b.service):
        pdf.write_text(t("br_no_movers", b.lang), MARGIN, y + 10, 200, 12)
        return
    rows, headings = [], []
    for heading, side in ((t("br_movers_up", b.lang), b.movers_up), (t("br_movers_down", b.lang), b.movers_down)):
        headings.append(len(rows))
        rows.append([heading, "", "", ""])
        rows += [[m["name"], m["rank"], m["change"], m["reason"]] for m in side]
    below = pdf.table_rows([t("name", b.lang), t("rank", b.lang), t("change", b.lang), t("mv_reason", b.lang)],
                           rows, MARGIN, y + 2, [50, 26, 22, 216], size=9, stressed=headings)
    for sentence in b.commune_moves:  # the service index's group, the target rate's numerator or denominator
        below = pdf.write_text(f"{b.commune_name}: {movers.lower_first(sentence)}", MARGIN, below + 3,
                               PACK_W - 2 * MARGIN, 10, colour=theme.PACK_HEADING_COLOUR)


def build(b: br.Briefing, map_png: bytes | None = None, progress=None) -> bytes:
    """The pack as PDF bytes: the slides' content on 16:9 pages."""
    step = progress or (lambda fraction, message: None)
    pdf = Document(PACK_W, PACK_H, b.lang, b.title())
    _headline_page(pdf, b)
    _map_page(pdf, b, map_png)
    _ranking_page(pdf, b)
    step(0.75, t("br_progress_pdf", b.lang))
    groups_title = (t("br_slide_groups", b.lang, name=b.commune_name) if b.commune is not None
                    else t("br_slide_groups_median", b.lang))
    _chart_page(pdf, b.slide_labels(groups_title, [b.graded], unit=t("unit_points", b.lang)), 4,
                _png(groups_figure(b), 1200, 520), b.lang)
    ind, goal = b.target_indicator, b.online_figures.get("target")
    target_title = t("br_slide_target", b.lang, indicator=ind.name(b.lang),
                     target=fmt.value(goal, ind.unit, 0, b.lang) if goal is not None else "–")
    _chart_page(pdf, b.slide_labels(target_title, [ind], unit=t("export_unit_communes", b.lang)), 5,
                _png(bands_figure(b), 1200, 500), b.lang, br.target_text(b))
    _movers_page(pdf, b)
    start = fmt.short_month(b.trend_months[0], b.lang) if b.trend_months else "–"
    scope = f"{b.province_name} · {t('br_trend_months', b.lang, start=start, end=fmt.short_month(b.period, b.lang))}"
    _chart_page(pdf, b.slide_labels(t("br_slide_trend", b.lang, indicator=ind.name(b.lang)), [ind], scope=scope), 7,
                _png(trend_figure(b), 1200, 520), b.lang)
    return bytes(pdf.output())


# ---- the one-page commune profile ------------------------------------------------------------------

def profile(labels: Labels, facts: list[tuple[str, str]], scorecard: list[tuple[str, str, pl.DataFrame]],
            moves: list[dict], r57_line: str, lang: str) -> bytes:
    """One A4 page: the commune's facts, every indicator by group (value, rank in the province,
    percentile, target), why its ranks moved, its Resolution 57 status, and the labels.

    `scorecard` is dashboard.profile.scorecard's output; `moves` movers.commune_moves'."""
    pdf = Document(A4_W, A4_H, lang, labels.title)
    y = pdf.labelled_page(labels)
    width = A4_W - 2 * MARGIN
    y = pdf.write_text("   ·   ".join(f"{label}: {value}" for label, value in facts), MARGIN, y, width, 8.5)
    if r57_line:
        y = pdf.write_text(r57_line, MARGIN, y + 1, width, 8.5, bold=True)
    rows, headings = [], []
    for _, group_label, table in scorecard:
        headings.append(len(rows))
        rows.append([group_label, "", "", "", ""])
        for r in table.iter_rows(named=True):
            percentile = "" if r["percentile"] is None else fmt.number(r["percentile"], 0, lang)
            rows.append([r["indicator"], r["value"], r["rank"], percentile, r["target"]])
    y = pdf.table_rows([t("indicator", lang), t("value", lang), t("rank", lang), t("percentile", lang),
                        t("pf_target", lang)], rows, MARGIN, y + 2, [86, 28, 26, 18, 28], size=6.6,
                       stressed=headings, padding=(0.5, 1.2))
    if moves:
        y = pdf.write_text(t("mv_heading", lang), MARGIN, y + 2, width, 9, bold=True, colour=theme.PACK_HEADING_COLOUR)
        pdf.set_font(FAMILY, "", 7)
        for move in moves:  # as many as fit above the footer: one page
            text = f"{move['change']} {move['indicator']} ({move['rank']}): {move['reason']}"
            needed = 3.2 * len(pdf.multi_cell(width, 3.2, text, dry_run=True, output="LINES"))
            if y + needed > pdf.content_bottom:
                break
            y = pdf.write_text(text, MARGIN, y + 0.3, width, 7, line=3.2)
    return bytes(pdf.output())
