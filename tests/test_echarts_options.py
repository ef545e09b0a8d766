"""The ECharts options the pages draw (charts/*_option) show the same numbers as the plotly figures the table, files
and slides are made from, and never carry what ECharts cannot read (NaN, numpy numbers)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts.chart_table import chart_table
from charts.comparison_charts import (
    HIGHLIGHT,
    ranked_bars,
    ranked_bars_option,
    small_multiples,
    small_multiples_option,
)
from charts.echarts_style import plain
from charts.sdg_radar import sdg_radar, sdg_radar_option
from charts.trend_chart import trend_chart, trend_option
from core.i18n import t
from core.trends import TARGET_YEAR, Projection
from tests.echarts_specs import drawn_items, point_values, series_named, series_of_type

GOALS = range(1, 18)
COLOURS = {g: f"#{g:02d}6699" for g in GOALS}
LABELS = {g: f"Goal name {g}" for g in GOALS}
scores_by_goal = st.dictionaries(st.sampled_from(list(GOALS)), st.floats(0, 100, allow_nan=False), max_size=17)


def strict_json(option: dict) -> dict:
    """The option as the browser receives it; raises on NaN or infinity, which ECharts could not read."""
    return json.loads(json.dumps(option, allow_nan=False))


@given(scores_by_goal, scores_by_goal)
def test_radar_option_draws_every_goal_once_and_the_scores_of_the_figure(scores, median):
    scores, median = pd.Series(scores, dtype=float), pd.Series(median, dtype=float)
    option = strict_json(sdg_radar_option(scores, COLOURS, LABELS, "Oslo", {"Median": median}, "Ingen data"))
    bars = series_of_type(option, "bar")
    assert sum(len(drawn_items(series)) for series in bars) == 17  # a score or a "no data" bar, never both
    drawn = {int(goal): item["value"] for goal, item in zip(option["angleAxis"]["data"],
                                                            series_named(option, "Oslo")["data"], strict=True)
             if item is not None}
    table = chart_table(sdg_radar(scores, COLOURS, LABELS, "Oslo", {"Median": median}, "Ingen data"), "nb").frame
    in_table = {int(label.split(".")[0]): value for label, value in
                zip(table[t("chart_table.goal", "nb")], table["Oslo"], strict=True) if not math.isnan(value)}
    assert drawn == pytest.approx(in_table)
    markers = series_named(option, "Median")["data"]
    assert {int(item["value"][1]) for item in markers} == set(median.index)  # no marker where there is no median
    for goal, item in zip(option["angleAxis"]["data"], series_named(option, "Oslo")["data"], strict=True):
        if item is not None:
            assert item["itemStyle"]["color"] == COLOURS[int(goal)]  # each goal in its SDG colour


def test_radar_option_puts_goal_one_at_the_top_and_a_range_as_one_stroke_per_goal():
    ranges = pd.DataFrame({"min": {1: 10.0, 3: 20.0}, "max": {1: 80.0, 3: 20.0}})
    option = strict_json(sdg_radar_option(pd.Series({1: 50.0}), COLOURS, LABELS, "Oslo", {}, "Ingen data",
                                          peer_range=("Spenn", ranges), title="Målene"))
    assert option["angleAxis"]["startAngle"] == pytest.approx(90 + 360 / 17 / 2)  # goal 1 centred at the top
    assert option["angleAxis"]["clockwise"] is True and option["title"]["text"] == "Målene"
    stroke = series_named(option, "Spenn")
    assert stroke["connectNulls"] is False
    segments = [stroke["data"][i:i + 3] for i in range(0, len(stroke["data"]), 3)]  # low, high, gap
    assert [[point["value"][:2] for point in segment[:2]] for segment in segments] == [
        [[10, "1"], [80, "1"]], [[20, "3"], [20.8, "3"]]]  # a range of one value still shows
    assert all(segment[2] is None for segment in segments) and segments[1][0]["value"][2] == "20–20"


def test_radar_option_draws_only_the_chosen_goals():
    option = sdg_radar_option(pd.Series({1: 50.0, 4: 20.0}), COLOURS, LABELS, "Oslo", {}, "Ingen data",
                              goals=[1, 4, 13])
    assert option["angleAxis"]["data"] == ["1", "4", "13"]
    assert [item is None for item in series_named(option, "Ingen data")["data"]] == [True, True, False]


years_and_values = st.dictionaries(st.integers(1990, TARGET_YEAR), st.floats(-1e6, 1e6, allow_nan=False),
                                   min_size=1, max_size=12)


@given(years_and_values, years_and_values)
def test_trend_option_draws_the_values_of_the_figure_on_whole_years_to_2030(points, national):
    series = pd.DataFrame({"year": list(points), "value": list(points.values())})
    comparison = pd.DataFrame({"year": list(national), "value": list(national.values())})
    option = strict_json(trend_option(series, "Tromsø", {"Norge": comparison}, "%", 5.0, "Mål", None, "", "nb"))
    years = option["xAxis"]["data"]
    assert years == [str(y) for y in range(min(*points, *national), TARGET_YEAR + 1)]  # "2024", never "2,024"
    figure_table = chart_table(trend_chart(series, "Tromsø", {"Norge": comparison}, "%", 5.0, "Mål", None, ""),
                               "nb").frame.set_index("År")
    for name in ("Tromsø", "Norge"):
        drawn = {year: value for year, value, _ in series_named(option, name)["data"]}
        assert set(drawn) <= set(years)
        assert drawn == pytest.approx(figure_table[name].dropna().to_dict())
    target = series_named(option, "Mål")["data"]
    assert [point[0] for point in target] == years and {point[1] for point in target} == {5}


def test_trend_option_writes_values_as_the_reader_does_and_projects_to_2030():
    series = pd.DataFrame({"year": [2015, 2022], "value": [1234.5, 1300.25]})
    projection = Projection(slope=0.5, intercept=-997.0, years_used=(2015, 2022))
    nb = trend_option(series, "Tromsø", {}, "kr", None, "", projection, "Fremskrevet", "nb")
    en = trend_option(series, "Tromsø", {}, "kr", None, "", projection, "Fremskrevet", "en")
    assert series_named(nb, "Tromsø")["data"][0][2] == "1\u00a0234,5 kr"
    assert series_named(en, "Tromsø")["data"][0][2] == "1,234.5 kr"
    projected = point_values(series_named(nb, "Fremskrevet"))
    assert [point[0] for point in projected] == ["2022", str(TARGET_YEAR)]
    assert projected[1][1] == pytest.approx(projection.at(TARGET_YEAR))
    assert not [s for s in nb["series"] if s["name"] == ""]  # no target: no target line


@pytest.mark.parametrize("direction, top", [("higher", "Bodø"), ("lower", "Alta"), (None, "Bodø")])
def test_ranked_bars_option_puts_the_best_on_top_as_the_figure_does(direction, top):
    values = pd.DataFrame({"code": ["a", "b", "c"], "name": ["Alta", "Bodø", "Hamar"], "value": [3.0, 9.5, 6.0]})
    option, height = ranked_bars_option(values, "b", 5.25, "Nasjonalt", "%", direction, "nb", title="Rangering")
    option = strict_json(option)
    names = option["yAxis"]["data"]  # a category axis is drawn bottom up: the last is on top
    assert names[-1] == top
    assert list(reversed(names)) == chart_table(ranked_bars(values, "b", 5.25, "Nasjonalt", "%", direction),
                                                "nb").frame.iloc[:, 0].tolist()  # the table reads top down
    bars = option["series"][0]["data"]
    assert [bar["value"][1] for bar in bars] == names
    assert [bar["itemStyle"]["color"] == HIGHLIGHT for bar in bars] == [name == "Bodø" for name in names]
    assert option["series"][0]["markLine"]["data"] == [{"xAxis": 5.25, "name": "Nasjonalt"}]
    assert height >= 260


def test_small_multiples_option_gives_each_panel_its_axes_and_the_figure_s_values():
    series = {
        "Lavinntekt": (pd.DataFrame({"year": [2020, 2022], "value": [1.0, 2.0]}),
                       pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.5, float("nan"), 2.5]})),
        "Valgdeltakelse": (pd.DataFrame({"year": [2017, 2021], "value": [77.0, 79.5]}),
                           pd.DataFrame({"year": [2021], "value": [75.0]})),
    }
    option, height = small_multiples_option(series, "Bodø", "Median", "nb", columns=3)
    option = strict_json(option)
    assert [title["text"] for title in option["title"]] == list(series)
    assert len(option["grid"]) == len(option["xAxis"]) == len(option["yAxis"]) == 2 and height == 40 + 240
    assert option["xAxis"][0]["data"] == ["2020", "2021", "2022"] and option["xAxis"][1]["data"][0] == "2017"
    drawn = {(s["xAxisIndex"], s["name"]): {year: value for year, value, _ in s["data"]} for s in option["series"]}
    assert drawn[(0, "Median")] == {"2020": 1.5, "2022": 2.5}  # a missing median is a gap, never NaN
    table = chart_table(small_multiples(series, "Bodø", "Median"), "en").frame
    for panel, title in enumerate(series):
        rows = table[table.Indicator == title]
        for name in ("Bodø", "Median"):
            in_table = {year: value for year, value in zip(rows.Year, rows[name], strict=True) if not math.isnan(value)}
            assert drawn[(panel, name)] == pytest.approx(in_table)
    assert option["legend"]["data"] == ["Bodø", "Median"]  # one legend for every panel


@given(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False), st.integers(-2**40, 2**40)))
def test_plain_values_are_json_numbers_or_null(value):
    result = plain(value)
    assert result is None or isinstance(result, (int, float))
    json.dumps(result, allow_nan=False)
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        assert result == pytest.approx(value)
