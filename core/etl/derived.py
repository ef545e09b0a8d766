"""Indicators computed from two others (a count per 1 000 inhabitants, …), at every level.

A municipality's value is its numerator over its denominator. A county's or the country's value is the ratio of
sums over the municipalities that have both, so it compares with its municipalities' values and a missing
municipality adds neither to the count nor to the population; such a value is marked 'aggregated_partial'.
"""

from __future__ import annotations

import pandas as pd

from core.catalogue import IndicatorSpec
from core.etl.aggregate import COUNTRY_CODE

COLUMNS = ["area_level", "area_code", "indicator_id", "year", "value", "source_key", "quality"]
GROUPS = {"county": lambda code: code[:2], "country": lambda _code: COUNTRY_CODE}


def derived_observations(observations: pd.DataFrame, catalogue: dict[str, IndicatorSpec]) -> pd.DataFrame:
    """Rows for every derived indicator where both parts have a value for the same municipality and year."""
    municipal = observations[observations.area_level == "municipality"]
    codes = pd.Series(sorted(set(municipal.area_code)))
    rows = []
    for spec in catalogue.values():
        if spec.derived is None:
            continue
        numerator = municipal[municipal.indicator_id == spec.derived.numerator]
        denominator = municipal[municipal.indicator_id == spec.derived.denominator]
        both = numerator[["area_code", "year", "value", "quality"]].merge(
            denominator[["area_code", "year", "value"]], on=["area_code", "year"], suffixes=("", "_den"))
        both = both[both.value_den > 0]
        if both.empty:
            continue
        levels = [both.assign(area_level="municipality", value=both.value / both.value_den * spec.derived.scale)]
        for level, group_of in GROUPS.items():
            sizes = codes.map(group_of).value_counts()
            sums = both.assign(group=both.area_code.map(group_of)).groupby(["group", "year"], as_index=False).agg(
                num=("value", "sum"), den=("value_den", "sum"), members=("area_code", "nunique"))
            whole = sums.members >= sums.group.map(sizes)
            levels.append(pd.DataFrame({
                "area_level": level, "area_code": sums.group, "year": sums.year,
                "value": sums.num / sums.den * spec.derived.scale,
                "quality": whole.map({True: "aggregated", False: "aggregated_partial"})}))
        frame = pd.concat(levels, ignore_index=True).assign(indicator_id=spec.id, source_key=spec.source_key)
        rows.append(frame[COLUMNS])
    return pd.concat(rows, ignore_index=True) if rows else observations.iloc[0:0]
