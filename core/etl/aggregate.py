"""County and national values built from the 2024 municipalities, by the catalogue's aggregation rule."""

from __future__ import annotations

import pandas as pd

COUNTRY_CODE = "NO"


def aggregate(municipal: pd.DataFrame, rule: str, population: pd.DataFrame, group_of,
              group_sizes: dict[str, int] | None = None) -> pd.DataFrame:
    """municipal: code, year, value (+ num, den for ratios) -> area_code, year, value, quality per group.

    group_of maps a municipality code to its group code (county number, or 'NO'). Missing
    municipalities are left out, never counted as zero; where any of the group's municipalities
    (group_sizes) lacks a value the result is marked 'aggregated_partial' (for a sum, a lower bound).
    """
    data = municipal.assign(group=municipal.code.map(group_of))
    counts = data.groupby(["group", "year"]).code.nunique()
    if rule == "sum":
        result = data.groupby(["group", "year"]).value.sum()
    elif rule == "ratio":
        sums = data.groupby(["group", "year"])[["num", "den"]].sum()
        result = 100 * sums.num / sums.den
    elif rule == "population_weighted_mean":
        weighted = data.merge(population.rename(columns={"value": "weight"}), on=["code", "year"], how="left")
        weighted["weight"] = weighted.weight.fillna(weighted.code.map(_latest(population)))
        weighted["product"] = weighted.value * weighted.weight
        sums = weighted.groupby(["group", "year"])[["product", "weight"]].sum()
        result = sums["product"] / sums.weight
    else:
        raise ValueError(f"unknown aggregation rule {rule!r}")
    frame = result.rename("value").reset_index()
    sizes = frame.group.map(group_sizes or {}).fillna(0)
    complete = counts.reindex(pd.MultiIndex.from_frame(frame[["group", "year"]])).to_numpy() >= sizes.to_numpy()
    frame["quality"] = ["aggregated" if whole else "aggregated_partial" for whole in complete]
    return frame.rename(columns={"group": "area_code"}).dropna(subset=["value"])


def _latest(population: pd.DataFrame) -> pd.Series:
    """Population in the latest year, for years the population series does not cover."""
    latest = population.sort_values("year").drop_duplicates("code", keep="last")
    return latest.set_index("code").value
