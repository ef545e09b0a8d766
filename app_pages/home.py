"""Forside / Home: what the dashboard is, one action (choose your municipality), and the 17 goals at a glance for
the country, or for the chosen municipality against its peers, next to the network's members on a map."""

from __future__ import annotations

import streamlit as st

from components import data, url_state
from components.choose_municipality import choose_municipality, show_whole_country
from components.goal_tiles import colour_reasons, goal_tiles
from components.members_map import show_members_map
from core import landing, profile
from core.i18n import t

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
municipalities = data.municipalities()
labels = dict(zip(municipalities.code, municipalities.label, strict=True))

st.title(t("home.title", lang))
st.markdown(t("home.lead", lang))
url_state.show_warnings(lang)  # a bad ?kommune= was dropped by the sidebar: say so, and show the country
choose_municipality(lang, labels)

code = st.session_state.get("kommune")
if code in labels:
    area = data.area_profile("municipality", code)
    tiles = landing.goal_tiles(area.goals, area.indicators, area.peer_goal_medians)
    heading, note = t("home.municipality_heading", lang, name=area.name), profile.peers_text(area, lang)
else:
    area = None
    tiles = landing.national_tiles(data.score_book(), catalogue)
    heading, note = t("home.national_heading", lang), t("home.national_note", lang)
covered = landing.coverage(tiles)

tiles_column, map_column = st.columns([3, 2], gap="large")
with tiles_column:
    st.subheader(heading)
    if area is not None:
        links = st.container(horizontal=True)
        links.page_link("app_pages/profile.py", label=t("home.open_profile", lang, name=area.name),
                        icon=":material/location_city:", query_params={"kommune": code})
        with links:
            show_whole_country(lang)
    coverage_line = t("profile.goals_with_data", lang, goals=covered.with_data, total=covered.applicable)
    if covered.with_data < covered.applicable:
        coverage_line += " · " + t("home.coverage_missing", lang)
    st.markdown(f"**{coverage_line}**")
    st.caption(note)
    goal_tiles(tiles, data.sdg_goals(), catalogue, lang, against_peers=area is not None)
    if area is not None and covered.applicable < covered.total:
        st.caption(t("goal.not_applicable", lang, name=area.name))
    st.caption(t("home.colour_note", lang))
    colour_reasons(tiles, data.sdg_goals(), catalogue, lang)
with map_column:
    st.subheader(t("home.map_title", lang))
    show_members_map(lang, highlight=code if area is not None else None)
