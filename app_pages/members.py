"""Medlemmer / Members: the register with each member's status history, applications and status changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui, data
from components.forms import submit_form
from core import dates
from core.i18n import day, t, when
from core.network import meetings, members

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "members")  # first thing: no content without the role

st.title(t("page.members", lang))
register = members.register()
municipalities, counties = data.municipalities(), data.counties()
area_names = {("kommune", c): n for c, n in zip(municipalities.code, municipalities.name, strict=True)}
area_names |= {("fylkeskommune", c): n for c, n in zip(counties.code, counties.name, strict=True)}

st.subheader(t("member.register", lang))
table = pd.DataFrame([{
    t("column.member", lang): entry["member"].name,
    t("column.kind", lang): t(f"member.kind.{entry['member'].kind}", lang),
    t("column.code", lang): entry["member"].code or "–",
    t("column.status", lang): t(f"member.status.{entry['status']}", lang) if entry["status"] else "–",
    t("column.date", lang): day(entry["events"][-1].date, lang) if entry["events"] else "",
    t("column.founding", lang): "✓" if entry["member"].founding else "",
} for entry in register])
st.dataframe(table, hide_index=True, width="stretch", key="member_register")

by_id = {entry["member"].id: entry for entry in register}


def status_word(status: str | None) -> str:
    return t(f"member.status.{status}", lang) if status else "–"


chosen = st.selectbox(t("member.history", lang), list(by_id), format_func=lambda i: by_id[i]["member"].name,
                      index=None, key="member_history", placeholder=t("choose.option", lang))
if chosen:
    st.dataframe(pd.DataFrame([{
        t("column.status", lang): t(f"member.status.{e.status}", lang),
        t("column.date", lang): day(e.date, lang) or "–",
        t("member.reference", lang): e.reference, t("column.reason", lang): e.reason,
        t("column.by", lang): e.recorded_by, t("column.when", lang): when(e.recorded_at, lang),
    } for e in by_id[chosen]["events"]]), hide_index=True, width="stretch", key="member_events")

left, right = st.columns(2)
with left, st.form("application", clear_on_submit=True):
    st.subheader(t("member.new_application", lang))
    kind = st.radio(t("member.kind", lang), members.KINDS, format_func=lambda k: t(f"member.kind.{k}", lang),
                    horizontal=True, key="application_kind")
    options = [code for (k, code) in area_names if k == kind]
    code = st.selectbox(t("member.area", lang), options, format_func=lambda c: f"{area_names[(kind, c)]} ({c})",
                        index=None, key="application_code", placeholder=t("choose.option", lang))
    on = st.date_input(t("member.date", lang), value=dates.today(), key="application_date",
                       format=t("date.input_format", lang))
    note = st.text_area(t("member.note", lang), max_chars=members.MAX_TEXT, key="application_note")
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: members.apply(identity, kind, code or "", area_names.get((kind, code), ""), on,
                                      note), "member.saved")

with right, st.form("advance", clear_on_submit=True):
    st.subheader(t("member.advance", lang))
    member_id = st.selectbox(t("member.member", lang), list(by_id), index=None, key="advance_member",
                             format_func=lambda i: f"{by_id[i]['member'].name} ({status_word(by_id[i]['status'])})",
                             placeholder=t("choose.option", lang))
    status = st.selectbox(t("member.new_status", lang), [s for s in members.STATUSES if s != "applied"],
                          format_func=lambda s: t(f"member.status.{s}", lang), key="advance_status",
                          placeholder=t("choose.option", lang))
    on = st.date_input(t("member.date", lang), value=dates.today(), key="advance_date",
                       format=t("date.input_format", lang))
    held = {m.id: m for m in meetings.meetings()}
    meeting_id = st.selectbox(t("member.meeting", lang), list(held), index=None, key="advance_meeting",
                              format_func=lambda i: f"{day(held[i].date, lang)} {held[i].place}",
                              placeholder=t("choose.option", lang))
    reference = st.text_input(t("member.reference", lang), max_chars=300, key="advance_reference")
    reason = st.text_area(t("member.reason", lang), max_chars=members.MAX_TEXT, key="advance_reason")
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: members.advance(identity, member_id, status, on, meeting_id, reference, reason),
                "member.saved")
