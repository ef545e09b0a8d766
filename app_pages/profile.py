"""Kommuneprofil / Municipality profile: one municipality or county at a glance, and why."""

from __future__ import annotations

import streamlit as st

from charts.sdg_radar import sdg_radar
from charts.trend_chart import projection_label, trend_chart
from components import data, u4ssc_view, url_state
from components.export_dialog import Chart, export_button, indicator_source, score_source
from components.key_facts import key_facts
from components.status_matrix import status_matrix
from core import profile
from core.i18n import number, t
from core.scores import scored, with_data
from core.status import HEX
from core.trends import ARROWS, linear_projection

AREA_TYPES = ("municipality", "county")

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
book = data.score_book()
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

observations = data.all_observations()
level_rows = observations[observations.area_level == area_type]
population = level_rows[level_rows.indicator_id == "population"]
facts_data = profile.key_facts(code, area_type, population, municipalities, counties)
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
    facts += [(t("profile.kostra", lang), group_number, facts_data.kostra_group or ""),
              (t("profile.centrality", lang), str(facts_data.centrality or "–"), "")]
facts.append((t("profile.area", lang), f"{number(facts_data.area_km2, lang, 0)} km²", ""))

index_row = book.index[(book.index.area_level == area_type) & (book.index.area_code == code)]
indicator_rows = book.indicators[(book.indicators.area_level == area_type) & (book.indicators.area_code == code)]
goal_rows = book.goals[(book.goals.area_level == area_type) & (book.goals.area_code == code)]
total = len(with_data(scored(catalogue), book.indicators))  # indicators not yet fetched do not count
coverage = t("profile.coverage", lang, count=len(indicator_rows), total=total)
if not index_row.empty and index_row["index"].notna().iloc[0]:
    facts.append((t("profile.index", lang), f"{number(index_row['index'].iloc[0], lang, 0)} / 100", ""))
else:
    share = f"{number(100 * len(indicator_rows) / total, lang, 0)} %"
    facts.append((t("profile.index", lang), "–", t("profile.index_missing", lang, coverage=share)))
key_facts(facts)
st.caption(coverage + (" · " + t("profile.county_source_note", lang) if area_type == "county" else ""))

radar_column, matrix_column = st.columns([1, 1])
with radar_column:
    st.subheader(t("profile.radar", lang))
    scores = profile.goal_scores(book, area_type, code)
    if area_type == "municipality":
        group = municipalities.loc[municipalities.code == code, "kostra_group_code"].iloc[0]
        peers = municipalities.code[municipalities.kostra_group_code == group]
        overlays = {t("profile.median_kostra", lang): profile.median_goal_scores(book, peers)}
    else:
        overlays = {t("profile.median_county", lang): profile.median_goal_scores(
            book, municipalities.code[municipalities.county_code == code])}
    overlays[t("profile.median_national", lang)] = profile.median_goal_scores(book, municipalities.code)
    radar = sdg_radar(scores, sdg_colours, goal_names, name, overlays, t("overview.no_data", lang))
    st.plotly_chart(radar, width="stretch", key="profile_radar", config={"displaylogo": False})
with matrix_column:
    st.subheader(t("profile.matrix", lang))
    words = {k.split(".", 1)[1]: t(k, lang) for k in
             [f"colour.{c}" for c in HEX] + [f"trend.{a}" for a in ARROWS]}
    status_matrix(goal_rows, goal_names, sdg_colours, words, columns=4)
    goal = st.selectbox(t("profile.goal", lang), list(range(1, 18)), key="goal", index=None,
                        format_func=lambda g: f"{g}. {goal_names[g]}", placeholder=t("profile.goal", lang))
    url_state.publish("goal", goal)
    if goal:
        rows = indicator_rows[indicator_rows.goal == goal]
        if rows.empty:
            st.info(t("profile.no_goal_data", lang))
        for row in rows.itertuples():
            spec = catalogue[row.indicator_id]
            unit = spec.short_unit(lang)
            st.markdown(
                f"**{spec.name(lang)}** — {number(row.value, lang)} {unit} ({row.year}) · "
                f"{t('column.score', lang)} {number(row.score, lang, 0)} · "
                f"<span style='color:{HEX[row.colour]}'>●</span> {t(f'colour.{row.colour}', lang)} · "
                f"{ARROWS[row.trend]} {t(f'trend.{row.trend}', lang)} · "
                f"{t('column.progress', lang)}: {t(f'progress.{row.progress}', lang)}",
                unsafe_allow_html=True,
            )
            st.caption(t("profile.why", lang) + ": " + t(
                "why.text", lang, value=f"{number(row.value, lang)} {unit}",
                green=f"{number(spec.green.value, lang)} {unit}", red=f"{number(spec.red.value, lang)} {unit}",
                direction=t(f"overview.direction.{spec.direction}", lang).lower(),
                lower=f"{number(row.lower_bound, lang)} {unit}", lower_rule=t(f"lower_rule.{row.lower_rule}", lang),
                upper=f"{number(row.upper_bound, lang)} {unit}", source=spec.source_label))

st.subheader(t("profile.trend", lang))
with_values = set(level_rows[level_rows.area_code == code].indicator_id)
available = [i for i in catalogue if i in with_values]
default_trend = next((i for i in available if catalogue[i].direction), available[0])
url_state.seed("trend", available, default_trend)
url_state.show_warnings(lang)
indicator_id = st.selectbox(t("profile.trend_indicator", lang), available, key="trend",
                            format_func=lambda i: catalogue[i].name(lang))
url_state.publish("trend", indicator_id, default_trend)
spec = catalogue[indicator_id]
series = level_rows[(level_rows.area_code == code) & (level_rows.indicator_id == indicator_id)].sort_values("year")
national = observations[(observations.area_level == "country") & (observations.indicator_id == indicator_id)]
comparisons = {t("profile.national", lang): national[["year", "value"]].sort_values("year")}
if area_type == "municipality":
    comparisons = {t("profile.median_kostra", lang): profile.median_series(observations, indicator_id, peers),
                   **comparisons}
status_row = indicator_rows[indicator_rows.indicator_id == indicator_id]
target = status_row.target.iloc[0] if not status_row.empty else spec.target_2030.value
projection = linear_projection(series.year, series.value) if spec.direction else None
trend = trend_chart(series, name, comparisons, spec.short_unit(lang), target,
                     t("profile.target", lang, value=number(target, lang)) if target is not None else "",
                     projection, projection_label(projection, lang))
st.plotly_chart(trend, width="stretch", key="profile_trend", config={"displaylogo": False})

u4ssc_view.render(area_type, code, lang)  # members' own data; renders nothing without uploads

export_button([
    Chart(t("profile.radar", lang), f"radar_{code}", radar, score_source(catalogue, lang)),
    Chart(f"{t('profile.trend', lang)}: {spec.name(lang)}", f"trend_{code}_{indicator_id}", trend,
          indicator_source(spec, lang)),
], lang, key="profile_export", report=(area_type, code), scores=(code, data.scores_csv))
