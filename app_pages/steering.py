"""Styringsgruppen / Steering group: roster with terms, rule warnings and the rotation plan ahead."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.express as px
import streamlit as st

from components import auth_ui
from components.forms import submit_form
from core import dates
from core.i18n import day, t
from core.markup import chart_text, inert, inert_values
from core.network import members, steering

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "steering")

st.title(t("page.steering", lang))
today = dates.today()
seats = steering.seats()
statuses = steering.member_statuses()
for warning in steering.warnings(seats, statuses, today):
    values = {name: day(value, lang) if isinstance(value, date) else value for name, value in warning.values.items()}
    values = inert_values(values)  # organisations and representatives are typed in
    st.warning(t(warning.key, lang, **values), icon=":material/warning:")
if seats and not steering.warnings(seats, statuses, today):
    st.success(t("steering.ok", lang))

st.subheader(t("steering.roster", lang))
sitting = steering.current(seats, today)
st.dataframe(
    pd.DataFrame(
        [
            {
                t("column.kind_seat", lang): t(f"steering.kind.{s.kind}", lang),
                t("column.organisation", lang): s.organisation,
                t("column.representative", lang): s.representative,
                t("column.term_start", lang): day(s.term_start, lang),
                t("column.term_end", lang): day(s.term_end, lang),
            }
            for s in sitting
        ]
    ),
    hide_index=True,
    width="stretch",
    key="steering_roster",
)

st.subheader(t("steering.plan", lang))
plan = steering.rotation_plan(seats, today.year, today.year + 4)
for year, names in plan.items():
    st.markdown("- " + t("steering.due", lang, year=year,
                         names=", ".join(inert(name) for name in names) or t("steering.nobody", lang)))
if seats:
    timeline = pd.DataFrame(
        [
            {
                "organisation": chart_text(s.organisation),
                "start": s.term_start,
                "end": s.term_end,
                "kind": t(f"steering.kind.{s.kind}", lang),
            }
            for s in seats
        ]
    )
    figure = px.timeline(timeline, x_start="start", x_end="end", y="organisation", color="kind")
    figure.add_vline(x=today.isoformat(), line={"dash": "dash"})
    figure.update_layout(height=120 + 28 * len(timeline), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(figure, width="stretch", key="steering_timeline")

register = {e["member"].id: e["member"] for e in members.register() if e["status"] == "active"}
if seats:
    st.subheader(t("steering.edit", lang))
    by_id = {s.id: s for s in seats}
    seat_id = st.selectbox(
        t("steering.choose_seat", lang), list(by_id), index=None, key="edit_seat",
        placeholder=t("steering.choose_seat_placeholder", lang),
        format_func=lambda i: f"{by_id[i].organisation} {by_id[i].representative} "
                              f"({day(by_id[i].term_start, lang)}–{day(by_id[i].term_end, lang)})".replace("  ", " "),
    )
    if seat_id is not None:
        chosen = by_id[seat_id]
        with st.form(f"seat_edit_{seat_id}"):  # keyed by the seat: its values fill the form afresh
            names = {i: m.name for i, m in register.items()}
            if chosen.member_id is not None:  # a member no longer active keeps its seat's name until changed
                names.setdefault(chosen.member_id, chosen.organisation)
            edited_member = chosen.member_id
            if chosen.kind == "elected":
                edited_member = st.selectbox(t("member.member", lang), list(names), index=list(names).index(
                    chosen.member_id) if chosen.member_id in names else None, format_func=names.get,
                    placeholder=t("steering.choose_member", lang), key=f"edit_member_{seat_id}")
            edited_organisation = st.text_input(t("steering.organisation", lang), chosen.organisation, max_chars=200,
                                                key=f"edit_organisation_{seat_id}")
            edited_representative = st.text_input(t("steering.representative", lang), chosen.representative,
                                                  max_chars=200, key=f"edit_representative_{seat_id}")
            columns = st.columns(2)
            edited_start = columns[0].date_input(t("steering.start", lang), chosen.term_start,
                                                 format=t("date.input_format", lang),
                                                 key=f"edit_start_{seat_id}")
            edited_end = columns[1].date_input(t("steering.end", lang), chosen.term_end,
                                               format=t("date.input_format", lang),
                                               key=f"edit_end_{seat_id}")
            submit_form(st.form_submit_button(t("steering.save_seat", lang)), lang,
                        lambda: steering.update_seat(identity, seat_id, edited_organisation, edited_start, edited_end,
                                                     edited_member, edited_representative), "steering.seat_saved")
        with st.form(f"seat_end_{seat_id}"):
            end_on = st.date_input(t("steering.end_on", lang), min(max(today, chosen.term_start), chosen.term_end),
                                   min_value=chosen.term_start, max_value=chosen.term_end,
                                   format=t("date.input_format", lang),
                                   key=f"end_on_{seat_id}")
            submit_form(st.form_submit_button(t("steering.end_now", lang)), lang,
                        lambda: steering.end_seat(identity, seat_id, end_on), "steering.seat_ended",
                        end=day(end_on, lang))

with st.form("seat", clear_on_submit=True):
    st.subheader(t("steering.add", lang))
    kind = st.selectbox(
        t("column.kind_seat", lang), steering.KINDS, format_func=lambda k: t(f"steering.kind.{k}", lang),
        placeholder=t("choose.option", lang),
    )
    member_id = st.selectbox(
        t("member.member", lang), list(register), index=None, format_func=lambda i: register[i].name,
        placeholder=t("steering.choose_member", lang),
    )
    organisation = st.text_input(t("steering.organisation", lang), max_chars=200)
    representative = st.text_input(t("steering.representative", lang), max_chars=200)
    columns = st.columns(2)
    start = columns[0].date_input(t("steering.start", lang), value=today, format=t("date.input_format", lang))
    end = columns[1].date_input(t("steering.end", lang), value=today + timedelta(days=730),
                                format=t("date.input_format", lang))
    submitted = st.form_submit_button(t("member.submit", lang))
    name = organisation or (register[member_id].name if member_id else "")
    submit_form(submitted, lang, lambda: steering.add_seat(identity, kind, name, start, end,
                                                          member_id if kind == "elected" else None, representative),
                "member.saved")
