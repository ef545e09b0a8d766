"""Brukere / Users: accounts, roles, last logins and password resets (administrators only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui, data
from components.forms import submit_form
from core import auth, passwords
from core.i18n import t, when

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "users")

st.title(t("page.users", lang))
accounts = auth.users()
last_logins = auth.last_logins()
st.caption(t("users.active_count", lang, active=sum(u.active for u in accounts), total=len(accounts)))
st.dataframe(pd.DataFrame([{
    t("column.username", lang): u.username, t("users.display_name", lang): u.display_name,
    t("column.role", lang): t(f"role.{u.role}", lang), t("column.code", lang): u.area_code or "",
    t("column.active", lang): "✓" if u.active else "",
    t("users.last_login", lang): when(last_logins[u.username], lang) if u.username in last_logins else "",
    t("users.must_change", lang): "✓" if u.must_change_password else "",
    t("users.created_at", lang): when(u.created_at, lang),
} for u in sorted(accounts, key=lambda u: (not u.active, u.username))]), hide_index=True, width="stretch",
    key="user_list")

municipalities, counties = data.municipalities(), data.counties()
# A coordinator's area: a municipality or a county (their codes differ in length, the level keeps them apart).
labels = {("municipality", code): label for code, label in zip(municipalities.code, municipalities.label, strict=True)}
labels |= {("county", code): t("users.county_label", lang, name=name, code=code)
           for code, name in zip(counties.code, counties.name, strict=True)}
with st.form("new_user", clear_on_submit=True):
    st.subheader(t("users.add", lang))
    username = st.text_input(t("auth.username", lang), max_chars=200)
    name = st.text_input(t("users.display_name", lang), max_chars=200)
    password = st.text_input(t("auth.password", lang), type="password", max_chars=passwords.MAX_PASSWORD)
    role = st.selectbox(t("users.role", lang), auth.ROLES, format_func=lambda r: t(f"role.{r}", lang),
                        placeholder=t("choose.option", lang))
    area = st.selectbox(t("member.area", lang), list(labels), index=None, format_func=labels.get, key="new_user_area",
                        placeholder=t("users.area_placeholder", lang))
    level, code = area or (None, None)
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: auth.create_user(identity, username, name, password, role, level, code), "users.created")

active = [u.username for u in accounts if u.active and u.username != identity.username]
with st.form("deactivate"):
    username = st.selectbox(t("auth.username", lang), active, index=None, placeholder=t("choose.option", lang))
    submit_form(st.form_submit_button(t("users.deactivate", lang)) and bool(username), lang,
                lambda: auth.set_active(identity, username, False), "users.deactivated", username=username)

with st.form("reset_password", clear_on_submit=True):
    st.subheader(t("users.reset", lang))
    st.caption(t("users.reset_help", lang))
    reset_user = st.selectbox(t("auth.username", lang), active, index=None, key="reset_user",
                              placeholder=t("choose.option", lang))
    temporary = st.text_input(t("users.temporary_password", lang), type="password", key="reset_password_value",
                              max_chars=passwords.MAX_PASSWORD)
    submit_form(st.form_submit_button(t("users.reset", lang)), lang,
                lambda: auth.reset_password(identity, reset_user or "", temporary), "users.password_reset",
                username=reset_user)
