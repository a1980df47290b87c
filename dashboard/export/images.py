"""Chart images: a labelled copy of a figure, drawn by kaleido as PNG, SVG or PDF.

Pure: no Streamlit. Chart images come from kaleido, which drives a Chromium. One kaleido
server is kept per process (`kaleido.start_sync_server()`, about 2 s once, then about 0.1 s
an image); without Chromium a `ChromeMissing` error is raised for the page to show a message.

`labelled(fig, labels)` returns a copy for export: the title with a subtitle line (scope,
window, unit), a footer with "Nguồn: … · Số liệu đến …" and, on demo figures, the demo label
in the footer and in the top-right corner. The on-screen figure is left as it is; the copy
grows by the rows it adds, so the plot area, and the legends placed relative to it, keep
their size and place.
"""
from __future__ import annotations

import html
import re
import threading
import warnings

import plotly.graph_objects as go

from dashboard import theme
from dashboard.export.labels import Labels

_server_lock = threading.Lock()
_server_started = False
# plotly's own margins where a figure sets none
_DEFAULT_MARGIN = {"t": 100, "b": 80}
_LINE_PX = 20  # one line of the title block
_FOOTER_LINE_PX = 16
EXPORT_WIDTH = 1000  # px; PNG at scale 2 gives 2000 px


class ChromeMissing(RuntimeError):
    """No Chromium/Chrome for kaleido: chart images cannot be exported on this server."""


def _is_chrome_missing(error: BaseException) -> bool:
    from kaleido.errors import ChromeNotFoundError  # here, not at the top: importing kaleido takes seconds

    if isinstance(error, ChromeNotFoundError):
        return True
    text = str(error).lower()
    return "chrome" in text and ("install" in text or "not found" in text or "requires" in text)


def chrome_available() -> bool:
    """Whether kaleido can find a Chromium/Chrome to draw images with (no browser is started)."""
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False) is not None
    except Exception:
        import shutil

        return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome"))


def start_kaleido() -> bool:
    """Start the process's kaleido server once (a module-level lazy singleton).

    Returns True when a server is running; raises ChromeMissing without Chromium.
    """
    global _server_started
    with _server_lock:
        if _server_started:
            return True
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as error:
            if _is_chrome_missing(error):
                raise ChromeMissing(str(error)) from error
            raise
        _server_started = True
        return True


def figure_image(fig, image_format: str = "png", width: int = EXPORT_WIDTH, height: int | None = None,
                 scale: float = 2.0, labels: Labels | None = None) -> bytes:
    """The figure as PNG, SVG or PDF bytes (white background, the figure's own height by
    default), labelled when `labels` are given."""
    if image_format not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported image format {image_format!r}")
    if labels is not None:
        fig = labelled(fig, labels, width=width)
    start_kaleido()
    image = _draw(fig, image_format, width, height, scale)
    if labels is not None and image_format == "png":
        image = png_with_text(image, {"Title": labels.title, "Description": labels.subtitle,
                                      "Source": labels.footer, "Disclaimer": labels.demo or ""})
    return image


def _draw(fig, image_format: str, width: int, height: int | None, scale: float) -> bytes:
    height = height or fig.layout.height or 500
    try:
        with warnings.catch_warnings():
            # plotly passes browser options that a running server already has.
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return fig.to_image(format=image_format, width=width, height=height,
                                scale=max(scale, 2.0) if image_format == "png" else 1)
    except Exception as error:
        if _is_chrome_missing(error):
            raise ChromeMissing(str(error)) from error
        raise


def png_with_text(png: bytes, texts: dict[str, str]) -> bytes:
    """The PNG with its labels also stored as UTF-8 text chunks (iTXt, after the header chunk):
    a picture pasted into a document still says where its figures come from, for any tool
    that reads image metadata. Empty texts are left out; the pixels are not re-encoded."""
    import struct
    import zlib

    header_end = 8 + 4 + 4 + 13 + 4  # signature, then the IHDR chunk (length, type, 13 bytes, CRC)
    chunks = b""
    for keyword, text in texts.items():
        if not text:
            continue
        body = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    return png[:header_end] + chunks + png[header_end:]


# ---- labels on a copy of the figure -----------------------------------------------------------

