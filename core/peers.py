"""Peer municipalities: KOSTRA group, statistical nearest neighbours, land neighbours, county, network, hand-picked.

Nearest neighbours use a standardised Euclidean distance on structural variables (z-scores across
all municipalities). Where a variable is missing for either municipality, the distance uses the
variables both have, scaled up to the full count, so a gap neither helps nor hurts. Ties are broken
by municipality code, so the result is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The structural variables, in the order of the exported columns (built in structural_variables).
STRUCTURE = ("log_population", "centrality", "urban_density", "population_growth_10y", "share_aged_60_plus")
GROWTH_YEARS = 10


def structural_variables(observations: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality (index code) with the raw structural variables, each from its latest year."""
    municipal = observations[observations.area_level == "municipality"]

    def latest(indicator_id: str) -> pd.Series:
        rows = municipal[municipal.indicator_id == indicator_id].sort_values("year")
        return rows.drop_duplicates("area_code", keep="last").set_index("area_code").value

    population = municipal[municipal.indicator_id == "population"].pivot(index="area_code", columns="year",
                                                                         values="value")
    last_year = int(population.columns.max())
    growth = 100.0 * (population[last_year] / population[last_year - GROWTH_YEARS] - 1)
    frame = pd.DataFrame(index=pd.Index(sorted(municipalities.code), name="code"))
    frame["log_population"] = np.log(population[last_year])
    frame["centrality"] = municipalities.set_index("code").centrality.astype(float)
    frame["urban_density"] = latest("urban_density")
    frame["population_growth_10y"] = growth
    frame["share_aged_60_plus"] = latest("share_aged_60_plus")
    return frame


def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column over the municipalities that have a value (population standard deviation)."""
    return (frame - frame.mean()) / frame.std(ddof=0)


@dataclass(frozen=True)
class Neighbour:
    code: str
    distance: float
    closest: tuple[str, ...]  # the structural variables on which it is most alike
    furthest: str | None = None  # the variable on which it differs most ("but 30× smaller")
    furthest_values: tuple[float, float] | None = None  # (the municipality's, this neighbour's), raw units


def largest_difference(variable: str, mine: float, theirs: float) -> tuple[str, float]:
    """How to word the largest difference: ('smaller'|'larger', times) for population, ('lower'|'higher', gap)
    otherwise. Population is compared as a ratio because its distance is taken on the log scale."""
    if variable == "log_population":
        ratio = math.exp(theirs - mine)
        return ("larger", ratio) if ratio >= 1 else ("smaller", 1 / ratio)
    return ("higher", theirs - mine) if theirs >= mine else ("lower", mine - theirs)


def nearest_neighbours(code: str, z: pd.DataFrame, k: int = 10, explain: int = 2,
                       raw: pd.DataFrame | None = None) -> list[Neighbour]:
    """The k municipalities nearest to `code` in standardised structure, nearest first; with the raw variables,
    each also names the variable it differs most on, in raw units."""
    if code not in z.index:
        raise LookupError(f"unknown municipality: {code}")
    me = z.loc[code]
    others = z.drop(index=code)
    differences = others - me
    shared = differences.notna().sum(axis=1)
    squares = (differences**2).sum(axis=1, min_count=1)
    distance = np.sqrt(squares * z.shape[1] / shared.replace(0, np.nan))
    ranked = pd.DataFrame({"distance": distance}).dropna().reset_index().sort_values(["distance", "code"])
    result = []
    for row in ranked.head(k).itertuples():
        gaps = differences.loc[row.code].abs().dropna().sort_values(kind="stable")
        furthest = gaps.index[-1] if len(gaps) else None
        values = None
        if raw is not None and furthest is not None:
            mine, theirs = raw.at[code, furthest], raw.at[row.code, furthest]
            values = (float(mine), float(theirs)) if pd.notna(mine) and pd.notna(theirs) else None
        result.append(Neighbour(row.code, float(row.distance), tuple(gaps.index[:explain]), furthest, values))
    return result


def kostra_peers(code: str, municipalities: pd.DataFrame) -> list[str]:
    group = municipalities.set_index("code").kostra_group_code.get(code)
    if group is None or (isinstance(group, float) and math.isnan(group)):
        return []
    return sorted(c for c in municipalities.code[municipalities.kostra_group_code == group] if c != code)


def land_neighbours(code: str, neighbours: dict[str, list[str]]) -> list[str]:
    """The municipalities sharing a land border with `code`, by code (neighbours: core.geometry.neighbours, built
    from the boundaries); [] for a municipality without one, e.g. an island reached only by ferry."""
    return sorted(c for c in neighbours.get(code, ()) if c != code)


def county_peers(code: str, municipalities: pd.DataFrame) -> list[str]:
    return sorted(c for c in municipalities.code[municipalities.county_code == code[:2]] if c != code)


def hand_picked(codes, municipalities: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(known codes, unknown codes) of a hand-picked list, order kept, duplicates dropped."""
    known_codes = set(municipalities.code)
    known, unknown = [], []
    for code in dict.fromkeys(c.strip() for c in codes if c and c.strip()):
        (known if code in known_codes else unknown).append(code)
    return known, unknown
