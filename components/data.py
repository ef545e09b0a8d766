"""The one cache layer between pages and core: cached reads of the built database."""

from __future__ import annotations

import gc

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


@st.cache_resource(show_spinner=False)
def search_index():
    """Every municipality's name forms and the code-change table's old codes, folded once (core.search)."""
    from core import search

    frame = queries.municipalities()
    names = {r.code: (r.name_norwegian, r.name, r.name_ssb, r.name_sami) for r in frame.itertuples()}
    return search.build_index(names, search.old_codes())


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
    return _goal_scores_by_year(data_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _goal_scores_by_year(version: tuple[int, int]) -> pd.DataFrame:
    scored = _score_book(version).observations
    goal_of = {i: s.sdg_goal for i, s in load_catalogue().items()}
    frame = scored.assign(goal=scored.indicator_id.map(goal_of))
    result = frame.groupby(["area_level", "area_code", "goal", "year"]).score.mean().rename("value").reset_index()
    result["goal"] = result.goal.astype(int)
    return result


@st.cache_data(show_spinner=False)
def national_observation(indicator_id: str, year: int) -> tuple[float, str] | None:
    return queries.national_observation(indicator_id, year)


def member_version() -> int:
    """Grows with every import or undo of members' own values (one small query)."""
    from core.uploads.values import version

    return version()


def data_version() -> tuple[int, int]:
    """(local targets, members' values): what decides which cached scores are current."""
    from core import targets

    follow_refreshes()
    return targets.version(), member_version()


@st.cache_resource(show_spinner=False)
def _refresh_seen() -> dict:
    return {}


def follow_refreshes() -> None:
    """An online refresh run from the command line (cron, a systemd timer) writes from another process: when the
    database holds a newer refresh than the caches were filled from, drop them (one small query per page view)."""
    from core.ssb.refresh import refresh_version

    version, seen = refresh_version(), _refresh_seen()
    if seen.get("version", version) != version:
        st.cache_data.clear()
        st.cache_resource.clear()
        seen = _refresh_seen()
    seen["version"] = version


def public_observations() -> pd.DataFrame:
    """Every public observation; read-only, shared (cache_resource does not copy on each hit)."""
    follow_refreshes()
    return _public_observations()


@st.cache_resource(show_spinner=False)
def _public_observations() -> pd.DataFrame:
    from core import precomputed

    stored = precomputed.stored_observations()  # the build's frame, while no online refresh has added values
    return stored if stored is not None else queries.all_observations()


def all_observations() -> pd.DataFrame:
    """Every observation with members' own values where no public value exists (core.uploads.values)."""
    return _all_observations(member_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _all_observations(members_version: int) -> pd.DataFrame:
    from core.uploads.values import observations_with_members

    return observations_with_members(public_observations())


def indicators_with_data() -> list[str]:
    """Catalogue indicators with at least one value, in catalogue order: an SSB table's indicator has none
    until its first refresh, so it is not offered where values are drawn."""
    return _indicators_with_data(member_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _indicators_with_data(members_version: int) -> list[str]:
    observed = set(_all_observations(members_version).indicator_id.unique())
    return [i for i in load_catalogue() if i in observed]


def latest_by_area() -> pd.DataFrame:
    """Each municipality's latest value of every indicator, for comparisons (read-only, shared)."""
    return _latest_by_area(member_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _latest_by_area(members_version: int) -> pd.DataFrame:
    from core.comparison import latest_by_area as build

    return build(_all_observations(members_version))


def score_book() -> ScoreBook:
    """Scores with the local targets and members' values as they are now (two small queries pick the book)."""
    return _score_book(data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _score_book(version: tuple[int, int]) -> ScoreBook:
    from core import precomputed, targets
    from core.scores import all_bounds

    stored = precomputed.stored_book()  # the build's book, while no target, upload or refresh has changed its basis
    if stored is not None:
        return stored
    catalogue = _catalogue_in_effect()  # bounds from public values only: a member's value never moves others' scores
    return compute(_all_observations(version[1]), catalogue, targets.local_targets(),
                   bounds=all_bounds(public_observations(), catalogue))


def scores_csv(code: str | None = None, lang: str = "nb") -> bytes:
    """The scores export as CSV bytes (all areas, or one), with the local targets and members' values as now,
    in the spreadsheet dialect of the interface language (core.exports.csv_bytes)."""
    return _scores_csv(code, lang, data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _scores_csv(code: str | None, lang: str, version: tuple[int, int]) -> bytes:
    from core.exports import csv_bytes, scores_frame

    return csv_bytes(scores_frame(_score_book(version), code), lang)


@st.cache_resource(show_spinner=False)
def structure() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(raw structural variables, their z-scores) per municipality, for nearest neighbours."""
    from core import peers, precomputed

    # Public values only: neighbours rest on the same official statistics for every municipality.
    raw = precomputed.stored_structure()
    if raw is None:
        raw = peers.structural_variables(public_observations(), queries.municipalities())
    return raw, peers.standardise(raw)


def area_profile(level: str, code: str):
    """What the profile of a municipality or county shows (core.profile.profile_of), for the scores as they are
    now: the profile page, the progress page and the PDF all read this one."""
    return _area_profile(level, code, data_version())


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_profile(level: str, code: str, version: tuple[int, int]):
    from core.profile import profile_of

    return profile_of(level, code, _score_book(version), catalogue=_catalogue_in_effect(),
                      observations=_all_observations(version[1]), municipalities=municipalities(),
                      counties=counties(), structure_z=lambda: structure()[1])


@st.cache_resource(show_spinner=False)
def land_neighbours() -> dict[str, list[str]]:
    """code -> the municipalities sharing a land border with it (core.geometry.neighbours; none for an island)."""
    return geometry.neighbours()


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
    """The catalogue as scores and colours use it: data/indicators.yaml with the thresholds fixed at first
    refreshes (core/ssb/thresholds.py)."""
    follow_refreshes()
    return _catalogue_in_effect()


@st.cache_resource(show_spinner=False)
def _catalogue_in_effect():
    from core.ssb.thresholds import catalogue_in_effect

    return catalogue_in_effect()


def online_freshness() -> pd.DataFrame:
    """Per indicator fed online: when it was last refreshed and the year of its newest value (core/ssb/refresh.py)."""
    follow_refreshes()
    return _online_freshness()


@st.cache_data(show_spinner=False)
def _online_freshness() -> pd.DataFrame:
    from core.ssb.refresh import indicator_freshness

    return indicator_freshness()


def warm_up() -> None:
    """Fill the caches a first visitor would otherwise wait for."""
    for level in ("municipality", "county"):
        boundaries(level)
        tiny_area_points(level)
        area_names(level)
    municipalities()
    sources()
    score_book()
    _freeze_once()


@st.cache_resource(show_spinner=False)
def _freeze_once() -> bool:
    """Move everything loaded so far out of the garbage collector's sight, once per process.

    The boundaries are millions of small Python lists; every full collection walked them all, pausing the
    server for a good part of a page load (measured: pages ready about 0.15 s sooner with this).
    """
    gc.collect()
    gc.freeze()
    return True


@st.cache_data(show_spinner=False)
def sdg_targets() -> pd.DataFrame:
    return queries.sdg_targets()
