"""Møter og oppfølging / Meetings: meetings with agenda, minutes, decisions and actions; the activity plan."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from components import auth_ui
from components.forms import submit_form
from core import dates
from core.i18n import day, t
from core.markup import inert, safe_markdown
from core.network import meetings

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "meetings")

st.title(t("page.meetings", lang))
today = dates.today()
held = meetings.meetings()
for year, count in meetings.meeting_count_warnings(held, range(today.year - 1, today.year + 1)).items():
    if year < today.year or count > meetings.MAX_PER_YEAR:  # the current year may still get its meetings
        st.warning(t("meeting.count_warning", lang, year=year, count=count), icon=":material/warning:")

all_actions = meetings.actions()
still_open, overdue = meetings.open_actions(all_actions, today)
st.subheader(t("meeting.open_actions", lang))
st.caption(t("meeting.overdue", lang, count=len(overdue)))
by_meeting = {m.id: m for m in held}
if still_open:
    st.dataframe(pd.DataFrame([{
        t("column.text", lang): a.text, t("column.owner", lang): a.owner,
        t("column.due", lang): ("! " if a in overdue else "") + day(a.due, lang),
        t("column.meeting", lang): day(by_meeting[a.meeting_id].date, lang) if a.meeting_id in by_meeting else "",
    } for a in still_open]), hide_index=True, width="stretch", key="open_actions")
    with st.form("action_done"):
        action_id = st.selectbox(t("meeting.action", lang), [a.id for a in still_open], key="done_action",
                                 format_func=lambda i: next(a.text for a in still_open if a.id == i)[:80],
                                 placeholder=t("choose.option", lang))
        submit_form(st.form_submit_button(t("meeting.mark_done", lang)), lang,
                    lambda: meetings.set_action_status(identity, action_id, "done"), "meeting.saved")

with st.form("meeting", clear_on_submit=True):
    st.subheader(t("meeting.add", lang))
    columns = st.columns(2)
    on = columns[0].date_input(t("meeting.date", lang), value=today, key="meeting_date",
                               format=t("date.input_format", lang))
    place = columns[1].text_input(t("meeting.place", lang), max_chars=200, key="meeting_place")
    agenda = st.text_area(t("meeting.agenda", lang), max_chars=meetings.MAX_TEXT, key="meeting_agenda")
    minutes = st.text_area(t("meeting.minutes", lang), max_chars=meetings.MAX_TEXT, key="meeting_minutes")
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: meetings.add_meeting(identity, on, place, agenda, minutes), "meeting.saved")

st.subheader(t("meeting.list", lang))
meeting_id = st.selectbox(t("meeting.choose", lang), list(by_meeting), index=None, key="chosen_meeting",
                          format_func=lambda i: f"{day(by_meeting[i].date, lang)} {by_meeting[i].place}",
                          placeholder=t("choose.option", lang))
if meeting_id:
    meeting = by_meeting[meeting_id]
    agenda = "\n".join(f"1. {safe_markdown(line)}" for line in meeting.agenda.splitlines() if line.strip())
    st.markdown(f"**{t('meeting.agenda', lang)}**\n\n{agenda}")
    st.markdown(f"**{t('meeting.minutes', lang)}**\n\n{safe_markdown(meeting.minutes)}")
    decisions = [d for d in meetings.decisions() if d.meeting_id == meeting_id]
    for decision in decisions:
        st.markdown(f"- **{inert(decision.reference)}**: {safe_markdown(decision.text)}")
    left, right = st.columns(2)
    with left, st.form("decision", clear_on_submit=True):
        st.caption(t("meeting.decision", lang))
        reference = st.text_input(t("meeting.decision_reference", lang), max_chars=50, key="decision_reference")
        text = st.text_area(t("meeting.decision", lang), max_chars=meetings.MAX_TEXT, key="decision_text")
        submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                    lambda: meetings.add_decision(identity, meeting_id, reference, text), "meeting.saved")
    with right, st.form("action", clear_on_submit=True):
        st.caption(t("meeting.action", lang))
        text = st.text_area(t("meeting.action", lang), max_chars=2000, key="action_text")
        owner = st.text_input(t("meeting.owner", lang), max_chars=200, key="action_owner")
        due = st.date_input(t("meeting.due", lang), value=meeting.date + timedelta(days=30),
                            key="action_due", format=t("date.input_format", lang))
        submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                    lambda: meetings.add_action(identity, meeting_id, text, owner, due), "meeting.saved")

st.subheader(t("meeting.activity_plan", lang, year=today.year))
plan = meetings.activities(today.year)
if plan:
    st.dataframe(pd.DataFrame([{t("meeting.activity", lang): a.title, t("meeting.lead", lang): a.lead,
                                t("meeting.status", lang): t(f"work_status.{a.status}", lang)} for a in plan]),
                 hide_index=True, width="stretch", key="activity_plan")
with st.form("activity", clear_on_submit=True):
    columns = st.columns([3, 2, 1])
    title = columns[0].text_input(t("meeting.activity", lang), max_chars=300, key="activity_title")
    lead = columns[1].text_input(t("meeting.lead", lang), max_chars=200, key="activity_lead")
    status = columns[2].selectbox(t("meeting.status", lang), meetings.ACTIVITY_STATUSES, key="activity_status",
                                  format_func=lambda code: t(f"work_status.{code}", lang),
                                  placeholder=t("choose.option", lang))
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: meetings.add_activity(identity, today.year, title, lead, status), "meeting.saved")
