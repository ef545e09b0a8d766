"""Kart / Map explorer: any indicator or goal score by year; click an area to open its profile."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.chart_table import chart_table
from charts.choropleth import choropleth
from components import data, leaflet_map, url_state
from components.chart_view import table_toggle
from components.export_dialog import Chart, export_button, image_title, indicator_source, national_place, score_source
from components.peer_picker import pick_peers
from core.exports import stem as file_stem
from core.i18n import number, t
from core.status import indicator_colour

LEVELS = ("municipality", "county")
DEFAULT_MEASURE = "low_income_eu60"
GOAL_PREFIX = "goal:"

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))
book = data.score_book()
goal_years = data.goal_scores_by_year()
measures = data.indicators_with_data() + [f"{GOAL_PREFIX}{g}" for g in sorted(goal_years.goal.unique())]


def measure_label(measure: str) -> str:
    if measure.startswith(GOAL_PREFIX):
        goal = int(measure.removeprefix(GOAL_PREFIX))
        return t("map.goal_score", lang, goal=goal, name=goal_names[goal])
    return catalogue[measure].name(lang)


st.title(t("page.map", lang))
url_state.seed("measure", measures, DEFAULT_MEASURE)
url_state.seed("level", LEVELS, "municipality")
controls = st.columns([3, 1])
measure = controls[0].selectbox(t("map.measure", lang), measures, key="measure", format_func=measure_label,
                                placeholder=t("choose.option", lang))
level = controls[1].radio(t("overview.level", lang), LEVELS, key="level", horizontal=True,
                          format_func=lambda v: t(f"level.{v}", lang))
url_state.publish("measure", measure, DEFAULT_MEASURE)
url_state.publish("level", level, "municipality")

outlined = None
code = st.session_state.get("kommune")
if code and level == "municipality":
    with st.expander(t("map.peers", lang)):
        peer_codes, _ = pick_peers(code, lang, data.municipalities(), allow_save=False)
    outlined = (t("compare.peer_median", lang).replace("Median ", "").capitalize(), peer_codes)
url_state.show_warnings(lang)


def values_for(measure: str, level: str) -> pd.DataFrame:
    """area_code, year, value for the measure at the level (goal scores come from the score book)."""
    if measure.startswith(GOAL_PREFIX):
        goal = int(measure.removeprefix(GOAL_PREFIX))
        rows = goal_years[(goal_years.area_level == level) & (goal_years.goal == goal)]
        return rows[["area_code", "year", "value"]]
    return data.observations_all_years(measure, level)


@st.fragment
def map_with_year(measure: str, level: str) -> None:
    """The year slider and the map: moving the year reruns only this part."""
    values = values_for(measure, level)
    years = sorted(int(y) for y in values.year.unique())
    if not years:
        st.info(t("overview.no_years", lang))
        return
    url_state.seed("map_year", years, years[-1], parse=int, param="year")
    if st.session_state["map_year"] not in years:
        st.session_state["map_year"] = years[-1]
    if len(years) > 1:
        year = st.select_slider(t("map.year", lang), options=years, key="map_year")
    else:
        year = years[0]
        st.caption(t("map.single_year", lang, year=year))
    url_state.publish("year", year, years[-1])
    names = data.area_names(level)
    is_goal = measure.startswith(GOAL_PREFIX)
    spec = None if is_goal else catalogue[measure]
    unit = t("map.points", lang) if is_goal else spec.short_unit(lang)
    shown = values[values.year == year]
    table = pd.DataFrame({
        "code": shown.area_code, "name": shown.area_code.map(names), "value": shown.value,
        "text": [f"{number(v, lang)} {unit}" for v in shown.value], "year": shown.year,
        "source": t("page.methodology", lang) if is_goal else spec.source_label,
    })
    direction = "higher" if is_goal else spec.direction
    leaflet_map.draw(
        leaflet_map.map_values(
            table, names, level, f"{level}|{measure}|{year}", measure_label(measure), direction, lang,
            status_of=None if is_goal else (lambda value: indicator_colour(value, spec)),
            outlined=outlined[1] if outlined else None, highlight=code if level == "municipality" else None,
        ),
        key="explorer_map", on_click=open_profile if level == "municipality" else None,
    )
    leaflet_map.legend(direction, measure_label(measure), lang)
    def print_map():  # for the PNG export and the table, drawn only when asked for (about 0.1 s a run otherwise)
        return choropleth(
            data.boundaries(level), table, names, measure_label(measure), unit, direction,
            t("overview.no_data", lang), highlight=code if level == "municipality" else None, outlined=outlined,
            tiny_points=data.tiny_area_points(level),
        )

    table_toggle(lambda: chart_table(print_map(), lang), lang, "explorer_map")  # the map's numbers as a table
    hint, export = st.columns([4, 1])
    hint.caption(t("map.click_hint", lang) if level == "municipality" else "")
    with export:
        source = score_source(catalogue, lang) if is_goal else indicator_source(spec, lang)
        where = national_place(level, lang)
        export_button([Chart(f"{measure_label(measure)} ({year})",
                             file_stem("map", lang, measure.replace(":", "_"), level, year), print_map, source,
                             image_title(measure_label(measure), where, str(year)))],
                      lang, key="explorer_export")
    if st.session_state.pop("map_clicked", None):  # set by the map's click, before this run
        st.switch_page("app_pages/profile.py", query_params={"kommune": st.session_state["kommune"]})


def open_profile(code: str) -> None:
    """A click on a municipality chooses it and opens its profile (a callback: before the next run)."""
    st.session_state["kommune"] = code
    st.session_state["map_clicked"] = True


map_with_year(measure, level)
