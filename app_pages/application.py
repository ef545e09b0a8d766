"""Søk medlemskap / Apply: a coordinator applies for membership for their own municipality or county."""

from __future__ import annotations

import streamlit as st

from components import auth_ui, data
from components.forms import submit_form
from core import dates
from core.i18n import t
from core.network import members

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "application")

st.title(t("page.application", lang))
kind = "kommune" if identity.area_level == "municipality" else "fylkeskommune"
names = data.area_names(identity.area_level)
name = names.get(identity.area_code, identity.area_code)
with st.form("own_application"):
    st.subheader(t("member.apply_for", lang, name=name))
    note = st.text_area(t("member.note", lang), max_chars=members.MAX_TEXT)
    submit_form(st.form_submit_button(t("member.submit", lang)), lang,
                lambda: members.apply(identity, kind, identity.area_code, name, dates.today(), note),
                "member.saved")
