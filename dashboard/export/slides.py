"""The briefing pack as PowerPoint: 16:9, one idea per slide, native charts and tables.

Pure: no Streamlit. Charts are PowerPoint's own (python-pptx `add_chart`: their data open in
PowerPoint's sheet for editing), tables are native tables, the map is the only picture.
Every slide has a title, the scope line, the source line ("Nguồn: … · Số liệu đến …") and,
on demo figures, the demo label; speaker notes carry the generated summary sentences.
"""
from __future__ import annotations

import io

from PIL import ImageFont
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from dashboard import fmt, metrics, movers, theme
from dashboard.export import briefing as br
from dashboard.export import images, pdf, static_map
from dashboard.export.labels import Labels
from dashboard.i18n import status_label

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches: 16:9
MARGIN = 0.5
CONTENT_TOP, CONTENT_BOTTOM = 1.75, 6.65
TITLE_ONLY = 5  # the default template's "Title Only" layout: the title is the slide's real title
LINE_HEIGHT = 1.3  # a line of Vietnamese text over its font size: spacing, marks stacked on capitals (Ể)
MIN_FIT_SIZE = 16
TITLE_SIZE = 26  # points, shrunk until a long title fits its box (two lines at most, above the scope line)


def _rgb(hex_colour: str) -> RGBColor:
    """'#2c7fb8' or the short '#555' as PowerPoint's colour."""
    return RGBColor(*theme.rgb_of(hex_colour))


def _text(slide, text: str, left: float, top: float, width: float, height: float, size: int = 14,
          bold: bool = False, colour: str = theme.PACK_TEXT_COLOUR, wrap: bool = True):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = wrap
    lines = text.split("\n")
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)
    return box


