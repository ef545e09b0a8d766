"""The hall layout: slides are read from the back of a room, so no text on a slide's chart is under HALL_TEXT px.

Only the slides apply it (reports/slides.py), so the same builders keep their smaller type on the pages:

    figure = hall(ranked_bars(...), height=HALL_HEIGHT)

Sizes are CSS pixels at 1920×1080, the projector the slides are made for; the deck renders the charts at the
same pixel sizes and scales the pictures onto its slides, so it reads the same.
"""

from __future__ import annotations

import plotly.graph_objects as go

HALL_TEXT = 24  # px: the smallest text on a slide (issue 13 §2)
HALL_TITLE = 30  # px: a chart's own title, above its labels
HALL_COLOUR = "#212121"  # the slides' chart text
HALL_NUMBER = 72  # px: the big numbers of the numbers slide
SLIDE_WIDTH = 1856  # px the charts share at 1920 wide: the page's 2rem padding on each side off
COLUMN_GAP = 16  # px between two charts side by side (Streamlit's column gap)
HALL_HEIGHT = 620  # px: a slide's charts below its title at 1080 high
LINE_HEIGHT = 1.3  # plotly's line spacing in multi-line text, in ems
TABLE_ROW = 44  # px: a table row of HALL_TEXT text with its padding
PROFILE_COLUMNS = (5, 8)  # the radar (round: it needs no more width than height) beside the wider status matrix


def column_widths(weights: tuple[float, ...]) -> tuple[int, ...]:
    """The pixel widths of charts side by side with these relative widths, at 1920 wide."""
    room = SLIDE_WIDTH - COLUMN_GAP * (len(weights) - 1)
    return tuple(int(room * weight / sum(weights)) for weight in weights)


def hall(figure: go.Figure, height: int | None = None) -> go.Figure:
    """The figure with every text at least HALL_TEXT px (titles HALL_TITLE), legends below the plot; in place.

    Sizes a builder set larger (big numbers, status dots) stay; smaller ones are raised, so nothing is read from
    the builder's page-sized defaults.
    """
    layout = figure.layout
    # Near-black text: the theme's grey labels fade on a projector.
    figure.update_layout(font={"size": HALL_TEXT, "color": HALL_COLOUR}, hoverlabel={"font": {"size": HALL_TEXT}},
                         legend={"font": {"size": HALL_TEXT}})
    if layout.title.text:
        figure.update_layout(title={"font": {"size": max(layout.title.font.size or 0, HALL_TITLE)}})
    figure.for_each_xaxis(_axis)
    figure.for_each_yaxis(_axis)
    if any(trace.type in ("barpolar", "scatterpolar") for trace in figure.data):
        figure.update_polars(angularaxis_tickfont={"size": HALL_TEXT, "color": HALL_COLOUR},
                             radialaxis_tickfont={"size": HALL_TEXT, "color": HALL_COLOUR})
    for annotation in layout.annotations:
        annotation.font.size = _at_least(annotation.font.size, HALL_TEXT)
    for trace in figure.data:
        _trace(trace)
    if height is not None:
        figure.update_layout(height=height)
    return figure


def _axis(axis) -> None:
    """Axis text in hall size and colour (Streamlit's theme greys axes over the layout's font colour)."""
    axis.tickfont.size = _at_least(axis.tickfont.size, HALL_TEXT)
    axis.title.font.size = _at_least(axis.title.font.size, HALL_TEXT)
    axis.tickfont.color = axis.title.font.color = HALL_COLOUR


def _trace(trace) -> None:
    kind = trace.type
    if kind == "table":
        trace.header.font.size = _at_least(trace.header.font.size, HALL_TEXT)
        trace.cells.font.size = _at_least(trace.cells.font.size, HALL_TEXT)
        trace.header.height = max(trace.header.height or 0, TABLE_ROW)
        trace.cells.height = max(trace.cells.height or 0, TABLE_ROW)
    elif kind == "indicator":
        trace.title.font.size = _at_least(trace.title.font.size, HALL_TEXT)
        trace.number.font.size = _at_least(trace.number.font.size, HALL_NUMBER)
    elif kind in ("choroplethmap", "choropleth", "heatmap"):
        trace.colorbar.tickfont.size = HALL_TEXT
        trace.colorbar.title.font.size = HALL_TEXT
        trace.colorbar.thickness = max(trace.colorbar.thickness or 0, HALL_TEXT)
    elif kind in ("bar", "scatter") and trace.text is not None:
        trace.textfont.size = _at_least(trace.textfont.size, HALL_TEXT)


def _at_least(size: float | None, smallest: float) -> float:
    return smallest if size is None else max(size, smallest)
