"""SDG radar: the 17 goal scores as bars in the official SDG colours, medians as outlines; a plotly figure (files,
slides) and the same radar as an ECharts option (the pages).

Goals without data are drawn as faint full-length grey bars marked "no data", never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.echarts_style import CROSS, base_option, plain

NO_DATA_GREY = "rgba(158,158,158,0.25)"


def sdg_radar(scores: pd.Series, colours: dict[int, str], labels: dict[int, str], area_name: str,
              overlays: dict[str, pd.Series], no_data_label: str, height: int = 560,
              peer_range: tuple[str, pd.DataFrame] | None = None, goals: Sequence[int] | None = None) -> go.Figure:
    """scores and overlays: Series indexed by goal 1-17 (NaN = no data); labels: goal -> short name.
    goals: the goals drawn (a presentation's chosen ones); None: all 17.

    peer_range: (label, frame indexed by goal with min and max) drawn as narrow dark bands.
    """
    goals = list(goals or range(1, 18))
    theta = [str(g) for g in range(1, 18)]  # numbers on the wheel; the names are in the hover text
    names = [f"{g}. {labels[g]}" for g in range(1, 18)]
    spokes = [theta[g - 1] for g in goals]
    present = [g for g in goals if pd.notna(scores.get(g))]
    missing = [g for g in goals if g not in present]
    figure = go.Figure()
    if missing:
        figure.add_trace(go.Barpolar(
            r=[100] * len(missing), theta=[theta[g - 1] for g in missing], name=no_data_label,
            marker={"color": NO_DATA_GREY, "line": {"color": "#9e9e9e", "width": 1}},
            customdata=[names[g - 1] for g in missing],
            hovertemplate="%{customdata}<br>" + no_data_label + "<extra></extra>",
            meta={"table": "no_data"},  # drawn full length, listed without a value (charts/chart_table.py)
        ))
    figure.add_trace(go.Barpolar(
        r=[scores[g] for g in present], theta=[theta[g - 1] for g in present], name=area_name,
        marker={"color": [colours[g] for g in present], "line": {"color": "white", "width": 1}},
        customdata=[names[g - 1] for g in present],
        hovertemplate="%{customdata}<br>%{r:.0f} / 100<extra>" + area_name + "</extra>",
    ))
    if peer_range is not None:
        label, ranges = peer_range
        known = [g for g in goals if pd.notna(ranges["min"].get(g))]
        figure.add_trace(go.Barpolar(
            base=[ranges["min"][g] for g in known], r=[max(ranges["max"][g] - ranges["min"][g], 0.8) for g in known],
            theta=[theta[g - 1] for g in known], name=label, width=0.25,
            marker={"color": "rgba(33,33,33,0.45)"},
            customdata=[[names[g - 1], ranges["min"][g], ranges["max"][g]] for g in known],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]:.0f}–%{customdata[2]:.0f}<extra>" + label + "</extra>",
            meta={"table": "range"},
        ))
    # Medians as markers: goals are categories, and lines across goals without data would mislead.
    styles = [("#212121", "diamond"), ("#212121", "circle-open"), ("#5d4037", "x")]
    for (name, series), (colour, symbol) in zip(overlays.items(), styles, strict=False):
        values = [series.get(g) for g in goals]
        figure.add_trace(go.Scatterpolar(
            r=values, theta=spokes, name=name, mode="markers",
            marker={"size": 11, "color": colour, "symbol": symbol, "line": {"width": 2, "color": colour}},
            customdata=[names[g - 1] for g in goals],
            hovertemplate="%{customdata}<br>%{r:.0f} / 100<extra>" + name + "</extra>",
        ))
    figure.update_layout(
        polar={"radialaxis": {"range": [0, 100], "tickvals": [25, 50, 75, 100], "angle": 90, "tickangle": 90},
               "angularaxis": {"type": "category", "categoryorder": "array", "categoryarray": spokes,
                               "direction": "clockwise", "rotation": 90, "tickfont": {"size": 14}}},
        legend={"orientation": "h", "y": -0.12}, margin={"l": 60, "r": 60, "t": 30, "b": 30}, height=height,
        bargap=0.05, polar_barmode="overlay",
    )
    return figure


MARKERS = [("#212121", "diamond"), ("#212121", "emptyCircle"), ("#5d4037", CROSS)]  # as the figure's styles
RANGE_COLOUR = "rgba(33,33,33,0.45)"


def sdg_radar_option(scores: pd.Series, colours: dict[int, str], labels: dict[int, str], area_name: str,
                     overlays: dict[str, pd.Series], no_data_label: str,
                     peer_range: tuple[str, pd.DataFrame] | None = None, goals: Sequence[int] | None = None,
                     title: str | None = None) -> dict:
    """The same radar as sdg_radar, as an ECharts option for the screen: bars on a polar grid, goal 1 at the top
    and clockwise; goals without data as faint full-length grey bars; the peer range as a dark radial stroke per
    goal; medians as markers (never lines across goals without data)."""
    goals = list(goals or range(1, 18))
    categories = [str(g) for g in goals]
    names = {g: f"{g}. {labels[g]}" for g in goals}
    present = {g for g in goals if pd.notna(scores.get(g))}
    step = 360 / len(goals)
    item_tooltip = {"valueFormatter": "%.0f / 100"}
    series: list[dict] = []
    if len(present) < len(goals):
        series.append({
            "type": "bar", "coordinateSystem": "polar", "name": no_data_label, "barGap": "-100%",
            "barCategoryGap": "5%", "itemStyle": {"color": NO_DATA_GREY, "borderColor": "#9e9e9e", "borderWidth": 1},
            "data": [None if g in present else {"value": 100, "name": names[g]} for g in goals],
            "tooltip": {"formatter": "{b}<br/>" + no_data_label},
        })
    series.append({
        "type": "bar", "coordinateSystem": "polar", "name": area_name, "barGap": "-100%", "barCategoryGap": "5%",
        "itemStyle": {"color": colours[goals[0]], "borderColor": "white", "borderWidth": 1},  # the legend's swatch
        "data": [{"value": plain(scores[g]), "name": names[g], "itemStyle": {"color": colours[g]}}
                 if g in present else None for g in goals],
        "tooltip": item_tooltip,
    })
    if peer_range is not None:
        label, ranges = peer_range
        stroke: list = []
        for g in goals:
            low, high = ranges["min"].get(g), ranges["max"].get(g)
            if pd.isna(low):
                continue
            text = f"{low:.0f}–{high:.0f}"
            # A stroke from lowest to highest; at least 0.8 long, so a range of one value still shows.
            stroke += [{"name": names[g], "value": [plain(low), str(g), text]},
                       {"name": names[g], "value": [plain(max(high, low + 0.8)), str(g), text]}, None]
        series.append({
            "type": "line", "coordinateSystem": "polar", "name": label, "data": stroke, "connectNulls": False,
            "symbol": "rect", "symbolSize": [5, 2], "itemStyle": {"color": RANGE_COLOUR},
            "lineStyle": {"color": RANGE_COLOUR, "width": 6, "cap": "butt"}, "z": 3,
            "tooltip": {"formatter": "{a}<br/>{b}: {@[2]}"},
        })
    for (name, values), (colour, symbol) in zip(overlays.items(), MARKERS, strict=False):
        series.append({
            "type": "scatter", "coordinateSystem": "polar", "name": name, "symbol": symbol, "symbolSize": 11,
            "itemStyle": {"color": colour, "borderColor": colour, "borderWidth": 2},  # emptyCircle: filled white
            "data": [{"name": names[g], "value": [round(float(values[g])), str(g)]}
                     for g in goals if pd.notna(values.get(g))],
            "tooltip": {"formatter": "{a}<br/>{b}: {@[0]} / 100"}, "z": 4,
        })
    option = base_option(title)
    option.update({
        "tooltip": {"trigger": "item"},
        "polar": {"center": ["50%", "48%" if not title else "52%"], "radius": "76%"},
        "angleAxis": {"type": "category", "data": categories, "startAngle": 90 + step / 2, "clockwise": True,
                      "axisLabel": {"fontSize": 14}, "splitLine": {"show": True, "lineStyle": {"color": "#e0e0e0"}}},
        "radiusAxis": {"min": 0, "max": 100, "interval": 25, "axisLabel": {"fontSize": 11},
                       "splitLine": {"lineStyle": {"color": "#e0e0e0"}}},
        "series": series,
    })
    return option
