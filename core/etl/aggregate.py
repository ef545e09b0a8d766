"""County and national values built from the 2024 municipalities, by the catalogue's aggregation rule."""

from __future__ import annotations

import pandas as pd

COUNTRY_CODE = "NO"


def aggregate(municipal: pd.DataFrame, rule: str, population: pd.DataFrame, group_of) -> pd.DataFrame:
    """municipal: code, year, value (+ num, den for ratios) -> area_code, year, value per group.

    group_of maps a municipality code to its group code (county number, or 'NO').
    Missing municipalities are left out, never counted as zero.
    """
    data = municipal.assign(group=municipal.code.map(group_of))
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
    return result.rename("value").reset_index().rename(columns={"group": "area_code"}).dropna(subset=["value"])


def _latest(population: pd.DataFrame) -> pd.Series:
    """Population in the latest year, for years the population series does not cover."""
    latest = population.sort_values("year").drop_duplicates("code", keep="last")
    return latest.set_index("code").value
