"""Boundaries for maps: rounded and simplified once, borders kept shared between neighbours."""

from __future__ import annotations

import math

import shapely
from shapely.geometry import mapping, shape

from core.sources import read

# About 200 m at Norway's latitudes: invisible at country zoom, halves the payload.
SIMPLIFY_TOLERANCE = 0.002
DECIMALS = 5
CODE_PROPERTY = {"municipality": "kommunenummer", "county": "fylkesnummer"}
SOURCE_KEY = {"municipality": "municipality_boundaries", "county": "county_boundaries"}
# Drawn land area below which an area is also marked with a dot: at country zoom MapLibre drops
# polygons under about a pixel, so Kvitsøy, Træna and Røst would otherwise vanish from the map.
TINY_AREA_KM2 = 10.0
KM_PER_DEGREE = 111.32


def boundaries(level: str) -> dict:
    """A GeoJSON FeatureCollection with each feature's id = the area code, and nothing else."""
    features = read(SOURCE_KEY[level])
    codes = [f["properties"][CODE_PROPERTY[level]] for f in features]
    geometries = shapely.coverage_simplify([shape(f["geometry"]) for f in features], SIMPLIFY_TOLERANCE)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {}, "geometry": _rounded(mapping(geometry))}
            for code, geometry in zip(codes, geometries, strict=True)
        ],
    }


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


def _rounded(geometry: dict) -> dict:
    def walk(item):
        if isinstance(item, (list, tuple)):
            if item and isinstance(item[0], (int, float)):
                return [round(c, DECIMALS) for c in item]
            return [walk(i) for i in item]
        return item

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
