"""The landing page's map of the network's members: one function, so that the map can move to another drawing
library (components/leaflet_map.py) by changing this file alone."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.chart_table import ChartTable
from charts.members_map import members_map
from components import data
from components.chart_view import chart
from core.i18n import t


def show_members_map(lang: str, highlight: str | None = None, key: str = "members_map") -> None:
    """The current members (the member register's active ones), the chosen municipality outlined in red; its table
    alternative lists the members."""
    municipalities, counties = data.member_codes("municipality"), data.member_codes("county")
    municipality_names, county_names = data.area_names("municipality"), data.area_names("county")
    figure = _shared_figure(lang, highlight, tuple(municipalities), tuple(counties))

    def members_table() -> ChartTable:
        rows = [(code, municipality_names[code], t("home.map.member", lang)) for code in municipalities
                if code in municipality_names]
        rows += [(code, county_names[code], t("home.map.county_member_plain", lang)) for code in counties
                 if code in county_names]
        return ChartTable(pd.DataFrame(rows, columns=[t("chart_table.code", lang), t("chart_table.area", lang),
                                                      t("home.map.membership", lang)]))

    chart(figure, lang, key=key, table=members_table)
    st.caption(t("home.map_caption", lang, count=len(municipalities), counties=len(counties)))


# One figure for every session with the same language, outline and members (the members are part of the key, so a
# change in the register draws a new one). Building it was a fifth of the server's time per landing-page visit under
# bench/load.py; st.cache_resource shares the object without copying it (nothing mutates it: st.plotly_chart
# serialises a copy). A hall opening the presenter's link asks for one or a few of these.
@st.cache_resource(max_entries=32, show_spinner=False)
def _shared_figure(lang: str, highlight: str | None, municipalities: tuple[str, ...],
                   counties: tuple[str, ...]) -> go.Figure:
    labels = {"member": t("home.map.member", lang), "county_member": t("home.map.county_member", lang),
              "other": t("home.map.other", lang)}
    return members_map(data.boundaries("municipality"), data.area_names("municipality"), list(municipalities),
                       labels, data.boundaries("county"), data.area_names("county"), list(counties),
                       highlight=highlight, tiny_points=data.tiny_area_points("municipality"))
