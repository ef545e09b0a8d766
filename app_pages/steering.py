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
from core.network import members, steering

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "steering")

st.title(t("page.steering", lang))
today = dates.today()
seats = steering.seats()
statuses = steering.member_statuses()
for warning in steering.warnings(seats, statuses, today):
    values = {name: day(value, lang) if isinstance(value, date) else value for name, value in warning.values.items()}
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
    st.markdown("- " + t("steering.due", lang, year=year, names=", ".join(names) or t("steering.nobody", lang)))
if seats:
    timeline = pd.DataFrame(
        [
            {
                "organisation": s.organisation,
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
with st.form("seat", clear_on_submit=True):
    st.subheader(t("steering.add", lang))
    kind = st.selectbox(
        t("column.kind_seat", lang), steering.KINDS, format_func=lambda k: t(f"steering.kind.{k}", lang)
    )
    member_id = st.selectbox(
        t("member.member", lang), list(register), index=None, format_func=lambda i: register[i].name
    )
    organisation = st.text_input(t("steering.organisation", lang), max_chars=200)
    representative = st.text_input(t("steering.representative", lang), max_chars=200)
    columns = st.columns(2)
    start = columns[0].date_input(t("steering.start", lang), value=today)
    end = columns[1].date_input(t("steering.end", lang), value=today + timedelta(days=730))
    submitted = st.form_submit_button(t("member.submit", lang))
    name = organisation or (register[member_id].name if member_id else "")
    submit_form(submitted, lang, lambda: steering.add_seat(identity, kind, name, start, end,
                                                          member_id if kind == "elected" else None, representative),
                "member.saved")
