"""Skriv eksempler / Write cases: a coordinator writes their member's good-practice cases, attaches files and sends
them for approval; the secretariat approves them, returns them with a note, or takes a published one down."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui, case_view, data
from components.forms import submit_form
from core import dates
from core.i18n import t, when
from core.learning import attachments, cases
from core.learning.vocabulary import CASE_LANGUAGES, CASE_STATUSES, PROCESSES
from core.markup import plain

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "case_editor")

st.title(t("page.case_editor", lang))
st.caption(t("case.editor_intro", lang))
NEW = 0
approver = identity.may("case.approve")
names = {f"{level}:{code}": name for level in ("municipality", "county") for code, name in
         data.area_names(level).items()}


def title_of(case: cases.Case) -> str:
    return f"{case.original.title} — {case_view.area_name(case.area_level, case.area_code)}"


if approver:
    st.subheader(t("case.awaiting", lang))
    waiting = cases.awaiting_approval()
    if not waiting:
        st.caption(t("case.none_waiting", lang))
    else:
        by_id = {c.id: c for c in waiting}
        if st.session_state.get("review_case") not in by_id:  # approved or returned meanwhile
            st.session_state.pop("review_case", None)
        review_id = st.selectbox(t("case.review_choose", lang), list(by_id), key="review_case",
                                 format_func=lambda i: title_of(by_id[i]), placeholder=t("choose.option", lang))
        reviewed = by_id[review_id]
        with st.container(border=True):
            case_view.detail(reviewed, identity, lang, key="review")
        left, right = st.columns(2)
        submit_form(left.button(t("case.approve", lang), key="approve_case", type="primary",
                                icon=":material/verified:"), lang,
                    lambda: cases.approve_case(identity, reviewed.id), "case.approved")
        with right.form("return_case", border=False):
            note = st.text_area(t("case.return_note", lang), key="return_note", max_chars=2000, height=80)
            submit_form(st.form_submit_button(t("case.return", lang)), lang,
                        lambda: cases.return_case(identity, reviewed.id, note), "case.returned")

mine = cases.editable(identity)
st.subheader(t("case.mine", lang) if not approver else t("case.all", lang))
if mine:
    st.dataframe(pd.DataFrame([{
        t("case.field.title", lang): c.original.title,
        t("case.field.member", lang): case_view.area_name(c.area_level, c.area_code),
        t("case.field.year", lang): c.year,
        t("case.field.status", lang): t(CASE_STATUSES[c.status], lang),
        t("column.when", lang): when(c.updated_at, lang),
    } for c in mine]), hide_index=True, width="stretch", key="my_cases")

by_id = {c.id: c for c in mine}
pending = st.session_state.pop("_edit_case_next", None)  # the case just created: open it
if pending in by_id:
    st.session_state["edit_case"] = pending
elif st.session_state.get("edit_case") not in (NEW, *by_id):  # deleted meanwhile
    st.session_state["edit_case"] = NEW
choice = st.selectbox(t("case.edit_choose", lang), [NEW, *by_id], key="edit_case",
                      format_func=lambda i: t("case.new", lang) if i == NEW else title_of(by_id[i]),
                      placeholder=t("choose.option", lang))
case = by_id.get(choice)
suffix = case.id if case else "new"
may_change = case is None or cases.may_edit(identity, case.area_level, case.area_code, case.status)
if case is not None and case.status == cases.DRAFT and case.review_note:
    st.warning(t("case.returned_with_note", lang, note=plain(case.review_note)), icon=":material/undo:")
if case is not None and not may_change:
    st.info(t("case.published_locked", lang), icon=":material/lock:")


def open_saved(case_id: int) -> int:
    st.session_state["_edit_case_next"] = case_id
    return case_id


catalogue = data.catalogue()
targets = data.sdg_targets()
target_titles = dict(zip(targets.code, targets.title_nb if lang == "nb" else targets.title_en, strict=True))
goal_names = case_view.goal_names(lang)
process_names = case_view.process_names(lang)
original = case.original if case else None
translation = case.translation if case else None
this_year = dates.today().year

with st.form(f"case_form_{suffix}"):
    if identity.role == "coordinator":
        member = f"{identity.area_level}:{identity.area_code}"
        st.text_input(t("case.field.member", lang), names.get(member, identity.area_code or ""), disabled=True,
                      key=f"case_member_{suffix}")
    else:
        current = f"{case.area_level}:{case.area_code}" if case else None
        member = st.selectbox(t("case.field.member", lang), list(names), key=f"case_member_{suffix}",
                              index=list(names).index(current) if current in names else None,
                              format_func=names.get, placeholder=t("case.choose_member", lang))
    columns = st.columns(2)
    language = columns[0].selectbox(t("case.field.language", lang), list(CASE_LANGUAGES), key=f"case_language_{suffix}",
                                    index=list(CASE_LANGUAGES).index(case.language) if case else 0,
                                    format_func=lambda code: t(CASE_LANGUAGES[code], lang),
                                    placeholder=t("choose.option", lang))
    year = columns[1].number_input(t("case.field.year", lang), min_value=2000, max_value=this_year, step=1,
                                   value=case.year if case else this_year, key=f"case_year_{suffix}")
    title = st.text_input(t("case.field.title", lang), original.title if original else "", max_chars=200,
                          key=f"case_title_{suffix}")
    summary = st.text_area(t("case.field.summary", lang), original.summary if original else "", height=90,
                           max_chars=1000, key=f"case_summary_{suffix}")
    done = st.text_area(t("case.field.done", lang), original.done if original else "", max_chars=5000,
                        key=f"case_done_{suffix}")
    results = st.text_area(t("case.field.results", lang), original.results if original else "", max_chars=5000,
                           key=f"case_results_{suffix}", help=t("case.results_help", lang))
    contact = st.text_input(t("case.field.contact", lang), case.contact if case else "", max_chars=300,
                            key=f"case_contact_{suffix}", help=t("case.contact_help", lang))
    columns = st.columns(2)
    goals = columns[0].multiselect(t("case.field.goals", lang), list(range(1, 18)), list(case.goals) if case else [],
                                   format_func=lambda g: f"{g}. {goal_names.get(g, '')}", key=f"case_goals_{suffix}",
                                   placeholder=t("case.choose", lang))
    chosen_targets = columns[1].multiselect(
        t("case.field.targets", lang), list(target_titles), list(case.targets) if case else [],
        format_func=lambda c: f"{c} {target_titles[c][:70]}", key=f"case_targets_{suffix}",
        placeholder=t("case.choose", lang), help=t("case.targets_help", lang))
    columns = st.columns(2)
    processes = columns[0].multiselect(t("case.field.processes", lang), list(PROCESSES),
                                       list(case.processes) if case else [], format_func=process_names.get,
                                       key=f"case_processes_{suffix}", placeholder=t("case.choose", lang))
    indicators = columns[1].multiselect(
        t("case.field.indicators", lang), list(catalogue), [i for i in case.indicators if i in catalogue]
        if case else [], format_func=lambda i: catalogue[i].name(lang), key=f"case_indicators_{suffix}",
        placeholder=t("case.choose", lang), help=t("case.indicators_help", lang))
    with st.expander(t("case.translation", lang), expanded=bool(translation)):
        st.caption(t("case.translation_help", lang))
        translation_title = st.text_input(t("case.field.title", lang), translation.title if translation else "",
                                          max_chars=200, key=f"case_tr_title_{suffix}")
        translation_summary = st.text_area(t("case.field.summary", lang), translation.summary if translation else "",
                                           max_chars=1000, key=f"case_tr_summary_{suffix}")
        translation_done = st.text_area(t("case.field.done", lang), translation.done if translation else "",
                                        max_chars=5000, key=f"case_tr_done_{suffix}")
        translation_results = st.text_area(t("case.field.results", lang), translation.results if translation else "",
                                           max_chars=5000, key=f"case_tr_results_{suffix}")
    area_level, _, area_code = (member or "").partition(":")
    submit_form(st.form_submit_button(t("case.save", lang), disabled=not may_change, type="primary"), lang,
                lambda: open_saved(cases.save_case(
                    identity, case.id if case else None, area_level=area_level or None, area_code=area_code,
                    language=language, year=int(year), title=title, summary=summary, done=done, results=results,
                    contact=contact, goals=goals, targets=chosen_targets, processes=processes, indicators=indicators,
                    translation_title=translation_title, translation_summary=translation_summary,
                    translation_done=translation_done, translation_results=translation_results)),
                "case.saved")

if case is not None:
    status_words = t(CASE_STATUSES[case.status], lang)
    st.caption(t("case.status_now", lang, status=status_words))
    if case.status == cases.DRAFT and may_change:
        st.caption(t("case.submit_help", lang))
        submit_form(st.button(t("case.submit", lang), key="submit_case", icon=":material/send:"), lang,
                    lambda: cases.submit_case(identity, case.id), "case.submitted")
    if case.public:
        st.page_link("app_pages/cases.py", label=t("case.see_public", lang), icon=":material/open_in_new:",
                     query_params={"case": str(case.id)})
    elif approver:
        st.caption(t("case.approve_below", lang))

    st.markdown(f"**{t('case.field.attachments', lang)}**")
    for info in case.attachments:
        left, right = st.columns([4, 1])
        left.write(f"{plain(info.file_name)} · {info.media_type} · {info.size // 1024} kB")
        if may_change:
            submit_form(right.button(t("case.remove_attachment", lang), key=f"remove_attachment_{info.id}"), lang,
                        lambda info=info: cases.remove_attachment(identity, info.id), "case.attachment_removed")
    if may_change and len(case.attachments) < attachments.MAX_PER_CASE:
        round_ = st.session_state.setdefault("_attachment_round", 0)  # a new uploader after each file
        upload = st.file_uploader(t("case.attachment_upload", lang, limit=attachments.MAX_BYTES // (1024 * 1024)),
                                  type=["pdf", "png", "jpg", "jpeg"], key=f"case_file_{case.id}_{round_}",
                                  max_upload_size=attachments.MAX_BYTES // (1024 * 1024))

        def attach() -> int:
            found = cases.add_attachment(identity, case.id, upload.name, upload.getvalue())
            st.session_state["_attachment_round"] = round_ + 1
            return found

        if upload is not None:
            submit_form(st.button(t("case.attach", lang), key="add_attachment", icon=":material/attach_file:"), lang,
                        attach, "case.attachment_added")

    with st.expander(t("case.preview", lang)):
        case_view.detail(case, identity, lang, key="preview")

    if may_change and not case.public:
        with st.expander(t("case.delete", lang)):
            confirm = st.checkbox(t("case.delete_confirm", lang), key=f"delete_confirm_{case.id}")
            submit_form(st.button(t("case.delete", lang), key="delete_case", disabled=not confirm), lang,
                        lambda: cases.delete_case(identity, case.id), "case.deleted")
