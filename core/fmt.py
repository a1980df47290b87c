"""Numbers written the Vietnamese way (decimal comma, dot thousands: 67,83; 5.932) or the
English way (67.83; 5,932). Used by the dashboard's labels and by the ETL's messages."""
from __future__ import annotations

import math

# (decimal mark, thousands separator) per language.
SEPARATORS = {"vi": (",", "."), "en": (".", ",")}


def is_missing(value) -> bool:
    """None or NaN: a figure that is not there."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _localise(text: str, lang: str) -> str:
    """Swap the plain (en) separators of `text` for those of `lang`."""
    decimal, thousands = SEPARATORS.get(lang, SEPARATORS["vi"])
    return text.replace(",", "\u0000").replace(".", decimal).replace("\u0000", thousands)


def number(value, decimals: int = 0, lang: str = "vi") -> str:
    """5932 → '5.932' (vi) / '5,932' (en); None → '–'."""
    if is_missing(value):
        return "–"
    return _localise(f"{value:,.{decimals}f}", lang)


def exact(value: float, lang: str = "vi") -> str:
    """A figure echoed from a file, with as many decimals as it has (up to 6):
    67.8347 → '67,8347' and 5932 → '5.932' (vi); '67.8347' and '5932' (en, plain as typed)."""
    if abs(value) >= 1e15:  # 1e300 from a broken export: not 300 digits in a message
        text = f"{value:.6g}"
        return text.replace(".", ",") if lang == "vi" else text
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    sign = "-" if value < 0 and text != "0" else ""
    if lang != "vi":
        return sign + text
    whole, _, frac = text.partition(".")
    return sign + _localise(f"{int(whole):,}" + ("." + frac if frac else ""), lang)
