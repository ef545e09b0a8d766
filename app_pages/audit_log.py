"""Endringslogg / Change log: every change, who made it, when (Norway's clock), on what by name, and each changed
field before and after, side by side; filters by person, kind, name and period; the failed logins below."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui
from core import audit, dates
from core.i18n import t, when

LIMIT = 500

lang = st.session_state.get("lang", "nb")
auth_ui.require_page(lang, "audit_log")

st.title(t("page.audit", lang))
st.caption(t("audit.intro", lang))
known = audit.names(lang=lang)

columns = st.columns(4)
person = columns[0].selectbox(t("audit.person", lang), audit.people(), index=None, key="audit_person",
                              placeholder=t("audit.everyone", lang),
                              format_func=lambda user: known.users.get(user, user))
kind = columns[1].selectbox(t("audit.entity_kind", lang), audit.kinds(), index=None, key="audit_kind",
                            placeholder=t("audit.every_kind", lang),
                            format_func=lambda code: audit.entity_label(code, lang))
wanted = columns[2].text_input(t("audit.entity_search", lang), key="audit_name", max_chars=100).strip().casefold()
today = dates.today()
period = columns[3].date_input(t("audit.period", lang), value=(), max_value=today, key="audit_period",
                               format=t("date.input_format", lang))
since = period[0] if len(period) > 0 else None
until = period[1] if len(period) > 1 else since

rows, total = [], 0
fetched = audit.entries(limit=LIMIT, user=person, entity=kind, since=since, until=until)
for entry in fetched:
    values = audit.snapshot(entry.after) or audit.snapshot(entry.before)
    name = audit.entity_name(entry.entity, entry.entity_id, values, known)
    if wanted and wanted not in name.casefold():
        continue
    total += 1
    common = {
        t("column.when", lang): when(entry.at, lang),
        t("column.by", lang): known.users.get(entry.user, entry.user),
        t("column.action", lang): audit.action_label(entry.action, lang),
        t("audit.column.kind", lang): audit.entity_label(entry.entity, lang),
        t("audit.column.object", lang): name,
    }
    changes = audit.changed_fields(entry.before, entry.after) or [(None, None, None)]
    for field, before, after in changes:
        rows.append({**common,
                     t("audit.column.field", lang): audit.field_label(field, lang) if field else "",
                     t("column.before", lang): audit.shown(entry.entity, field, before, known, lang) if field else "",
                     t("column.after", lang): audit.shown(entry.entity, field, after, known, lang) if field else ""})

if wanted and len(fetched) >= LIMIT:  # the name is looked for among the newest entries only: say so
    st.caption(t("audit.search_limited", lang, limit=LIMIT))
if rows:
    st.caption(t("audit.shown", lang, count=total, limit=LIMIT))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="audit_entries")
else:
    st.info(t("audit.none", lang))

st.subheader(t("audit.failed_logins", lang))
st.caption(t("audit.failed_intro", lang))
failed = audit.failed_logins(limit=LIMIT, username=person, since=since, until=until)
if failed:
    st.dataframe(pd.DataFrame([{
        t("column.when", lang): when(attempt.at, lang),
        t("audit.column.username", lang): attempt.username,
        t("audit.column.source", lang): attempt.source or "–",
        t("audit.column.refused", lang): t("audit.yes" if attempt.refused else "audit.no", lang),
    } for attempt in failed]), hide_index=True, width="stretch", key="failed_logins")
else:
    st.info(t("audit.no_failed", lang))
