"""Choropleth of municipalities or counties with plotly's MapLibre map, which Streamlit bundles.

It needs no tiles (white background) and no CDN, so it draws offline. Areas without a value
are drawn grey and named "no data", never coloured as zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

NORWAY_CENTER = {"lat": 65.0, "lon": 15.5}
NO_DATA_GREY = "#d0d0d0"
# Colour-blind-safe sequential scale; reversed for lower-is-better so that yellow is always better.
SCALE = "Viridis"


def choropleth(
    geojson: dict,
    table: pd.DataFrame,
    all_codes: dict[str, str],
    value_label: str,
    unit: str,
    direction: str | None,
    no_data_label: str,
    highlight: str | None = None,
    outlined: tuple[str, list[str]] | None = None,
    height: int = 720,
    tiny_points: dict[str, tuple[float, float]] | None = None,
) -> go.Figure:
    """table: code, name, value, text (formatted value), year, source.

    tiny_points (code -> lon, lat) adds a dot for areas too small to see at country zoom.
    outlined (label, codes) draws a peer set's borders in dark grey; highlight draws one area in red.
    """
    figure = go.Figure()
    present = set(table.code)
    missing = [code for code in all_codes if code not in present]
    if missing:
        figure.add_trace(
            go.Choroplethmap(
                geojson=_subset(geojson, missing),
                locations=missing,
                z=[0] * len(missing),
                name=no_data_label,
                colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]],
                showscale=False,
                showlegend=True,
                customdata=[[all_codes[c]] for c in missing],
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>{no_data_label}<extra></extra>",
                marker={"line": {"width": 0.4, "color": "white"}},
                meta={"table": "no_data"},
            )
        )
    figure.add_trace(
        go.Choroplethmap(
            geojson=_subset(geojson, present),
            locations=table.code,
            z=table.value,
            name=value_label,
            colorscale=SCALE,
            reversescale=direction == "lower",
            colorbar={"title": {"text": unit}, "thickness": 14},
            customdata=table[["name", "text", "year", "source"]].to_numpy(),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>" + value_label + ": %{customdata[1]}<br>"
                "%{customdata[2]} · %{customdata[3]}<extra></extra>"
            ),
            marker={"line": {"width": 0.4, "color": "white"}},
        )
    )
    if tiny_points:
        _add_tiny_area_dots(figure, table, all_codes, tiny_points, direction, no_data_label)
    if outlined and outlined[1]:
        _add_outline(figure, geojson, outlined[1], outlined[0], "#212121", 2, all_codes)
    if highlight and highlight in all_codes:
        _add_outline(figure, geojson, [highlight], all_codes[highlight], "#d62728", 3, all_codes)
    figure.update_layout(
        map={"style": "white-bg", "center": NORWAY_CENTER, "zoom": 3.6},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.8)"},
    )
    return figure


def _add_outline(figure, geojson, codes, name, colour, width, all_codes) -> None:
    codes = [code for code in codes if code in all_codes]
    figure.add_trace(
        go.Choroplethmap(
            geojson=_subset(geojson, codes), locations=codes, z=[0] * len(codes), name=name,
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False, hoverinfo="skip",
            showlegend=True, marker={"line": {"width": width, "color": colour}}, meta={"table": "skip"},
        )
    )


def _add_tiny_area_dots(figure, table, all_codes, tiny_points, direction, no_data_label) -> None:
    """Dots coloured like their areas, grey without data, with the same hover text."""
    by_code = table.set_index("code")
    low, high = (table.value.min(), table.value.max()) if not table.empty else (0, 1)
    with_value = [code for code in tiny_points if code in by_code.index]
    without = [code for code in tiny_points if code in all_codes and code not in by_code.index]
    for codes, colour in ((with_value, [float(by_code.value[c]) for c in with_value]), (without, NO_DATA_GREY)):
        if not codes:
            continue
        texts = [by_code.text[c] for c in codes] if colour is not NO_DATA_GREY else [no_data_label] * len(codes)
        figure.add_trace(
            go.Scattermap(
                lon=[tiny_points[c][0] for c in codes], lat=[tiny_points[c][1] for c in codes], mode="markers",
                marker={"size": 8, "color": colour, "colorscale": SCALE, "reversescale": direction == "lower",
                        "cmin": low, "cmax": high, "showscale": False},
                customdata=[[all_codes[c], text] for c, text in zip(codes, texts, strict=True)],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
                showlegend=False, name="", ids=codes, meta={"table": "skip"},  # the areas' own values again
            )
        )


def _subset(geojson: dict, codes) -> dict:
    """Only the features a trace draws: each trace carries its own geometry to the browser."""
    wanted = set(codes)
    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in wanted]}
