"""The landing page's map of the network's members, on the Leaflet map of the overview (components/leaflet_map.py):
the polygons come from the browser's cache, so a visit sends only a colour and a hover text per municipality.

Under bench/load.py the plotly version of this map (755 KB per visit, serialised for every session) was half of the
server's time on the landing page.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from charts.chart_table import ChartTable
from charts.members_map import CHOSEN_RED, MEMBER_BLUE, OTHER_GREY
from components import data, leaflet_map
from components.chart_view import table_toggle
from core.i18n import t

IN_MEMBER_COUNTY = "#a9c4e4"  # a lighter blue: the county is a member, the municipality itself is not
HEIGHT = 560


def _choose(code: str) -> None:
    """A click on the map chooses the municipality, as the search box and the sidebar do (before the next run)."""
    st.session_state["kommune"] = code


def show_members_map(lang: str, highlight: str | None = None, key: str = "members_map") -> None:
    """The current members (the member register's active ones) filled, municipalities of member counties lighter,
    the chosen municipality outlined in red; a click chooses a municipality; its table alternative lists the
    members."""
    municipalities, counties = data.member_codes("municipality"), data.member_codes("county")
    municipality_names, county_names = data.area_names("municipality"), data.area_names("county")
    values = _shared_values(lang, highlight, tuple(municipalities), tuple(counties))
    leaflet_map.draw(values, key=key, on_click=_choose, height=HEIGHT)
    _legend(lang)

    def members_table() -> ChartTable:
        rows = [(code, municipality_names[code], t("home.map.member", lang)) for code in municipalities
                if code in municipality_names]
        rows += [(code, county_names[code], t("home.map.county_member_plain", lang)) for code in counties
                 if code in county_names]
        return ChartTable(pd.DataFrame(rows, columns=[t("chart_table.code", lang), t("chart_table.area", lang),
                                                      t("home.map.membership", lang)]))

    table_toggle(members_table, lang, key=key)
    st.caption(t("home.map_caption", lang, count=len(municipalities), counties=len(counties)))


# One drawing for every session with the same language, outline and members (the members are part of the key, so a
# change in the register draws a new one); nothing mutates it.
@st.cache_resource(max_entries=64, show_spinner=False)
def _shared_values(lang: str, highlight: str | None, municipalities: tuple[str, ...],
                   counties: tuple[str, ...]) -> leaflet_map.MapValues:
    names = data.area_names("municipality")
    county_names = data.area_names("county")
    members, member_counties = set(municipalities), set(counties)
    colours, tips = {}, {}
    for code, name in names.items():
        county = code[:2]
        if code in members:
            colours[code], status = MEMBER_BLUE, t("home.map.member", lang)
        elif county in member_counties:
            colours[code] = IN_MEMBER_COUNTY
            status = t("home.map.in_member_county", lang, county=county_names.get(county, county))
        else:
            colours[code], status = OTHER_GREY, t("home.map.other", lang)
        tips[code] = [name, status]
    stamp = f"members|{len(members)}|{len(member_counties)}"
    return leaflet_map.MapValues("municipality", stamp, colours, tips, [],
                                 highlight if highlight in names else None)


def _legend(lang: str) -> None:
    entries = [(MEMBER_BLUE, t("home.map.member", lang)),
               (IN_MEMBER_COUNTY, t("home.map.in_member_county_legend", lang)),
               (OTHER_GREY, t("home.map.other", lang)), (CHOSEN_RED, t("home.map.chosen", lang))]
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:0.3em;margin-right:1em">'
        f'<span style="width:0.9em;height:0.9em;background:{colour};border:1px solid #5f5e5a"></span>'
        f"{html.escape(label)}</span>" for colour, label in entries)
    st.html(f'<div style="font-size:0.85em">{swatches}</div>')  # Markdown's raw HTML would load an HTML parser
