"""Maps for still images: MapLibre traces redrawn as SVG geo traces, which a headless Chromium draws in a fraction
of the time (MapLibre needs WebGL, which Chromium without a GPU emulates in software: about 3 s per map here).

The geo traces get no base map: plotly.js would fetch one from a CDN, so kaleido is pointed at empty local
topojson files instead (topojson_url()). Our boundaries cover the whole map anyway.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

MAP_TRACES = {"choroplethmap": "choropleth", "scattermap": "scattergeo"}
# Options a MapLibre trace has that its geo counterpart does not.
MAP_ONLY = ("below", "cluster", "subplot")
GEO = {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}, "bgcolor": "white"}


def has_map(figure: go.Figure | dict) -> bool:
    traces = figure["data"] if isinstance(figure, dict) else figure.data
    return any((trace["type"] if isinstance(trace, dict) else trace.type) in MAP_TRACES for trace in traces)


def for_print(figure: go.Figure) -> go.Figure | dict:
    """The figure as a plain dict with every MapLibre trace as a geo trace fitted to the drawn areas; a figure
    without a map comes back unchanged. A dict, because plotly copies a map's geometry on every validation."""
    if not has_map(figure):
        return figure
    printed = figure.to_dict()
    for trace in printed["data"]:
        if trace["type"] not in MAP_TRACES:
            continue
        trace["type"] = MAP_TRACES[trace["type"]]
        for option in MAP_ONLY:
            trace.pop(option, None)
        if "geojson" in trace:
            trace["geojson"] = clockwise(trace["geojson"])
    printed["layout"].pop("map", None)
    printed["layout"]["geo"] = GEO
    return printed


def clockwise(geojson: dict) -> dict:
    """The features with clockwise outer rings: d3-geo reads a counter-clockwise ring (GeoJSON's own rule) as
    the whole globe except the area. Shared and read-only: the same boundaries are rewound once."""
    return _clockwise(json.dumps(geojson, sort_keys=True))


@lru_cache(maxsize=16)
def _clockwise(geojson_text: str) -> dict:
    collection = json.loads(geojson_text)
    for feature in collection.get("features", []):
        geometry = shape(feature["geometry"])
        if geometry.geom_type == "Polygon":
            geometry = orient(geometry, sign=-1.0)
        elif geometry.geom_type == "MultiPolygon":
            geometry = type(geometry)([orient(part, sign=-1.0) for part in geometry.geoms])
        feature["geometry"] = mapping(geometry)
    return collection


@lru_cache(maxsize=1)
def topojson_url() -> str:
    """A file:// folder of empty base maps under the names plotly.js asks for."""
    folder = Path(tempfile.mkdtemp(prefix="empty-topojson-"))
    empty = {"type": "Topology", "arcs": [], "objects": {
        layer: {"type": "GeometryCollection", "geometries": []}
        for layer in ("land", "ocean", "coastlines", "countries", "lakes", "rivers", "subunits")}}
    for scope in ("world", "europe"):
        for resolution in ("110m", "50m"):
            (folder / f"{scope}_{resolution}.json").write_text(json.dumps(empty))
    return folder.as_uri() + "/"
