"""What the offline build measures, checked on the built database: no indicator that scores most municipalities
0 or 100, goals covered for every municipality, every goal link with its evidence, old values marked."""

from __future__ import annotations

import pandas as pd
import pytest

from core import queries
from core.catalogue import load_catalogue
from core.profile import COAST_INDICATOR
from core.scores import compute

FULL, NONE = 99.999, 0.001  # scores are floats: 100 · (x − LB) / (UB − LB) may land a hair off


@pytest.fixture(scope="module")
def book(built_database):
    return compute(queries.all_observations(), load_catalogue())


@pytest.fixture(scope="module")
def municipal(book) -> pd.DataFrame:
    return book.indicators[book.indicators.area_level == "municipality"]


def test_no_scored_indicator_gives_most_municipalities_0_or_100_points(municipal):
    shares = municipal.groupby("indicator_id").score.agg(
        zero=lambda s: (s <= NONE).mean(), full=lambda s: (s >= FULL).mean())
    assert shares[shares.zero > 0.40].index.tolist() == []
    assert shares[shares.full > 0.60].index.tolist() == []


def test_every_municipality_has_scored_values_on_eight_goals_and_coastal_ones_on_nine(book, built_database):
    goals = book.goals[book.goals.area_level == "municipality"].groupby("area_code").goal.nunique()
    observations = queries.all_observations()
    coastal = set(observations[(observations.indicator_id == COAST_INDICATOR)
                               & (observations.area_level == "municipality")].area_code)
    inland = goals[~goals.index.isin(coastal)]
    seaside = goals[goals.index.isin(coastal)]
    assert len(goals) == len(queries.municipalities())
    assert inland.min() >= 8, inland[inland < 8].to_dict()
    assert seaside.min() >= 9, seaside[seaside < 9].to_dict()


def test_sdg_3_is_scored_for_nine_in_ten_municipalities(book):
    goals = book.goals[(book.goals.area_level == "municipality") & (book.goals.goal == 3)]
    assert goals.area_code.nunique() >= 0.9 * len(queries.municipalities())


def test_every_goal_link_says_why():
    for spec in load_catalogue().values():
        if spec.sdg_goal is not None:
            assert "De norske målepunktene" in spec.goal_source or "SDG target" in spec.goal_source, spec.id


def test_every_scored_threshold_says_what_it_is():
    for spec in load_catalogue().values():
        if spec.direction is not None and spec.green.value is not None:
            assert spec.green.basis in ("absolute", "distribution") and spec.red.basis in ("absolute", "distribution")


def test_old_values_are_marked(municipal):
    dispensations = municipal[municipal.indicator_id == "shoreline_dispensations_per_1000"]
    assert (dispensations.current_year == 2023).all()
    assert dispensations.old.equals(dispensations.year < 2023) and dispensations.old.any()


def test_a_county_is_never_scored_on_a_raw_count(book):
    counties = book.indicators[book.indicators.area_level == "county"]
    catalogue = load_catalogue()
    assert not any(catalogue[i].aggregation == "sum" for i in counties.indicator_id.unique())
    farmland = counties[counties.indicator_id == "farmland_converted_per_1000"]
    assert (farmland.colour != "red").any() and farmland.score.gt(0).all()  # was: every county red, 0 points
