"""CSV exports for the command line and the app's downloads."""

from __future__ import annotations

import pandas as pd

from core import queries
from core.catalogue import load_catalogue
from core.etl.aggregate import COUNTRY_CODE

EXPORT_COLUMNS = ["code", "name", "level", "indicator", "year", "value", "unit", "source"]


def catalogue_csv() -> str:
    rows = []
    for spec in load_catalogue().values():
        row = spec.model_dump(exclude={"optimum", "green", "red", "target_2030"})
        row["sdg_targets"] = ";".join(spec.sdg_targets)
        for name in ("optimum", "green", "red", "target_2030"):
            row[name] = getattr(spec, name).value
            row[f"{name}_source"] = getattr(spec, name).source
        rows.append(row)
    return pd.DataFrame(rows).to_csv(index=False)


def observations_frame(indicator_id: str, year: int | None, level: str) -> pd.DataFrame:
    spec = load_catalogue().get(indicator_id)
    if spec is None:
        raise LookupError(f"unknown indicator: {indicator_id} (see `python -m core indicators`)")
    data = queries.observations(indicator_id, level, year)
    if year is not None and data.empty:
        years = queries.years_with_data(indicator_id, level)
        raise LookupError(f"no values for {indicator_id} in {year}; years with data: {', '.join(map(str, years))}")
    if level == "country":
        names = pd.DataFrame({"code": [COUNTRY_CODE], "name": ["Norge"]})
    else:
        names = queries.area_names(level)
    sources = queries.sources().set_index("key")
    frame = data.merge(names, left_on="area_code", right_on="code", how="left")
    frame["level"] = level
    frame["indicator"] = indicator_id
    frame["unit"] = spec.unit_symbol
    frame["source"] = frame.source_key.map(lambda key: f"{sources.publisher[key]} ({sources.path[key]})")
    return frame[EXPORT_COLUMNS]


def observations_csv(indicator_id: str, year: int | None, level: str) -> str:
    return observations_frame(indicator_id, year, level).to_csv(index=False)


SCORE_COLUMNS = ["code", "name", "level", "goal", "indicator", "year", "old", "value", "lower_bound", "upper_bound",
                 "score", "colour", "trend", "target", "target_year", "progress"]


def scores_frame(book, code: str | None = None) -> pd.DataFrame:
    """One tidy table: indicator rows and goal rows (indicator empty) for municipalities and counties."""
    names = {**dict(queries.area_names("municipality").itertuples(index=False, name=None)),
             **dict(queries.area_names("county").itertuples(index=False, name=None))}
    indicators = book.indicators[book.indicators.area_level.isin(["municipality", "county"])]
    goals = book.goals[book.goals.area_level.isin(["municipality", "county"])]
    rows = pd.concat(
        [
            indicators.rename(columns={"indicator_id": "indicator"}),
            goals.assign(indicator=None, value=None, lower_bound=None, upper_bound=None, target=None,
                         target_year=None, progress=None, old=None),
        ],
        ignore_index=True,
    )
    if code is not None:
        if code not in names:
            raise LookupError(f"unknown municipality or county code: {code}")
        rows = rows[rows.area_code == code]
    rows = rows.assign(code=rows.area_code, name=rows.area_code.map(names), level=rows.area_level)
    rows["goal"] = rows.goal.astype("Int64")
    rows["target_year"] = pd.to_numeric(rows.target_year).astype("Int64")
    rows = rows.sort_values(["level", "code", "goal", "indicator"], na_position="first")
    return rows[SCORE_COLUMNS].reset_index(drop=True)
