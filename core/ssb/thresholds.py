"""Thresholds fixed at an indicator's first refresh, by the documented distribution rule.

Where no sourced absolute level exists, the catalogue gives a threshold as a quantile of the municipalities'
values (data/indicators.yaml, file header: green = the best quarter, red = the worst quarter). An indicator fed
online has no values before its first refresh, so its thresholds are computed then, from the municipalities'
values in the latest year that refresh brought, and stored on the indicator's row in the database with the
date, the year and the number of municipalities. Later refreshes leave them as they are, so that colours compare
across refreshes; a new database (`python -m core build`) starts over. `in_effect` lays the stored values over the
catalogue: everything that colours or scores reads the catalogue in effect.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select, update

from core import db, models
from core.catalogue import IndicatorSpec, SourcedValue

NAMES = ("optimum", "green", "red")


def pending(spec: IndicatorSpec) -> list[str]:
    """The bounds and thresholds of spec that the distribution rule sets at the first refresh (optimum, green, red)."""
    return [name for name in NAMES if getattr(spec, name).quantile is not None]


def distribution(spec: IndicatorSpec, latest: pd.Series, year: int, on: date) -> dict[str, tuple[float, str]]:
    """{name: (value, source)} for each pending threshold, from the municipalities' values of one year
    (pandas' default, linear quantiles, as for the thresholds computed from the fixed files)."""
    values = latest.dropna()
    found = {}
    for name in pending(spec):
        quantile = getattr(spec, name).quantile
        value = round(float(values.quantile(quantile)), 4)
        found[name] = (value, f"{getattr(spec, name).source} Applied at the first refresh on {on.isoformat()} to "
                              f"the {len(values)} municipalities' values for {year}: {quantile:.0%} quantile = "
                              f"{value:g}.")
    return found


def fix_at_first_refresh(connection, spec: IndicatorSpec, municipal: pd.DataFrame, on: date) -> dict | None:
    """Store spec's pending thresholds on its indicator row unless a refresh has stored them already.

    municipal: year, value of the municipalities (this refresh). Returns what was stored, or None.
    """
    names = pending(spec)
    if not names or municipal.empty:
        return None
    i = models.Indicator
    stored = connection.execute(select(*(getattr(i, n) for n in names)).where(i.id == spec.id)).first()
    if stored is None or any(value is not None for value in stored):
        return None
    year = int(municipal.year.max())
    found = distribution(spec, municipal[municipal.year == year].value, year, on)
    values = {}
    for name, (value, source) in found.items():
        values[name], values[f"{name}_source"] = value, source
    connection.execute(update(i).where(i.id == spec.id).values(**values))
    return values


def stored(url: str | None = None, catalogue: dict[str, IndicatorSpec] | None = None) -> dict[str, dict]:
    """{indicator_id: {name: (value, source)}} for the thresholds a refresh has fixed."""
    from core.catalogue import load_catalogue

    catalogue = catalogue or load_catalogue()
    wanted = [spec.id for spec in catalogue.values() if pending(spec)]
    if not wanted:
        return {}
    i = models.Indicator
    with db.session(url) as session:
        rows = session.execute(select(i.id, i.optimum, i.optimum_source, i.green, i.green_source, i.red,
                                      i.red_source).where(i.id.in_(wanted))).all()
    found = {}
    for row in rows:
        names = pending(catalogue[row.id])
        values = {n: (getattr(row, n), getattr(row, f"{n}_source")) for n in names if getattr(row, n) is not None}
        if values:
            found[row.id] = values
    return found


def in_effect(catalogue: dict[str, IndicatorSpec], fixed: dict[str, dict]) -> dict[str, IndicatorSpec]:
    """The catalogue with the thresholds fixed at first refreshes filled in (a new dict; specs are copied)."""
    result = dict(catalogue)
    for indicator_id, values in fixed.items():
        spec = catalogue.get(indicator_id)
        if spec is None or not values:
            continue
        changes = {}
        for name, (value, source) in values.items():
            old = getattr(spec, name)
            changes[name] = SourcedValue(value=value, source=source, basis=old.basis, quantile=old.quantile)
        result[indicator_id] = spec.model_copy(update=changes)
    return result


def catalogue_in_effect(url: str | None = None) -> dict[str, IndicatorSpec]:
    """The catalogue as the pages, exports and reports score with: data/indicators.yaml plus the thresholds fixed
    at first refreshes (none in a database no refresh has written to)."""
    from core.catalogue import load_catalogue

    catalogue = load_catalogue()
    return in_effect(catalogue, stored(url, catalogue))
