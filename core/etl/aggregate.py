"""County and national values built from the 2024 municipalities, by the catalogue's aggregation rule.

`county_and_national` is the one way to do it: the build (core/etl/build.py) and the SSB refresh
(core/ssb/refresh.py) both call it."""

from __future__ import annotations

import pandas as pd

COUNTRY_CODE = "NO"


def county_and_national(municipal: pd.DataFrame, rule: str, population: pd.DataFrame,
                        municipality_codes: list[str]) -> pd.DataFrame:
    """One indicator's county and national values from its municipal values on the 2024 structure.

    municipal: code, year, value (+ num, den for rule 'ratio'); population: code, year, value, the weights of
    'population_weighted_mean'; municipality_codes: today's municipalities, which say how many each county has (a
    group missing any of them is marked 'aggregated_partial'). Returns area_level ('county', then 'country'),
    area_code, year, value, quality.
    """
    groupings = {
        "county": (_county_of, pd.Series(municipality_codes).str[:2].value_counts().to_dict()),
        "country": (_country_of, {COUNTRY_CODE: len(municipality_codes)}),
    }
    levels = [aggregate(municipal, rule, population, group_of, sizes).assign(area_level=level)
              for level, (group_of, sizes) in groupings.items()]
    return pd.concat(levels, ignore_index=True)


def _county_of(code: str) -> str:
    return code[:2]


def _country_of(_code: str) -> str:
    return COUNTRY_CODE


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
