"""Charts of the six processes' self-assessment: the network's heatmap and one member against the median."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from charts.figure_title import set_title

# Maturity 1-5 on a sequential, colour-blind-safe scale (viridis' light end to its dark end, light = low).
LEVEL_COLOURS = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487"]
OWN, MEDIAN, RANGE = "#c62828", "#212121", "#b0bec5"


def _scale() -> list[list]:
    """Discrete steps: each level one colour (a continuous scale would suggest levels between the steps)."""
    steps = []
    for index, colour in enumerate(LEVEL_COLOURS):
        steps += [[index / 5, colour], [(index + 1) / 5, colour]]
    return steps


def _cell(level: float, change: float) -> str:
    if level is None or (isinstance(level, float) and math.isnan(level)):
        return ""
    if change is None or (isinstance(change, float) and math.isnan(change)) or change == 0:
        return f"{level:g}"
    return f"{level:g} ({'+' if change > 0 else '−'}{abs(change):g})"


def assessment_heatmap(levels: pd.DataFrame, change: pd.DataFrame, row_labels: list[str], column_labels: list[str],
                       title: str | None = None, level_names: dict[int, str] | None = None) -> go.Figure:
    """Members (rows) × processes (columns), coloured by level 1-5; each cell says its level and the change since the
    year before ('3 (+1)'). Empty cells: no answer."""
    z = levels.to_numpy(dtype=float)
    text = [[_cell(z[r][c], change.iat[r, c]) for c in range(z.shape[1])] for r in range(z.shape[0])]
    names = level_names or {}
    columns = ["<br>".join(textwrap.wrap(label, 16, break_long_words=False)) for label in column_labels]
    figure = go.Figure(go.Heatmap(
        z=z, x=columns, y=row_labels, text=text, texttemplate="%{text}", zmin=0.5, zmax=5.5,
        colorscale=_scale(), xgap=2, ygap=2, hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        colorbar={"tickvals": [1, 2, 3, 4, 5], "ticktext": [f"{n} {names.get(n, '')}".strip() for n in range(1, 6)],
                  "title": {"text": ""}, "len": 0.9},
    ))
    figure.update_layout(height=max(260, 110 + 30 * len(row_labels)), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         yaxis={"autorange": "reversed", "automargin": True},
                         xaxis={"side": "top", "automargin": True, "tickangle": 0})
    return set_title(figure, title)


def own_against_median(frame: pd.DataFrame, labels: dict[str, str], own_name: str, median_name: str,
                       range_name: str, title: str | None = None) -> go.Figure:
    """frame: process, own, median, low, high (core.learning.assessment.own_against_median). The member's level as a
    bar, the network's median as a mark, the network's range as a thin line."""
    y = [labels[p] for p in frame.process]
    figure = go.Figure()
    figure.add_trace(go.Bar(x=frame.own, y=y, orientation="h", name=own_name, marker={"color": OWN},
                            hovertemplate="%{y}: %{x}<extra>" + own_name + "</extra>"))
    for index, row in enumerate(frame.itertuples()):
        if row.low is not None and not pd.isna(row.low):
            figure.add_trace(go.Scatter(x=[row.low, row.high], y=[y[index], y[index]], mode="lines",
                                        line={"color": RANGE, "width": 6}, name=range_name, legendgroup="range",
                                        showlegend=index == 0, hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=frame["median"], y=y, mode="markers", name=median_name,
                                marker={"symbol": "diamond", "size": 13, "color": MEDIAN},
                                hovertemplate="%{y}: %{x}<extra>" + median_name + "</extra>"))
    figure.update_layout(height=120 + 45 * len(y), barmode="overlay", margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         xaxis={"range": [0, 5.5], "dtick": 1}, yaxis={"autorange": "reversed", "automargin": True},
                         legend={"orientation": "h", "y": -0.15})
    return set_title(figure, title)
