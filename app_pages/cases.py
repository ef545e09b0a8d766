"""Gode eksempler / Good practice: the members' published cases, searched by text, goal, target, process, member
and year; one case in full with ?case=<id>. Open to everyone; drafts are never listed here."""

from __future__ import annotations

import streamlit as st

from components import auth_ui, case_view, data, url_state
from core.i18n import t
from core.learning import cases
from core.learning.vocabulary import PROCESSES
from core.markup import inert

lang = st.session_state.get("lang", "nb")
viewer = auth_ui.current()

st.title(t("page.cases", lang))

chosen = st.query_params.get("case")
if chosen is not None:
    shown = cases.case(viewer, int(chosen)) if chosen.isdigit() else None
    if shown is None:
        st.warning(t("case.not_found", lang, value=inert(chosen)), icon=":material/warning:")
    else:
        case_view.detail(shown, viewer, lang)
    if st.button(t("case.back", lang), key="case_back", icon=":material/arrow_back:"):
        del st.query_params["case"]
        st.rerun()
    st.stop()

st.caption(t("case.intro", lang))
public = cases.published()
goal_names = case_view.goal_names(lang)
process_names = case_view.process_names(lang)
targets = data.sdg_targets()
target_titles = dict(zip(targets.code, targets.title_nb if lang == "nb" else targets.title_en, strict=True))
areas = sorted({c.area for c in public}, key=lambda a: case_view.area_name(*a))
area_keys = [f"{level}:{code}" for level, code in areas]
years = sorted({c.year for c in public}, reverse=True)

if "case_q" not in st.session_state:  # free text from the link: searched for, never shown as Markdown
    st.session_state["case_q"] = st.query_params.get("q", "")[:200]
url_state.seed("case_goal", range(1, 18), None, parse=int, param="goal", message="warning.unknown_goal")
url_state.seed("case_target", list(target_titles), None, param="target")
url_state.seed("case_process", list(PROCESSES), None, param="process")
url_state.seed("case_member", area_keys, None, param="member")
url_state.seed("case_year", years, None, parse=int, param="case_year")
url_state.seed("case_english", [True, False], False, parse=lambda raw: raw == "1", param="english")
url_state.show_warnings(lang)

text = st.text_input(t("case.search", lang), key="case_q", max_chars=200, placeholder=t("case.search_hint", lang))
columns = st.columns(5)
goal = columns[0].selectbox(t("case.filter.goal", lang), list(range(1, 18)), key="case_goal", index=None,
                            format_func=lambda g: f"{g}. {goal_names.get(g, '')}",
                            placeholder=t("case.filter.any", lang))
target_options = [code for code in target_titles if goal is None or code.split(".")[0] == str(goal)]
if st.session_state.get("case_target") not in target_options:
    st.session_state["case_target"] = None
target = columns[1].selectbox(t("case.filter.target", lang), target_options, key="case_target", index=None,
                              format_func=lambda c: f"{c} {target_titles.get(c, '')[:60]}",
                              placeholder=t("case.filter.any", lang))
process = columns[2].selectbox(t("case.filter.process", lang), list(PROCESSES), key="case_process", index=None,
                               format_func=process_names.get, placeholder=t("case.filter.any", lang))
member = columns[3].selectbox(t("case.filter.member", lang), area_keys, key="case_member", index=None,
                              format_func=lambda k: case_view.area_name(*k.split(":")),
                              placeholder=t("case.filter.any", lang))
year = columns[4].selectbox(t("case.filter.year", lang), years, key="case_year", index=None,
                            placeholder=t("case.filter.any", lang))
english = st.toggle(t("case.english_only", lang), key="case_english")
for name, value, default in (("q", text.strip() or None, None), ("goal", goal, None), ("target", target, None),
                             ("process", process, None), ("member", member, None), ("case_year", year, None),
                             ("english", "1" if english else None, None)):
    url_state.publish(name, value, default)

names = {code: name for level in ("municipality", "county") for code, name in data.area_names(level).items()}
found = cases.search(public, text=text, goal=goal, target=target, process=process,
                     area=tuple(member.split(":")) if member else None, year=year, language="en" if english else None,
                     area_names=names)
st.caption(t("case.count", lang, count=len(found), total=len(public)))
if not public:
    st.info(t("case.none_yet", lang))
for case in found:
    case_view.card(case, lang)
if found:
    english_list = cases.english_list_csv(found, names, case_view.goal_names("en"), case_view.process_names("en"))
    st.download_button(t("case.download_english", lang), english_list, file_name="good_practice_cases_en.csv",
                       mime="text/csv", key="english_list", icon=":material/download:", on_click="ignore",
                       help=t("case.download_english_help", lang))
