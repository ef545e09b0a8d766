"""Read access to the built database. Pages and the CLI call these; no SQL elsewhere."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from core import db, models
from core.etl.aggregate import COUNTRY_CODE


def _frame(statement, url: str | None = None) -> pd.DataFrame:
    with db.engine(url).connect() as connection:
        return pd.read_sql(statement, connection)


def indicators(url: str | None = None) -> pd.DataFrame:
    return _frame(select(models.Indicator).order_by(models.Indicator.sdg_goal, models.Indicator.id), url)


def indicator(indicator_id: str, url: str | None = None) -> dict:
    frame = _frame(select(models.Indicator).where(models.Indicator.id == indicator_id), url)
    if frame.empty:
        raise LookupError(f"unknown indicator: {indicator_id}")
    return frame.iloc[0].to_dict()


def municipalities(url: str | None = None) -> pd.DataFrame:
    return _frame(select(models.Municipality).order_by(models.Municipality.code), url)


def counties(url: str | None = None) -> pd.DataFrame:
    return _frame(select(models.County).order_by(models.County.code), url)


def sources(url: str | None = None) -> pd.DataFrame:
    return _frame(select(models.Source).order_by(models.Source.key), url)


def years_with_data(indicator_id: str, level: str, url: str | None = None) -> list[int]:
    o = models.Observation
    statement = select(o.year).where(o.indicator_id == indicator_id, o.area_level == level).distinct().order_by(o.year)
    return [int(y) for y in _frame(statement, url).year]


def observations(indicator_id: str, level: str, year: int | None = None, url: str | None = None) -> pd.DataFrame:
    """area_code, year, value, source_key, quality for one indicator at one level (all years or one)."""
    o = models.Observation
    statement = select(o.area_code, o.year, o.value, o.source_key, o.quality).where(
        o.indicator_id == indicator_id, o.area_level == level
    )
    if year is not None:
        statement = statement.where(o.year == year)
    return _frame(statement.order_by(o.area_code, o.year), url)


def national_value(indicator_id: str, year: int, url: str | None = None) -> float | None:
    found = national_observation(indicator_id, year, url)
    return None if found is None else found[0]


def national_observation(indicator_id: str, year: int, url: str | None = None) -> tuple[float, str] | None:
    """(value, quality) for Norway; quality 'aggregated_partial' when some municipalities lack a value."""
    frame = observations(indicator_id, "country", year, url)
    frame = frame[frame.area_code == COUNTRY_CODE]
    return None if frame.empty else (float(frame.value.iloc[0]), str(frame.quality.iloc[0]))


def area_names(level: str, url: str | None = None) -> pd.DataFrame:
    """code, name for municipalities or counties."""
    frame = municipalities(url) if level == "municipality" else counties(url)
    return frame[["code", "name"]]


def all_observations(url: str | None = None) -> pd.DataFrame:
    """area_level, area_code, indicator_id, year, value for every observation."""
    o = models.Observation
    return _frame(select(o.area_level, o.area_code, o.indicator_id, o.year, o.value), url)


def sdg_goals(url: str | None = None) -> pd.DataFrame:
    return _frame(select(models.SdgGoal).order_by(models.SdgGoal.number), url)


def sdg_targets(url: str | None = None) -> pd.DataFrame:
    """code, goal, title_nb, title_en of the 169 SDG targets, in the order of the goals."""
    frame = _frame(select(models.SdgTarget), url)
    order = frame.code.str.split(".", n=1, expand=True)
    frame["_goal"], frame["_part"] = order[0].astype(int), order[1].map(lambda p: (int(p) if p.isdigit() else 100, p))
    return frame.sort_values(["_goal", "_part"]).drop(columns=["_goal", "_part"]).reset_index(drop=True)
