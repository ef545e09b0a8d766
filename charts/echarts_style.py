"""What every chart drawn with ECharts on screen shares: plain JSON values, line dashes, legend, no animation.

The pages draw their charts at load with Apache ECharts (st.echarts_chart): its browser library is a quarter of
plotly.js, which a fresh browser spent about 0.6 s loading on the profile (issue 14, bench/README.md). Files (PNG,
PowerPoint, PDF) and the slides keep the plotly figures of the same builders, drawn by kaleido.
"""

from __future__ import annotations

import math
from typing import Any

# Plotly's dash names, as the print figures use them, in ECharts' terms (a list is a custom dash pattern in px).
DASHES: dict[str, Any] = {"solid": "solid", "dot": "dotted", "dash": "dashed", "dashdot": [8, 3, 2, 3]}
# A cross as a filled outline: ECharts has no "x" marker (plotly's symbol for the third median on the radar).
CROSS = ("path://M2,0 L5,3 L8,0 L10,2 L7,5 L10,8 L8,10 L5,7 L2,10 L0,8 L3,5 L0,2 Z")


def plain(value) -> float | int | str | None:
    """A value JSON can carry: NaN and missing become null (ECharts draws a gap), numpy numbers Python ones."""
    if value is None or isinstance(value, str):
        return value
    number = float(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def base_option(title: str | None = None, legend: bool = True) -> dict:
    """Options every screen chart starts from: the chart described to screen readers (ECharts' aria), drawn at
    once (an animation would hold back what the reader came for), the legend under the chart. Text colours come from
    Streamlit's ECharts theme, so they follow a light or dark theme."""
    option: dict[str, Any] = {"aria": {"enabled": True}, "animation": False}
    if title:
        option["title"] = {"text": title, "left": 10, "top": 8, "textStyle": {"fontSize": 16, "fontWeight": 600}}
    if legend:
        option["legend"] = {"bottom": 0}  # wraps onto a second line when it must
    return option


def line_style(colour: str, dash: str = "solid", width: float = 2) -> dict:
    return {"color": colour, "type": DASHES.get(dash, dash), "width": width}
