"""An indicator over time: the area, comparison medians, the target and the projection to 2030; a plotly figure
(files, slides, the PDF) and the same chart as an ECharts option (the pages)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.echarts_style import base_option, line_style, plain
from core.i18n import number, t
from core.scores import Target
from core.trends import TARGET_YEAR, Projection


def trend_chart(series: pd.DataFrame, area_name: str, comparisons: dict[str, pd.DataFrame], unit: str,
                target: float | None, target_label: str, projection: Projection | None, projection_label: str,
                height: int = 420) -> go.Figure:
    """series and comparisons: frames with year, value."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=series.year, y=series.value, name=area_name, mode="lines+markers",
                                line={"color": "#1565c0", "width": 3}))
    for (name, frame), dash in zip(comparisons.items(), ["dot", "dash", "dashdot"], strict=False):
        figure.add_trace(go.Scatter(x=frame.year, y=frame.value, name=name, mode="lines",
                                    line={"color": "#616161", "dash": dash}))
    if projection is not None and len(series):
        start = int(series.year.max())
        figure.add_trace(go.Scatter(
            x=[start, TARGET_YEAR], y=[projection.at(start), projection.at(TARGET_YEAR)], name=projection_label,
            mode="lines", line={"color": "#1565c0", "dash": "dot", "width": 2},
        ))
    if target is not None:
        figure.add_hline(y=target, line={"color": "#2e7d32", "dash": "dash"}, annotation_text=target_label,
                         annotation_position="top left", name=target_label)
    figure.add_vline(x=TARGET_YEAR, line={"color": "#9e9e9e", "width": 1})
    figure.update_xaxes(tickformat="d")
    figure.update_layout(yaxis_title=unit, height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend={"orientation": "h", "y": -0.15}, hovermode="x unified")
    return figure


def trend_option(series: pd.DataFrame, area_name: str, comparisons: dict[str, pd.DataFrame], unit: str,
                 target: float | None, target_label: str, projection: Projection | None, projection_label: str,
                 lang: str) -> dict:
    """The same chart as trend_chart, as an ECharts option for the screen. Years are categories up to 2030, so they
    read "2024", never "2,024"; the tooltip gives each value as the reader writes numbers (lang)."""
    frames = [series, *comparisons.values()]
    first_year = min((int(year) for frame in frames for year in frame.year), default=TARGET_YEAR)
    years = [str(year) for year in range(min(first_year, TARGET_YEAR), TARGET_YEAR + 1)]

    def points(frame_years, values) -> list:
        return [[str(int(year)), plain(value), f"{number(value, lang)} {unit}".strip()]
                for year, value in zip(frame_years, values, strict=True) if pd.notna(value)]

    def line(name: str, data: list, style: dict, **extra) -> dict:
        return {"type": "line", "name": name, "data": data, "lineStyle": style, "itemStyle": {"color": style["color"]},
                "connectNulls": True, "tooltip": {"formatter": "{a}<br/>{@[0]}: {@[2]}"}, **extra}

    drawn = [line(area_name, points(series.year, series.value), line_style("#1565c0", width=3), symbolSize=7,
                  markLine={"silent": True, "symbol": "none", "label": {"show": False},
                            "lineStyle": {"color": "#9e9e9e", "width": 1, "type": "solid"},
                            "data": [{"xAxis": str(TARGET_YEAR)}]})]
    for (name, frame), dash in zip(comparisons.items(), ["dot", "dash", "dashdot"], strict=False):
        drawn.append(line(name, points(frame.year, frame.value), line_style("#616161", dash), symbolSize=5))
    if projection is not None and len(series):
        start = int(series.year.max())
        begin, end = points([start, TARGET_YEAR], [projection.at(start), projection.at(TARGET_YEAR)])
        # No point where it starts: the area's own last value is there, and the hover should give that one.
        drawn.append(line(projection_label, [{"value": begin, "symbol": "none"}, end], line_style("#1565c0", "dot"),
                          symbolSize=5))
    # Every line but the target's has its points (a tooltip shows the value hovered, written as the reader writes
    # numbers); the target's value is in its legend entry.
    if target is not None:  # a line across every year: it keeps the target inside the axis, as plotly's does
        drawn.append(line(target_label, points(years, [target] * len(years)), line_style("#2e7d32", "dash"),
                          showSymbol=False))
    option = base_option()
    option.update({
        "tooltip": {"trigger": "item"},
        "grid": {"left": 10, "right": 20, "top": 40, "bottom": 50, "containLabel": True},
        "xAxis": {"type": "category", "data": years, "boundaryGap": False},
        "yAxis": {"type": "value", "name": unit, "scale": True, "nameTextStyle": {"align": "left"}},
        "series": drawn,
    })
    return option


def projection_label(projection: Projection | None, lang: str) -> str:
    """"Projected to 2030 (from 2015–2024)": the legend names the years the line rests on."""
    if projection is None:
        return t("profile.projection", lang)
    years = projection.years_used
    return t("profile.projection_from", lang, first=min(years), last=max(years))


def target_label(target: Target | None, lang: str) -> str:
    """"2030 target: 5.6 (default target from the catalogue)": every chart says where its target comes from."""
    if target is None:
        return ""
    origin = t(f"progress.target_origin.{target.origin}", lang)
    return f"{t('profile.target', lang, value=number(target.value, lang))} ({origin})"
