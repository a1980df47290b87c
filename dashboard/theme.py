"""The look of every chart, map, table and file: colours, fonts, number separators and unit labels.

Pure: no Streamlit. The figure, map and file builders (charts, compare_charts, trend_charts,
maps, exports, profile) take their colours and fonts from here, so that one edit restyles every
page and every exported image alike. Colour never carries meaning alone: wherever a colour
below is used, a legend entry or a label says the same in words.
"""
from __future__ import annotations

from core.catalog import Indicator
from core.fmt import SEPARATORS
from dashboard.i18n import t


def hex_colour(rgb) -> str:
    """[26, 152, 80] → '#1a9850' (plotly takes the hex form of the maps' RGB lists)."""
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def rgb_of(hex_colour: str) -> tuple[int, int, int]:
    """'#2c7fb8' or the short '#555' → (44, 127, 184), for the slides' and the PDF's colours."""
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


# ---- Resolution 57 status: maps, the status bar, the profile's month badges -------------------
STATUSES = ("green", "yellow", "red", None)  # None = not reported: grey, never a colour's count
# Colour-blind-safer reds/yellows/greens (ColorBrewer RdYlGn ends) and a neutral grey.
STATUS_RGB: dict[str | None, list[int]] = {
    "green": [26, 152, 80], "yellow": [254, 204, 62], "red": [215, 48, 39], None: [189, 189, 189]}
STATUS_COLOURS: dict[str | None, str] = {status: hex_colour(rgb) for status, rgb in STATUS_RGB.items()}
# Text drawn on a status colour: dark on the light yellow and grey, white on the others.
STATUS_TEXT_COLOURS: dict[str | None, str] = {"green": "white", "yellow": "#222", "red": "white", None: "#222"}
# Streamlit's badge colour names (the profile's month strip).
STATUS_BADGES: dict[str | None, str] = {"green": "green", "yellow": "yellow", "red": "red", None: "gray"}

# ---- ranking bars and the service index groups ---------------------------------------------------
TOP_COLOUR = "#2c7fb8"
BOTTOM_COLOUR = "#e6550d"
SELECTED_COLOUR = "#252525"
BAR_TARGET_COLOUR = "#c51b8a"  # the target line across the ranking bars
POINTS_LOST_COLOUR = "#d9d9d9"  # the grey remainder of a service-index group's bar
POINTS_LOST_TEXT_COLOUR = "#b2182b"
SUBTITLE_COLOUR = "#555"

# ---- one colour per commune, the same on every page --------------------------------------------------
# Okabe–Ito, then Paul Tol's muted colours: distinguishable with common colour-vision
# deficiencies, and dark enough for a line on white (no Okabe–Ito yellow).
COMMUNE_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#44AA99",
                   "#999933", "#332288"]
TREND_PALETTE = COMMUNE_PALETTE
COMPARE_MEDIAN_COLOUR = "#222222"


def commune_colours(codes) -> dict[int, str]:
    """A colour per commune code, the same on compare, trends and every chart that draws it.

    Each code has a home colour (its code modulo the palette: stable across sessions, pages and
    servers); when two communes shown together share a home colour, the one with the higher
    code takes the next free colour. The result depends only on the set of communes, never on
    the order they were chosen in.
    """
    taken: dict[int, str] = {}
    used: set[str] = set()
    for code in sorted({int(c) for c in codes}):
        start = code % len(COMMUNE_PALETTE)
        for step in range(len(COMMUNE_PALETTE)):
            colour = COMMUNE_PALETTE[(start + step) % len(COMMUNE_PALETTE)]
            if colour not in used or len(used) >= len(COMMUNE_PALETTE):
                break
        taken[code] = colour
        used.add(colour)
    return taken

# ---- trends ------------------------------------------------------------------------------------------
TREND_MEDIAN_COLOUR = "#555555"
TREND_BAND_COLOUR = "rgba(120, 120, 120, 0.18)"  # the province's middle half (25–75 %)
TREND_TARGET_COLOUR = "#B2182B"
REFORM_COLOUR = "#333"  # the line and label of the reform month
REFORM_LABEL_BACKGROUND = "rgba(255,255,255,0.85)"

# ---- axes and backgrounds ----------------------------------------------------------------------------
BACKGROUND = "white"
ON_BAR_TEXT_COLOUR = "white"  # value labels inside a bar
GRID_COLOUR = "#eee"  # ranking and service-group bars
PANEL_GRID_COLOUR = "#e5e5e5"  # compare charts
ZERO_LINE_COLOUR = "#999999"

