"""Scores, colours, trends and progress for every area and indicator, and goal and index summaries.

Each formula lives in its own module (scoring, status, trends); this module applies them to the
database's observations. Missing values never become zeros: an area without a value has no score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core import scoring, status, trends
from core.catalogue import IndicatorSpec

INDEX_MIN_COVERAGE = 0.8
TREND_RANK = {trends.DECREASING: 0, trends.STAGNATING: 1, trends.MODERATE: 2, trends.ON_TRACK: 3}
BY_TREND_RANK = {rank: name for name, rank in TREND_RANK.items()}


def scored(catalogue: dict[str, IndicatorSpec]) -> dict[str, IndicatorSpec]:
    """The indicators that are scored: a direction and an optimum."""
    return {i: s for i, s in catalogue.items() if s.direction is not None and s.optimum.value is not None}


def with_data(specs: dict[str, IndicatorSpec], indicator_rows: pd.DataFrame) -> dict[str, IndicatorSpec]:
    """The indicators any area has a value for. Coverage counts only these, so that an indicator fed online
    (SSB) before its first refresh changes no score, coverage or index."""
    observed = set(indicator_rows.indicator_id) if not indicator_rows.empty else set()
    return {i: s for i, s in specs.items() if i in observed}


def all_bounds(observations: pd.DataFrame, catalogue: dict[str, IndicatorSpec]) -> dict[str, scoring.Bounds]:
    """Fixed bounds per scored indicator, from the municipalities' values in its latest year."""
    result = {}
    municipal = observations[observations.area_level == "municipality"]
    for indicator_id, spec in scored(catalogue).items():
        values = municipal[municipal.indicator_id == indicator_id]
        if values.empty:
            continue
        latest = values[values.year == values.year.max()].value
        found = scoring.bounds(spec, latest)
        if found is not None:
            result[indicator_id] = found
    return result


def score_observations(observations: pd.DataFrame, bounds: dict[str, scoring.Bounds]) -> pd.DataFrame:
    """Adds lower_bound, upper_bound and score to every observation of a scored indicator."""
    frame = observations[observations.indicator_id.isin(bounds)].copy()
    frame["lower_bound"] = frame.indicator_id.map({i: b.lower for i, b in bounds.items()})
    frame["upper_bound"] = frame.indicator_id.map({i: b.upper for i, b in bounds.items()})
    frame["score"] = scoring.normalise(frame.value, frame.lower_bound.to_numpy(), frame.upper_bound.to_numpy())
    return frame


@dataclass(frozen=True)
class Target:
    value: float
    year: int
    origin: str  # "catalogue" or "local"


def target_for(spec: IndicatorSpec, level: str, code: str,
               local_targets: dict[tuple[str, str, str], Target]) -> Target | None:
    """The area's 2030 target for an indicator: its own (local) where it set one, else the catalogue's default."""
    local = local_targets.get((level, code, spec.id))
    if local is not None:
        return local
    if spec.target_2030.value is not None:
        return Target(spec.target_2030.value, trends.TARGET_YEAR, "catalogue")
    return None


def indicator_status(
    scored_frame: pd.DataFrame,
    catalogue: dict[str, IndicatorSpec],
    bounds: dict[str, scoring.Bounds],
    local_targets: dict[tuple[str, str, str], Target] | None = None,
) -> pd.DataFrame:
    """One row per (area, indicator) at its latest year: value, score, colour, trend, target, progress."""
    local_targets = local_targets or {}
    frame = scored_frame.sort_values(["area_level", "area_code", "indicator_id", "year"])
    years, values, scores = frame.year.to_numpy(), frame.value.to_numpy(), frame.score.to_numpy()
    green_scores = {
        i: float(scoring.normalise([catalogue[i].green.value], b.lower, b.upper)[0])
        if catalogue[i].green.value is not None else None
        for i, b in bounds.items()
    }
    rows = []
    # Plain arrays per group: pandas indexing inside this loop cost seconds for 4 500 groups.
    groups = frame.groupby(["area_level", "area_code", "indicator_id"]).indices
    for (level, code, indicator_id), positions in groups.items():
        spec, bound = catalogue[indicator_id], bounds[indicator_id]
        ys, xs, ss = years[positions], values[positions], scores[positions]
        target = target_for(spec, level, code, local_targets)
        moved = trends.progress(ys, xs, spec.direction, target.value if target else None,
                                target.year if target else trends.TARGET_YEAR)
        rows.append(
            {
                "area_level": level, "area_code": code, "indicator_id": indicator_id, "goal": spec.sdg_goal,
                "year": int(ys[-1]), "value": float(xs[-1]),
                "lower_bound": bound.lower, "upper_bound": bound.upper, "lower_rule": bound.lower_rule,
                "score": float(ss[-1]), "colour": status.indicator_colour(float(xs[-1]), spec),
                "trend": trends.sdsn_trend(ys, ss, green_scores[indicator_id]),
                "target": target.value if target else None, "target_year": target.year if target else None,
                "target_origin": target.origin if target else None,
                "progress": moved.status, "progress_ratio": moved.ratio,
            }
        )
    return mark_old_values(pd.DataFrame(rows))


