"""Status pictures for slides, PNG and deck, as plain plotly: the status matrix as tiles, the progress table, the
big numbers, and the progress symbols the progress page shares.

The status matrix of the profile page is HTML (components/status_matrix.py); a deck needs a picture, so
here it is drawn as tiles of plotly shapes. No Streamlit import.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from charts.slide_style import HALL_HEIGHT, HALL_TEXT, LINE_HEIGHT, PROFILE_COLUMNS, column_widths
from core.status import GREY, HEX
from core.trends import ARROWS, TOO_FEW

# Plain arrows that every font (and every projector) has; the profile's ➚ is missing from some.
PROGRESS_SYMBOLS = {"reached": "✓", "substantial": "↑", "moderate": "↗", "limited": "→", "moderately_away": "↘",
                    "moving_away": "↓", "too_few": "·"}
PROGRESS_COLOURS = {"reached": HEX["green"], "substantial": HEX["green"], "moderate": HEX["yellow"],
                    "limited": HEX["orange"], "moderately_away": HEX["red"], "moving_away": HEX["red"],
                    "too_few": HEX["grey"]}
STATUS_ORDER = ("green", "yellow", "orange", "red", "grey")
# The status matrix's geometry in px (it is drawn for a slide at 1920×1080, charts.slide_style).
MATRIX_WIDTH = column_widths(PROFILE_COLUMNS)[1]
MARGIN, PAD, TILE_GAP, STRIP = 10, 7, 6, 10
SYMBOL_SCALE = 1.4  # the dot and the arrow, larger than the text
CHAR_WIDTH = 0.6  # a generous average width of a character in ems, so that a wrapped name never runs over
LEGEND_ROWS = 2  # five status words at hall size fill two rows of the legend
TEXT_COLOUR = "#212121"  # near black on the light tiles: read from the back of a room


def status_matrix_figure(goal_rows: pd.DataFrame, goals: list[int], names: dict[int, str],
                         sdg_colours: dict[int, str], words: dict[str, str], columns: int = 2,
                         width: int = MATRIX_WIDTH, text_size: int = HALL_TEXT,
                         legend: dict[str, str] | None = None, least_height: int = HALL_HEIGHT) -> go.Figure:
    """One tile per chosen goal, in rows of columns: the SDG colour as a strip, the goal's number and name, and on
    the right the status as a dot and the trend as an arrow. Drawn for width px with text of text_size px.

    goal_rows: goal, colour, trend (goals without data may be absent); words: status and trend words (the table
    alternative's); legend: shorter status words for the legend, which names the colours so that the picture
    explains itself when it leaves the app. Plotly neither wraps nor clips text, so the names are wrapped to the
    tile here and each row is as tall as its longest name: no text reaches into another's box. The figure's height
    follows from its rows; a few goals' rows are stretched to least_height (a plot squeezed flatter than its
    legend makes plotly scroll the legend).
    """
    by_goal = goal_rows.set_index("goal") if not goal_rows.empty else pd.DataFrame(columns=["colour", "trend"])
    columns = max(1, min(columns, len(goals)))
    line, symbol = LINE_HEIGHT * text_size, SYMBOL_SCALE * text_size
    tile_width = (width - 2 * MARGIN - TILE_GAP * (columns - 1)) / columns
    per_line = max(8, int((tile_width - STRIP - 4 * PAD - 2 * symbol) / (CHAR_WIDTH * text_size)))
    labels = {goal: _wrap(f"{goal} {names[goal]}", per_line) for goal in goals}
    labels = {goal: f"<b>{goal}</b>{label[len(str(goal)):]}" for goal, label in labels.items()}
    grid = [goals[start:start + columns] for start in range(0, len(goals), columns)]
    row_heights = [max(labels[goal].count("<br>") + 1 for goal in row) * line + 2 * PAD for row in grid]
    legend_height = LEGEND_ROWS * line + PAD
    plot_width = width - 2 * MARGIN
    gaps = TILE_GAP * (len(grid) - 1)
    room = least_height - 2 * MARGIN - legend_height - gaps  # for the rows
    if sum(row_heights) < room:
        extra = (room - sum(row_heights)) / len(row_heights)  # the same to each row: tiles alike
        row_heights = [height + extra for height in row_heights]
    plot_height = sum(row_heights) + gaps
    figure = go.Figure()
    top = 0.0
    for row, row_height in zip(grid, row_heights, strict=True):
        y1, y0 = 1 - top / plot_height, 1 - (top + row_height) / plot_height
        middle = (y0 + y1) / 2
        for position, goal in enumerate(row):
            known = goal in by_goal.index
            colour = by_goal.colour[goal] if known else GREY
            trend = by_goal.trend[goal] if known else TOO_FEW
            left = position * (tile_width + TILE_GAP)
            x0, x1 = left / plot_width, (left + tile_width) / plot_width
            figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="paper", yref="paper",
                             fillcolor="#f5f5f5", line={"width": 0})
            figure.add_shape(type="rect", x0=x0, x1=(left + STRIP) / plot_width, y0=y0, y1=y1, xref="paper",
                             yref="paper", fillcolor=sdg_colours[goal], line={"width": 0})
            figure.add_annotation(x=(left + STRIP + PAD) / plot_width, y=middle, xref="paper", yref="paper",
                                  showarrow=False, xanchor="left", yanchor="middle", align="left",
                                  text=labels[goal], font={"size": text_size, "color": TEXT_COLOUR})
            figure.add_annotation(x=(left + tile_width - 2 * PAD - symbol) / plot_width, y=middle, xref="paper",
                                  yref="paper", showarrow=False, xanchor="right", yanchor="middle", text="●",
                                  font={"size": symbol, "color": HEX[colour]}, hovertext=words[colour])
            figure.add_annotation(x=(left + tile_width - PAD) / plot_width, y=middle, xref="paper", yref="paper",
                                  showarrow=False, xanchor="right", yanchor="middle",
                                  text=ARROWS[trend].replace("➚", "↗"), font={"size": symbol, "color": "#212121"},
                                  hovertext=words[trend])
        top += row_height + TILE_GAP
    legend = legend or words
    for status in STATUS_ORDER:  # legend entries only: the tiles are shapes, which have no legend
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=legend[status],
                                    marker={"size": text_size, "color": HEX[status]}))
    # The tiles are shapes, which hold no data: their table (charts/chart_table.py) travels in the layout's meta.
    rows = [[goal, names[goal], words[by_goal.colour[goal] if goal in by_goal.index else GREY],
             words[by_goal.trend[goal] if goal in by_goal.index else TOO_FEW]] for goal in goals]
    figure.update_layout(
        xaxis={"visible": False, "range": [0, 1]}, yaxis={"visible": False, "range": [0, 1]}, plot_bgcolor="white",
        width=width, height=round(plot_height + 2 * MARGIN + legend_height),
        margin={"l": MARGIN, "r": MARGIN, "t": MARGIN, "b": round(MARGIN + legend_height)},
        legend={"orientation": "h", "x": 0, "y": -PAD / plot_height, "yanchor": "top", "font": {"size": text_size}},
        font={"size": text_size}, showlegend=True, meta={"columns": ["goal", "name", "status", "trend"], "rows": rows})
    return figure


def progress_table_figure(rows: pd.DataFrame, headers: list[str], no_rows_text: str,
                          height: int = 560) -> go.Figure:
    """A table of indicators with a 2030 target. rows: indicator, now, target, progress, status (a key).

    The progress cell is coloured like its status, with a symbol, so it reads in black and white too.
    """
    figure = go.Figure()
    if rows.empty:
        figure.add_annotation(text=no_rows_text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                              font={"size": 20})
        figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
                             height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10})
        return figure
    fills = [["white"] * len(rows)] * 3 + [[_tint(PROGRESS_COLOURS[s]) for s in rows.status]]
    figure.add_trace(go.Table(
        columnwidth=[3.2, 1.6, 1.6, 2],
        header={"values": [f"<b>{h}</b>" for h in headers], "fill_color": "#eeeeee", "align": "left",
                "font": {"size": 16}, "height": 34},
        cells={"values": [rows.indicator, rows.now, rows.target, rows.progress], "align": "left",
               "fill_color": fills, "font": {"size": 15}, "height": 32},
    ))
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def network_numbers_figure(numbers: list[tuple[str, float, str]], separators: str = ", ",
                           per_row: int = 3, height: int = 520) -> go.Figure:
    """Big numbers in rows of per_row: (label, value, suffix) each. separators: plotly's decimal and thousands marks."""
    figure = go.Figure()
    rows = math.ceil(len(numbers) / per_row)
    for index, (label, value, suffix) in enumerate(numbers):
        row, column = divmod(index, per_row)
        in_row = min(per_row, len(numbers) - row * per_row)  # a shorter last row is centred
        left = (1 - in_row / per_row) / 2 + column / per_row
        top = 1 - row / rows
        figure.add_trace(go.Indicator(
            mode="number", value=value, title={"text": _wrap(label, 24), "font": {"size": 20}},
            number={"suffix": suffix, "font": {"size": 52, "color": "#1565c0"},
                    "valueformat": ",.1f" if suffix == " %" else ",.0f"},
            domain={"x": [left + 0.01, left + 1 / per_row - 0.01], "y": [top - 1 / rows + 0.04, top - 0.04]},
        ))
    figure.update_layout(height=height, separators=separators, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return figure


def _wrap(text: str, width: int) -> str:
    """Break a label into lines of about width characters (plotly text does not wrap by itself)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False))


def _tint(hex_colour: str, strength: float = 0.3) -> str:
    """A light version of a colour for a table cell, so dark text stays readable on it."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - strength * (255 - c)) for c in (red, green, blue)]
    return f"rgb({mix[0]},{mix[1]},{mix[2]})"
