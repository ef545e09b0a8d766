"""The one cache layer between pages and core: cached reads of the built database."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import geometry, queries
from core.catalogue import load_catalogue
from core.etl.areas import search_label
from core.scores import ScoreBook, compute


@st.cache_resource(show_spinner=False)
def boundaries(level: str) -> dict:
    return geometry.boundaries(level)


@st.cache_resource(show_spinner=False)
def tiny_area_points(level: str) -> dict[str, tuple[float, float]]:
    return geometry.tiny_area_points(boundaries(level))


@st.cache_data(show_spinner=False)
def municipalities() -> pd.DataFrame:
    frame = queries.municipalities()
    frame["label"] = [
        search_label(r.name, r.name_ssb, r.name_norwegian, r.name_sami, r.code) for r in frame.itertuples()
    ]
    return frame


@st.cache_data(show_spinner=False)
def area_names(level: str) -> dict[str, str]:
    return dict(queries.area_names(level).itertuples(index=False, name=None))


@st.cache_data(show_spinner=False)
def sources() -> pd.DataFrame:
    return queries.sources().set_index("key")


@st.cache_data(show_spinner=False)
def years_with_data(indicator_id: str, level: str) -> list[int]:
    return queries.years_with_data(indicator_id, level)


@st.cache_data(show_spinner=False)
def observations(indicator_id: str, level: str, year: int) -> pd.DataFrame:
    return queries.observations(indicator_id, level, year)


@st.cache_data(show_spinner=False)
def observations_all_years(indicator_id: str, level: str) -> pd.DataFrame:
    return queries.observations(indicator_id, level)


def goal_scores_by_year() -> pd.DataFrame:
    """area_level, area_code, goal, year, value: each goal's mean indicator score in each year."""
    from core import targets

    return _goal_scores_by_year(targets.version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _goal_scores_by_year(targets_version: int) -> pd.DataFrame:
    scored = _score_book(targets_version).observations
    goal_of = {i: s.sdg_goal for i, s in load_catalogue().items()}
    frame = scored.assign(goal=scored.indicator_id.map(goal_of))
    result = frame.groupby(["area_level", "area_code", "goal", "year"]).score.mean().rename("value").reset_index()
    result["goal"] = result.goal.astype(int)
    return result


@st.cache_data(show_spinner=False)
def national_observation(indicator_id: str, year: int) -> tuple[float, str] | None:
    return queries.national_observation(indicator_id, year)


@st.cache_resource(show_spinner=False)
def all_observations() -> pd.DataFrame:
    """Every observation; read-only, shared (cache_resource does not copy on each hit)."""
    return queries.all_observations()


@st.cache_resource(show_spinner=False)
def latest_by_area() -> pd.DataFrame:
    """Each municipality's latest value of every indicator, for comparisons (read-only, shared)."""
    from core.comparison import latest_by_area as build

    return build(all_observations())


def score_book() -> ScoreBook:
    """Scores with the local targets as they are now (one small query decides which cached book)."""
    from core import targets

    return _score_book(targets.version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _score_book(targets_version: int) -> ScoreBook:
    from core import targets

    return compute(all_observations(), load_catalogue(), targets.local_targets())


def scores_csv(code: str | None = None) -> bytes:
    """The scores export as CSV bytes (all areas, or one), with the local targets as they are now."""
    from core import targets

    return _scores_csv(code, targets.version())


@st.cache_data(show_spinner=False, max_entries=32)
def _scores_csv(code: str | None, targets_version: int) -> bytes:
    from core.exports import scores_frame

    return scores_frame(_score_book(targets_version), code).to_csv(index=False).encode("utf-8")


@st.cache_resource(show_spinner=False)
def structure() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(raw structural variables, their z-scores) per municipality, for nearest neighbours."""
    from core import peers

    raw = peers.structural_variables(all_observations(), queries.municipalities())
    return raw, peers.standardise(raw)


@st.cache_data(show_spinner=False)
def counties() -> pd.DataFrame:
    return queries.counties()


@st.cache_data(show_spinner=False)
def sdg_goals() -> pd.DataFrame:
    return queries.sdg_goals()


def member_codes(level: str) -> list[str]:
    """Codes of the network's active members at a level (outlined on maps)."""
    from core.network.members import active_codes

    return active_codes("kommune" if level == "municipality" else "fylkeskommune")


def catalogue():
    return load_catalogue()


def warm_up() -> None:
    """Fill the caches a first visitor would otherwise wait for."""
    for level in ("municipality", "county"):
        boundaries(level)
        tiny_area_points(level)
        area_names(level)
    municipalities()
    sources()
    score_book()