# ---- maps ------------------------------------------------------------------------------------------
# Five sequential classes (ColorBrewer YlGnBu), light = worse, dark = better: listed from the
# lowest values up for a `higher` indicator and reversed for a `lower` one (maps.class_colours).
CLASS_RGB: list[list[int]] = [[255, 255, 204], [161, 218, 180], [65, 182, 196], [44, 127, 184], [37, 52, 148]]
# Indicators with no better or worse (population, dossiers received): a neutral ramp
# (ColorBrewer Purples), light = low values, dark = high values, no judgement implied.
NEUTRAL_RGB: list[list[int]] = [[242, 240, 247], [203, 201, 226], [158, 154, 200], [117, 107, 177], [84, 39, 143]]
# "No data" must not read as the Resolution 57 "not reported" grey (189) nor as a light class:
# a very light warm grey, drawn with a dashed border in the legend.
NO_DATA_RGB = [236, 226, 212]
SELECTED_RGB = [0, 0, 0]
COMMUNE_BORDER_RGB = [255, 255, 255]
HIGHLIGHT_RGBA = [0, 0, 0, 60]  # the commune under the pointer
PROVINCE_OUTLINE_RGB = [80, 80, 80]  # the national view outlines provinces instead of communes
LEGEND_BORDER = "1px solid #555"
NO_DATA_LEGEND_BORDER = "1px dashed #8a6d3b"
TOOLTIP_STYLE = {"backgroundColor": "white", "color": "#222", "fontSize": "13px", "border": "1px solid #999"}

# ---- export labels (charts, spreadsheets, slides, PDF) ----------------------------------------------
DEMO_LABEL_COLOUR = "#b2182b"  # "Dữ liệu minh họa": the same red on every exported file
FOOTER_COLOUR = "#555555"  # the source line under an exported chart
FOOTER_SIZE = 11
HIGHLIGHT_FILL = "#FFF3C4"  # the chosen commune's row in a slide's or a PDF's table
PACK_HEADING_COLOUR = "#1F3A5F"  # titles and headings of the briefing pack's slides and PDF pages
PACK_TEXT_COLOUR = "#222222"
PACK_NOTES_COLOUR = "#333333"  # the summary sentences at the foot of a PDF page
PACK_CELL_FILL = "#FFFFFF"  # a table cell that is not highlighted

# ---- spreadsheets ----------------------------------------------------------------------------------
XLSX_HEADER_FILL = "#E8EEF4"
XLSX_TITLE_SIZE = 13

# ---- fonts -----------------------------------------------------------------------------------------
# Liberation Sans is installed with Debian's chromium (fonts-liberation) and has every
# Vietnamese glyph, so an exported PNG/SVG looks like the page. Trend charts keep plotly's
# own font (template plotly_white).
FONT_FAMILY = "Liberation Sans, Arial, sans-serif"
TITLE_SIZE = 15
TEXT_SIZE = 12
SUBTITLE_SIZE = 12  # px, the scope line under a ranking chart's title
SMALL_SIZE = 11  # the reform month's label
BAR_LABEL_SIZE = 10  # value labels on the compare bars


def font() -> dict:
    """The base font of bar charts (plotly `layout.font`)."""
    return {"family": FONT_FAMILY, "size": TEXT_SIZE}


# ---- numbers -----------------------------------------------------------------------------------------

def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal mark, then thousands): ',.' in Vietnamese (67,83; 5.932),
    '.,' in English."""
    decimal, thousands = SEPARATORS["vi" if lang == "vi" else "en"]
    return decimal + thousands


def percent_sign(lang: str) -> str:
    """What follows a percentage: '67,83 %' in Vietnamese, '67.83%' in English."""
    return " %" if lang == "vi" else "%"


def percent_printf(decimals: int, lang: str) -> str:
    """A printf format for a percentage column (Streamlit's column_config): '%.0f %%' in Vietnamese."""
    return f"%.{decimals}f" + percent_sign(lang).replace("%", "%%")


# ---- units -------------------------------------------------------------------------------------------

def unit_label(indicator: Indicator, lang: str) -> str:
    """The unit for an axis or a header: '%', 'km²', 'điểm'; counts of things need none."""
    if indicator.unit in ("%", "km²"):
        return indicator.unit
    if indicator.unit == "points":
        return t("unit_points", lang)
    return ""


def unit_name(indicator: Indicator, lang: str) -> str:
    """The unit in words for the methodology page: 'điểm', 'hồ sơ', else the catalog's unit."""
    if indicator.unit == "points":
        return t("unit_points", lang)
    if indicator.unit == "dossiers":
        return t("unit_dossiers", lang)
    return indicator.unit
