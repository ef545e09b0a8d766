"""Charts for comparing with peers: a ranked bar chart (a plotly figure for files and slides, an ECharts option for the
page) and small multiples of trends."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.echarts_style import base_option, plain
from core.i18n import number

HIGHLIGHT = "#c62828"
PEER = "#90a4ae"


def ranked_bars(values: pd.DataFrame, highlight: str, national: float | None, national_label: str,
                unit: str, direction: str | None, height_per_bar: int = 22) -> go.Figure:
    """values: code, name, value. Best at the top; the chosen municipality in red; the country as a line."""
    ordered = values.sort_values("value", ascending=direction != "lower")
    colours = [HIGHLIGHT if code == highlight else PEER for code in ordered.code]
    figure = go.Figure(go.Bar(
        x=ordered.value, y=ordered.name, orientation="h", marker={"color": colours},
        hovertemplate="%{y}: %{x:.1f} " + unit + "<extra></extra>",
    ))
    if national is not None:
        figure.add_vline(x=national, line={"dash": "dash", "color": "#212121"}, annotation_text=national_label,
                         annotation_position="top", name=national_label)
    figure.update_layout(height=max(260, 60 + height_per_bar * len(ordered)), xaxis_title=unit,
                         margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis={"automargin": True},
                         meta={"category": "area"})  # the table's rows (charts/chart_table.py)
    return figure


def ranked_bars_option(values: pd.DataFrame, highlight: str, national: float | None, national_label: str,
                       unit: str, direction: str | None, lang: str, title: str | None = None,
                       height_per_bar: int = 22) -> tuple[dict, int]:
    """The same chart as ranked_bars, as an ECharts option for the screen, and its height in px."""
    ordered = values.sort_values("value", ascending=direction != "lower")  # drawn bottom up: best ends on top
    bars = [{"value": [plain(value), name, f"{number(value, lang)} {unit}".strip()],
             "itemStyle": {"color": HIGHLIGHT if code == highlight else PEER}}
            for code, name, value in zip(ordered.code, ordered.name, ordered.value, strict=True)]
    series = {"type": "bar", "name": unit, "data": bars, "encode": {"x": 0, "y": 1},
              "tooltip": {"formatter": "{@[1]}: {@[2]}"}}
    if national is not None:
        series["markLine"] = {
            "symbol": "none", "lineStyle": {"color": "#212121", "type": "dashed", "width": 1},
            "label": {"formatter": f"{national_label}: {number(national, lang)}", "position": "end"},
            "data": [{"xAxis": plain(national), "name": national_label}],
            "tooltip": {"formatter": f"{national_label}: {number(national, lang)} {unit}".strip()},
        }
    option = base_option(title, legend=False)
    option.update({
        "tooltip": {"trigger": "item"},
        "grid": {"left": 10, "right": 30, "top": 70 if title else 36, "bottom": 30, "containLabel": True},
        "xAxis": {"type": "value", "name": unit, "nameLocation": "middle", "nameGap": 24, "scale": False},
        "yAxis": {"type": "category", "data": list(ordered.name), "axisLabel": {"interval": 0}},
        "series": [series],
    })
    return option, max(260, 60 + height_per_bar * len(ordered) + (36 if title else 0))


def small_multiples(series: dict[str, tuple[pd.DataFrame, pd.DataFrame]], area_name: str, peer_label: str,
                    columns: int = 3) -> go.Figure:
    """series: title -> (the municipality's year/value, the peers' median year/value)."""
    titles = list(series)
    rows = max(1, math.ceil(len(titles) / columns))
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=titles, vertical_spacing=0.12 / max(rows, 1) * 3)
    for index, title in enumerate(titles):
        mine, median = series[title]
        row, column = index // columns + 1, index % columns + 1
        figure.add_trace(go.Scatter(x=mine.year, y=mine.value, name=area_name, mode="lines+markers",
                                    line={"color": HIGHLIGHT}, showlegend=index == 0, legendgroup="me"),
                         row=row, col=column)
        figure.add_trace(go.Scatter(x=median.year, y=median.value, name=peer_label, mode="lines",
                                    line={"color": "#546e7a", "dash": "dash"}, showlegend=index == 0,
                                    legendgroup="peers"), row=row, col=column)
        # Whole years only: plotly's automatic ticks on a 2-3 year span repeat a year ("2022 2023 2023 2024").
        years = pd.concat([mine.year, median.year])
        figure.update_xaxes(dtick=max(1, math.ceil((years.max() - years.min()) / 5)), row=row, col=column)
    figure.update_layout(height=240 * rows, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                         legend={"orientation": "h", "y": 1.02 + 0.02 * rows})
    figure.update_annotations(font_size=11)
    figure.update_xaxes(tickformat="d")  # years, never 2,022.5
    figure.update_yaxes(automargin=True)  # the first column's tick labels inside the figure
    return figure


PANEL_HEIGHT = 240  # px per row of small multiples, as the figure's
PANEL_TITLE = 40  # px above each panel for its title (two lines of 12 px)
MEDIAN_GREY = "#546e7a"


def small_multiples_option(series: dict[str, tuple[pd.DataFrame, pd.DataFrame]], area_name: str, peer_label: str,
                           lang: str, columns: int = 3) -> tuple[dict, int]:
    """The same panels as small_multiples, as one ECharts option for the screen (a grid and a pair of axes per
    panel, whole years as categories), and its height in px."""
    titles = list(series)
    rows = max(1, math.ceil(len(titles) / columns))
    share = 100 / columns
    grids, x_axes, y_axes, labels, drawn = [], [], [], [], []
    for index, title in enumerate(titles):
        mine, median = series[title]
        row, column = divmod(index, columns)
        top = 40 + row * PANEL_HEIGHT  # the legend above the first row
        years = pd.concat([mine.year, median.year]).astype(int)
        labels.append({"text": title, "left": f"{column * share + 1:.2f}%", "top": top,
                       "textStyle": {"fontSize": 12, "fontWeight": 500, "width": 260, "overflow": "break",
                                     "lineHeight": 15}})
        grids.append({"left": f"{column * share + 1:.2f}%", "width": f"{share - 4:.2f}%",
                      "top": top + PANEL_TITLE, "height": PANEL_HEIGHT - PANEL_TITLE - 40, "containLabel": True})
        x_axes.append({"type": "category", "gridIndex": index, "boundaryGap": False,
                       "data": [str(y) for y in range(years.min(), years.max() + 1)]})
        y_axes.append({"type": "value", "gridIndex": index, "scale": True, "splitNumber": 3})
        for name, frame, style in ((area_name, mine, {"color": HIGHLIGHT, "width": 2}),
                                   (peer_label, median, {"color": MEDIAN_GREY, "type": "dashed", "width": 2})):
            drawn.append({"type": "line", "name": name, "xAxisIndex": index, "yAxisIndex": index,
                          "lineStyle": style, "itemStyle": {"color": style["color"]}, "connectNulls": True,
                          "symbolSize": 6 if name == area_name else 4,  # points to hover, for the tooltip
                          "tooltip": {"formatter": "{a}<br/>{@[0]}: {@[2]}"},
                          "data": [[str(int(y)), plain(v), number(v, lang)]
                                   for y, v in zip(frame.year, frame.value, strict=True) if pd.notna(v)]})
    option = base_option(legend=False)
    option.update({"title": labels, "grid": grids, "xAxis": x_axes, "yAxis": y_axes, "series": drawn,
                   "tooltip": {"trigger": "item"}, "legend": {"top": 0, "data": [area_name, peer_label]}})
    return option, 40 + rows * PANEL_HEIGHT
