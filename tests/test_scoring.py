"""Worked examples and properties of every formula: normalisation, colours, trends, progress, U4SSC."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core import scoring, status, trends, u4ssc
from core.catalogue import IndicatorSpec, SourcedValue


def spec(direction="higher", optimum=100.0, green=80.0, red=60.0, target=None, lower_bound=None) -> IndicatorSpec:
    sourced = lambda v: SourcedValue(value=v, source="test", basis="distribution")  # noqa: E731
    return IndicatorSpec(
        id="test", name_nb="t", name_en="t", description_nb="", description_en="", unit_nb="%", unit_en="%",
        unit_symbol="%", sdg_goal=1, sdg_targets=[], goal_source="test", direction=direction,
        aggregation="population_weighted_mean", source_key="x",
        source_label="x", optimum=sourced(optimum), green=sourced(green), red=sourced(red),
        target_2030=sourced(target), lower_bound=lower_bound,
    )


# Normalisation ------------------------------------------------------------------------------------------------

def test_normalise_worked_examples():
    assert scoring.normalise([50.0], 0.0, 100.0)[0] == 50.0
    assert scoring.normalise([75.0], 50.0, 100.0)[0] == 50.0
    assert scoring.normalise([120.0, -5.0], 0.0, 100.0).tolist() == [100.0, 0.0]  # clipped
    # lower is better: LB is the high tail, UB the optimum 0; 5 of 20 -> 75 points
    assert scoring.normalise([5.0], 20.0, 0.0)[0] == 75.0
    assert math.isnan(scoring.normalise([float("nan")], 0.0, 100.0)[0])  # missing stays missing


def test_bounds_take_the_worst_tail_of_the_latest_year():
    values = pd.Series(np.arange(1.0, 101.0))  # 1..100
    higher = scoring.bounds(spec("higher", optimum=100.0, green=90.0, red=50.0), values)
    assert higher.lower == pytest.approx(np.percentile(values, 2.5)) and higher.upper == 100.0
    lower = scoring.bounds(spec("lower", optimum=0.0, green=10.0, red=50.0), values)
    assert lower.lower == pytest.approx(np.percentile(values, 97.5)) and lower.upper == 0.0
    fixed = scoring.bounds(spec(lower_bound=20.0), values)
    assert (fixed.lower, fixed.lower_rule) == (20.0, "catalogue")
    assert scoring.bounds(spec(direction=None), values) is None  # context indicators are not scored


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(finite, finite, finite)
def test_scores_stay_in_0_100(x, lower, upper):
    assume(abs(upper - lower) > 1e-6)
    assert 0.0 <= scoring.normalise([x], lower, upper)[0] <= 100.0


@given(finite, finite, finite)
def test_inverting_direction_mirrors_the_score(x, lower, upper):
    """Scoring x between (LB, UB) equals scoring the mirrored value -x between (-LB, -UB)."""
    assume(abs(upper - lower) > 1e-3)
    assert scoring.normalise([x], lower, upper)[0] == pytest.approx(scoring.normalise([-x], -lower, -upper)[0],
                                                                      abs=1e-6)


@given(finite, finite, finite, finite)
def test_a_better_value_never_lowers_a_score(a, b, lower, upper):
    assume(abs(upper - lower) > 1e-6)
    better, worse = (a, b) if (a - b) * (upper - lower) >= 0 else (b, a)
    assert scoring.normalise([better], lower, upper)[0] >= scoring.normalise([worse], lower, upper)[0]


@given(st.lists(st.one_of(finite, st.just(float("nan"))), min_size=1, max_size=20))
def test_missing_stays_missing(values):
    scores = scoring.normalise(values, 0.0, 100.0)
    assert [math.isnan(v) for v in values] == [math.isnan(s) for s in scores]


# Colours ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [(85, "green"), (80, "green"), (75, "yellow"), (70, "yellow"), (65, "orange"), (60, "orange"), (59.9, "red"),
     (None, "grey"), (float("nan"), "grey")],
)
def test_indicator_colour_higher_is_better(value, expected):
    assert status.indicator_colour(value, spec("higher", green=80.0, red=60.0)) == expected


@pytest.mark.parametrize("value, expected", [(5, "green"), (10, "green"), (12, "yellow"), (17, "orange"),
                                             (20, "orange"), (20.1, "red")])
def test_indicator_colour_lower_is_better(value, expected):
    assert status.indicator_colour(value, spec("lower", optimum=0.0, green=10.0, red=20.0)) == expected


@pytest.mark.parametrize(
    "colours, expected",
    [
        (["red", "red", "green"], "red"),  # red only if both worst are red
        (["red", "orange"], "orange"),  # 0.5 rounds toward red, but red needs both red
        (["red", "green", "green"], "orange"),  # SDSN: average of the two worst (1.5), rounded toward the worse
        (["orange", "yellow"], "orange"),
        (["green", "yellow", "green"], "yellow"),  # green only if both worst are green
        (["green", "green"], "green"),
        (["yellow"], "yellow"),  # a goal with one indicator takes its colour
        (["grey"], "grey"),
        ([], "grey"),
    ],
)
def test_goal_colour_from_the_two_worst(colours, expected):
    assert status.goal_colour(colours) == expected


# Trend arrows (SDSN) ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "scores, expected",
    [
        # base 2015 score 40, green 80: needed = 40/15 = 2.67 a year
        ({2015: 40, 2020: 55}, "on_track"),  # seen 3.0 -> r 1.125
        ({2015: 40, 2020: 50}, "moderate"),  # seen 2.0 -> r 0.75
        ({2015: 40, 2020: 45}, "stagnating"),  # seen 1.0 -> r 0.375
        ({2015: 40, 2020: 40}, "stagnating"),  # r 0
        ({2015: 40, 2020: 38}, "decreasing"),
        ({2015: 85, 2020: 82}, "on_track"),  # staying at green
        ({2020: 40}, "too_few"),
        ({2010: 30, 2014: 50}, "too_few"),  # nothing since 2015
        ({2016: 40, 2018: 50, 2022: 58}, "on_track"),  # base = first year after 2015: needed 40/14, seen 18/6
    ],
)
def test_sdsn_trend_worked_examples(scores, expected):
    assert trends.sdsn_trend(list(scores), list(scores.values()), green_score=80.0) == expected


def test_sdsn_trend_boundaries():
    # needed = 40/15; r exactly 0.5 is stagnating, just above is moderate
    half = 40 / 15 * 0.5 * 5
    assert trends.sdsn_trend([2015, 2020], [40, 40 + half], 80.0) == "stagnating"
    assert trends.sdsn_trend([2015, 2020], [40, 40 + half + 0.01], 80.0) == "moderate"


# Progress toward a target (Eurostat) ----------------------------------------------------------------------------

def test_progress_with_a_target_worked_examples():
    # from 100 in 2015 toward 200 in 2030: needed CAGR = 2^(1/15) - 1 = 4.73 %
    assert trends.progress([2015, 2020], [100, 130], "higher", 200).status == "substantial"  # 5.39 %: 1.14
    assert trends.progress([2015, 2020], [100, 120], "higher", 200).status == "moderate"  # 3.71 %: 0.78
    assert trends.progress([2015, 2020], [100, 105], "higher", 200).status == "limited"  # 0.98 %: 0.21
    assert trends.progress([2015, 2020], [100, 95], "higher", 200).status == "moving_away"
    assert trends.progress([2015, 2020], [100, 210], "higher", 200).status == "reached"
    moderate = trends.progress([2015, 2020], [100, 120], "higher", 200)
    assert moderate.ratio == pytest.approx((1.2 ** 0.2 - 1) / (2 ** (1 / 15) - 1))


def test_progress_lower_is_better_toward_a_target():
    # from 12 in 2018 toward 6 in 2030: needed -5.61 % a year
    assert trends.progress([2018, 2022], [12, 9], "lower", 6).status == "substantial"
    assert trends.progress([2018, 2022], [12, 13], "lower", 6).status == "moving_away"
    assert trends.progress([2018, 2022], [12, 5], "lower", 6).status == "reached"


@pytest.mark.parametrize(
    "values, direction, expected",
    [([100, 110], "higher", "substantial"), ([100, 102], "higher", "moderate"), ([100, 99], "higher",
     "moderately_away"), ([100, 90], "higher", "moving_away"), ([100, 90], "lower", "substantial")],
)
def test_progress_without_a_target_uses_growth(values, direction, expected):
    assert trends.progress([2015, 2020], values, direction, None).status == expected


def test_progress_needs_two_years():
    assert trends.progress([2020], [5], "higher", 10).status == "too_few"


def test_progress_from_a_base_of_zero_uses_the_linear_ratio():
    # needed 10/15 = 0.667 a year, seen 5/5 = 1.0 a year: ratio 1.5, substantial (not "too few data")
    moved = trends.progress([2015, 2020], [0, 5], "higher", 10)
    assert (moved.status, moved.ratio) == ("substantial", pytest.approx(1.5))
    assert trends.progress([2015, 2020], [0, 1], "higher", 10).status == "limited"  # 0.2 / 0.667 = 0.3
    assert trends.progress([2015, 2020], [0, 4], "lower", None).status == "moving_away"  # counts rising from 0


def test_progress_when_the_start_already_meets_the_target():
    """3 → 39 decares of lost farmland against a target of at most 5.6 is moving away, not progress."""
    assert trends.progress([2016, 2023], [3, 39], "lower", 5.6).status == "moving_away"
    assert trends.progress([2016, 2023], [3, 4], "lower", 5.6).status == "reached"  # started there, still there
    assert trends.progress([2016, 2023], [60, 50], "higher", 55).status == "moving_away"
    assert trends.progress([2016, 2023], [60, 58], "higher", 55).status == "reached"


@given(st.lists(st.tuples(st.integers(2015, 2029), st.floats(0, 1e6)), min_size=2, max_size=12,
                unique_by=lambda p: p[0]), st.sampled_from(["higher", "lower"]), st.floats(0, 1e6))
def test_progress_never_calls_a_start_beyond_the_target_progress(points, direction, target):
    years, values = zip(*sorted(points), strict=True)
    sign = 1 if direction == "higher" else -1
    moved = trends.progress(years, values, direction, target)
    if sign * (values[0] - target) >= 0 and sign * (values[-1] - target) < 0:
        assert moved.status == "moving_away"
    if sign * (values[-1] - target) >= 0:
        assert moved.status == "reached"


def test_linear_projection_states_its_years():
    projection = trends.linear_projection([2014, 2015, 2016, 2017], [0, 10, 12, 14])
    assert projection.years_used == (2015, 2016, 2017)
    assert projection.at(2030) == pytest.approx(40.0)
    assert trends.linear_projection([2020], [1]) is None
    assert trends.linear_projection([2020, 2021], [1, 2]) is None  # two years are not a trend


def test_projection_stays_inside_the_unit():
    share = trends.linear_projection([2015, 2016, 2017], [90, 95, 99], ceiling=100.0, floor=0.0)
    assert share.at(2030) == 100.0
    count = trends.linear_projection([2015, 2016, 2017], [30, 20, 10], floor=0.0)
    assert count.at(2030) == 0.0
    assert trends.unit_limits("%") == (0.0, 100.0) and trends.unit_limits("dekar") == (0.0, None)


# U4SSC ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("percent, points", [(0, 1), (32.9, 1), (33, 2), (65.9, 2), (66, 3), (94.9, 3), (95, 4),
                                             (100, 4), (None, None)])
def test_u4ssc_points(percent, points):
    assert u4ssc.points(percent) == points


def test_u4ssc_category_results():
    kpis = pd.DataFrame({"category": ["Water", "Water", "Water", "Energy"], "points": [4, 3, None, 1]})
    results = u4ssc.group_results(kpis, "category").set_index("category")
    assert results.result["Water"] == pytest.approx(100 * 7 / 8)  # two reported KPIs
    assert results.band["Water"] == 3
    assert results.result["Energy"] == 25.0 and results.band["Energy"] == 1


def test_u4ssc_a_kpi_split_into_data_points_counts_once():
    """Air quality (EN: EN: AQ: 1C) is five pollutants, five KS ids, one KPI."""
    kpis = pd.DataFrame({"category": ["Air"] * 5 + ["Air"], "kpi_code": ["AQ1"] * 5 + ["AQ2"],
                         "points": [4, 4, 2, 2, 3, 1]})
    air = u4ssc.group_results(kpis, "category").set_index("category").loc["Air"]
    assert air.reported == 2  # two KPIs, not six data points
    assert air.result == pytest.approx(100 * (3.0 + 1) / 8)


def test_u4ssc_percent_of_target():
    assert u4ssc.percent_of_target(50, 100) == 50.0
    assert u4ssc.percent_of_target(150, 100) == 100.0
    assert u4ssc.percent_of_target(20, 10, "lower") == 50.0


def test_u4ssc_a_target_of_zero_can_be_scored():
    assert u4ssc.percent_of_target(0, 0, "lower") == 100.0  # met
    assert u4ssc.percent_of_target(2, 0, "lower", base=8) == 75.0  # three quarters of the way from 8 to 0
    assert u4ssc.percent_of_target(9, 0, "lower", base=8) == 0.0  # worse than the start
    assert u4ssc.percent_of_target(3, 0, "lower") == 0.0  # no earlier value: none of the way yet
    assert u4ssc.points(u4ssc.percent_of_target(0, 0, "lower")) == 4