def mark_old_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Adds `current_year` (the year most municipalities' latest value is from) and `old` (this area's latest value
    is older than that), so a value from 2019 is never read as today's next to its peers' 2023 values."""
    if rows.empty:
        return rows.assign(current_year=pd.Series(dtype="int64"), old=pd.Series(dtype=bool))
    municipal = rows[rows.area_level == "municipality"]
    current = municipal.groupby("indicator_id").year.agg(lambda years: int(years.mode().max()))
    current = current.reindex(rows.indicator_id.unique()).fillna(rows.groupby("indicator_id").year.max())
    rows["current_year"] = rows.indicator_id.map(current).astype(int)
    rows["old"] = rows.year < rows.current_year
    return rows


def goal_status(indicator_rows: pd.DataFrame, catalogue: dict[str, IndicatorSpec]) -> pd.DataFrame:
    """Per (area, goal): mean score, colour of the two worst indicators, trend, and coverage."""
    per_goal: dict[int, set[str]] = {}
    for spec in with_data(scored(catalogue), indicator_rows).values():
        per_goal.setdefault(spec.sdg_goal, set()).add(spec.id)
    scores, colours = indicator_rows.score.to_numpy(), indicator_rows.colour.to_numpy()
    trend_names, years = indicator_rows.trend.to_numpy(), indicator_rows.year.to_numpy()
    rows = []
    for (level, code, goal), positions in indicator_rows.groupby(["area_level", "area_code", "goal"]).indices.items():
        ranks = [TREND_RANK[t] for t in trend_names[positions] if t in TREND_RANK]
        rows.append(
            {
                "area_level": level, "area_code": code, "goal": int(goal),
                "score": float(scores[positions].mean()), "colour": status.goal_colour(colours[positions]),
                "trend": BY_TREND_RANK[round(float(np.mean(ranks)))] if ranks else trends.TOO_FEW,
                "indicators": len(positions), "indicators_in_goal": len(per_goal.get(goal, ())),
                "year": int(years[positions].max()),
            }
        )
    return pd.DataFrame(rows)


def index_status(indicator_rows: pd.DataFrame, goal_rows: pd.DataFrame, catalogue) -> pd.DataFrame:
    """Per area: the mean of goal scores, only where ≥ 80 % of the scored indicators with data have values."""
    total = len(with_data(scored(catalogue), indicator_rows))
    counts = indicator_rows.groupby(["area_level", "area_code"]).size().rename("indicators")
    means = goal_rows.groupby(["area_level", "area_code"]).score.mean().rename("mean_goal_score")
    frame = pd.concat([counts, means], axis=1).reset_index()
    frame["coverage"] = frame.indicators / total
    frame["index"] = frame.mean_goal_score.where(frame.coverage >= INDEX_MIN_COVERAGE)
    return frame


def in_force(catalogue: dict[str, IndicatorSpec], observations: pd.DataFrame) -> dict[str, IndicatorSpec]:
    """The catalogue without the indicators replaced by a successor that has values (`superseded_by`), so that an
    official series fetched online takes the place of the extract it replaces instead of counting twice."""
    if not any(spec.superseded_by for spec in catalogue.values()):
        return catalogue
    observed = set(observations.indicator_id.unique()) if not observations.empty else set()
    return {i: s for i, s in catalogue.items() if not (s.superseded_by and s.superseded_by in observed)}


def relative_targets(observations: pd.DataFrame, catalogue: dict[str, IndicatorSpec]) -> dict[tuple, Target]:
    """Each area's 2030 target for indicators whose catalogue target is relative to the area's own value in a base
    year (e.g. the Climate Change Act's cut applied to a municipality's emissions): base value x (1 + change/100).
    An area without a value in the base year gets none (never a target invented from a later year)."""
    result = {}
    for spec in catalogue.values():
        change, base_year = spec.target_2030.relative_change, spec.target_2030.base_year
        if change is None or spec.direction is None:
            continue
        base = observations[(observations.indicator_id == spec.id) & (observations.year == base_year)]
        for level, code, value in zip(base.area_level, base.area_code, base.value, strict=True):
            result[(level, code, spec.id)] = Target(float(value) * (1 + change / 100), trends.TARGET_YEAR,
                                                    "catalogue")
    return result


@dataclass(frozen=True)
class ScoreBook:
    """Everything scored, for all municipalities, counties and the country."""

    bounds: dict[str, scoring.Bounds]
    observations: pd.DataFrame  # every scored observation with its score
    indicators: pd.DataFrame  # latest status per (area, indicator)
    goals: pd.DataFrame  # per (area, goal)
    index: pd.DataFrame  # per area
    local_targets: dict[tuple[str, str, str], Target] = field(default_factory=dict)  # what the statuses used


def compute(observations: pd.DataFrame, catalogue: dict[str, IndicatorSpec],
            local_targets: dict[tuple[str, str, str], Target] | None = None,
            bounds: dict[str, scoring.Bounds] | None = None) -> ScoreBook:
    """bounds: fixed in advance (from public values only, so members' own values never move them)."""
    catalogue = in_force(catalogue, observations)
    bounds = all_bounds(observations, catalogue) if bounds is None else bounds
    bounds = {i: b for i, b in bounds.items() if i in catalogue}
    frame = score_observations(observations, bounds)
    local_targets = {**relative_targets(observations, catalogue), **(local_targets or {})}
    indicator_rows = indicator_status(frame, catalogue, bounds, local_targets)
    goal_rows = goal_status(indicator_rows, catalogue)
    return ScoreBook(bounds, frame, indicator_rows, goal_rows, index_status(indicator_rows, goal_rows, catalogue),
                     dict(local_targets or {}))
