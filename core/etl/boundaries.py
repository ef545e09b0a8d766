"""Boundaries for the build, with geopandas: validated, measured, simplified, counties dissolved, land neighbours.

Each municipality's polygon is made valid (rings closed, no self-intersection) and oriented (exterior rings
counter-clockwise, as GeoJSON wants); its area is measured in EPSG:25833 (UTM 33, the national projection) before
any simplification. The municipalities are simplified together as a coverage, so neighbours keep one shared border;
a county is the union of its simplified municipalities, so county and municipal borders always coincide.
Two municipalities are neighbours when their polygons share a border of positive length: the boundary files are
clipped to the coastline, so a fjord or a ferry crossing is no border, and corners that only meet in a point are not
counted either.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping

from core.geometry import DECIMALS

WGS84 = "EPSG:4326"
NATIONAL_PROJECTION = "EPSG:25833"  # UTM zone 33N on ETRS89: metres, Kartverket's own projection for Norway
# About 200 m at Norway's latitudes: invisible at country zoom, halves the payload.
SIMPLIFY_TOLERANCE = 0.002
MIN_SHARED_BORDER_M = 1.0  # shorter than this is corners touching, not a border


def validated(geometries) -> list:
    """Valid polygonal geometries with counter-clockwise exterior rings; collapsed parts (lines, points) dropped."""
    repaired = shapely.make_valid(list(geometries), method="structure", keep_collapsed=False)
    polygonal = [_polygonal(g) for g in repaired]
    return list(shapely.orient_polygons(polygonal, exterior_cw=False))


def _polygonal(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def municipal_frame(features: list[dict]) -> gpd.GeoDataFrame:
    """code, county_code and the validated geometry (WGS84) of each municipality, sorted by code."""
    frame = gpd.GeoDataFrame.from_features(features, crs=WGS84)
    frame = frame.rename(columns={"kommunenummer": "code"})[["code", "geometry"]]
    frame["geometry"] = validated(frame.geometry)
    frame["county_code"] = frame.code.str[:2]
    return frame.sort_values("code").reset_index(drop=True)


def areas_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Each row's area in km², measured in the national projection (not in degrees)."""
    return frame.geometry.to_crs(NATIONAL_PROJECTION).area / 1e6


def neighbour_pairs(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """code, neighbour_code, border_km: every pair sharing a border of positive length, in both directions."""
    projected = frame.to_crs(NATIONAL_PROJECTION)
    geometries, codes = list(projected.geometry), list(projected.code)
    left, right = projected.sindex.query(projected.geometry, predicate="intersects")
    rows = []
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = geometries[i].boundary.intersection(geometries[j].boundary).length
        if shared >= MIN_SHARED_BORDER_M:
            rows += [(codes[i], codes[j], shared / 1000), (codes[j], codes[i], shared / 1000)]
    pairs = pd.DataFrame(rows, columns=["code", "neighbour_code", "border_km"])
    return pairs.sort_values(["code", "neighbour_code"]).reset_index(drop=True)


def simplified(geometries, tolerance: float = SIMPLIFY_TOLERANCE) -> list:
    """The geometries simplified as one coverage (a shared border is simplified once, so neighbours still touch),
    snapped to a grid of DECIMALS decimals without breaking validity, and oriented again."""
    simple = shapely.coverage_simplify(list(geometries), tolerance)
    return validated(shapely.set_precision(simple, 10.0**-DECIMALS))


def dissolved(geometries, groups) -> dict[str, object]:
    """group -> the union of its geometries (a county from its municipalities)."""
    frame = gpd.GeoDataFrame({"group": list(groups)}, geometry=list(geometries), crs=WGS84)
    union = frame.dissolve(by="group")
    return dict(zip(union.index, validated(union.geometry), strict=True))


def geometry_rows(municipal_features: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(area_geometry rows, neighbour rows) for the database: per area its level, code, drawn GeoJSON geometry and
    area in km² (measured before simplifying; a county's is the sum of its municipalities')."""
    frame = municipal_frame(municipal_features)
    area = areas_km2(frame).to_numpy()
    drawn = simplified(frame.geometry)
    municipal = pd.DataFrame({"area_level": "municipality", "area_code": frame.code,
                              "geometry": [geojson_text(g) for g in drawn], "area_km2": area})
    county_area = pd.Series(area).groupby(frame.county_code.to_numpy()).sum()
    counties = dissolved(drawn, frame.county_code)
    county = pd.DataFrame({"area_level": "county", "area_code": list(counties),
                           "geometry": [geojson_text(g) for g in counties.values()],
                           "area_km2": [float(county_area[c]) for c in counties]})
    return pd.concat([municipal, county], ignore_index=True), neighbour_pairs(frame)


def geojson_text(geometry) -> str:
    """Compact GeoJSON of one geometry, coordinates rounded to DECIMALS (already on that grid: this only drops the
    floating-point tails, e.g. 10.123450000000001)."""
    return json.dumps(_rounded(mapping(geometry)), separators=(",", ":"))


def _rounded(geometry: dict) -> dict:
    def walk(item):
        if isinstance(item, (list, tuple)):
            if item and isinstance(item[0], (int, float)):
                return [round(c, DECIMALS) for c in item]
            return [walk(i) for i in item]
        return item

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
