"""What the ECharts charts of an AppTest run hold (charts/echarts_style.py): their options, as the browser gets them.

    charts = echarts(app)                    # every st.echarts_chart, in page order
    series_named(charts[0], "Oslo")          # one series of a chart by its legend name
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def echarts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("echarts_chart")]


def echart_ids(app: AppTest) -> list[str]:
    return [element.proto.id for element in app.get("echarts_chart")]


def series_named(option: dict, name: str) -> dict:
    return next(series for series in option["series"] if series.get("name") == name)


def series_of_type(option: dict, kind: str) -> list[dict]:
    return [series for series in option["series"] if series["type"] == kind]


def drawn_items(series: dict) -> list:
    """The series' data items that are drawn (not null): bars per goal, points per year."""
    return [item for item in series["data"] if item is not None]


def point_values(series: dict) -> list:
    """Each data item's value, whether it is written plainly or as an item with its own settings."""
    return [item["value"] if isinstance(item, dict) else item for item in series["data"]]