def _wrapped_lines(text: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """How many lines `text` takes when wrapped at spaces within `width` (the font's units)."""
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines, current = lines + 1, word
        else:
            current = candidate
    return lines


def _fit(shape, max_size: int, bold: bool = False) -> None:
    """Shrink the shape's text until it fits its box, measured with the PDF's font.

    That font (DejaVu Sans) is wider than PowerPoint's Calibri and is what LibreOffice draws
    without Calibri: a text that fits here fits there. Long titles ran into the scope line.
    One line a little smaller is preferred to a second line holding one word ("tối / đa")."""
    try:
        regular, heavy = pdf.find_font()
    except pdf.FontMissing:
        return
    frame = shape.text_frame
    width = (shape.width - frame.margin_left - frame.margin_right) / 12700  # EMU → points
    height = (shape.height - frame.margin_top - frame.margin_bottom) / 12700
    path = str(heavy if bold else regular)

    def lines_at(size: int) -> int:
        font = ImageFont.truetype(path, size * 10)  # tenths of a point: widths to 0.1 pt
        return _wrapped_lines(frame.text, font, width * 10)

    sizes = range(max_size, MIN_FIT_SIZE - 1, -1)
    size = next((s for s in sizes if s >= max_size - 4 and lines_at(s) == 1), None)
    if size is None:
        size = next((s for s in sizes if lines_at(s) * s * LINE_HEIGHT <= height), MIN_FIT_SIZE)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold


def _slide(deck, labels: Labels, notes: list[str], number: int):
    """A new slide with its title, scope line, source line, demo label, page number and notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    title = slide.shapes.title
    title.left, title.top = Inches(MARGIN), Inches(0.25)
    title.width, title.height = Inches(SLIDE_W - 2 * MARGIN - (2.6 if labels.demo else 0)), Inches(1.0)
    title.text = labels.title
    paragraph = title.text_frame.paragraphs[0]
    paragraph.alignment = 1  # left
    title.text_frame.word_wrap = True
    _fit(title, TITLE_SIZE, bold=True)
    for run in paragraph.runs:
        run.font.color.rgb = _rgb(theme.PACK_HEADING_COLOUR)
    _text(slide, labels.subtitle, MARGIN, 1.27, SLIDE_W - 2 * MARGIN, 0.45, size=14, colour=theme.SUBTITLE_COLOUR)
    _text(slide, labels.footer, MARGIN, 6.8, SLIDE_W - 2 * MARGIN - 1.2, 0.55, size=10, colour=theme.FOOTER_COLOUR)
    _text(slide, str(number), SLIDE_W - MARGIN - 0.8, 6.95, 0.8, 0.3, size=10, colour=theme.FOOTER_COLOUR)
    if labels.demo:
        badge = _text(slide, labels.demo, SLIDE_W - MARGIN - 2.5, 0.35, 2.5, 0.7, size=11, bold=True,
                      colour=theme.DEMO_LABEL_COLOUR)
        badge.line.color.rgb = _rgb(theme.DEMO_LABEL_COLOUR)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)
    return slide


def _table(slide, header: list[str], rows: list[list[str]], left: float, top: float, width: float,
           widths: list[float], size: int = 12, bold_rows=(), fill_rows=()):
    """A native table: header row filled, `bold_rows`/`fill_rows` (indexes of `rows`) stressed."""
    height = 0.4 * (len(rows) + 1)
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(left), Inches(top), Inches(width),
                                   Inches(height))
    table = shape.table
    for col, share in enumerate(widths):
        table.columns[col].width = Inches(width * share)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = r == 0 or (r - 1) in bold_rows
                    run.font.color.rgb = _rgb(theme.PACK_TEXT_COLOUR)
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(theme.XLSX_HEADER_FILL)
            elif (r - 1) in fill_rows:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(theme.HIGHLIGHT_FILL)
            else:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(theme.PACK_CELL_FILL)
    return table


def _chart(slide, kind, categories: list[str], series: list[tuple[str, list]], left: float, top: float,
           width: float, height: float, number_format: str = "0.00", legend: bool = True):
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    chart = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data).chart
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    chart.font.size = Pt(12)
    return chart


def _data_labels(plot, number_format: str) -> None:
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(11)


def _fill(series, colour: str) -> None:
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(colour)


def _percent_format(unit: str, lang: str) -> str:
    return '0.00" %"' if unit == "%" and lang == "vi" else '0.00"%"' if unit == "%" else "0.00"


# ---- the slides ------------------------------------------------------------------------------------

def headline_slide(deck, b: br.Briefing, number: int) -> None:
    labels = b.labels.with_title(b.title())
    slide = _slide(deck, labels, b.notes, number)
    _text(slide, b.t("br_subtitle"), MARGIN, 1.7, 12, 0.5, size=18, bold=True, colour=theme.PACK_HEADING_COLOUR)
    items = br.headline(b)
    columns = 3
    card_w = (SLIDE_W - 2 * MARGIN - 0.3 * (columns - 1)) / columns
    for index, (label, figure) in enumerate(items):
        row, col = divmod(index, columns)
        left, top = MARGIN + col * (card_w + 0.3), 2.5 + row * 2.0
        _text(slide, figure, left, top, card_w, 0.9, size=36, bold=True, colour=theme.TOP_COLOUR)
        _text(slide, label, left, top + 0.9, card_w, 0.8, size=14)


def map_slide(deck, b: br.Briefing, number: int, map_png: bytes | None) -> None:
    counts, total = b.status_counts, b.r57.height
    title = b.t("br_slide_map", green=fmt.number(counts["green"], 0, b.lang), total=fmt.number(total, 0, b.lang))
    labels = b.slide_labels(title, [], unit=b.t("export_unit_communes"), extra_sources=(b.t("export_r57_source"),))
    slide = _slide(deck, labels, b.notes, number)
    if map_png is not None:
        # the map picture keeps its proportions inside the left part of the slide
        height = CONTENT_BOTTOM - CONTENT_TOP
        slide.shapes.add_picture(io.BytesIO(map_png), Inches(MARGIN), Inches(CONTENT_TOP),
                                 height=Inches(height))
    else:
        _text(slide, b.t("br_no_map"), MARGIN, 3.0, 7.5, 1.0, size=16, colour=theme.DEMO_LABEL_COLOUR)
    rows = [[status_label(s, b.lang), fmt.number(counts.get(s, 0), 0, b.lang),
             fmt.percent(100 * counts.get(s, 0) / total if total else None, 1, b.lang)] for s in theme.STATUSES]
    _table(slide, [b.t("br_status_table_status"), b.t("br_status_table_count"), b.t("br_status_table_share")],
           rows, 8.5, 2.2, 4.33, [0.4, 0.36, 0.24], size=14)  # "Communes" whole on one line
    _text(slide, b.t("ov_r57_note"), 8.5, 4.5, 4.33, 0.8, size=11, colour=theme.SUBTITLE_COLOUR)


def ranking_slide(deck, b: br.Briefing, number: int) -> None:
    name = b.graded.name(b.lang)
    title = (b.t("br_slide_ranking_commune", indicator=name, name=b.commune_name) if b.commune is not None
             else b.t("br_slide_ranking", indicator=name))
    slide = _slide(deck, b.slide_labels(title, [b.graded]), b.notes[:1], number)
    rows = br.ranking_rows(b)
    if not rows:
        _text(slide, b.t("br_no_data"), MARGIN, 3.0, 8, 1, size=16)
        return
    chosen = [i for i, row in enumerate(rows) if row["chosen"]]
    _table(slide, [b.t("rank"), b.t("name"), b.t("br_points_header"), b.t("change"), b.t("grade")],
           [[r["rank"], r["name"], r["value"], r["change"], r["grade"]] for r in rows], MARGIN, CONTENT_TOP,
           SLIDE_W - 2 * MARGIN, [0.14, 0.38, 0.16, 0.14, 0.18], size=13, bold_rows=chosen, fill_rows=chosen)


def groups_slide(deck, b: br.Briefing, number: int) -> None:
    title = (b.t("br_slide_groups", name=b.commune_name) if b.commune is not None
             else b.t("br_slide_groups_median"))
    parts = [row for row in b.groups if not fmt.is_missing(row["value"])]
    slide = _slide(deck, b.slide_labels(title, [b.graded], unit=b.t("unit_points")), b.notes[:1], number)
    if not parts:
        _text(slide, b.t("br_no_data"), MARGIN, 3.0, 8, 1, size=16)
        return
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, [row["name"] for row in parts],
                   [(b.t("chart_points_scored"), [round(row["value"], 2) for row in parts]),
                    (b.t("br_points_max"), [row["max"] for row in parts])],
                   MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP)
    chart.category_axis.reverse_order = True  # the catalog's first group at the top
    plot = chart.plots[0]
    _data_labels(plot, "General")  # 16.68 and 18, not 18.00
    _fill(plot.series[0], theme.TOP_COLOUR)
    _fill(plot.series[1], theme.POINTS_LOST_COLOUR)


def target_slide(deck, b: br.Briefing, number: int) -> None:
    ind, goal = b.target_indicator, b.online_figures.get("target")
    goal_text = fmt.value(goal, ind.unit, 0, b.lang) if goal is not None else "–"
    title = b.t("br_slide_target", indicator=ind.name(b.lang), target=goal_text)
    slide = _slide(deck, b.slide_labels(title, [ind], unit=b.t("export_unit_communes")), b.notes[1:], number)
    bands = br.target_bands(b)
    chart = _chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, [band["label"] for band in bands],
                   [(b.t("br_communes_series"), [band["count"] for band in bands])], MARGIN, CONTENT_TOP,
                   SLIDE_W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP - 0.6, number_format="0", legend=False)
    plot = chart.plots[0]
    _data_labels(plot, "0")
    series = plot.series[0]
    for index, band in enumerate(bands):
        point = series.points[index]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(theme.BOTTOM_COLOUR if band["below"] else theme.TOP_COLOUR)
    _text(slide, br.target_text(b), MARGIN, CONTENT_BOTTOM - 0.5, SLIDE_W - 2 * MARGIN, 0.5, size=14, bold=True)


def movers_slide(deck, b: br.Briefing, number: int) -> None:
    title = b.t("br_slide_movers", indicator=b.graded.name(b.lang))
    # the commune's lines below the table may speak of the target's rate too: its source is named
    shown = [b.graded, b.target_indicator] if len(b.commune_moves) > 1 else [b.graded]
    labels = b.slide_labels(title, shown, unit=b.t("unit_points"))
    slide = _slide(deck, labels, [*b.notes[:1], *b.commune_moves], number)
    if not metrics.has_previous(b.service):
        _text(slide, b.t("br_no_movers"), MARGIN, 3.0, 10, 1, size=16)
        return
    rows, bold = [], []
    for heading, side in ((b.t("br_movers_up"), b.movers_up), (b.t("br_movers_down"), b.movers_down)):
        bold.append(len(rows))
        rows.append([heading, "", "", ""])
        rows += [[m["name"], m["rank"], m["change"], m["reason"]] for m in side]
    _table(slide, [b.t("name"), b.t("rank"), b.t("change"), b.t("mv_reason")], rows, MARGIN, CONTENT_TOP,
           SLIDE_W - 2 * MARGIN, [0.17, 0.1, 0.08, 0.65], size=10, bold_rows=bold)
    if b.commune_moves:
        # every ranking of the commune's that moved, the target's rate too: its numerator or denominator
        box = _text(slide, "\n".join(f"{b.commune_name}: {movers.lower_first(s)}" for s in b.commune_moves),
                    MARGIN, 5.55, SLIDE_W - 2 * MARGIN, 1.2, size=12, colour=theme.PACK_HEADING_COLOUR)
        _fit(box, 12)


def trend_slide(deck, b: br.Briefing, number: int) -> None:
    ind = b.target_indicator
    title = b.t("br_slide_trend", indicator=ind.name(b.lang))
    start = fmt.short_month(b.trend_months[0], b.lang) if b.trend_months else "–"
    scope = f"{b.province_name} · {b.t('br_trend_months', start=start, end=fmt.short_month(b.period, b.lang))}"
    labels = b.slide_labels(title, [ind], scope=scope)
    slide = _slide(deck, labels, b.notes[1:], number)
    if not b.trend_months:
        _text(slide, b.t("br_no_data"), MARGIN, 3.0, 8, 1, size=16)
        return
    series = [(name, [None if fmt.is_missing(v) else round(v, 2) for v in values]) for name, values in b.trend.items()]
    chart = _chart(slide, XL_CHART_TYPE.LINE_MARKERS, [fmt.short_month(m, b.lang) for m in b.trend_months], series,
                   MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP,
                   number_format=_percent_format(ind.unit, b.lang))
    palette = [theme.TREND_PALETTE[0], theme.TREND_MEDIAN_COLOUR, theme.TREND_TARGET_COLOUR]
    if b.commune is None:
        palette = palette[1:]
    for plot_series, colour in zip(chart.plots[0].series, palette):
        plot_series.format.line.color.rgb = _rgb(colour)
        plot_series.format.line.width = Pt(2.5)
        plot_series.smooth = False


def map_image(b: br.Briefing) -> bytes | None:
    """The Resolution 57 map as PNG bytes (kaleido), None without Chromium or shapes."""
    from dashboard import geo

    figure = static_map.status_map(b.r57, geo.features(b.province), b.lang, title="", legend_size=34,
                                   selected=(b.commune,) if b.commune is not None else ())
    if figure is None:
        return None
    try:
        # wider than the page's map: the legend's large letters take their room beside the shapes
        return images.figure_image(figure, "png", width=1450, height=900, scale=2)
    except images.ChromeMissing:
        return None


def build(b: br.Briefing, map_png: bytes | None = None, progress=None) -> bytes:
    """The pack as PPTX bytes; `map_png` is the map picture (map_image) when already drawn."""
    step = progress or (lambda fraction, message: None)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    deck.core_properties.title = b.title()
    deck.core_properties.subject = b.labels.subtitle
    step(0.45, b.t("br_progress_slides"))
    headline_slide(deck, b, 1)
    map_slide(deck, b, 2, map_png)
    ranking_slide(deck, b, 3)
    groups_slide(deck, b, 4)
    target_slide(deck, b, 5)
    movers_slide(deck, b, 6)
    trend_slide(deck, b, 7)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
