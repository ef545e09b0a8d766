"""Endringslogg / Change log: every change, who made it, when, and the values before and after."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui
from core import audit
from core.i18n import t, when

lang = st.session_state.get("lang", "nb")
auth_ui.require_page(lang, "audit_log")

st.title(t("page.audit", lang))
st.caption(t("audit.intro", lang))
entries = audit.entries()
st.dataframe(
    pd.DataFrame(
        [
            {
                t("column.when", lang): when(e.at, lang),
                t("column.by", lang): e.user,
                t("column.entity", lang): f"{e.entity} {e.entity_id}",
                t("column.action", lang): e.action,
                t("column.before", lang): e.before or "",
                t("column.after", lang): e.after or "",
            }
            for e in entries
        ]
    ),
    hide_index=True,
    width="stretch",
    key="audit_entries",
)
