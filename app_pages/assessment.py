"""Selvevaluering / Self-assessment: a member rates its maturity in the six processes each year and sees itself
against the network's median; the secretariat sees every member as a heatmap and closes the year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.assessment_charts import assessment_heatmap, own_against_median
from components import auth_ui, data
from components.forms import submit_form
from core import dates
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.forms import EVIDENCE
from core.i18n import number, t
from core.learning import assessment
from core.learning.vocabulary import LEVEL_HELP, LEVELS, PROCESS_SHORT, PROCESSES

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "assessment")

st.title(t("page.assessment", lang))
st.caption(t("assessment.intro", lang))
with st.expander(t("assessment.levels_title", lang)):
    st.markdown("\n".join(f"- **{level}** {t(key, lang)}: {t(LEVEL_HELP[level], lang)}"
                          for level, key in LEVELS.items()))

secretariat = identity.may("assessment.close")
today = dates.today()
closed = assessment.closed_years()
years = list(range(today.year, assessment.FIRST_YEAR - 1, -1))
year = st.selectbox(t("assessment.year", lang), years, key="assessment_year",
                    format_func=lambda y: f"{y}" + (f" ({t('assessment.closed_mark', lang)})" if y in closed else ""),
                    placeholder=t("choose.option", lang))
frame = assessment.answers()
names = {f"{level}:{code}": name for level in ("municipality", "county") for code, name in
         data.area_names(level).items()}
process_names = {p: t(key, lang) for p, key in PROCESSES.items()}
short_names = {p: t(key, lang) for p, key in PROCESS_SHORT.items()}

if identity.role == "coordinator":
    area = (identity.area_level, identity.area_code)
else:
    members = [f"{level}:{code}" for level, code in assessment.member_areas(year)] or list(names)
    chosen = st.selectbox(t("assessment.member", lang), members, key="assessment_member", index=None,
                          format_func=lambda k: names.get(k, k), placeholder=t("assessment.choose_member", lang))
    area = tuple(chosen.split(":")) if chosen else None

if area is not None:
    key = f"{area[0]}:{area[1]}"
    st.subheader(t("assessment.own_title", lang, name=names.get(key, area[1]), year=year))
    stored = assessment.own_answers(frame, area, year)
    is_closed = year in closed
    if is_closed:
        st.info(t("assessment.closed_info", lang, year=year), icon=":material/lock:")
    with st.form(f"assessment_{key}_{year}"):
        answers = {}
        for number_, (process, label) in enumerate(process_names.items(), start=1):
            level, evidence = stored.get(process, (None, ""))
            st.markdown(f"**{number_}. {label}**")
            left, right = st.columns([2, 3])
            chosen_level = left.radio(
                t("assessment.level", lang), list(LEVELS), index=list(LEVELS).index(level) if level else None,
                horizontal=True, key=f"assessment_level_{process}_{area[1]}_{year}", disabled=is_closed,
                format_func=str, help=" · ".join(f"{n} {t(k, lang)}" for n, k in LEVELS.items()))
            text = right.text_input(t("assessment.evidence", lang), evidence, max_chars=EVIDENCE,
                                    key=f"assessment_evidence_{process}_{area[1]}_{year}", disabled=is_closed,
                                    placeholder=t("assessment.evidence_hint", lang))
            answers[process] = (chosen_level, text)
        submit_form(st.form_submit_button(t("assessment.save", lang), disabled=is_closed, type="primary"), lang,
                    lambda: assessment.save_assessment(identity, area[0], area[1], year, answers),
                    "assessment.saved", year=year)

    comparison = assessment.own_against_median(frame, area, year)
    if comparison.answered.sum():
        st.subheader(t("assessment.against_median", lang, year=year))
        figure = own_against_median(comparison, short_names, names.get(key, area[1]), t("assessment.median", lang),
                                    t("assessment.range", lang))
        st.plotly_chart(figure, width="stretch", key="assessment_own_chart", config={"displaylogo": False})
        table = pd.DataFrame({
            t("assessment.process", lang): [process_names[p] for p in comparison.process],
            names.get(key, area[1]): comparison.own,
            t("assessment.median", lang): [number(m, lang) if m is not None else "" for m in comparison["median"]],
            t("assessment.answered", lang): comparison.answered,
        })
        st.dataframe(table, hide_index=True, width="stretch", key="assessment_own_table")

if secretariat:
    st.subheader(t("assessment.heatmap_title", lang, year=year))
    levels, change = assessment.heatmap(frame, year, assessment.member_areas(year))
    if levels.empty:
        st.info(t("assessment.no_members", lang))
    else:
        answered = int(levels.notna().any(axis=1).sum())
        st.caption(t("assessment.heatmap_caption", lang, answered=answered, members=len(levels), before=year - 1))
        rows = [names.get(k, k) for k in levels.index]
        figure = assessment_heatmap(levels, change, rows, [short_names[p] for p in levels.columns],
                                    level_names={n: t(k, lang) for n, k in LEVELS.items()})
        st.plotly_chart(figure, width="stretch", key="assessment_heatmap", config={"displaylogo": False})
        shown_levels = levels.map(lambda v: "" if pd.isna(v) else f"{v:g}").rename(columns=short_names)
        shown_change = change.map(lambda v: "" if pd.isna(v) else f"{v:+g}").rename(
            columns=lambda p: f"{short_names[p]} Δ")
        combined = pd.concat([shown_levels, shown_change], axis=1)
        combined.index = [names.get(k, k) for k in combined.index]
        combined = combined.rename_axis(t("assessment.member", lang)).reset_index()
        st.dataframe(combined, hide_index=True, width="stretch", key="assessment_heatmap_table")
        st.download_button(t("assessment.download", lang), csv_bytes(combined, lang),
                           file_name=export_file_name("assessment", lang, str(year)), mime="text/csv",
                           key="assessment_csv",
                           on_click="ignore", icon=":material/download:")
    if year in closed:
        submit_form(st.button(t("assessment.reopen", lang, year=year), key="assessment_reopen"), lang,
                    lambda: assessment.set_year_closed(identity, year, False), "assessment.reopened", year=year)
    else:
        submit_form(st.button(t("assessment.close", lang, year=year), key="assessment_close"), lang,
                    lambda: assessment.set_year_closed(identity, year, True), "assessment.closed", year=year)
