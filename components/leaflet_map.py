"""The interactive map of the overview and the map explorer: Leaflet through folium and streamlit-folium.

Sent once, then cached by the browser: Leaflet itself (vendored in static/leaflet/, no CDN) with the map's script
static/sdg_choropleth.js as one file, and each level's polygons (a GeoJSON file); both are written here, under
static/geometry/ and a name carrying a hash of their content, and served by the app. The map's
own script is the same for every indicator, year and level, so streamlit-folium keeps the map; each change reaches
the browser as one small `feature_group_to_add` holding only colours and hover texts (static/sdg_choropleth.js).
A click is read back as the clicked point and matched to its municipality here (shapely).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd
import shapely
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from plotly.colors import sample_colorscale
from shapely.geometry import shape

from components import data
from core.config import settings
from core.i18n import t

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"  # Streamlit serves it at app/static/
GEOMETRY_DIR = STATIC_DIR / "geometry"
LEVELS = ("municipality", "county")
SOURCE_MAP_COMMENT = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)
# Mainland Norway with Svalbard left out, as (south-west, north-east) corners in lat/lon.
NORWAY_BOUNDS = [[57.9, 4.5], [71.2, 31.2]]
NO_DATA_GREY = "#d0d0d0"
# Viridis: colour-blind safe and readable in greyscale. Reversed for lower-is-better, so yellow is always better.
SCALE = "Viridis"
HEIGHT = 720
# core.status colours as the hover says them.
STATUS_KEYS = {"green": "leaflet.status.green", "yellow": "leaflet.status.yellow", "orange": "leaflet.status.orange",
               "red": "leaflet.status.red", "grey": "leaflet.status.grey"}


@dataclass(frozen=True)
class MapValues:
    """What one drawing of the map shows; everything here travels to the browser on a change, nothing else does."""

    level: str
    stamp: str  # names this drawing (level|measure|year|hash); the browser sets it on <body data-map-drawn>
    colours: dict[str, str]
    tips: dict[str, list[str]]  # code -> hover lines (name first)
    outlined: list[str] = field(default_factory=list)
    highlight: str | None = None


def scale_colours(values: pd.Series, direction: str | None) -> list[str]:
    """A colour per value on the sequential scale; the darker end is the worse end (lower-is-better: high values)."""
    if values.empty:
        return []
    low, high = float(values.min()), float(values.max())
    if high == low:  # one value (or all alike): the middle of the scale, neither the better nor the worse end
        return [_hex(c) for c in sample_colorscale(SCALE, [0.5] * len(values))]
    positions = [(float(v) - low) / (high - low) for v in values]
    if direction == "lower":
        positions = [1 - p for p in positions]
    return [_hex(c) for c in sample_colorscale(SCALE, positions)]


def legend_gradient(direction: str | None) -> str:
    """CSS linear-gradient from the colour of the lowest value to that of the highest."""
    stops = sample_colorscale(SCALE, [i / 8 for i in range(9)])
    if direction == "lower":
        stops = stops[::-1]
    return f"linear-gradient(to right, {', '.join(_hex(c) for c in stops)})"


def map_values(table: pd.DataFrame, all_names: dict[str, str], level: str, stamp: str, value_label: str,
               direction: str | None, lang: str, status_of: Callable[[float], str] | None = None,
               outlined: list[str] | None = None, highlight: str | None = None) -> MapValues:
    """table: code, name, value, text (value with unit), year. Every area of all_names gets a hover text."""
    colours = dict(zip(table.code, scale_colours(table.value, direction), strict=True))
    tips = {code: [name, t("overview.no_data", lang)] for code, name in all_names.items()}
    for row in table.itertuples():
        lines = [row.name, f"{value_label}: {row.text}", t("leaflet.year", lang, year=int(row.year))]
        if status_of is not None:
            lines.append(t("leaflet.status", lang, status=t(STATUS_KEYS[status_of(row.value)], lang)))
        tips[row.code] = lines
    return MapValues(level, stamp, colours, tips, [c for c in (outlined or []) if c in all_names],
                     highlight if highlight in all_names else None)


def legend(direction: str | None, name: str, lang: str) -> None:
    """The scale under the map, low to high, and which way is darker."""
    darker = "leaflet.darker_higher" if direction == "lower" else "leaflet.darker_lower"
    st.html(  # not Markdown with raw HTML: that loads a 190 KB HTML parser into the page
        f'<div style="display:flex;align-items:center;gap:0.5em;font-size:0.85em">'
        f'<span>{t("leaflet.low", lang)}</span>'
        f'<span style="flex:0 0 12em;height:0.8em;background:{legend_gradient(direction)}"></span>'
        f'<span>{t("leaflet.high", lang)}</span>'
        f'<span>· {html.escape(t(darker, lang, name=name))}</span></div>'
    )


def draw(values: MapValues, key: str, on_click: Callable[[str], None] | None = None, height: int = HEIGHT) -> None:
    """The map with these values. on_click(code) runs (as a callback, before the next run) when an area is clicked."""
    # Imported here, in a session's run: st_folium's component registers with the Streamlit runtime when imported,
    # and serve.py warms this module before the runtime exists (its files would not be served).
    from streamlit_folium import st_folium

    urls = {level: geometry_url(level) for level in LEVELS}
    stamp = values.stamp + "|" + hashlib.sha1(
        json.dumps([values.colours, values.tips, values.outlined, values.highlight], sort_keys=True).encode()
    ).hexdigest()[:8]
    payload = {"level": values.level, "stamp": stamp, "colours": values.colours, "tips": values.tips,
               "outlined": values.outlined, "highlight": values.highlight, "no_data": NO_DATA_GREY}
    changes = folium.FeatureGroup(name="values", control=False)
    _Script("sdgChoropleth.show({{ this.payload }});", payload=json.dumps(payload, ensure_ascii=False)).add_to(changes)

    def clicked() -> None:
        point = (st.session_state.get(key) or {}).get("last_clicked")
        code = area_at(values.level, point["lng"], point["lat"]) if point else None
        if code and on_click:
            on_click(code)

    st_folium(_base_map(json.dumps(urls)), key=key, height=height, use_container_width=True,
              returned_objects=["last_clicked"], feature_group_to_add=changes, on_change=clicked)


def area_at(level: str, lon: float, lat: float) -> str | None:
    """The code of the area at a point, or None outside every area (the sea)."""
    codes, tree = _area_index(level)
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return codes[int(hits[0])] if len(hits) else None


@st.cache_resource(show_spinner=False)
def _area_index(level: str) -> tuple[list[str], shapely.STRtree]:
    features = data.boundaries(level)["features"]
    return [f["id"] for f in features], shapely.STRtree([shape(f["geometry"]) for f in features])


def warm_up() -> None:
    """Write both levels' geometry files and the map script when the server starts, not when a map is asked for."""
    for level in LEVELS:
        geometry_url(level)
    script_url()


