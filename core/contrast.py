"""WCAG 2.x contrast: relative luminance, contrast ratio, and the text colour that reads on a fill.

Used for the colours the app sets (components/accessibility_style.py, .streamlit/config.toml's theme) and for text
drawn on status and goal colours (the PDF's filled cells); tests/test_contrast.py checks them against WCAG's 4.5:1
for text and 3:1 for focus indicators.
"""

from __future__ import annotations

TEXT_MINIMUM = 4.5  # WCAG 2.1 SC 1.4.3, normal-size text
NON_TEXT_MINIMUM = 3.0  # SC 1.4.11: focus indicators and other parts of controls
BLACK, WHITE = "#000000", "#ffffff"


def rgb(colour: str) -> tuple[int, int, int]:
    """'#c62828', 'c62828', '#ccc' or 'rgb(198,40,40)' (plotly's form) -> (198, 40, 40)."""
    if colour.strip().startswith("rgb("):
        red, green, blue = (int(part) for part in colour.strip()[4:-1].split(","))
        return red, green, blue
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance as WCAG defines it (sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 (same) to 21 (black on white)."""
    first, second = luminance(foreground), luminance(background)
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever has the higher contrast on the fill (white on status orange is only 2.9:1)."""
    return BLACK if contrast_ratio(BLACK, fill) >= contrast_ratio(WHITE, fill) else WHITE
