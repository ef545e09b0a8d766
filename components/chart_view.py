"""A chart on screen with its table alternative: "Vis som tabell" under every chart (issue 13 §6).

    chart(figure, lang, key="compare_trends")           # instead of st.plotly_chart(...)
    echart(option, lang, key="profile_radar", figure=lambda: figure, height=560, alt=title)  # an ECharts chart
    table_toggle(lambda: frame_table, lang, "map")       # for a picture that is no plotly figure (a folium map)

The table is the figure's own numbers (charts/chart_table.py), built only when the reader turns the toggle on, so a
page pays one toggle per chart, not a table.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.chart_table import ChartTable, chart_table
from components.html_table import html_table
from core.i18n import number, t

PLOTLY_CONFIG = {"displaylogo": False}


def chart(figure: go.Figure, lang: str, key: str, table: Callable[[], ChartTable] | None = None, **options):
    """st.plotly_chart (full width, no plotly logo) and its table toggle; returns what st.plotly_chart returns
    (the selection event when options ask for one). table overrides the table read from the figure."""
    options = {"width": "stretch", "config": PLOTLY_CONFIG} | options
    event = st.plotly_chart(figure, key=key, **options)
    table_toggle(table or (lambda: chart_table(figure, lang)), lang, key)
    return event


def echart(option: dict, lang: str, key: str, figure: Callable[[], go.Figure], height: int, alt: str):
    """An ECharts chart (charts/echarts_style.py: a quarter of plotly's weight in the browser) and its table toggle.
    figure draws the same chart with plotly, only when the table is asked for: the table is read from it, so it is
    the one the files carry. alt: what the chart shows, in the reader's language, for screen readers (ECharts'
    own description would be in English); its numbers are in the table."""
    st.echarts_chart(option, key=key, height=height, renderer="svg", alt=alt)
    table_toggle(lambda: chart_table(figure(), lang), lang, key)


def table_toggle(make_table: Callable[[], ChartTable], lang: str, key: str) -> None:
    """A toggle that shows the chart's numbers as a plain table, with its notes (reference lines, unit) under it."""
    shown_as_table = st.toggle(t("chart_view.show_table", lang), key=f"{key}_as_table",
                               help=t("chart_view.show_table_help", lang))
    if not shown_as_table:
        return
    shown = make_table()
    html_table(readable(shown.frame, lang), index=False, numbers=True)
    if shown.notes:
        st.caption(" · ".join(shown.notes))


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Numbers as the reader writes them (decimal comma in bokmål), up to two decimals; no value says so."""
    formatted = frame.copy()
    for column in formatted.columns:
        if pd.api.types.is_numeric_dtype(formatted[column]):
            formatted[column] = [number(value, lang, 2) for value in formatted[column]]
    return formatted
