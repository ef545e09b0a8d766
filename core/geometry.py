"""Boundaries for maps, as the build stored them: validated, simplified with shared borders kept, counties dissolved
from their municipalities (core/etl/boundaries.py does the geometry, with geopandas)."""

from __future__ import annotations

import json
import math

import pandas as pd
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from core import db, faults, models

# Drawn land area below which an area is also marked with a dot: at country zoom a polygon under about a pixel
# is not seen (Leaflet and the print maps alike), so Kvitsøy, Træna and Røst would otherwise vanish from the map.
TINY_AREA_KM2 = 10.0
KM_PER_DEGREE = 111.32
DECIMALS = 5  # ~1 m: the grid the drawn coordinates are snapped to


def boundaries(level: str, url: str | None = None) -> dict:
    """A GeoJSON FeatureCollection of the level's areas: each feature's id and properties.code = the area code."""
    return feature_collection(stored_rows(level, url))


def stored_rows(level: str, url: str | None = None) -> pd.DataFrame:
    """area_code, geometry (GeoJSON text), area_km2 of the level's areas, by code. A database built before migration
    0008 has none stored: then they are made from the boundary file as the build would (a few seconds)."""
    g = models.AreaGeometry
    statement = select(g.area_code, g.geometry, g.area_km2).where(g.area_level == level).order_by(g.area_code)
    try:
        with db.engine(url).connect() as connection:
            rows = pd.read_sql(statement, connection)
    except (OperationalError, ProgrammingError, pd.errors.DatabaseError) as error:  # pandas wraps the driver's
        if faults.kind(error) != faults.MISSING:  # locked or away: said as such by the page, not recomputed
            raise
        rows = pd.DataFrame()
    if rows.empty:
        from core.etl.boundaries import geometry_rows
        from core.sources import read

        made, _ = geometry_rows(read("municipality_boundaries"))
        rows = made[made.area_level == level].sort_values("area_code").reset_index(drop=True)
    return rows


def feature_collection(rows: pd.DataFrame) -> dict:
    """A GeoJSON FeatureCollection of stored rows: each feature's id and properties.code are the area code."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {"code": code}, "geometry": json.loads(text)}
            for code, text in zip(rows.area_code, rows.geometry, strict=True)
        ],
    }


def neighbours(url: str | None = None) -> dict[str, list[str]]:
    """code -> the municipalities sharing a land border with it, by code (absent: none, e.g. an island)."""
    n = models.NeighbourPair
    with db.session(url) as session:  # (stored by the build since migration 0008; `make db` rebuilds)
        pairs = session.execute(select(n.code, n.neighbour_code).order_by(n.code, n.neighbour_code)).all()
    result: dict[str, list[str]] = {}
    for code, neighbour in pairs:
        result.setdefault(code, []).append(neighbour)
    return result


def tiny_area_points(geojson: dict) -> dict[str, tuple[float, float]]:
    """code -> (lon, lat) of a point inside each area drawn smaller than TINY_AREA_KM2."""
    points = {}
    for feature in geojson["features"]:
        geometry = shape(feature["geometry"])
        centre = geometry.centroid
        km2 = geometry.area * KM_PER_DEGREE**2 * math.cos(math.radians(centre.y))
        if km2 < TINY_AREA_KM2:
            inside = geometry.representative_point()
            points[feature["id"]] = (round(inside.x, DECIMALS), round(inside.y, DECIMALS))
    return points
