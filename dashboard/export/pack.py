"""The briefing pack in one call: gather the figures once, draw the map once, build the
PowerPoint and/or the PDF. Pure: no Streamlit (the overview page and the command line call it)."""
from __future__ import annotations

import datetime as dt

from dashboard.export import briefing, pdf, slides
from dashboard.export.tables import file_name
from dashboard.i18n import t

FORMATS = ("pptx", "pdf")
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}


def build(source: briefing.Source, *, province: int, period: dt.date, window: str = "month",
          commune: int | None = None, lang: str = "vi", formats: tuple[str, ...] = FORMATS,
          progress=None) -> dict[str, tuple[str, bytes]]:
    """format → (file name, bytes) of the pack. `progress(fraction, message)` is told each step.

    Raises pdf.FontMissing when a PDF is asked for and no font with Vietnamese letters exists."""
    step = progress or (lambda fraction, message: None)
    content = briefing.gather(source, province=province, period=period, window=window, commune=commune,
                              lang=lang, progress=step)
    step(0.3, t("br_progress_images", lang))
    map_png = slides.map_image(content)
    stem = ("bao-cao" if lang == "vi" else "briefing", content.province_name, f"{period:%Y-%m}", window)
    out: dict[str, tuple[str, bytes]] = {}
    if "pptx" in formats:
        out["pptx"] = (file_name(*stem, ext="pptx"), slides.build(content, map_png, step))
    if "pdf" in formats:
        out["pdf"] = (file_name(*stem, ext="pdf"), pdf.build(content, map_png, step))
    step(1.0, t("br_progress_done", lang))
    return out
