"""Maps for still images: MapLibre traces become SVG geo traces with clockwise rings, and draw offline."""

from __future__ import annotations

import struct

import plotly.graph_objects as go
from shapely.geometry import Polygon, shape

from charts import images, print_map

# An invented two-square "map" (not real boundaries), with counter-clockwise outer rings as GeoJSON writes them.
SQUARES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": code, "properties": {},
     "geometry": {"type": "Polygon", "coordinates": [[[x, 60], [x + 1, 60], [x + 1, 61], [x, 61], [x, 60]]]}}
    for code, x in (("A", 10), ("B", 12))
]}


def map_figure() -> go.Figure:
    figure = go.Figure(go.Choroplethmap(geojson=SQUARES, locations=["A", "B"], z=[1, 2], below=""))
    figure.add_trace(go.Scattermap(lon=[10.5], lat=[60.5], mode="markers", name="dot"))
    figure.update_layout(map={"style": "white-bg", "zoom": 4, "center": {"lat": 60.5, "lon": 11.5}})
    return figure


def test_map_traces_become_geo_traces():
    printed = print_map.for_print(map_figure())
    assert [trace["type"] for trace in printed["data"]] == ["choropleth", "scattergeo"]
    assert "below" not in printed["data"][0]
    assert "map" not in printed["layout"]
    assert printed["layout"]["geo"]["fitbounds"] == "locations"
    assert printed["data"][0]["locations"] == ["A", "B"] and list(printed["data"][0]["z"]) == [1, 2]


def test_rings_are_rewound_clockwise_and_the_source_is_untouched():
    rewound = print_map.clockwise(SQUARES)
    for feature in rewound["features"]:
        ring = feature["geometry"]["coordinates"][0]
        assert not Polygon(ring).exterior.is_ccw
        assert shape(feature["geometry"]).equals(shape(SQUARES["features"][0 if feature["id"] == "A" else 1]
                                                       ["geometry"]))
    assert Polygon(SQUARES["features"][0]["geometry"]["coordinates"][0]).exterior.is_ccw


def test_figures_without_a_map_are_left_alone():
    bars = go.Figure(go.Bar(y=[1, 2]))
    assert print_map.for_print(bars) is bars


def test_a_map_draws_offline_as_png():
    png = images.to_png(map_figure(), width=400, height=300)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (400, 300)
