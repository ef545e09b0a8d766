"""Oversikt / Overview: a map of any indicator for all municipalities or counties, with a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.choropleth import choropleth
from components import data, leaflet_map, url_state
from components.big_number import big_number
from components.export_dialog import Chart, Table, export_button, image_title, indicator_source, national_place
from core.exports import csv_bytes
from core.exports import stem as file_stem
from core.i18n import number, t
from core.status import indicator_colour

LEVELS = ("municipality", "county")
DEFAULT_INDICATOR = "low_income_eu60"

lang = st.session_state.get("lang", "nb")


def choose_municipality(code: str) -> None:
    """A click on the map chooses the municipality, as the sidebar does (a callback: before the next run)."""
    st.session_state["kommune"] = code


catalogue = data.catalogue()
selected_municipality = st.session_state.get("kommune")

st.title(t("page.overview", lang))

offered = data.indicators_with_data()
url_state.seed("indicator", offered, DEFAULT_INDICATOR)
url_state.seed("level", LEVELS, "municipality")
controls = st.columns([3, 1.4, 1])
indicator_id = controls[0].selectbox(
    t("overview.indicator", lang), offered, key="indicator", format_func=lambda i: catalogue[i].name(lang),
    placeholder=t("choose.option", lang),
)
level = controls[1].radio(
    t("overview.level", lang), LEVELS, key="level", horizontal=True, format_func=lambda v: t(f"level.{v}", lang)
)
url_state.publish("indicator", indicator_id, DEFAULT_INDICATOR)
url_state.publish("level", level, "municipality")
show_members = st.toggle(t("overview.show_members", lang), key="show_members")
spec = catalogue[indicator_id]

years = data.years_with_data(indicator_id, level)
if not years:
    st.info(t("overview.no_years", lang))
    st.stop()
url_state.seed("year", years, years[-1], parse=int)
if st.session_state["year"] not in years:  # another indicator or level was chosen
    url_state.warn("warning.year_without_data", year=st.session_state["year"], shown=years[-1])
    st.session_state["year"] = years[-1]
year = controls[2].selectbox(t("sidebar.year", lang), years[::-1], key="year",  # next to the map it changes
                             placeholder=t("choose.option", lang))
url_state.publish("year", year, years[-1])
url_state.show_warnings(lang)

names = data.area_names(level)
sources = data.sources()
source = f"{spec.source_label}"
values = data.observations(indicator_id, level, year)
table = pd.DataFrame(
    {
        "code": values.area_code,
        "name": values.area_code.map(names),
        "value": values.value,
        "text": [f"{number(v, lang)} {spec.short_unit(lang)}" for v in values.value],
        "year": values.year,
        "source": source,
        "quality": values.quality.map(lambda q: t(f"quality.{q}", lang)),
    }
)

goal = t("overview.sdg", lang, goal=spec.sdg_goal) if spec.sdg_goal else t("overview.context", lang)
direction = t(f"overview.direction.{spec.direction}", lang) if spec.direction else ""
st.caption(
    " · ".join(part for part in (goal, direction, spec.description_nb if lang == "nb" else spec.description_en) if part)
)

map_column, facts_column = st.columns([3, 1])
with facts_column:
    national = data.national_observation(indicator_id, year)
    big_number(t("overview.national_value", lang),
               f"{number(national[0], lang)} {spec.short_unit(lang)}" if national else t("overview.no_data", lang))
    if national and national[1] == "aggregated_partial":
        st.caption(":material/warning: " + t("quality.aggregated_partial", lang))
    if level == "municipality" and selected_municipality:
        row = table[table.code == selected_municipality]
        shown = row.text.iloc[0] if not row.empty else t("overview.no_data", lang)
        big_number(names.get(selected_municipality, selected_municipality), shown)
    st.caption(t("overview.no_data_count", lang, count=len(names) - len(table), total=len(names), year=year))
with map_column:
    leaflet_map.draw(
        leaflet_map.map_values(
            table, names, level, f"{level}|{indicator_id}|{year}", spec.name(lang), spec.direction, lang,
            status_of=lambda value: indicator_colour(value, spec),
            outlined=data.member_codes(level) if show_members else None,
            highlight=selected_municipality if level == "municipality" else None,
        ),
        key="overview_map", on_click=choose_municipality if level == "municipality" else None,
    )
    leaflet_map.legend(spec.direction, spec.name(lang), lang)
    if level == "municipality" and selected_municipality in names:
        st.page_link("app_pages/profile.py", icon=":material/arrow_forward:",
                     query_params={"kommune": selected_municipality},
                     label=t("leaflet.open_profile", lang, name=names[selected_municipality]))
    else:
        st.caption(t("leaflet.click_to_select", lang) if level == "municipality" else "")
    def print_map():  # for the PNG export, drawn only when the export dialog opens (about 0.1 s a run otherwise)
        return choropleth(
            data.boundaries(level),
            table,
            names,
            spec.name(lang),
            spec.unit(lang),
            spec.direction,
            t("overview.no_data", lang),
            highlight=selected_municipality if level == "municipality" else None,
            outlined=(t("peers.network", lang), data.member_codes(level)) if show_members else None,
            tiny_points=data.tiny_area_points(level),
        )
    st.caption(t("overview.map_caption", lang, source=source))

shown = table.sort_values("value", ascending=spec.direction == "lower")
shown = shown.assign(unit=spec.short_unit(lang))[["code", "name", "value", "unit", "year", "source", "quality"]]
table_controls = st.columns([1, 1, 1, 3])
show_table = table_controls[0].toggle(t("overview.show_table", lang), key="show_table")
table_controls[1].download_button(
    t("overview.download_csv", lang),
    lambda: csv_bytes(shown, lang),  # made on the click
    file_name=f"{indicator_id}_{file_stem(level, lang)}_{year}.csv",
    mime="text/csv",
    key="download_csv",
    on_click="ignore",
)
translated = shown.rename(columns={c: t(f"column.{c}", lang) for c in shown.columns})
with table_controls[2]:
    as_shown = translated.set_index(t("column.code", lang))
    export_button([Chart(f"{spec.name(lang)} ({year})", f"{indicator_id}_{file_stem(level, lang)}_{year}", print_map,
                         indicator_source(spec, lang),
                         image_title(spec.name(lang), national_place(level, lang),
                                     str(year)))], lang, key="overview_export",
                  tables=[Table(f"{spec.name(lang)} ({year})", f"{indicator_id}_{file_stem(level, lang)}_{year}",
                                as_shown)])
if show_table:  # built only when asked for: the grid is the heaviest element of the page
    st.dataframe(translated, hide_index=True, width="stretch")
