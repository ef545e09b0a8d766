"""County and national values built from the 2024 municipalities, by the catalogue's aggregation rule.

`county_and_national` is the one way to do it: the build (core/etl/build.py) and the SSB refresh
(core/ssb/refresh.py) both call it."""

from __future__ import annotations

import pandas as pd

COUNTRY_CODE = "NO"


def county_and_national(municipal: pd.DataFrame, rule: str, population: pd.DataFrame,
                        municipality_codes: list[str], unattributed: pd.DataFrame | None = None) -> pd.DataFrame:
    """One indicator's county and national values from its municipal values on the 2024 structure.

    municipal: code, year, value (+ num, den for rule 'ratio'); population: code, year, value, the weights of
    'population_weighted_mean'; municipality_codes: today's municipalities, which say how many each county has (a
    group missing any of them is marked 'aggregated_partial'). unattributed: values given to no single municipality
    (a split code, the parts of a merged municipality whose history is incomplete), as the dropped rows of
    core.etl.code_mapping.harmonise: year, value (+ num, den), covers (the 2024 municipalities they lie in),
    complete (whether they hold the whole of those municipalities), optionally weight (for the weighted mean, else
    the population of the covered municipalities); see `aggregate`. Returns area_level ('county', then 'country'),
    area_code, year, value, quality.
    """
    groupings = {
        "county": (_county_of, pd.Series(municipality_codes).str[:2].value_counts().to_dict()),
        "country": (_country_of, {COUNTRY_CODE: len(municipality_codes)}),
    }
    levels = [aggregate(municipal, rule, population, group_of, sizes, unattributed).assign(area_level=level)
              for level, (group_of, sizes) in groupings.items()]
    return pd.concat(levels, ignore_index=True)


def _county_of(code: str) -> str:
    return code[:2]


def _country_of(_code: str) -> str:
    return COUNTRY_CODE


def aggregate(municipal: pd.DataFrame, rule: str, population: pd.DataFrame, group_of,
              group_sizes: dict[str, int] | None = None, unattributed: pd.DataFrame | None = None) -> pd.DataFrame:
    """municipal: code, year, value (+ num, den for ratios) -> area_code, year, value, quality per group.

    group_of maps a municipality code to its group code (county number, or 'NO'). Missing
    municipalities are left out, never counted as zero; where any of the group's municipalities
    (group_sizes) lacks a value the result is marked 'aggregated_partial' (for a sum, a lower bound).
    An unattributed row (see county_and_national) counts toward a group when all the municipalities it covers lie
    in that group; where it is complete, those municipalities count as present. For the weighted mean only a row
    that is the whole of its municipalities counts (complete and alone: several rows' shares have no weights to
    combine them, and a part's share is not the whole's).
    """
    if rule not in ("sum", "ratio", "population_weighted_mean"):
        raise ValueError(f"unknown aggregation rule {rule!r}")
    data = municipal.assign(group=municipal.code.map(group_of))
    if rule == "population_weighted_mean":
        weights = data.merge(population.rename(columns={"value": "weight"}), on=["code", "year"], how="left").weight
        data["weight"] = weights.fillna(data.code.map(_latest(population))).to_numpy()
    present = data[["group", "year", "code"]]
    pooled = _placed(unattributed, rule, population, group_of)
    if not pooled.empty:
        covered = pooled[pooled.complete].explode("covers").rename(columns={"covers": "code"})
        present = pd.concat([present, covered[["group", "year", "code"]]], ignore_index=True)
        data = pd.concat([data, pooled.drop(columns=["covers", "complete"])], ignore_index=True)
    counts = present.groupby(["group", "year"]).code.nunique()
    if rule == "sum":
        result = data.groupby(["group", "year"]).value.sum()
    elif rule == "ratio":
        sums = data.groupby(["group", "year"])[["num", "den"]].sum()
        result = 100 * sums.num / sums.den
    else:
        data["product"] = data.value * data.weight
        sums = data.groupby(["group", "year"])[["product", "weight"]].sum()
        result = sums["product"] / sums.weight
    frame = result.rename("value").reset_index()
    sizes = frame.group.map(group_sizes or {}).fillna(0)
    complete = counts.reindex(pd.MultiIndex.from_frame(frame[["group", "year"]])).to_numpy() >= sizes.to_numpy()
    frame["quality"] = ["aggregated" if whole else "aggregated_partial" for whole in complete]
    return frame.rename(columns={"group": "area_code"}).dropna(subset=["value"])


def _placed(unattributed: pd.DataFrame | None, rule: str, population: pd.DataFrame, group_of) -> pd.DataFrame:
    """The unattributed rows that lie in one group: group, year, value (+ num, den, weight), covers, complete."""
    columns = ["group", "year", "value", *{"ratio": ["num", "den"], "population_weighted_mean": ["weight"]}.get(
        rule, []), "covers", "complete"]
    if unattributed is None or unattributed.empty:
        return pd.DataFrame(columns=columns)
    needed = {"ratio": ["num", "den"]}.get(rule, ["value"])
    rows = unattributed[unattributed.covers.map(len) > 0].dropna(subset=needed)
    groups = rows.covers.map(lambda covers: {group_of(code) for code in covers})
    rows = rows[groups.map(len) == 1].assign(group=groups.map(lambda found: min(found, default=None)))
    if rule == "population_weighted_mean":
        key = rows.covers.map(";".join) + "/" + rows.year.astype(str)
        rows = rows[(key.map(key.value_counts()) == 1) & rows.complete.astype(bool)]
        latest = _latest(population)
        known = population.set_index(["code", "year"]).value.to_dict()
        fallback = pd.Series([sum(known.get((code, year), latest.get(code, 0.0)) for code in covers)
                              for covers, year in zip(rows.covers, rows.year, strict=True)], index=rows.index,
                             dtype=float)
        rows = rows.assign(weight=rows.weight.fillna(fallback) if "weight" in rows else fallback)
    return rows.reindex(columns=columns).astype({"complete": bool, "year": int})


def _latest(population: pd.DataFrame) -> pd.Series:
    """Population in the latest year, for years the population series does not cover."""
    latest = population.sort_values("year").drop_duplicates("code", keep="last")
    return latest.set_index("code").value
