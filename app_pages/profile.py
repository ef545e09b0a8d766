"""Kommuneprofil / Municipality profile: one municipality or county at a glance, and why."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.images import years_shown
from charts.sdg_radar import sdg_radar, sdg_radar_option
from charts.trend_chart import projection_label, target_label, trend_chart, trend_option
from components import case_view, data, u4ssc_view, url_state
from components.chart_view import echart
from components.export_dialog import Chart, export_button, image_title, indicator_source, score_source
from components.key_facts import key_facts
from components.status_matrix import status_matrix
from core import profile, status
from core.etl.areas import kostra_group_description
from core.exports import stem as file_stem
from core.i18n import number, t, when
from core.status import HEX
from core.trends import ARROWS

AREA_TYPES = ("municipality", "county")
RADAR_HEIGHT, TREND_HEIGHT = 520, 420  # px: the radar is round and its column narrow

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
municipalities = data.municipalities()
counties = data.counties()
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))
sdg_colours = dict(zip(goals.number, goals.colour, strict=True))
county_names = dict(zip(counties.code, counties.name, strict=True))

st.title(t("page.profile", lang))
url_state.seed("area", AREA_TYPES, "municipality")
url_state.seed("fylke", county_names, None, message="warning.unknown_county")
url_state.seed("goal", range(1, 18), None, parse=int, message="warning.unknown_goal")
area_type = st.segmented_control(
    t("profile.area_type", lang), AREA_TYPES, key="area", format_func=lambda a: t(f"profile.type.{a}", lang)
) or "municipality"
url_state.publish("area", area_type, "municipality")

if area_type == "county":
    code = st.selectbox(t("profile.county", lang), list(county_names), key="fylke", format_func=county_names.get,
                        index=None, placeholder=t("profile.county", lang))
    url_state.publish("fylke", code)
    name = county_names.get(code)
else:
    code = st.session_state.get("kommune")
    name = dict(zip(municipalities.code, municipalities.name, strict=True)).get(code)
url_state.show_warnings(lang)
if not code:
    st.info(t("profile.choose_municipality", lang) if area_type == "municipality" else t("profile.county", lang))
    st.stop()

area = data.area_profile(area_type, code)  # facts, goals, coverage, peers, targets, projections: core.profile
facts_data = area.facts
growth = facts_data.population_change_10y
change = f"{'+' if (growth or 0) >= 0 else ''}{number(growth, lang)} %"
group_number = (facts_data.kostra_group or "–").split(" (")[0].replace("KOSTRA-gruppe ", "")

st.header(name)
facts = [
    (t("profile.population", lang, year=facts_data.population_year), number(facts_data.population, lang, 0),
     t("profile.population_change", lang, change=change) if facts_data.population_change_10y is not None else ""),
    (t("profile.county", lang), facts_data.county or "–", ""),
]
if area_type == "municipality":
    facts += [(t("profile.kostra", lang), group_number, kostra_group_description(facts_data.kostra_group, lang) or ""),
              (t("profile.centrality", lang), str(facts_data.centrality or "–"), "")]
facts.append((t("profile.area", lang), f"{number(facts_data.area_km2, lang, 0)} km²", ""))

indicator_rows = area.indicators
goals_with_data = t("profile.goals_with_data", lang, goals=area.coverage.goals, total=area.coverage.goals_total)
if area.index is not None:
    facts.append((t("profile.index", lang), f"{number(area.index, lang, 0)} / 100", goals_with_data))
else:
    share = f"{number(100 * area.coverage.share, lang, 0)} %"
    facts.append((t("profile.index", lang), "–", t("profile.index_missing", lang, coverage=share)
                  + " · " + goals_with_data))
key_facts(facts)
notes = [profile.coverage_text(area, lang), profile.peers_text(area, lang)]
st.caption(" · ".join(notes + ([t("profile.county_source_note", lang)] if area_type == "county" else [])))

radar_column, matrix_column = st.columns([1, 1])
with radar_column:
    st.subheader(t("profile.radar", lang))
    overlays = {profile.median_label(area.peers, lang): area.peer_goal_medians,
                profile.median_label(area.national, lang): area.national_goal_medians}
    radar_args = (area.goal_scores, sdg_colours, goal_names, name, overlays, t("overview.no_data", lang))

    def radar() -> go.Figure:
        return sdg_radar(*radar_args)

    echart(sdg_radar_option(*radar_args), lang, key="profile_radar", figure=radar, height=RADAR_HEIGHT,
           alt=f"{t('profile.radar', lang)}: {name}")
with matrix_column:
    st.subheader(t("profile.matrix", lang))
    words = {k.split(".", 1)[1]: t(k, lang) for k in
             [f"colour.{c}" for c in HEX] + [f"trend.{a}" for a in ARROWS]}  # goal tiles: both worst indicators
    status_matrix(area.goals, goal_names, sdg_colours, words, columns=4)
    if area.coverage.goals_total < 17:
        st.caption(t("goal.not_applicable", lang, name=name))
    goal = st.selectbox(t("profile.goal", lang), list(range(1, 18)), key="goal", index=None,
                        format_func=lambda g: f"{g}. {goal_names[g]}", placeholder=t("profile.goal", lang))
    url_state.publish("goal", goal)
    if goal:
        rows = indicator_rows[indicator_rows.goal == goal]
        if rows.empty:
            st.info(t("profile.no_goal_data", lang))
        online = data.online_freshness().set_index("indicator_id")  # indicators fed online: fetched when, newest year
        waiting = [catalogue[i].name(lang) for i in online.index[online.newest_year.isna()]
                   if i in catalogue and catalogue[i].sdg_goal == goal]
        if waiting:
            st.caption(t("ssb.online_not_fetched", lang, names=", ".join(waiting)))
        for row in rows.itertuples():
            spec = catalogue[row.indicator_id]
            unit = spec.short_unit(lang)
            year = f"{row.year}" + (f" · ⚠ {t('value.old', lang, year=row.year, current=row.current_year)}"
                                    if row.old else "")
            if row.indicator_id in online.index and online.refreshed[row.indicator_id]:
                fetched = online.loc[row.indicator_id]
                year += " · " + t("ssb.freshness", lang, refreshed=when(fetched.refreshed, lang),
                                  year=int(fetched.newest_year))
            st.markdown(
                f"**{spec.name(lang)}** — {number(row.value, lang)} {unit} ({year}) · "
                f"<span style='color:{HEX[row.colour]}'>●</span> {status.colour_meaning(spec, row.colour, lang)} · "
                f"{profile.verdict_text(row, lang)}",
                unsafe_allow_html=True,
            )
            st.caption(t("profile.why", lang) + ": " + t(
                "why.text", lang, value=f"{number(row.value, lang)} {unit}",
                green=f"{number(spec.green.value, lang)} {unit}", red=f"{number(spec.red.value, lang)} {unit}",
                direction=t(f"overview.direction.{spec.direction}", lang).lower(),
                lower=f"{number(row.lower_bound, lang)} {unit}", lower_rule=t(f"lower_rule.{row.lower_rule}", lang),
                upper=f"{number(row.upper_bound, lang)} {unit}", source=spec.source_label)
                + f" {t('column.score', lang)}: {number(row.score, lang, 0)}.")
        case_view.goal_cases(goal, (area_type, code), lang)  # members' good practice aimed at this goal

st.subheader(t("profile.trend", lang))
available = [i for i in catalogue if i in area.series]
default_trend = next((i for i in available if catalogue[i].direction), available[0])
url_state.seed("trend", available, default_trend)
url_state.show_warnings(lang)
indicator_id = st.selectbox(t("profile.trend_indicator", lang), available, key="trend",
                            format_func=lambda i: catalogue[i].name(lang), placeholder=t("choose.option", lang))
url_state.publish("trend", indicator_id, default_trend)
spec = catalogue[indicator_id]
comparisons = {}
if indicator_id in area.peer_series:  # municipalities: a county's counts are not comparable with a median
    comparisons[profile.median_label(area.peers, lang)] = area.peer_series[indicator_id]
if indicator_id in area.national_series:
    comparisons[t("profile.national", lang)] = area.national_series[indicator_id]
target = area.targets.get(indicator_id)
projection = area.projections.get(indicator_id)
trend_args = (area.series[indicator_id], name, comparisons, spec.short_unit(lang), target.value if target else None,
              target_label(target, lang), projection, projection_label(projection, lang))


def trend() -> go.Figure:
    return trend_chart(*trend_args)


echart(trend_option(*trend_args, lang), lang, key="profile_trend", figure=trend, height=TREND_HEIGHT,
       alt=f"{t('profile.trend', lang)}: {spec.name(lang)}, {name}")

u4ssc_view.render(area_type, code, lang)  # members' own data; renders nothing without uploads
case_view.area_cases(area_type, code, name, lang)  # the member's published good-practice cases; nothing without

export_button([
    Chart(t("profile.radar", lang), f"radar_{code}", radar, score_source(catalogue, lang),
          image_title(t("profile.radar", lang), name, t("export.latest_values", lang))),
    Chart(f"{t('profile.trend', lang)}: {spec.name(lang)}", file_stem("trend", lang, code, indicator_id), trend,
          indicator_source(spec, lang), lambda figure: image_title(f"{t('profile.trend', lang)}: {spec.name(lang)}",
                                                                   name, years_shown(figure))),
], lang, key="profile_export", report=(area_type, code), scores=(code, data.scores_csv))
