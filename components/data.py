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
def national_observation(indicator_id: str, year: int) -> tuple[float, str] | None:
    return queries.national_observation(indicator_id, year)


@st.cache_resource(show_spinner=False)
def all_observations() -> pd.DataFrame:
    """Every observation; read-only, shared (cache_resource does not copy on each hit)."""
    return queries.all_observations()


@st.cache_resource(show_spinner=False)
def score_book() -> ScoreBook:
    return compute(all_observations(), load_catalogue())


@st.cache_data(show_spinner=False)
def scores_csv(code: str | None = None) -> bytes:
    """The scores export as CSV bytes (all areas, or one), built once."""
    from core.exports import scores_frame

    return scores_frame(score_book(), code).to_csv(index=False).encode("utf-8")


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
