"""The network's members on a map of Norway: member municipalities filled, member counties outlined, the rest grey,
with a legend entry for each. The same MapLibre choropleth as the overview (charts/choropleth.py): offline, no tiles.
"""

from __future__ import annotations

import plotly.graph_objects as go

from charts.choropleth import _subset

MEMBER_BLUE = "#1f5fa8"  # not a status colour: membership says nothing about how an area scores
OTHER_GREY = "#dcdcdc"
COUNTY_LINE = "#212121"
CHOSEN_RED = "#d62728"
# The whole mainland, Finnmark included, in a column about 400 px wide (the landing page's right third).
WHOLE_NORWAY = {"lat": 65.3, "lon": 17.5}


def members_map(municipality_geojson: dict, names: dict[str, str], members: list[str], labels: dict[str, str],
                county_geojson: dict | None = None, county_names: dict[str, str] | None = None,
                county_members: list[str] = (), highlight: str | None = None,
                tiny_points: dict[str, tuple[float, float]] | None = None, height: int = 560) -> go.Figure:
    """labels: member, county_member, other (the legend's words). names: code -> municipality name (all of them)."""
    members = [code for code in members if code in names]
    others = [code for code in names if code not in set(members)]
    figure = go.Figure()
    for codes, colour, label in ((others, OTHER_GREY, labels["other"]), (members, MEMBER_BLUE, labels["member"])):
        if not codes:
            continue
        figure.add_trace(go.Choroplethmap(
            geojson=_subset(municipality_geojson, codes), locations=codes, z=[0] * len(codes), name=label,
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
            customdata=[[names[c]] for c in codes],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{label}<extra></extra>",
            marker={"line": {"width": 0.4, "color": "white"}},
        ))
    tiny = [code for code in members if tiny_points and code in tiny_points]
    if tiny:  # a member too small to see at country zoom still shows, as a dot
        figure.add_trace(go.Scattermap(
            lon=[tiny_points[c][0] for c in tiny], lat=[tiny_points[c][1] for c in tiny], mode="markers",
            marker={"size": 9, "color": MEMBER_BLUE}, customdata=[[names[c]] for c in tiny],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{labels['member']}<extra></extra>", showlegend=False,
            name="", meta={"table": "skip"},
        ))
    if county_geojson is not None and county_names and county_members:
        _outline(figure, county_geojson, [c for c in county_members if c in county_names], labels["county_member"],
                 COUNTY_LINE, 2)
    if highlight and highlight in names:
        _outline(figure, municipality_geojson, [highlight], names[highlight], CHOSEN_RED, 3)
    figure.update_layout(
        map={"style": "white-bg", "center": WHOLE_NORWAY, "zoom": 3.1},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
    )
    return figure


def _outline(figure: go.Figure, geojson: dict, codes: list[str], label: str, colour: str, width: float) -> None:
    """Borders only, and a line in the legend: an outline's own legend swatch would be its transparent fill."""
    figure.add_trace(go.Choroplethmap(
        geojson=_subset(geojson, codes), locations=codes, z=[0] * len(codes), name=label, showlegend=False,
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False, hoverinfo="skip",
        marker={"line": {"width": width, "color": colour}}, meta={"table": "skip"},  # charts/chart_table.py
    ))
    figure.add_trace(go.Scattermap(lon=[None], lat=[None], mode="lines", line={"color": colour, "width": width},
                                   name=label, showlegend=True, hoverinfo="skip", meta={"table": "skip"}))
