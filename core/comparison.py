"""A municipality against its peers and the country: per-indicator tables and per-goal ranges."""

from __future__ import annotations

import pandas as pd

from core.profile import median_series
from core.scores import ScoreBook


def latest_by_area(observations: pd.DataFrame) -> pd.DataFrame:
    """indicator_id, code, year, value: each municipality's latest value of every indicator (build it once)."""
    municipal = observations[observations.area_level == "municipality"].sort_values("year")
    latest = municipal.drop_duplicates(["indicator_id", "area_code"], keep="last")
    return latest.rename(columns={"area_code": "code"})[["indicator_id", "code", "year", "value"]]


def latest_values(latest: pd.DataFrame, indicator_id: str, codes) -> pd.DataFrame:
    """code, year, value: the municipalities' latest values of one indicator, from latest_by_area."""
    rows = latest[(latest.indicator_id == indicator_id) & latest.code.isin(set(codes))]
    return rows[["code", "year", "value"]].reset_index(drop=True)


def indicators_with_values(latest: pd.DataFrame, codes) -> set[str]:
    """The indicators any of the municipalities has a value for."""
    return set(latest.indicator_id[latest.code.isin(set(codes))])


def trend_series(observations: pd.DataFrame, catalogue, code: str, peer_codes: list[str], lang: str
                 ) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """For the small multiples: per directed indicator the municipality has two or more years of, titled by its
    name, the municipality's year/value rows and the peers' median per year."""
    nearby = observations[(observations.area_level == "municipality")
                          & observations.area_code.isin({code, *peer_codes})]
    # Split by indicator once (not 55 000 rows filtered again for each indicator).
    by_indicator = dict(tuple(nearby.groupby("indicator_id", sort=False)))
    series = {}
    for indicator_id, spec in catalogue.items():
        if not spec.direction or indicator_id not in by_indicator:
            continue
        rows = by_indicator[indicator_id]
        mine = rows[rows.area_code == code].sort_values("year")
        if mine.year.nunique() >= 2:
            series[spec.name(lang)] = (mine, median_series(rows, indicator_id, peer_codes))
    return series


def comparison_table(observations: pd.DataFrame, latest: pd.DataFrame, catalogue, code: str,
                     peer_codes: list[str]) -> pd.DataFrame:
    """One row per indicator: the municipality, the peers' median, min and max, the country, and the rank.

    Rank 1 is the best among the municipality and its peers (by the indicator's direction).
    """
    rows = []
    # Split once by indicator rather than filtering every frame again for each of them.
    groups = {indicator_id: group[["code", "year", "value"]].reset_index(drop=True) for indicator_id, group
              in latest[latest.code.isin({code, *peer_codes})].groupby("indicator_id", sort=False)}
    national = observations[observations.area_level == "country"].sort_values("year")
    national_latest = national.groupby("indicator_id").value.last()
    for indicator_id, spec in catalogue.items():
        group = groups.get(indicator_id)
        if group is None or group.empty:
            continue
        mine = group[group.code == code]
        others = group[group.code != code]
        rank = None
        if not mine.empty and spec.direction:
            ordered = group.value.rank(ascending=spec.direction == "lower", method="min")
            rank = int(ordered[group.code == code].iloc[0])
        rows.append({
            "indicator": indicator_id,
            "year": int(mine.year.iloc[0]) if not mine.empty else None,
            "value": float(mine.value.iloc[0]) if not mine.empty else None,
            "peer_median": float(others.value.median()) if not others.empty else None,
            "peer_min": float(others.value.min()) if not others.empty else None,
            "peer_max": float(others.value.max()) if not others.empty else None,
            "peers_with_data": len(others),
            "national": float(national_latest[indicator_id]) if indicator_id in national_latest.index else None,
            "rank": rank,
            "ranked": len(group) if spec.direction else None,
        })
    return pd.DataFrame(rows)


def goal_ranges(book: ScoreBook, peer_codes) -> pd.DataFrame:
    """Per goal: the peers' median, min and max goal score (NaN where no peer has one)."""
    rows = book.goals[(book.goals.area_level == "municipality") & book.goals.area_code.isin(set(peer_codes))]
    stats = rows.groupby("goal").score.agg(["median", "min", "max"])
    return stats.reindex(range(1, 18))
