"""Partnere og dialog / Partners and dialogue (Bærekraftsløftet): the organisations the network works with, the log of
conversations with each, their follow-ups together with the steering group's, and the partners of the activity plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui
from components.forms import submit_form
from core import dates
from core.i18n import day, t
from core.learning import partners
from core.learning.vocabulary import FOLLOW_UP_STATUSES, PARTNER_KINDS, SECTORS
from core.markup import plain
from core.network import meetings

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "partners")

st.title(t("page.partners", lang))
st.caption(t("partner.intro", lang))
today = dates.today()
registered = partners.partners()
by_id = {p.id: p for p in registered}
NEW = 0

# Follow-ups: the dialogue's and the steering group's, in one list by deadline --------------------------------------
st.subheader(t("partner.follow_ups", lang))
still_open = partners.follow_ups()
overdue = partners.overdue(still_open, today)
st.caption(t("partner.follow_ups_caption", lang, count=len(still_open), overdue=len(overdue)))
ORIGINS = {"dialogue": "partner.origin.dialogue", "meeting": "partner.origin.meeting"}
if still_open:
    st.dataframe(pd.DataFrame([{
        t("partner.column.follow_up", lang): f.text,
        t("partner.column.owner", lang): f.owner,
        t("partner.column.due", lang): ("! " if f in overdue else "") + day(f.due, lang),
        t("partner.column.origin", lang): t(ORIGINS[f.origin], lang, where=f.where, date=day(f.on, lang)),
    } for f in still_open]), hide_index=True, width="stretch", key="open_follow_ups")
    from_dialogue = [f for f in still_open if f.origin == "dialogue"]
    if from_dialogue:
        with st.form("follow_up_status"):
            columns = st.columns([3, 1])
            chosen = columns[0].selectbox(t("partner.column.follow_up", lang), [f.id for f in from_dialogue],
                                          key="follow_up_choice",
                                          format_func=lambda i: next(f.text for f in from_dialogue if f.id == i)[:80],
                                          placeholder=t("choose.option", lang))
            status = columns[1].selectbox(t("partner.column.status", lang), ["done", "dropped", "open"],
                                          key="follow_up_new_status",
                                          format_func=lambda s: t(FOLLOW_UP_STATUSES[s], lang),
                                          placeholder=t("choose.option", lang))
            submit_form(st.form_submit_button(t("partner.follow_up_save", lang)), lang,
                        lambda: partners.set_follow_up_status(identity, chosen, status), "partner.saved")
    st.caption(t("partner.meeting_actions_hint", lang))

# The register ------------------------------------------------------------------------------------------------------
st.subheader(t("partner.register", lang))
if registered:
    st.dataframe(pd.DataFrame([{
        t("partner.field.name", lang): p.name,
        t("partner.field.kind", lang): t(PARTNER_KINDS[p.kind], lang),
        t("partner.field.sectors", lang): ", ".join(t(SECTORS[s], lang) for s in partners.sectors_of(p)
                                                    if s in SECTORS),
        t("partner.field.contact", lang): " ".join(x for x in (p.contact_person, p.contact_email) if x),
        t("partner.field.agreements", lang): p.agreements,
        t("partner.field.active", lang): t("partner.yes", lang) if p.active else t("partner.no", lang),
    } for p in registered]), hide_index=True, width="stretch", key="partner_register")
else:
    st.info(t("partner.none_yet", lang))

pending = st.session_state.pop("_partner_next", None)
if pending in by_id:
    st.session_state["partner_edit"] = pending
elif st.session_state.get("partner_edit") not in (NEW, *by_id):
    st.session_state["partner_edit"] = NEW
choice = st.selectbox(t("partner.edit_choose", lang), [NEW, *by_id], key="partner_edit",
                      format_func=lambda i: t("partner.new", lang) if i == NEW else by_id[i].name,
                      placeholder=t("choose.option", lang))
partner = by_id.get(choice)
suffix = partner.id if partner else "new"


def open_saved(partner_id: int) -> int:
    st.session_state["_partner_next"] = partner_id
    return partner_id


with st.form(f"partner_form_{suffix}"):
    columns = st.columns([3, 2])
    name = columns[0].text_input(t("partner.field.name", lang), partner.name if partner else "", max_chars=200,
                                 key=f"partner_name_{suffix}")
    kind = columns[1].selectbox(t("partner.field.kind", lang), list(PARTNER_KINDS), key=f"partner_kind_{suffix}",
                                index=list(PARTNER_KINDS).index(partner.kind) if partner else 0,
                                format_func=lambda k: t(PARTNER_KINDS[k], lang), placeholder=t("choose.option", lang))
    sectors = st.multiselect(t("partner.field.sectors", lang), list(SECTORS),
                             list(partners.sectors_of(partner)) if partner else [], key=f"partner_sectors_{suffix}",
                             placeholder=t("case.choose", lang), format_func=lambda s: t(SECTORS[s], lang))
    columns = st.columns(2)
    person = columns[0].text_input(t("partner.field.person", lang), partner.contact_person if partner else "",
                                   max_chars=200, key=f"partner_person_{suffix}")
    email = columns[1].text_input(t("partner.field.email", lang), partner.contact_email if partner else "",
                                  max_chars=200, key=f"partner_email_{suffix}")
    agreements = st.text_area(t("partner.field.agreements", lang), partner.agreements if partner else "",
                              max_chars=20_000, key=f"partner_agreements_{suffix}", help=t("partner.agreements_help",
                                                                                            lang))
    note = st.text_area(t("partner.field.note", lang), partner.note if partner else "", max_chars=2000,
                        key=f"partner_note_{suffix}")
    active = st.checkbox(t("partner.field.active", lang), partner.active if partner else True,
                         key=f"partner_active_{suffix}")
    submit_form(st.form_submit_button(t("partner.save", lang), type="primary"), lang,
                lambda: open_saved(partners.save_partner(
                    identity, partner.id if partner else None, name=name, kind=kind, sectors=sectors,
                    contact_person=person, contact_email=email, agreements=agreements, note=note, active=active)),
                "partner.saved")

# The dialogue log of the chosen partner ----------------------------------------------------------------------------
if partner is not None:
    st.subheader(t("partner.dialogue_title", lang, name=plain(partner.name)))
    log = partners.dialogue(partner_id=partner.id)
    if log:
        st.dataframe(pd.DataFrame([{
            t("partner.column.date", lang): day(e.date, lang),
            t("partner.column.participants", lang): e.participants,
            t("partner.column.agreed", lang): e.agreed,
            t("partner.column.follow_up", lang): e.follow_up,
            t("partner.column.owner", lang): e.follow_up_owner,
            t("partner.column.due", lang): day(e.follow_up_due, lang),
            t("partner.column.status", lang): t(FOLLOW_UP_STATUSES[e.follow_up_status], lang)
            if e.follow_up_status in FOLLOW_UP_STATUSES else "",
        } for e in log]), hide_index=True, width="stretch", key="partner_dialogue")
    else:
        st.caption(t("partner.no_dialogue", lang))
    round_ = st.session_state.setdefault("_dialogue_round", 0)  # fresh fields after a saved entry; kept after an error

    def log_dialogue() -> int:
        entry = partners.add_dialogue(identity, partner.id, on, participants, agreed, follow_up, owner, due)
        st.session_state["_dialogue_round"] = round_ + 1
        return entry

    with st.form(f"dialogue_form_{partner.id}"):
        st.caption(t("partner.dialogue_add", lang))
        columns = st.columns([1, 3])
        on = columns[0].date_input(t("partner.column.date", lang), value=today, key=f"dialogue_date_{round_}",
                                   format=t("date.input_format", lang))
        participants = columns[1].text_input(t("partner.column.participants", lang), max_chars=500,
                                             key=f"dialogue_participants_{round_}")
        agreed = st.text_area(t("partner.column.agreed", lang), max_chars=20_000, key=f"dialogue_agreed_{round_}")
        columns = st.columns([3, 2, 1])
        follow_up = columns[0].text_input(t("partner.column.follow_up", lang), max_chars=2000,
                                          key=f"dialogue_follow_up_{round_}")
        owner = columns[1].text_input(t("partner.column.owner", lang), max_chars=200, key=f"dialogue_owner_{round_}")
        due = columns[2].date_input(t("partner.column.due", lang), value=None, key=f"dialogue_due_{round_}",
                                    format=t("date.input_format", lang))
        submit_form(st.form_submit_button(t("partner.dialogue_save", lang)), lang, log_dialogue, "partner.saved")

# Partners named in the activity plan -------------------------------------------------------------------------------
st.subheader(t("partner.activities", lang))
plan = [a for year in (today.year, today.year + 1) for a in meetings.activities(year)]
named = partners.activity_partners()
if plan:
    st.dataframe(pd.DataFrame([{
        t("meeting.activity", lang): f"{a.title} ({a.year})",
        t("partner.register", lang): ", ".join(by_id[p].name for p in named.get(a.id, []) if p in by_id),
    } for a in plan]), hide_index=True, width="stretch", key="activity_partners")
    if registered:
        activity = st.selectbox(t("meeting.activity", lang), [a.id for a in plan], key="activity_choice",
                                format_func=lambda i: next(f"{a.title} ({a.year})" for a in plan if a.id == i),
                                placeholder=t("choose.option", lang))
        with st.form("activity_partners_form"):
            chosen_partners = st.multiselect(t("partner.activity_partners", lang), list(by_id),
                                             [p for p in named.get(activity, []) if p in by_id],
                                             key=f"activity_partner_choice_{activity}",
                                             placeholder=t("case.choose", lang), format_func=lambda i: by_id[i].name)
            submit_form(st.form_submit_button(t("partner.save", lang)), lang,
                        lambda: partners.set_activity_partners(identity, activity, chosen_partners), "partner.saved")
else:
    st.caption(t("partner.no_activities", lang))
