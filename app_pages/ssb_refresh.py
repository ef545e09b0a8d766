"""SSB-oppdatering / SSB refresh: fetch indicators from SSB's PxWeb API v2 (administrators only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui
from core.catalogue import load_catalogue
from core.errors import UserError
from core.i18n import number, t
from core.ssb import refresh as ssb

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "ssb_refresh")

st.title(t("page.ssb_refresh", lang))
st.caption(t("ssb.intro", lang))

catalogue = load_catalogue()
state = ssb.status()
st.subheader(t("ssb.catalogue", lang))
st.dataframe(pd.DataFrame({
    t("ssb.column.table", lang): state.table,
    t("ssb.column.indicator", lang): [catalogue[i].name(lang) for i in state.indicator_id],
    t("ssb.column.title", lang): state.title,
    t("ssb.column.refreshed", lang): state.refreshed.fillna(t("ssb.never", lang)),
    t("ssb.column.values", lang): state["values"],
    t("ssb.column.years", lang): [f"{a}–{b}" if n else "" for a, b, n in
                                  zip(state.first_year, state.last_year, state["values"], strict=True)],
}), hide_index=True, width="stretch", key="ssb_tables")

with st.form("ssb_refresh"):
    chosen = st.multiselect(t("ssb.choose", lang), list(state.table), default=list(state.table))
    dry_run = st.checkbox(t("ssb.dry_run", lang))
    start = st.form_submit_button(t("ssb.start", lang))

if start and chosen:
    bar = st.progress(0.0, text=t("ssb.stage.fetch", lang, table=chosen[0]))

    def progress(step: int, steps: int, table_id: str, stage: str) -> None:
        bar.progress(step / steps, text=t(f"ssb.stage.{stage}", lang, table=table_id))

    try:
        result = ssb.refresh(chosen, dry_run=dry_run, progress=progress, actor=identity)
    except UserError as error:
        bar.empty()
        st.error(t(error.key, lang, **error.values))
    except Exception as error:  # any other failure: the transaction was rolled back, say so plainly
        bar.empty()
        st.error(t("ssb.failed", lang, error=error.__class__.__name__))
    else:
        count = number(sum(len(u.observations) for u in result.updates), lang, 0)
        if result.written:
            # Every page reads observations through Streamlit's caches (components/data.py): drop them all,
            # so the next page view reads the new values.
            st.cache_data.clear()
            st.cache_resource.clear()
            st.success(t("ssb.done", lang, count=count, tables=len(result.updates)))
        else:
            st.info(t("ssb.dry_done", lang, count=count))
