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

from core.status import GREY, HEX
from core.trends import ARROWS, TOO_FEW

# Plain arrows that every font (and every projector) has; the profile's ➚ is missing from some.
PROGRESS_SYMBOLS = {"reached": "✓", "substantial": "↑", "moderate": "↗", "limited": "→", "moderately_away": "↘",
                    "moving_away": "↓", "too_few": "·"}
PROGRESS_COLOURS = {"reached": HEX["green"], "substantial": HEX["green"], "moderate": HEX["yellow"],
                    "limited": HEX["orange"], "moderately_away": HEX["red"], "moving_away": HEX["red"],
                    "too_few": HEX["grey"]}
STATUS_ORDER = ("green", "yellow", "orange", "red", "grey")


def status_matrix_figure(goal_rows: pd.DataFrame, goals: list[int], names: dict[int, str],
                         sdg_colours: dict[int, str], words: dict[str, str], columns: int = 6,
                         height: int = 560) -> go.Figure:
    """One tile per chosen goal: the SDG colour on top, the status as a dot, the trend as an arrow.

    goal_rows: goal, colour, trend (goals without data may be absent); words: status and trend words.
    The legend names the status colours, so the picture explains itself when it leaves the app.
    """
    by_goal = goal_rows.set_index("goal") if not goal_rows.empty else pd.DataFrame(columns=["colour", "trend"])
    columns = max(1, min(columns, len(goals)))
    rows = math.ceil(len(goals) / columns)
    figure = go.Figure()
    gap, width, tile_height = 0.012, 1 / columns, 1 / rows
    for index, goal in enumerate(goals):
        known = goal in by_goal.index
        colour = by_goal.colour[goal] if known else GREY
        trend = by_goal.trend[goal] if known else TOO_FEW
        x0, y1 = (index % columns) * width + gap, 1 - (index // columns) * tile_height - gap
        x1, y0 = x0 + width - 2 * gap, y1 - tile_height + 2 * gap
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="paper", yref="paper",
                         fillcolor="#f5f5f5", line={"width": 0})
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y1 - 0.06 * tile_height, y1=y1, xref="paper", yref="paper",
                         fillcolor=sdg_colours[goal], line={"width": 0})
        figure.add_annotation(x=x0 + 0.01, y=y1 - 0.1 * tile_height, xref="paper", yref="paper", showarrow=False,
                              xanchor="left", yanchor="top", align="left",
                              text=f"<b>{goal}</b> {_wrap(names[goal], 16)}", font={"size": 15})
        figure.add_annotation(x=x0 + 0.01, y=y0 + 0.08 * tile_height, xref="paper", yref="paper", showarrow=False,
                              xanchor="left", yanchor="bottom", text="●", font={"size": 30, "color": HEX[colour]})
        figure.add_annotation(x=x1 - 0.01, y=y0 + 0.08 * tile_height, xref="paper", yref="paper", showarrow=False,
                              xanchor="right", yanchor="bottom", text=ARROWS[trend].replace("➚", "↗"),
                              font={"size": 30, "color": "#212121"}, hovertext=words[trend])
    for status in STATUS_ORDER:  # legend entries only: the tiles are shapes, which have no legend
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=words[status],
                                    marker={"size": 14, "color": HEX[status]}))
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=height, plot_bgcolor="white",
                         margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h", "y": -0.04},
                         showlegend=True)
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
