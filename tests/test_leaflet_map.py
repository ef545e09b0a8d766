"""The Leaflet map's Python side (components/leaflet_map.py): colours, hover texts, the geometry file, clicks, and
that a page sends values but never polygons."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import shape

from components import leaflet_map as component
from core import geometry, queries

values = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2, max_size=40)


@given(values)
def test_the_darker_end_is_the_worse_end(numbers):
    """Viridis runs dark to light; for lower-is-better the highest value gets the darkest colour, else the lowest."""
    series = pd.Series(numbers)
    lowest, highest = series.idxmin(), series.idxmax()
    higher_better = component.scale_colours(series, "higher")
    lower_better = component.scale_colours(series, "lower")
    assert len(higher_better) == len(lower_better) == len(numbers)
    if series.min() < series.max():
        assert higher_better[lowest] == lower_better[highest] == "#440154"  # viridis' darkest
        assert higher_better[highest] == lower_better[lowest] == "#fde725"  # and its lightest
    else:  # one value or all alike: neither end, so no area reads as the worst
        assert set(higher_better) == set(lower_better) and len(set(higher_better)) == 1
        assert higher_better[0] not in ("#440154", "#fde725")


def test_every_area_has_a_hover_text_and_only_areas_with_a_value_a_colour():
    names = {"0301": "Oslo", "5610": "Karasjok", "1804": "Bodø"}
    table = pd.DataFrame({"code": ["0301", "5610"], "name": ["Oslo", "Karasjok"], "value": [10.0, 20.0],
                          "text": ["10 %", "20 %"], "year": [2022, 2022]})
    shown = component.map_values(table, names, "municipality", "municipality|x|2022", "Lavinntekt", "lower", "nb",
                                   status_of=lambda v: "green" if v < 15 else "red", outlined=["5610", "9999"],
                                   highlight="9999")
    assert set(shown.tips) == set(names) and set(shown.colours) == {"0301", "5610"}
    assert shown.tips["0301"] == ["Oslo", "Lavinntekt: 10 %", "År 2022", "Status: grønn (målet er nådd)"]
    assert shown.tips["1804"] == ["Bodø", "Ingen data"]
    assert shown.outlined == ["5610"] and shown.highlight is None  # codes not on the map are dropped


def test_a_click_inside_each_municipality_finds_it():
    features = geometry.boundaries("municipality")["features"]
    for feature in features:
        point = shape(feature["geometry"]).representative_point()
        assert component.area_at("municipality", point.x, point.y) == feature["id"]
    assert component.area_at("municipality", 2.0, 60.0) is None  # the North Sea


def test_geometry_file_holds_every_area_under_a_content_hashed_name():
    url = component.geometry_url("county")
    name = url.rsplit("/", 1)[1]
    stored = json.loads((component.GEOMETRY_DIR / name).read_text())
    assert {f["id"] for f in stored["areas"]["features"]} == set(queries.counties().code)
    assert name.startswith("county-") and url.startswith("/app/static/geometry/")


def test_the_files_urls_follow_a_base_path_set_after_they_were_written(monkeypatch):
    """serve.py writes the files before Streamlit reads --server.baseUrlPath from the command line."""
    written = component.geometry_url("county"), component.script_url()
    monkeypatch.setattr(component.st, "get_option",
                        lambda name: "/sdg/" if name == "server.baseUrlPath" else None)
    assert [component.geometry_url("county"), component.script_url()] == [f"/sdg{url}" for url in written]


@pytest.mark.parametrize("page, params", [("overview", {"kommune": "5610"}),
                                          ("map_explorer", {"kommune": "5610"})])
def test_a_page_sends_values_and_never_polygons(built_database, open_page, leaflet_map, page, params):
    app = open_page(page, **params)
    sent = "".join(e.proto.json_args for e in app.get("component_instance"))
    assert '"coordinates"' not in sent and "FeatureCollection" not in sent  # the polygons come as a static file
    shown = leaflet_map(app)
    assert len(shown["tips"]) == len(queries.municipalities()) and shown["highlight"] == "5610"


def rendered(base) -> str:
    return base.get_root().render()


def test_background_tiles_only_when_configured(monkeypatch):
    without = rendered(component._base_map("{}"))
    assert "tileLayer" not in without and component.script_url() in without
    script = (component.GEOMETRY_DIR / component.script_url().rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in script and "sdgChoropleth" in script  # Leaflet and our script, one request
    assert "sourceMappingURL" not in script  # no request for a source map that is not shipped
    assert "cdn" not in without.lower()  # folium's CDN defaults replaced by the app's own files
    tiles = "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
    monkeypatch.setenv("MAP_TILE_URL", tiles)
    monkeypatch.setenv("MAP_TILE_ATTRIBUTION", "© Kartverket")
    with_tiles = rendered(component._base_map("{}"))
    assert "tileLayer" in with_tiles and tiles in with_tiles and '"\\u00a9 Kartverket"' in with_tiles


def test_overview_outlines_the_network_members_on_request(built_database, open_page, leaflet_map):
    app = open_page("overview")
    assert leaflet_map(app)["outlined"] == []
    app.toggle(key="show_members").set_value(True).run()
    from core.network.members import active_codes

    outlined = leaflet_map(app)["outlined"]
    assert outlined and set(outlined) == set(active_codes("kommune")) & set(queries.municipalities().code)