def plain_title(fig) -> str:
    """The figure's title as plain text (line breaks and styling dropped)."""
    text = fig.layout.title.text or ""
    text = re.sub(r"<br\s*/?>", " ", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """Words of `text` in lines of at most `width` characters (a longer word stands alone)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def _escaped(lines: list[str]) -> str:
    # plotly reads its texts as a small HTML: a file name with "<" must stay text
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def legend_depth(fig, plot_height: int, width: int) -> int:
    """How far (px) a horizontal legend hung under the plot reaches below it; 0 for none.

    Plotly grows the bottom margin for such a legend by itself, which would put it over a
    footer placed by the margin alone."""
    legend = fig.layout.legend
    if legend.y is None or legend.y >= 0 or fig.layout.showlegend is False:
        return 0
    names = [trace.name or "" for trace in fig.data if trace.showlegend is not False and trace.name]
    if not names:
        return 0
    row_px = 7 * sum(len(name) + 6 for name in names)  # about 7 px a character, and the symbol
    rows = -(-row_px // max(width - 60, 200))
    return int(-legend.y * max(plot_height, 1)) + 24 * rows + 10


def labelled(fig, labels: Labels, width: int = EXPORT_WIDTH) -> go.Figure:
    """A copy of `fig` carrying the export labels (title, subtitle, footer, demo label)."""
    out = go.Figure(fig)
    layout = out.layout
    height = layout.height or 500
    margin_t = layout.margin.t if layout.margin.t is not None else _DEFAULT_MARGIN["t"]
    margin_b = layout.margin.b if layout.margin.b is not None else _DEFAULT_MARGIN["b"]
    old_title_lines = (layout.title.text or "").count("<br>") + 1 if layout.title.text else 0
    chars = max(40, int(width / 8.5))  # characters of a 15 px title per line at this width
    # the demo badge takes the top-right corner: a title beside it stops short of it
    title_lines = wrap(labels.title or plain_title(fig), int(chars * 0.7) if labels.demo else chars)
    sub_lines = wrap(labels.subtitle, int(chars * 1.2))
    title_text = (_escaped(title_lines) + f"<br><span style='font-size:{theme.SUBTITLE_SIZE}px;"
                  f"color:{theme.SUBTITLE_COLOUR}'>{_escaped(sub_lines)}</span>")
    extra_top = max(0, _LINE_PX * (len(title_lines) + len(sub_lines) - old_title_lines)) + 20
    footer_lines = wrap(labels.footer, int(width / 6.2))
    footer = f"<span style='color:{theme.FOOTER_COLOUR}'>{_escaped(footer_lines)}</span>"
    if labels.demo:
        footer += f"<br><b><span style='color:{theme.DEMO_LABEL_COLOUR}'>{html.escape(labels.demo)}</span></b>"
    n_footer = len(footer_lines) + (1 if labels.demo else 0)
    # the footer goes under everything the figure draws below its plot, a legend included
    below = max(margin_b, legend_depth(out, height - margin_t - margin_b, width))
    extra_bottom = (below - margin_b) + _FOOTER_LINE_PX * n_footer + 20
    out.update_layout(
        height=height + extra_top + extra_bottom,
        margin={"t": margin_t + extra_top, "b": margin_b + extra_bottom},
        title={"text": title_text, "x": 0.01, "xanchor": "left", "xref": "container",
               "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 20},
               "font": {"size": theme.TITLE_SIZE}},
    )
    out.add_annotation(text=footer, xref="paper", x=0, xanchor="left", yref="paper", y=0, yanchor="top",
                       yshift=-(below + 6), showarrow=False, align="left",
                       font={"size": theme.FOOTER_SIZE, "family": theme.FONT_FAMILY})
    if labels.demo:
        margin_l = layout.margin.l if layout.margin.l is not None else 80
        margin_r = layout.margin.r if layout.margin.r is not None else 80
        # the figure's right edge, in paper units (the plot's width is 1)
        right_edge = 1 + (margin_r - 10) / max(width - margin_l - margin_r, 1)
        out.add_annotation(text=f"<b>{html.escape(labels.demo)}</b>", xref="paper", x=right_edge, xanchor="right",
                           yref="paper", y=1, yanchor="top", yshift=margin_t + extra_top - 8, showarrow=False,
                           font={"size": theme.FOOTER_SIZE, "color": theme.DEMO_LABEL_COLOUR},
                           bordercolor=theme.DEMO_LABEL_COLOUR, borderwidth=1, borderpad=3,
                           bgcolor=theme.BACKGROUND)
    return out
