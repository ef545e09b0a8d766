"""What a profile shows about one municipality or county, computed from the score book."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.scores import ScoreBook

GOALS = range(1, 18)


@dataclass(frozen=True)
class KeyFacts:
    population: float | None
    population_year: int | None
    population_change_10y: float | None  # percent over the last ten years
    county: str | None
    kostra_group: str | None
    centrality: int | None
    area_km2: float | None


def key_facts(code: str, level: str, population: pd.DataFrame, municipalities: pd.DataFrame,
              counties: pd.DataFrame) -> KeyFacts:
    """population: area_code, year, value at the area's level."""
    series = population[population.area_code == code].sort_values("year")
    latest = series.iloc[-1] if not series.empty else None
    change = None
    if latest is not None:
        earlier = series[series.year == latest.year - 10]
        if not earlier.empty and earlier.value.iloc[0]:
            change = 100.0 * (latest.value / earlier.value.iloc[0] - 1)
    county_names = dict(zip(counties.code, counties.name, strict=True))
    if level == "municipality":
        row = municipalities.set_index("code").loc[code]
        return KeyFacts(
            float(latest.value) if latest is not None else None, int(latest.year) if latest is not None else None,
            change, county_names.get(row.county_code), row.kostra_group_name,
            int(row.centrality) if pd.notna(row.centrality) else None, float(row.area_km2),
        )
    area = float(municipalities[municipalities.county_code == code].area_km2.sum())
    return KeyFacts(
        float(latest.value) if latest is not None else None, int(latest.year) if latest is not None else None,
        change, county_names.get(code), None, None, area,
    )


def goal_scores(book: ScoreBook, level: str, code: str) -> pd.Series:
    """Score per goal 1-17 for one area; NaN where the goal has no scored indicator with data."""
    rows = book.goals[(book.goals.area_level == level) & (book.goals.area_code == code)]
    return rows.set_index("goal").score.reindex(GOALS)


def median_goal_scores(book: ScoreBook, codes) -> pd.Series:
    """Median score per goal over a set of municipalities (NaN where none has one)."""
    rows = book.goals[(book.goals.area_level == "municipality") & book.goals.area_code.isin(set(codes))]
    return rows.groupby("goal").score.median().reindex(GOALS)


def median_series(observations: pd.DataFrame, indicator_id: str, codes) -> pd.DataFrame:
    """year, value: the median of the municipalities' values each year (for trend charts)."""
    rows = observations[
        (observations.area_level == "municipality")
        & (observations.indicator_id == indicator_id)
        & observations.area_code.isin(set(codes))
    ]
    return rows.groupby("year").value.median().reset_index()