def geometry_url(level: str) -> str:
    """The URL of the level's polygons and tiny-area dots (the URL is made on each call: serve.py writes the file
    before Streamlit has read a --server.baseUrlPath given on the command line)."""
    return _static_url(f"geometry/{_geometry_file(level)}")


@st.cache_resource(show_spinner=False)
def _geometry_file(level: str) -> str:
    """The level's polygons and tiny-area dots, written once per process under a content-hashed name."""
    body = json.dumps(
        {"areas": data.boundaries(level), "dots": data.tiny_area_points(level)}, separators=(",", ":")
    ).encode()
    return _write_once(f"{level}-{_digest(body)}.json", body)


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


def _write_once(name: str, body: bytes) -> str:
    """The file under GEOMETRY_DIR (the maps' generated files), unless a file of that content-hashed name is there."""
    target = GEOMETRY_DIR / name
    if not target.exists():
        GEOMETRY_DIR.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")  # another process may write the same file
        partial.write_bytes(body)
        partial.replace(target)
    return name


def script_url() -> str:
    """The URL of Leaflet and static/sdg_choropleth.js as one file (made on each call, as geometry_url's)."""
    return _static_url(f"geometry/{_script_file()}")


@st.cache_resource(show_spinner=False)
def _script_file() -> str:
    """Leaflet and static/sdg_choropleth.js in one file, written once per process under a content-hashed name.

    streamlit-folium loads a map's scripts one after the other, each a round trip to the server before the next
    starts: one file draws the map about 60 ms sooner (bench/README.md). The source files stay as they are."""
    body = b"\n;\n".join((STATIC_DIR / path).read_bytes() for path in ("leaflet/leaflet.js", "sdg_choropleth.js"))
    body = SOURCE_MAP_COMMENT.sub(b"", body)  # the source map is not shipped: no request for it
    return _write_once(f"leaflet-sdg-{_digest(body)}.js", body)


def _base_map(urls: str) -> folium.Map:
    """The map without values: the same script for every drawing (fixed element ids), so streamlit-folium keeps it.

    Built anew on each run: streamlit-folium adds the run's feature group to the map it is given."""
    config = settings()
    base = folium.Map(location=[65.0, 15.5], zoom_start=4, tiles=None, zoom_snap=0.25, control_scale=False)
    # Only our own files: folium's defaults (Leaflet, jQuery, Bootstrap, fonts) point at CDNs.
    base.default_js = [("leaflet_and_sdg_choropleth", script_url())]
    base.default_css = [("leaflet_css", _static_url("leaflet/leaflet.css"))]
    if config.map_tile_url:
        tiles = folium.TileLayer(tiles=config.map_tile_url, attr=config.map_tile_attribution or " ")
        tiles._id = "background"
        tiles.add_to(base)
    _Script("sdgChoropleth.init({{ this._parent.get_name() }}, {{ this.urls }}, {{ this.bounds }});",
            urls=urls, bounds=json.dumps(NORWAY_BOUNDS)).add_to(base)
    return base


def _static_url(path: str) -> str:
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(part for part in (prefix, "app/static", path) if part)


def _hex(colour: str) -> str:
    if colour.startswith("#"):
        return colour
    red, green, blue = (round(float(c)) for c in colour[colour.index("(") + 1:-1].split(","))
    return f"#{red:02x}{green:02x}{blue:02x}"


class _Script(MacroElement):
    """A line of JavaScript in the rendered map; its values are passed in already as JSON."""

    def __init__(self, code: str, **values: str):
        super().__init__()
        self._name = "SdgScript"
        self._template = Template("{% macro script(this, kwargs) %}" + code + "{% endmacro %}")
        for name, value in values.items():
            setattr(self, name, value)
