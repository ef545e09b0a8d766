"""Good-practice cases on a page: a short card in a list, the whole case, and the cases of a profile.

Everything a member wrote is shown as plain text (titles, names, contact) or as safe Markdown (the longer texts):
no images from elsewhere, no data: or javascript: links (core.markup).
"""

from __future__ import annotations

import streamlit as st

from components import data
from core.i18n import day, number, t
from core.learning import cases
from core.learning.vocabulary import CASE_LANGUAGES, CASE_STATUSES, PROCESSES
from core.markup import plain, safe_markdown

CASES_PAGE = "app_pages/cases.py"
PROFILE_PAGE = "app_pages/profile.py"
SUMMARY_CHARACTERS = 300  # of a summary shown in a list


def area_name(level: str, code: str) -> str:
    return data.area_names(level).get(code, code)


def goal_names(lang: str) -> dict[int, str]:
    goals = data.sdg_goals()
    return dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))


def process_names(lang: str) -> dict[str, str]:
    return {process: t(key, lang) for process, key in PROCESSES.items()}


def meta_line(case: cases.Case, lang: str) -> str:
    """Member · year · goals · processes (and the status when it is not public), as plain text."""
    goals = ", ".join(str(g) for g in case.goals)
    parts = [area_name(case.area_level, case.area_code), str(case.year)]
    if goals:
        parts.append(t("case.goals_short", lang, goals=goals))
    names = process_names(lang)
    parts += [names[p] for p in case.processes if p in names]
    if not case.public:
        parts.append(t(CASE_STATUSES[case.status], lang))
    return " · ".join(plain(part) for part in parts)


def card(case: cases.Case, lang: str) -> None:
    """A case in a list: title, what it is about, the start of its summary and a link to the whole case."""
    text = case.text_for(lang)
    with st.container(border=True, key=f"case_card_{case.id}"):
        st.markdown(f"**{plain(text.title)}**")
        st.caption(meta_line(case, lang))
        summary = text.summary if len(text.summary) <= SUMMARY_CHARACTERS else \
            text.summary[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + " …"
        if summary:
            st.markdown(safe_markdown(summary))
        st.page_link(CASES_PAGE, label=t("case.read_more", lang), icon=":material/arrow_forward:",
                     query_params={"case": str(case.id)})


def _open_profile(level: str, code: str) -> None:
    """Before the switch to the profile: the area it opens (the sidebar keeps the municipality in session state)."""
    if level == "municipality":
        st.session_state["kommune"] = code
        st.session_state["area"] = "municipality"
    else:
        st.session_state["area"] = "county"
        st.session_state["fylke"] = code


def detail(case: cases.Case, viewer, lang: str, url: str | None = None, key: str = "case") -> None:
    """The whole case: its texts in the reader's language where it has them, what it is about, the indicators it
    aims to move (each a way to the member's profile), contact and attachments. key: a prefix for its widgets, so
    that the same case can be shown twice on a page."""
    text = case.text_for(lang)
    st.subheader(plain(text.title))
    st.caption(meta_line(case, lang))
    if text.language != case.language:
        st.caption(t("case.translated_from", lang, language=t(CASE_LANGUAGES[case.language], lang)))
    elif lang == "en" and case.language != "en":
        st.info(t("case.only_norwegian", lang), icon=":material/translate:")
    for label, body in ((None, text.summary), ("case.field.done", text.done), ("case.field.results", text.results)):
        if body:
            st.markdown((f"**{t(label, lang)}**\n\n" if label else "") + safe_markdown(body))
    names, targets = goal_names(lang), data.sdg_targets()
    titles = dict(zip(targets.code, targets.title_nb if lang == "nb" else targets.title_en, strict=True))
    if case.goals:
        lines = [f"- {g}. {plain(names.get(g, ''))}" for g in case.goals]
        lines += [f"  - {plain(code)} {plain(titles.get(code, ''))}" for code in case.targets]
        st.markdown(f"**{t('case.field.goals', lang)}**\n\n" + "\n".join(lines))
    if case.processes:
        process = process_names(lang)
        st.markdown(f"**{t('case.field.processes', lang)}**\n\n" + "\n".join(
            f"- {plain(process[p])}" for p in case.processes if p in process))
    if case.indicators:
        catalogue = data.catalogue()
        st.markdown(f"**{t('case.field.indicators', lang)}**")
        for indicator in case.indicators:
            spec = catalogue.get(indicator)
            label = spec.name(lang) if spec else indicator
            where = plain(area_name(case.area_level, case.area_code))
            if st.button(t("case.indicator_link", lang, indicator=plain(label), area=where),
                         key=f"{key}_{case.id}_to_{indicator}", icon=":material/trending_up:", type="tertiary",
                         on_click=_open_profile, args=(case.area_level, case.area_code)):
                st.switch_page(PROFILE_PAGE, query_params={"trend": indicator})
    if case.contact:
        st.markdown(f"**{t('case.field.contact', lang)}**: {plain(case.contact)}")
    if case.approved_at:
        st.caption(t("case.published_on", lang, date=day(case.approved_at.date(), lang)))
    attachments(case, viewer, lang, url, key)


def attachments(case: cases.Case, viewer, lang: str, url: str | None = None, key: str = "case") -> None:
    """Images shown, PDFs offered for download; the bytes are read only for a viewer who may see the case."""
    if not case.attachments:
        return
    st.markdown(f"**{t('case.field.attachments', lang)}**")
    for info in case.attachments:
        found = cases.attachment_content(viewer, info.id, url)
        if found is None:
            continue
        _, content = found
        size = t("case.attachment_size", lang, size=number(info.size / 1024, lang, 0))
        if info.is_image:
            st.image(content, caption=f"{plain(info.file_name)} ({size})", width=480)
        else:
            st.download_button(f"{plain(info.file_name)} ({size})", content, file_name=info.file_name,
                               mime=info.media_type, key=f"{key}_attachment_{info.id}",
                               icon=":material/picture_as_pdf:", on_click="ignore")


def area_cases(level: str, code: str, name: str, lang: str) -> None:
    """The profile's section of a member's public cases; nothing where it has none."""
    found = cases.search(cases.published(), area=(level, code))
    if not found:
        return
    st.subheader(t("case.profile_title", lang, name=plain(name)))
    for case in found:
        text = case.text_for(lang)
        st.page_link(CASES_PAGE, label=f"{plain(text.title)} ({case.year})", icon=":material/lightbulb:",
                     query_params={"case": str(case.id)})


def goal_cases(goal: int, area: tuple[str, str], lang: str, limit: int = 5) -> None:
    """In a goal's drill-down: public cases aimed at the goal, the area's own first, and a link to all of them."""
    found = cases.search(cases.published(), goal=goal)
    if not found:
        return
    found.sort(key=lambda c: c.area != tuple(area))  # stable: the newest first within each group
    st.markdown(f"**{t('case.goal_title', lang, goal=goal)}**")
    for case in found[:limit]:
        text = case.text_for(lang)
        where = plain(area_name(case.area_level, case.area_code))
        st.page_link(CASES_PAGE, label=f"{plain(text.title)} — {where} ({case.year})",
                     icon=":material/lightbulb:", query_params={"case": str(case.id)})
    if len(found) > limit:
        st.page_link(CASES_PAGE, label=t("case.all_for_goal", lang, count=len(found), goal=goal),
                     query_params={"goal": str(goal)})
